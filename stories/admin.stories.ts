import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/admin/define.ts';
import { ADMIN_KEY, fakeAdmin, key, tenant } from '../test/widgets/admin/fake-api.ts';

/** Shadow-root walk for play functions. */
function deep(root: Element, ...selectors: string[]): HTMLElement {
  let el: Element | null = root;
  for (const sel of selectors) el = (el?.shadowRoot ?? el)?.querySelector(sel) ?? null;
  if (!el) throw new Error(`nothing at ${selectors.join(' → ')}`);
  return el as HTMLElement;
}

async function until(fn: () => unknown, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (fn()) return;
    } catch {
      // not rendered yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const community = [
  tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis', origins: ['https://www.musterkreis.de'] }),
  tenant({ parent: 'musterkreis', modules: ['tips', 'kita'] }),
  tenant({ slug: 'anderswo', name: 'Stadt Anderswo', origins: [], enabled: false, modules: [] }),
];

type Mode = 'signed-out' | 'signed-in' | 'checking' | 'network';

/** `<bn-admin>` over an in-memory API; signed in by putting the key in sessionStorage first. */
function admin(mode: Mode, keys = [key({ label: 'Website' }), key({ kind: 'staff', label: 'Erika Musterfrau', hint: 'bn_sk_…k4Xy', publishableKey: undefined, lastUsedAt: '2026-05-04T08:15:00.000Z' })]) {
  const api = fakeAdmin({ tenants: structuredClone(community), keys });
  if (mode === 'checking') api.fetch = () => new Promise<Response>(() => {});
  if (mode === 'network') api.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  if (mode === 'signed-out') sessionStorage.removeItem('bn-admin-key');
  else sessionStorage.setItem('bn-admin-key', ADMIN_KEY);
  return html`<bn-admin .fetcher=${api.fetch}></bn-admin>`;
}

const meta: Meta = {
  title: 'Consoles/bn-admin',
  component: 'bn-admin',
};
export default meta;

type Story = StoryObj;

/** Sign-in with the hosting office's admin key (kept in sessionStorage only). */
export const SignedOut: Story = { render: () => admin('signed-out') };

/** The key is being checked against the server. */
export const Loading: Story = { render: () => admin('checking') };

/** A key in the wrong format is refused before any request. */
export const SignInRejected: Story = {
  render: () => admin('signed-out'),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('bn-admin')!;
    await until(() => deep(el, '#key'));
    (deep(el, '#key') as HTMLInputElement).value = 'bn_sk_das-ist-kein-admin-schluessel';
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

/** One tenant: keys, snippet generator and settings. */
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

/** English. */
export const English: Story = { render: () => html`<div lang="en">${admin('signed-in')}</div>` };
