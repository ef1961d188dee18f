import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { ADMIN_KEY, fakeAdmin, tenant, type FakeAdmin } from './fake-api.ts';
import { deep, focused, maybe, text } from './dom.ts';

guardConsole();

async function mount(api: FakeAdmin, lang = 'de'): Promise<BnAdmin> {
  const wrap = await fixture(html`<div lang=${lang}><bn-admin api-base="https://api.test" .fetcher=${api.fetch}></bn-admin></div>`);
  return wrap.querySelector('bn-admin')!;
}

async function signIn(el: BnAdmin, key = ADMIN_KEY): Promise<void> {
  deep<HTMLInputElement>(el, '#key').focus();
  await sendKeys({ type: key });
  await sendKeys({ press: 'Enter' });
}

async function signedIn(api = fakeAdmin()): Promise<BnAdmin> {
  const el = await mount(api);
  await signIn(el);
  await waitUntil(() => maybe(el, 'bn-admin-tenants'), 'tenant list shown');
  return el;
}

describe('<bn-admin>', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('is accessible when signed out', async () => {
    const el = await mount(fakeAdmin());
    await expectAccessible(el);
    const input = deep<HTMLInputElement>(el, '#key');
    expect(input.type).to.equal('password');
    expect(input.labels?.[0]?.textContent).to.contain('Admin-Schlüssel');
    expect(input.getAttribute('aria-describedby')).to.contain('key-hint');
  });

  it('refuses a malformed key without asking the server', async () => {
    const api = fakeAdmin();
    const el = await mount(api);
    await signIn(el, 'bn_sk_' + 'x'.repeat(28));
    await el.updateComplete;
    expect(api.calls).to.have.length(0);
    expect(deep(el, '#key-error').textContent).to.contain('kein Admin-Schlüssel');
    expect(deep(el, '#key').getAttribute('aria-invalid')).to.equal('true');
    expect(focused()?.id).to.equal('key');
  });

  it('signs in by keyboard, keeps the key in sessionStorage only, and lists tenants', async () => {
    const api = fakeAdmin({ tenants: [tenant(), tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis' })] });
    const el = await signedIn(api);
    expect(sessionStorage.getItem('bn-admin-key')).to.equal(ADMIN_KEY);
    expect(JSON.stringify({ ...localStorage })).not.to.contain(ADMIN_KEY);
    const list = deep(el, 'bn-admin-tenants');
    await (list as unknown as BnAdmin).updateComplete;
    expect(list.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(2);
    expect(focused()?.id).to.equal('view-title');
    await expectAccessible(el);
  });

  it('says clearly when the server rejects the key', async () => {
    const el = await mount(fakeAdmin());
    await signIn(el, 'bn_ak_' + 'Z'.repeat(28));
    await waitUntil(() => deep(el, '#key-error').textContent!.includes('nicht angenommen'));
    expect(sessionStorage.getItem('bn-admin-key')).to.equal(null);
  });

  it('restores the session from sessionStorage and signs out again', async () => {
    sessionStorage.setItem('bn-admin-key', ADMIN_KEY);
    const el = await mount(fakeAdmin());
    await waitUntil(() => maybe(el, 'bn-admin-tenants'));
    deep(el, 'button.sign-out').click();
    await el.updateComplete;
    expect(sessionStorage.getItem('bn-admin-key')).to.equal(null);
    expect(maybe(el, '#key')).to.exist;
    expect(deep(el, '[role=status]').textContent).to.contain('abgemeldet');
  });

  it('returns to sign-in when the key stops working mid-session', async () => {
    const api = fakeAdmin();
    const el = await signedIn(api);
    api.failWith = 401;
    deep(deep(el, 'bn-admin-tenants'), 'button.open').click();
    await waitUntil(() => maybe(el, '#key'), 'back at sign-in');
    expect(deep(el, '#key-error').textContent).to.contain('nicht mehr angenommen');
    expect(sessionStorage.getItem('bn-admin-key')).to.equal(null);
  });

  it('switches the language to English and back', async () => {
    const el = await signedIn();
    const en = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang button')].find((b) => b.textContent!.includes('English'))!;
    en.click();
    await el.updateComplete;
    expect(en.getAttribute('aria-pressed')).to.equal('true');
    expect(deep(el, 'h1').textContent).to.contain('tenant administration');
    const list = deep(el, 'bn-admin-tenants');
    await (list as unknown as BnAdmin).updateComplete;
    expect(text(list)).to.contain('Create a tenant');
    expect(deep(el, '[part=base]').getAttribute('lang')).to.equal('en');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang button')][0].click();
    await el.updateComplete;
    expect(deep(el, 'h1').textContent).to.contain('Verwaltung');
  });

  it('shows the server being unreachable as such', async () => {
    const api = fakeAdmin();
    api.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const el = await mount(api);
    await signIn(el);
    await waitUntil(() => deep(el, '#key-error').textContent!.includes('nicht erreichbar'), 'network message', { timeout: 5000 });
  });
});
