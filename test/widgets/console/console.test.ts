import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import '../../../widgets/console/define.ts';
import type { BnConsole } from '../../../widgets/console/console.ts';
import { registerConsoleSection, unregisterConsoleSection } from '../../../widgets/console/registry.ts';
import { ConsoleElement } from '../../../widgets/console/shared.ts';
import { expectAccessible, expectConsole, fakeFetch, guardConsole, json, problem, type FakeCall } from '../helpers.ts';
import { deep, focused, maybe } from '../admin/dom.ts';

guardConsole();

const STAFF = 'bn_sk_' + 'S1t2A3f4F5k6E7y8S9t0A1f2F3k4';
const ME = {
  // No real module: their sections (registered in sections.ts) would call their own APIs.
  tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: [] as string[], languages: ['de', 'en'], parent: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } },
  key: { id: 'key_SSSSSSSSSSSSSSSS', label: 'Erika Musterfrau' },
};
const AUDIT = [
  { id: 2, at: '2026-05-04T10:00:00.000Z', actor: 'key_AAAAAAAAAAAAAAAA', action: 'key.revoke', subject: 'key_PPPPPPPPPPPPPPPP', details: {} },
  { id: 1, at: '2026-05-03T09:00:00.000Z', actor: 'key_AAAAAAAAAAAAAAAA', action: 'tenant.update', subject: 'beispielstadt', details: { fields: ['origins', 'modules'] } },
];

/** A staff API: /me and /audit, 401 for other keys. */
function staffApi(overrides: Record<string, (c: FakeCall) => Response> = {}) {
  return fakeFetch((call) => {
    if (new Headers(call.init.headers).get('authorization') !== `Bearer ${STAFF}`) return problem(401, 'UNAUTHENTICATED');
    const handler = overrides[call.url.pathname];
    if (handler) return handler(call);
    if (call.url.pathname === '/v1/staff/me') return json(ME);
    if (call.url.pathname === '/v1/staff/audit') return json({ items: AUDIT });
    return problem(404, 'NOT_FOUND');
  });
}

async function mount(fetcher: typeof fetch): Promise<BnConsole> {
  const wrap = await fixture(html`<div lang="de"><bn-console api-base="https://api.test" .fetcher=${fetcher}></bn-console></div>`);
  return wrap.querySelector('bn-console')!;
}

async function signIn(el: BnConsole, key = STAFF): Promise<void> {
  deep<HTMLInputElement>(el, '#key').focus();
  await sendKeys({ type: key });
  await sendKeys({ press: 'Enter' });
}

/** A module's section, as a module issue would register it. */
class FakeTipsSection extends ConsoleElement {
  render() {
    return this.client ? `tips for ${this.client.apiKey.slice(0, 6)}` : 'no client';
  }
}

describe('<bn-console>', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });
  afterEach(() => sessionStorage.clear());

  it('is accessible when signed out', async () => {
    const el = await mount(staffApi());
    await expectAccessible(el);
    expect(deep<HTMLInputElement>(el, '#key').labels?.[0]?.textContent).to.contain('Schlüssel für die Sachbearbeitung');
  });

  it('refuses a key of the wrong kind without asking the server', async () => {
    const api = staffApi();
    const el = await mount(api);
    await signIn(el, 'bn_ak_' + 'x'.repeat(28));
    await el.updateComplete;
    expect(api.calls).to.have.length(0);
    expect(deep(el, '#key-error').textContent).to.contain('kein Schlüssel für die Sachbearbeitung');
  });

  it('signs in by keyboard and shows the tenant, the signed-in key and the audit log', async () => {
    const el = await mount(staffApi());
    await signIn(el);
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'), 'audit rows', { timeout: 5000 });
    expect(sessionStorage.getItem('bn-console-key')).to.equal(STAFF);
    expect(deep(el, 'h1').textContent).to.equal('Gemeinde Beispielstadt');
    expect(deep(el, 'header').textContent).to.contain('Angemeldet als Erika Musterfrau');
    expect(deep(el, 'header').textContent).to.contain('Landkreis Musterkreis');
    const audit = deep(el, 'bn-console-audit');
    const rows = audit.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows).to.have.length(2);
    expect(rows[0].textContent).to.contain('Schlüssel widerrufen');
    expect(rows[1].textContent).to.contain('Felder: origins, modules');
    expect(deep(el, 'nav a[aria-current=page]').textContent).to.contain('Protokoll');
    expect(focused()?.id).to.equal('section-title');
    expect(location.hash).to.equal('#audit');
    expect(deep(audit, '.muted').textContent).to.contain('alle Einträge');
    await expectAccessible(el);
  });

  it('rejects an unknown key clearly and stores nothing', async () => {
    const el = await mount(staffApi());
    await signIn(el, 'bn_sk_' + 'Z'.repeat(28));
    await waitUntil(() => deep(el, '#key-error').textContent!.includes('nicht angenommen'));
    expect(sessionStorage.getItem('bn-console-key')).to.equal(null);
    expect(deep(el, '#key').getAttribute('aria-invalid')).to.equal('true');
  });

  it('switches language; sections follow', async () => {
    sessionStorage.setItem('bn-console-key', STAFF);
    const el = await mount(staffApi());
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'));
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang button')].find((b) => b.textContent!.includes('English'))!.click();
    await el.updateComplete;
    expect(deep(el, 'nav a').textContent).to.contain('Audit log');
    expect(deep(el, 'header').textContent).to.contain('Signed in as');
    const audit = deep(el, 'bn-console-audit');
    await (audit as unknown as LitElement).updateComplete;
    expect(audit.shadowRoot!.querySelector('tbody tr')!.textContent).to.contain('Key revoked');
    expect(sessionStorage.getItem('bn-console-lang')).to.equal('en');
  });

  it('shows module sections only when the tenant has the module, and hands them the staff client', async () => {
    customElements.get('bn-test-tips') || customElements.define('bn-test-tips', FakeTipsSection);
    registerConsoleSection({ id: 'test-demo', module: 'demo', tag: 'bn-test-tips', label: { de: 'Vorführung', en: 'Demo' }, load: async () => undefined, order: 10 });
    registerConsoleSection({ id: 'test-other', module: 'other', tag: 'bn-test-other', label: { de: 'Anderes', en: 'Other' }, load: async () => undefined });
    try {
      sessionStorage.setItem('bn-console-key', STAFF);
      const el = await mount(staffApi({ '/v1/staff/me': () => json({ ...ME, tenant: { ...ME.tenant, modules: ['demo'] } }) }));
      await waitUntil(() => maybe(el, 'bn-test-tips'), 'first section opened');
      const links = [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent!.trim());
      expect(links).to.deep.equal(['Vorführung', 'Protokoll']);
      expect(deep(el, 'bn-test-tips').shadowRoot!.textContent).to.contain('tips for bn_sk_');
      deep(el, 'nav a[href="#audit"]').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => maybe(el, 'bn-console-audit'));
      expect(deep(el, 'nav a[aria-current=page]').textContent).to.contain('Protokoll');
    } finally {
      unregisterConsoleSection('test-demo');
      unregisterConsoleSection('test-other');
    }
  });

  it('says so when a section cannot be loaded', async () => {
    registerConsoleSection({ id: 'broken', module: null, tag: 'bn-test-broken', label: { de: 'Kaputt', en: 'Broken' }, load: () => Promise.reject(new Error('chunk 404')), order: 1 });
    expectConsole('error', /section "broken" failed to load/);
    try {
      sessionStorage.setItem('bn-console-key', STAFF);
      const el = await mount(staffApi());
      await waitUntil(() => maybe(el, '.section [role=alert]'), 'error shown');
      expect(deep(el, '.section [role=alert]').textContent).to.contain('konnte nicht geladen werden');
    } finally {
      unregisterConsoleSection('broken');
    }
  });

  it('loads older audit entries and announces how many', async () => {
    const page = Array.from({ length: 50 }, (_, i) => ({ ...AUDIT[0], id: 100 - i, at: new Date(Date.UTC(2026, 4, 4, 10, 0, 0) - i * 60_000).toISOString() }));
    const api = staffApi({
      '/v1/staff/audit': (c) => json({ items: c.url.searchParams.get('before') ? AUDIT : page }),
    });
    sessionStorage.setItem('bn-console-key', STAFF);
    const el = await mount(api);
    await waitUntil(() => maybe(el, 'bn-console-audit', 'button.more'));
    const audit = deep(el, 'bn-console-audit');
    deep(audit, 'button.more').click();
    await waitUntil(() => audit.shadowRoot!.querySelectorAll('tbody tr').length === 52);
    const before = api.calls.at(-1)!.url.searchParams.get('before');
    expect(before).to.equal(page[49].at);
    expect(deep(audit, '[role=status]').textContent).to.contain('2 weitere Einträge');
  });

  it('signs out and returns focus to the key field', async () => {
    sessionStorage.setItem('bn-console-key', STAFF);
    const el = await mount(staffApi());
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'));
    deep(el, 'button.sign-out').click();
    await el.updateComplete;
    expect(sessionStorage.getItem('bn-console-key')).to.equal(null);
    expect(deep(el, '[role=status]').textContent).to.contain('abgemeldet');
    await waitUntil(() => focused()?.id === 'key');
  });

  it('ends the session when the key stops working', async () => {
    sessionStorage.setItem('bn-console-key', STAFF);
    const el = await mount(staffApi({ '/v1/staff/audit': () => problem(401, 'KEY_REVOKED') }));
    await waitUntil(() => maybe(el, '#key'), 'back at sign-in');
    await waitUntil(() => deep(el, '#key-error').textContent!.includes('nicht mehr angenommen'));
    expect(sessionStorage.getItem('bn-console-key')).to.equal(null);
  });
});
