import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/console/define.ts';
import '../widgets/tips/console-register.ts';
import '../widgets/core/staff-users-define.ts';
import { FakeAuth, user } from '../test/widgets/core/fake-auth.ts';
import { deep, until } from './play-helpers.ts';

const AUDIT = [
  { id: 3, at: '2026-05-04T10:00:00.000Z', actor: 'Anna Admin', action: 'key.revoke', subject: 'key_PPPPPPPPPPPPPPPP', details: {} },
  { id: 2, at: '2026-05-04T09:12:00.000Z', actor: 'Anna Admin', action: 'key.rotate', subject: 'key_QQQQQQQQQQQQQQQQ', details: { successor: 'key_RRRRRRRRRRRRRRRR' } },
  { id: 1, at: '2026-05-03T09:00:00.000Z', actor: 'Anna Admin', action: 'tenant.update', subject: 'beispielstadt', details: { fields: ['origins', 'modules'] } },
];

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

/** A tenant-admin (two factors on), a clerk and an invited person, over the fake accounts API. */
function people() {
  const anna = user({ name: 'Anna Admin', email: 'anna@beispielstadt.de', roles: ['tenant-admin', 'tips'], totpEnabled: true, lastLoginAt: '2026-05-04T08:00:00.000Z' });
  const bernd = user({ name: 'Bernd Bote', email: 'bernd@beispielstadt.de', roles: ['tips', 'kita:read', 'staff-council'] });
  const carla = user({ name: 'Carla Neu', email: 'carla@beispielstadt.de', roles: ['tips:read'], hasPassword: false, password: undefined });
  return { anna, bernd, carla };
}

type Mode = 'signed-out' | 'checking' | 'signed-in' | 'invite' | 'invite-dead' | 'enroll' | 'sso' | 'network';

function consoleStory(mode: Mode, hash = '') {
  const { anna, bernd, carla } = people();
  const auth = new FakeAuth([anna, bernd, carla]);
  auth.tenant = { ...auth.tenant, modules: [] };
  auth.fallback = (c) => (c.path.startsWith('/v1/staff/audit') ? json({ items: AUDIT }) : undefined);
  if (mode === 'signed-in') auth.signIn(anna);
  if (mode === 'enroll') auth.signIn(Object.assign(anna, { totpEnabled: false }));
  if (mode === 'invite') auth.invite(carla, 'tok-story-0123456789abcdefghij');
  if (mode === 'sso') auth.oidc = { name: 'Landkreis-Login', startUrl: '/v1/auth/oidc/start' };
  let fetcher = auth.fetch;
  if (mode === 'checking') fetcher = () => new Promise<Response>(() => {});
  if (mode === 'network') fetcher = () => Promise.reject(new TypeError('Failed to fetch'));
  const fragment = mode === 'invite' ? '#invite=tok-story-0123456789abcdefghij' : mode === 'invite-dead' ? '#invite=expired-0123456789abcdefghij' : hash;
  history.replaceState(null, '', location.pathname + location.search + fragment);
  return html`<bn-console .fetcher=${fetcher}></bn-console>`;
}

const meta: Meta = {
  title: 'Consoles/bn-console',
  component: 'bn-console',
};
export default meta;

type Story = StoryObj;

/** Signed out: e-mail, password, "forgot your password?". */
export const SignedOut: Story = { render: () => consoleStory('signed-out') };
/** The session is being checked. */
export const Loading: Story = { render: () => consoleStory('checking') };
/** With single sign-on offered by the server. */
export const SingleSignOn: Story = { render: () => consoleStory('sso') };
/** The identity provider sent the person back with an error (`#signin-error=`). */
export const SingleSignOnError: Story = { render: () => consoleStory('sso', '#signin-error=STATE_MISMATCH') };
/** Wrong e-mail or password: the summary links to the field. */
export const SignInFailed: Story = {
  render: () => consoleStory('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-console')!;
    await until(() => deep(el, '#email'));
    (deep(el, '#email') as HTMLInputElement).value = 'anna@beispielstadt.de';
    (deep(el, '#password') as HTMLInputElement).value = 'falsch';
    deep(el, 'button[type=submit]').click();
  },
};
/** The password was right; the server asks for the one-time code. */
export const TotpRequired: Story = {
  render: () => consoleStory('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-console')!;
    await until(() => deep(el, '#email'));
    (deep(el, '#email') as HTMLInputElement).value = 'anna@beispielstadt.de';
    (deep(el, '#password') as HTMLInputElement).value = 'correct horse battery';
    deep(el, 'button[type=submit]').click();
  },
};
/** "Forgot your password?" */
export const ForgotPassword: Story = {
  render: () => consoleStory('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-console')!;
    await until(() => deep(el, 'button.forgot'));
    deep(el, 'button.forgot').click();
  },
};
/** An invitation link: set a password. */
export const Invitation: Story = { render: () => consoleStory('invite') };
/** A used or expired link. */
export const InvitationExpired: Story = { render: () => consoleStory('invite-dead') };
/** A tenant-admin without a second factor: enrolment is the only screen. */
export const TotpEnrolment: Story = { render: () => consoleStory('enroll') };
/** The shell: tenant name, community, signed-in person, sections for the roles, the audit log. */
export const Shell: Story = { render: () => consoleStory('signed-in', '#audit') };
/** Users and roles of the tenant. */
export const UsersList: Story = { render: () => consoleStory('signed-in', '#users') };
/** Inviting a person: the summary lists what is missing. */
export const InviteFormWithErrors: Story = {
  render: () => consoleStory('signed-in', '#users'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-console')!;
    await until(() => deep(el, 'bn-staff-users', 'button.invite'));
    deep(el, 'bn-staff-users', 'button.invite').click();
    await until(() => deep(el, 'bn-staff-users', 'form button[type=submit]'));
    deep(el, 'bn-staff-users', 'form button[type=submit]').click();
  },
};
/** The server cannot be reached. */
export const ServerUnreachable: Story = { render: () => consoleStory('network') };
/** English. */
export const English: Story = { render: () => html`<div lang="en">${consoleStory('signed-in', '#users')}</div>` };
