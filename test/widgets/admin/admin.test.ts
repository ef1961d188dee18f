import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { allText, control, field } from '../core/by-name.ts';
import { CODE, storageHoldsNoSecret, user } from '../core/fake-auth.ts';
import { fakeAdmin, tenant, type FakeAdmin } from './fake-api.ts';
import { deep, focused, maybe, text } from './dom.ts';

guardConsole();

async function mount(api: FakeAdmin, lang = 'de'): Promise<BnAdmin> {
  const wrap = await fixture(html`<div lang=${lang}><bn-admin api-base="https://api.test" .fetcher=${api.fetch}></bn-admin></div>`);
  const el = wrap.querySelector('bn-admin')!;
  await waitUntil(() => maybe(el, '#screen-title') || maybe(el, 'bn-admin-tenants'), 'session checked');
  return el;
}

async function type(el: Element, label: string, value: string): Promise<void> {
  field(el, label).focus();
  await sendKeys({ type: value });
}

async function signIn(el: BnAdmin, email = 'hosting@musterkreis.de', password = 'correct horse battery'): Promise<void> {
  await type(el, 'E-Mail-Adresse', email);
  await type(el, 'Passwort', password);
  await sendKeys({ press: 'Enter' });
}

describe('<bn-admin>', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('is accessible when signed out', async () => {
    const el = await mount(fakeAdmin({ signedIn: false }));
    await expectAccessible(el);
    expect(field(el, 'Passwort').type).to.equal('password');
    expect(maybe(el, '#key')).to.equal(null);
    expect(allText(el)).not.to.contain('bn_ak_');
  });

  it('signs a hosting-office person in by keyboard with a one-time code, and lists tenants', async () => {
    const api = fakeAdmin({ signedIn: false, tenants: [tenant(), tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis' })] });
    const el = await mount(api);
    await signIn(el);
    await waitUntil(() => maybe(el, '#totp'), 'code asked');
    await type(el, 'Einmalcode', CODE);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(el, 'bn-admin-tenants'), 'tenant list shown');
    const list = deep(el, 'bn-admin-tenants');
    await waitUntil(() => list.shadowRoot!.querySelectorAll('tbody tr').length === 2);
    await waitUntil(() => focused()?.id === 'view-title');
    expect(allText(el)).to.contain('Angemeldet als Hanna Hosting');
    expect(storageHoldsNoSecret('correct horse battery')).to.equal(true);
    await expectAccessible(el);
  });

  it('offers single sign-on back to /admin', async () => {
    const api = fakeAdmin({ signedIn: false });
    api.auth.oidc = { name: 'Kreis-Login', startUrl: '/v1/auth/oidc/start' };
    const el = await mount(api);
    await waitUntil(() => maybe(el, 'a.sso-link'));
    expect(control(el, 'Anmelden mit Kreis-Login').getAttribute('href')).to.equal('/v1/auth/oidc/start?return=/admin');
  });

  it('refuses a tenant account: only the hosting office signs in here', async () => {
    const api = fakeAdmin({ signedIn: false });
    api.auth.users.push(user({ email: 'erika@beispielstadt.de', roles: ['tenant-admin'], totpEnabled: false }));
    const el = await mount(api);
    await signIn(el, 'erika@beispielstadt.de');
    await waitUntil(() => allText(el).includes('nicht benutzen'), 'refused');
    expect(maybe(el, 'bn-admin-tenants')).to.equal(null);
    expect(api.auth.session).to.equal(undefined);
  });

  it('signs out', async () => {
    const api = fakeAdmin();
    const el = await mount(api);
    await waitUntil(() => maybe(el, 'bn-admin-tenants'));
    control(el, 'Abmelden').click();
    await waitUntil(() => maybe(el, '#screen-title'));
    expect(deep(el, '[role=status]').textContent).to.contain('abgemeldet');
    expect(api.auth.session).to.equal(undefined);
  });

  it('returns to sign-in when the session ends mid-way', async () => {
    const api = fakeAdmin();
    const el = await mount(api);
    await waitUntil(() => maybe(el, 'bn-admin-tenants', 'button.open'));
    api.auth.session = undefined;
    deep(deep(el, 'bn-admin-tenants'), 'button.open').click();
    await waitUntil(() => maybe(el, '#screen-title'), 'back at sign-in');
    expect(deep(el, '[role=status]').textContent).to.contain('Sitzung ist abgelaufen');
    expect(storageHoldsNoSecret()).to.equal(true);
  });

  it('switches the language to English and back', async () => {
    const el = await mount(fakeAdmin());
    await waitUntil(() => maybe(el, 'bn-admin-tenants'));
    const en = control(el, 'English');
    en.click();
    await el.updateComplete;
    expect(en.getAttribute('aria-pressed')).to.equal('true');
    expect(deep(el, 'h1').textContent).to.contain('tenant administration');
    const list = deep(el, 'bn-admin-tenants');
    await (list as unknown as BnAdmin).updateComplete;
    expect(text(list)).to.contain('Create a tenant');
    expect(deep(el, '[part=base]').getAttribute('lang')).to.equal('en');
    control(el, 'Deutsch').click();
    await el.updateComplete;
    expect(deep(el, 'h1').textContent).to.contain('Verwaltung');
  });

  it('shows the server being unreachable as such', async () => {
    const api = fakeAdmin({ signedIn: false });
    api.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const el = await mount(api);
    await waitUntil(() => deep(el, '[role=alert]').textContent!.includes('nicht erreichbar'), 'network message', { timeout: 5000 });
  });

  it('manages the hosting office’s own accounts', async () => {
    const api = fakeAdmin();
    const el = await mount(api);
    await waitUntil(() => maybe(el, 'bn-admin-tenants'));
    control(el, 'Konten der Hosting-Stelle').click();
    await waitUntil(() => maybe(el, 'bn-staff-users', 'tbody tr'), 'host users');
    expect(focused()?.id).to.equal('view-title');
    expect(allText(deep(el, 'bn-staff-users'))).to.contain('Hosting-Stelle');
    expect(api.auth.calls.some((c) => c.path === '/v1/admin/users')).to.equal(true);
  });
});
