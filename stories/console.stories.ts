import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/console/define.ts';

const STAFF = 'bn_sk_' + 'S1t2A3f4F5k6E7y8S9t0A1f2F3k4';
const ME = {
  tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: [] as string[], languages: ['de', 'en'], parent: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } },
  key: { id: 'key_SSSSSSSSSSSSSSSS', label: 'Erika Musterfrau' },
};
const AUDIT = [
  { id: 3, at: '2026-05-04T10:00:00.000Z', actor: 'key_AAAAAAAAAAAAAAAA', action: 'key.revoke', subject: 'key_PPPPPPPPPPPPPPPP', details: {} },
  { id: 2, at: '2026-05-04T09:12:00.000Z', actor: 'key_AAAAAAAAAAAAAAAA', action: 'key.rotate', subject: 'key_QQQQQQQQQQQQQQQQ', details: { successor: 'key_RRRRRRRRRRRRRRRR' } },
  { id: 1, at: '2026-05-03T09:00:00.000Z', actor: 'key_AAAAAAAAAAAAAAAA', action: 'tenant.update', subject: 'beispielstadt', details: { fields: ['origins', 'modules'] } },
];

type Mode = 'signed-out' | 'checking' | 'signed-in' | 'empty' | 'rejected' | 'network' | 'audit-error';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

function consoleStory(mode: Mode) {
  const fetcher = (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname;
    if (mode === 'checking') return new Promise<Response>(() => {});
    if (mode === 'network') throw new TypeError('Failed to fetch');
    if (mode === 'rejected') return json({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'KEY_REVOKED', requestId: 'r1' }, 401);
    if (path === '/v1/staff/me') return json(ME);
    if (mode === 'audit-error') return json({ type: 'about:blank', title: 'Internal', status: 500, code: 'INTERNAL', requestId: 'r2' }, 500);
    return json({ items: mode === 'empty' ? [] : AUDIT });
  }) as typeof fetch;
  if (mode === 'signed-out') sessionStorage.removeItem('bn-console-key');
  else sessionStorage.setItem('bn-console-key', STAFF);
  return html`<bn-console .fetcher=${fetcher}></bn-console>`;
}

const meta: Meta = {
  title: 'Consoles/bn-console',
  component: 'bn-console',
};
export default meta;

type Story = StoryObj;

/** Sign-in with a personal staff key (kept in sessionStorage only). */
export const SignedOut: Story = { render: () => consoleStory('signed-out') };
/** The key is being checked. */
export const Loading: Story = { render: () => consoleStory('checking') };
/** The shell: tenant name, community, signed-in key, sections, the audit log. */
export const Shell: Story = { render: () => consoleStory('signed-in') };
/** A tenant without audit entries yet. */
export const EmptyAuditLog: Story = { render: () => consoleStory('empty') };
/** A revoked key: back at sign-in with a clear message. */
export const KeyRejected: Story = { render: () => consoleStory('rejected') };
/** The server cannot be reached. */
export const ServerUnreachable: Story = { render: () => consoleStory('network') };
/** A section's data fails to load: said in place, with "try again". */
export const SectionError: Story = { render: () => consoleStory('audit-error') };
/** English. */
export const English: Story = { render: () => html`<div lang="en">${consoleStory('signed-in')}</div>` };
