import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/admin/define.ts';
import { fakeAdmin, key, tenant } from '../test/widgets/admin/fake-api.ts';
import { deep, until } from './play-helpers.ts';

const community = [
  tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis', origins: ['https://www.musterkreis.de'] }),
  tenant({ parent: 'musterkreis', modules: ['tips', 'kita'] }),
  tenant({ slug: 'anderswo', name: 'Stadt Anderswo', origins: [], enabled: false, modules: [] }),
];

type Mode = 'signed-out' | 'signed-in' | 'checking' | 'network';

/** `<bn-admin>` over an in-memory API; "signed in" means the fake already holds a session. */
function admin(
  mode: Mode,
  keys = [key({ label: 'Website' }), key({ kind: 'staff', label: 'Erika Musterfrau', hint: 'bn_sk_…k4Xy', publishableKey: undefined, lastUsedAt: '2026-05-04T08:15:00.000Z' })],
) {
  const api = fakeAdmin({ tenants: structuredClone(community), keys, signedIn: mode !== 'signed-out' });
  if (mode === 'checking') api.fetch = () => new Promise<Response>(() => {});
  if (mode === 'network') api.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  return html`<bn-admin .fetcher=${api.fetch}></bn-admin>`;
}

const meta: Meta = {
  title: 'Consoles/bn-admin',
  component: 'bn-admin',
};
export default meta;

type Story = StoryObj;

/** Sign-in as a person of the hosting office: e-mail and password. */
export const SignedOut: Story = { render: () => admin('signed-out') };

/** The session is being checked against the server. */
export const Loading: Story = { render: () => admin('checking') };

/** The password was right; the server asks for the one-time code. */
export const TotpRequired: Story = {
  render: () => admin('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, '#email'));
    (deep(el, '#email') as HTMLInputElement).value = 'hosting@musterkreis.de';
    (deep(el, '#password') as HTMLInputElement).value = 'correct horse battery';
    deep(el, 'button[type=submit]').click();
  },
};

/** A wrong one-time code: the error summary links to the field. */
export const TotpInvalid: Story = {
  render: () => admin('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, '#email'));
    (deep(el, '#email') as HTMLInputElement).value = 'hosting@musterkreis.de';
    (deep(el, '#password') as HTMLInputElement).value = 'correct horse battery';
    deep(el, 'button[type=submit]').click();
    await until(() => deep(el, '#totp'));
    (deep(el, '#totp') as HTMLInputElement).value = '000000'; // the fake accepts only 123456
    deep(el, 'button[type=submit]').click();
  },
};

/** The server cannot be reached: said as such, the user can try again. */
export const ServerUnreachable: Story = { render: () => admin('network') };

/** The tenants of the community. */
export const TenantList: Story = { render: () => admin('signed-in') };

/** Creating a tenant: the shared valibot schema's findings, in a summary linking to each field. */
export const CreateFormWithErrors: Story = {
  render: () => admin('signed-in'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, 'bn-admin-tenants', 'button.new-tenant'));
    deep(el, 'bn-admin-tenants', 'button.new-tenant').click();
    await until(() => deep(el, 'bn-admin-tenant-form', '[name=origins]'));
    (deep(el, 'bn-admin-tenant-form', '[name=slug]') as HTMLInputElement).value = 'Neu Stadt';
    (deep(el, 'bn-admin-tenant-form', '[name=origins]') as HTMLTextAreaElement).value = 'https://www.neustadt.de\nwww.neustadt.de/seite';
    deep(el, 'bn-admin-tenant-form', 'button[type=submit]').click();
  },
};

/** One tenant: users and roles, keys, snippet generator and settings. */
export const Tenant: Story = {
  render: () => admin('signed-in'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open'));
    deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
  },
};

/** A new key's secret, shown once in a marked box with a copy button. */
export const SecretShownOnce: Story = {
  render: () => admin('signed-in', []),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open'));
    deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
    await until(() => deep(el, 'bn-admin-tenant', 'bn-admin-keys', 'form.create-key button'));
    (deep(el, 'bn-admin-tenant', 'bn-admin-keys', '#label') as HTMLInputElement).value = 'Website';
    deep(el, 'bn-admin-tenant', 'bn-admin-keys', 'form.create-key button').click();
  },
};

/** Revoking asks first. */
export const RevokeConfirm: Story = {
  render: () => admin('signed-in'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open'));
    deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
    await until(() => deep(el, 'bn-admin-tenant', 'bn-admin-keys', 'button.revoke'));
    deep(el, 'bn-admin-tenant', 'bn-admin-keys', 'button.revoke').click();
  },
};

/** The snippet generator alone: the exact HTML and the CSP lines for the town's site. */
export const SnippetGenerator: Story = {
  render: () =>
    html`<bn-admin-snippet
      base="https://dienste.musterkreis.de"
      .tenant=${tenant({ map: { tileUrl: 'https://tiles.musterkreis.de/{z}/{x}/{y}.png' } })}
      .keys=${[key({ label: 'Website' })]}
    ></bn-admin-snippet>`,
};

/** The hosting office's own accounts. */
export const HostUsers: Story = {
  render: () => admin('signed-in'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, 'button.host-users'));
    deep(el, 'button.host-users').click();
  },
};

/** English. */
export const English: Story = { render: () => html`<div lang="en">${admin('signed-in')}</div>` };
