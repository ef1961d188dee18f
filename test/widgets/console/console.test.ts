import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/console/define.ts';
import '../../../widgets/tips/console-register.ts';
import type { BnConsole } from '../../../widgets/console/console.ts';
import { registerConsoleSection, unregisterConsoleSection } from '../../../widgets/core/console-registry.ts';
import { ConsoleElement } from '../../../widgets/console/shared.ts';
import { expectAccessible, expectConsole, guardConsole, json } from '../helpers.ts';
import { deep, focused, maybe } from '../admin/dom.ts';
import { allText, control, field, heading, maybeControl } from '../core/by-name.ts';
import { CODE, FakeAuth, SECRET, storageHoldsNoSecret, user } from '../core/fake-auth.ts';

guardConsole();

const AUDIT = [
  {
    id: 3,
    at: '2026-05-05T08:00:00.000Z',
    actor: 'user:00000000-0000-4000-8000-000000000001',
    actorName: 'Erika Musterfrau',
    action: 'user.update',
    subject: 'carla@beispielstadt.de',
    details: { roles: [['tips:read'], ['tips', 'plans:read']], enabled: [true, false] },
  },
  { id: 2, at: '2026-05-04T10:00:00.000Z', actor: 'user:00000000-0000-4000-8000-000000000001', actorName: 'Erika Musterfrau', action: 'key.revoke', subject: 'key_PPPPPPPPPPPPPPPP', details: {} },
  { id: 1, at: '2026-05-03T09:00:00.000Z', actor: 'key_QQQQQQQQQQQQQQQQ', actorName: 'Fachverfahren', action: 'tenant.update', subject: 'beispielstadt', details: { fields: ['origins', 'modules'] } },
];

/** A tenant-admin with two factors, and the audit log as the only module route. */
function api(users = [user({ roles: ['tenant-admin'], totpEnabled: true })]) {
  const auth = new FakeAuth(users);
  auth.tenant = { ...auth.tenant, modules: [] };
  auth.fallback = (c) => (c.path.startsWith('/v1/staff/audit') ? json({ items: AUDIT }) : undefined);
  return auth;
}

async function mount(auth: FakeAuth, hash = ''): Promise<BnConsole> {
  history.replaceState(null, '', location.pathname + location.search + hash);
  const wrap = await fixture(html`<div lang="de"><bn-console api-base="https://api.test" .fetcher=${auth.fetch}></bn-console></div>`);
  const el = wrap.querySelector('bn-console')!;
  await waitUntil(() => !allText(el).includes('Anmeldung wird geprüft'), 'session checked');
  return el;
}

async function type(el: Element, label: string, text: string): Promise<void> {
  field(el, label).focus();
  await sendKeys({ type: text });
}

const screenTitle = (el: BnConsole) => maybe(el, '#screen-title')?.textContent?.trim();

/** A module's section, as a module registers it. */
class FakeSection extends ConsoleElement {
  override render() {
    return this.client ? `data for ${this.client.credentials}` : 'no client';
  }
}

describe('<bn-console>', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  afterEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('is accessible when signed out', async () => {
    const el = await mount(api());
    await expectAccessible(el);
    expect(screenTitle(el)).to.equal('Anmelden');
    expect(field(el, 'E-Mail-Adresse').autocomplete).to.equal('username');
    expect(field(el, 'Passwort').autocomplete).to.equal('current-password');
    expect(maybeControl(el, 'Passwort vergessen?')).to.exist;
    expect(maybe(el, 'a.sso-link')).to.equal(null);
    expect(maybe(el, '#key')).to.equal(null);
  });

  it('walks the whole flow: invitation, password, enrolment, signed in, sign-out, sign-in with a code, reset request', async () => {
    const erika = user({ roles: ['tenant-admin', 'tips:read'], hasPassword: false, password: undefined });
    const auth = api([erika]);
    auth.tenant = { ...auth.tenant, modules: ['tips'] };
    auth.invite(erika, 'tok-abc-0123456789abcdefghij');
    const el = await mount(auth, '#invite=tok-abc-0123456789abcdefghij');

    // Invitation: the token left the address bar, the link says whom it is for.
    expect(location.hash).to.equal('');
    await waitUntil(() => screenTitle(el) === 'Willkommen – Passwort festlegen', 'invitation screen');
    expect(allText(el)).to.contain('Für Erika Musterfrau (erika@beispielstadt.de).');
    expect(allText(el)).to.contain('Zwei-Faktor-Anmeldung ein');
    const pw = field(el, 'Neues Passwort');
    expect(pw.autocomplete).to.equal('new-password');
    expect(allText(el)).to.contain('Mindestens 12 Zeichen');
    await waitUntil(() => focused()?.id === 'screen-title', 'focus on the heading');
    await expectAccessible(el);

    // Too short: said on the field, nothing sent.
    await type(el, 'Neues Passwort', 'kurz');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#new-password').getAttribute('aria-invalid') === 'true');
    expect(deep(el, '#new-password-error').textContent).to.contain('mindestens 12 Zeichen');
    expect(auth.calls.some((c) => c.path === '/v1/auth/password')).to.equal(false);
    field(el, 'Neues Passwort').value = '';
    await type(el, 'Neues Passwort', 'ein langer Satz zum Merken');
    await sendKeys({ press: 'Enter' });

    // Required enrolment: only this screen.
    await waitUntil(() => screenTitle(el) === 'Zwei-Faktor-Anmeldung einrichten', 'enrolment screen');
    await waitUntil(() => maybe(el, '#totp-secret'), 'secret shown');
    expect(allText(el)).to.contain('vorgeschrieben');
    expect(field(el, 'Schlüssel für die App').value).to.equal('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(control(el, 'In der Authenticator-App öffnen').getAttribute('href')).to.match(/^otpauth:\/\/totp\//);
    expect(maybe(el, 'nav')).to.equal(null);
    let copied = '';
    const writeText = async (t: string) => {
      copied = t;
    };
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    control(el, 'Schlüssel für die App kopieren').click();
    await waitUntil(() => copied === SECRET);
    const code = field(el, 'Einmalcode');
    expect(code.autocomplete).to.equal('one-time-code');
    expect(code.inputMode).to.equal('numeric');
    await expectAccessible(el);
    await type(el, 'Einmalcode', CODE);
    await sendKeys({ press: 'Enter' });

    // Signed in: the tenant, the person, the sections for the roles.
    await waitUntil(() => maybe(el, 'nav'), 'shell');
    expect(deep(el, 'h1').textContent).to.equal('Gemeinde Beispielstadt');
    expect(allText(el)).to.contain('Angemeldet als Erika Musterfrau');
    expect(deep(el, '[role=status]').textContent).to.contain('eingerichtet');
    const links = [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent!.trim());
    expect(links).to.deep.equal(['Bürgertipps', 'Benutzer und Rollen', 'Protokoll']);
    expect(storageHoldsNoSecret('tok-abc-0123456789abcdefghij', 'ein langer Satz zum Merken', SECRET)).to.equal(true);

    // Sign-out.
    control(el, 'Abmelden').click();
    await waitUntil(() => screenTitle(el) === 'Anmelden', 'signed out');
    expect(deep(el, '[role=status]').textContent).to.contain('abgemeldet');
    expect(auth.session).to.equal(undefined);
    await waitUntil(() => focused()?.id === 'screen-title');

    // Sign-in: the password is right, then the server asks for the code.
    await type(el, 'E-Mail-Adresse', 'erika@beispielstadt.de');
    await type(el, 'Passwort', 'ein langer Satz zum Merken');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(el, '#totp'), 'code asked');
    expect(allText(el)).to.contain('Einmalcode aus Ihrer Authenticator-App');
    expect(maybe(el, '#password')).to.equal(null);
    await type(el, 'Einmalcode', '000000');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#totp-error').textContent!.includes('stimmt nicht'), 'wrong code said');
    const summaryLink = deep(el, 'bn-error-summary', 'a');
    expect(summaryLink.getAttribute('href')).to.equal('#totp');
    field(el, 'Einmalcode').value = '';
    await type(el, 'Einmalcode', CODE);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(el, 'nav'), 'signed in again');
    const logins = auth.calls.filter((c) => c.path === '/v1/auth/login');
    expect(logins.map((c) => c.body?.totp)).to.deep.equal([undefined, '000000', CODE]);
    expect(logins.every((c) => c.init.credentials === 'same-origin' && !new Headers(c.init.headers).has('authorization'))).to.equal(true);
    expect(storageHoldsNoSecret('ein langer Satz zum Merken')).to.equal(true);

    // Sign out, then ask for a reset link.
    control(el, 'Abmelden').click();
    await waitUntil(() => maybeControl(el, 'Passwort vergessen?'));
    control(el, 'Passwort vergessen?').click();
    await waitUntil(() => screenTitle(el) === 'Passwort zurücksetzen');
    await waitUntil(() => focused()?.id === 'screen-title');
    await type(el, 'E-Mail-Adresse', 'erika@beispielstadt.de');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => allText(el).includes('Wenn es ein Konto mit dieser Adresse gibt, ist ein Link unterwegs.'));
    expect(auth.calls.at(-1)).to.include({ method: 'POST', path: '/v1/auth/reset' });
    expect(auth.calls.at(-1)!.body).to.deep.equal({ email: 'erika@beispielstadt.de' });
    expect(storageHoldsNoSecret()).to.equal(true);
  });

  it('says when the password or the account is wrong, in a summary linked to the field', async () => {
    const el = await mount(api());
    await type(el, 'E-Mail-Adresse', 'erika@beispielstadt.de');
    await type(el, 'Passwort', 'falsch');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(el, 'bn-error-summary', 'a'), 'summary');
    expect(deep(el, 'bn-error-summary', 'a').textContent).to.contain('E-Mail-Adresse oder Passwort stimmen nicht');
    expect(deep(el, 'bn-error-summary', 'a').getAttribute('href')).to.equal('#email');
    expect(deep(el, '#email').getAttribute('aria-invalid')).to.equal('true');
    expect(deep(el, '#email').getAttribute('aria-describedby')).to.contain('email-error');
    await expectAccessible(el);
  });

  it('shows the wait of TOO_MANY_ATTEMPTS in words', async () => {
    const auth = api();
    auth.tooMany = 120;
    const el = await mount(auth);
    await type(el, 'E-Mail-Adresse', 'erika@beispielstadt.de');
    await type(el, 'Passwort', 'x');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#email-error').textContent!.includes('2 Minuten'), 'wait in words');
    expect(deep(el, '#email-error').textContent).to.contain('Zu viele Versuche');
  });

  it('says clearly when an invitation link is used or expired', async () => {
    const el = await mount(api(), '#reset=gone-0123456789abcdefghij');
    await waitUntil(() => screenTitle(el) === 'Dieser Link gilt nicht mehr');
    expect(allText(el)).to.contain('Bitten Sie Ihre Administration um einen neuen Link');
    expect(location.hash).to.equal('');
    await expectAccessible(el);
  });

  it('shows a refused password on the field', async () => {
    const auth = api([user({ roles: ['tips'] })]);
    auth.invite(auth.users[0]!, 'tok-reset-0123456789abcdefghij', 'reset');
    const el = await mount(auth, '#reset=tok-reset-0123456789abcdefghij');
    await waitUntil(() => screenTitle(el) === 'Neues Passwort festlegen');
    await type(el, 'Neues Passwort', 'passwordpassword');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#new-password-error').textContent!.includes('nicht angenommen'));
    expect(deep(el, 'bn-error-summary', 'a').getAttribute('href')).to.equal('#new-password');
  });

  it('opens a link pasted into the address bar of an open console', async () => {
    const auth = api();
    auth.invite(auth.users[0]!, 'tok-pasted-0123456789abcdefghij', 'reset');
    const el = await mount(auth);
    await waitUntil(() => screenTitle(el) === 'Anmelden');
    location.hash = '#reset=tok-pasted-0123456789abcdefghij';
    await waitUntil(() => screenTitle(el) === 'Neues Passwort festlegen', 'the link opened');
    expect(location.hash).to.equal('');
  });

  it('a reset link of an account with a second factor also asks for its code', async () => {
    const auth = api();
    auth.users[0]!.totpEnabled = true;
    auth.invite(auth.users[0]!, 'tok-reset-totp-0123456789abcdefghij', 'reset');
    const el = await mount(auth, '#reset=tok-reset-totp-0123456789abcdefghij');
    await waitUntil(() => screenTitle(el) === 'Neues Passwort festlegen');
    await type(el, 'Neues Passwort', 'ein neuer langer Satz');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#totp-code-error').textContent!.trim() !== '', 'the code is asked for');
    expect(auth.calls.filter((c) => c.path === '/v1/auth/password')).to.have.length(0);
    await type(el, 'Einmalcode', '654321');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deep(el, '#totp-code-error').textContent!.includes('stimmt nicht'), 'a wrong code is refused');
    field(el, 'Einmalcode').value = '';
    await type(el, 'Einmalcode', CODE);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => screenTitle(el) !== 'Neues Passwort festlegen', 'signed in');
    expect(auth.calls.filter((c) => c.path === '/v1/auth/password').at(-1)!.body).to.deep.include({ totp: CODE });
  });

  it('offers single sign-on when the server has a provider, and reads its error from the address', async () => {
    const auth = api();
    auth.oidc = { name: 'Landkreis-Login', startUrl: '/v1/auth/oidc/start' };
    const el = await mount(auth, '#signin-error=STATE_MISMATCH');
    await waitUntil(() => maybeControl(el, 'Anmelden mit Landkreis-Login'), 'sso link');
    expect(control(el, 'Anmelden mit Landkreis-Login').getAttribute('href')).to.equal('/v1/auth/oidc/start?return=/console');
    expect(allText(el)).to.contain('STATE_MISMATCH');
    expect(location.hash).to.equal('');
  });

  it('returns to sign-in with "session expired" when a call answers 401', async () => {
    const auth = api().signIn();
    const el = await mount(auth, '#audit');
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'), 'audit rows', { timeout: 5000 });
    auth.session = undefined;
    control(el, 'Benutzer und Rollen').click();
    await waitUntil(() => screenTitle(el) === 'Anmelden', 'back at sign-in', { timeout: 5000 });
    expect(deep(el, '[role=status]').textContent).to.contain('Sitzung ist abgelaufen');
    expect(storageHoldsNoSecret()).to.equal(true);
  });

  it('shows only the sections the roles allow, and hands them the session client', async () => {
    customElements.get('bn-test-section') || customElements.define('bn-test-section', FakeSection);
    registerConsoleSection({ id: 'test-demo', module: 'demo', tag: 'bn-test-section', label: (l) => (l === 'de' ? 'Vorführung' : 'Demo'), load: async () => undefined, order: 10 });
    registerConsoleSection({ id: 'test-other', module: 'other', tag: 'bn-test-other', label: () => 'Anderes', load: async () => undefined });
    try {
      const clerk = user({ roles: ['demo:read', 'other'] as never });
      const auth = api([clerk]).signIn();
      auth.tenant = { ...auth.tenant, modules: ['demo'] };
      const el = await mount(auth);
      await waitUntil(() => maybe(el, 'bn-test-section'), 'first section opened');
      const links = [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent!.trim());
      // Not "Anderes" (module off for the tenant), not users or audit (no tenant-admin).
      expect(links).to.deep.equal(['Vorführung']);
      expect(deep(el, 'bn-test-section').shadowRoot!.textContent).to.contain('data for same-origin');
      expect(focused()?.id).to.equal('section-title');
      await expectAccessible(el);
    } finally {
      unregisterConsoleSection('test-demo');
      unregisterConsoleSection('test-other');
    }
  });

  it('says so when a section cannot be loaded', async () => {
    registerConsoleSection({ id: 'broken', module: null, tag: 'bn-test-broken', label: () => 'Kaputt', load: () => Promise.reject(new Error('chunk 404')), order: 1 });
    expectConsole('error', /section "broken" failed to load/);
    try {
      const el = await mount(api().signIn());
      await waitUntil(() => maybe(el, '.section [role=alert]'), 'error shown');
      expect(deep(el, '.section [role=alert]').textContent).to.contain('konnte nicht geladen werden');
    } finally {
      unregisterConsoleSection('broken');
    }
  });

  it('switches language; the sign-in and the sections follow', async () => {
    const el = await mount(api().signIn(), '#audit');
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'));
    control(el, 'English').click();
    await el.updateComplete;
    expect(deep(el, 'nav a[aria-current=page]').textContent).to.contain('Audit log');
    expect(allText(el)).to.contain('Signed in as Erika Musterfrau');
    expect(sessionStorage.getItem('bn-staff-lang')).to.equal('en');
    control(el, 'Sign out').click();
    await waitUntil(() => heading(el, 'Sign in'));
    expect(field(el, 'E-mail address')).to.exist;
  });

  it('shows the audit trail in words: who by name, changes of people as before → after', async () => {
    const el = await mount(api().signIn(), '#audit');
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'));
    const rows = [...deep(el, 'bn-console-audit').shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' '));
    expect(rows[0]).to.contain('Person geändert');
    expect(rows[0]).to.contain('Erika Musterfrau');
    expect(rows[0]).to.contain('Rollen: Bürgertipps: nur lesen → Bürgertipps: Sachbearbeitung, Bauleitplanung: nur lesen');
    expect(rows[0]).to.contain('Zugang: aktiv → gesperrt');
    expect(rows[2]).to.contain('Fachverfahren');
    expect(rows.join(' ')).not.to.contain('user:');
  });

  it('refuses a hosting-office account: that one belongs in <bn-admin>', async () => {
    const host = user({ tenant: null, roles: ['host-admin'], totpEnabled: true, email: 'hosting@kreis.de' });
    const auth = api([host]).signIn(host);
    const el = await mount(auth);
    await waitUntil(() => screenTitle(el) === 'Anmelden');
    expect(allText(el)).to.contain('nicht benutzen');
    expect(auth.session).to.equal(undefined);
  });
});
