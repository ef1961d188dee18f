import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/staff-users-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext } from '../../../widgets/core/staff-context.ts';
import type { BnStaffUsers } from '../../../widgets/core/staff-users.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { deep, focused, maybe } from '../admin/dom.ts';
import { allText, control, field } from './by-name.ts';
import { FakeAuth, user } from './fake-auth.ts';

guardConsole();

function server() {
  const admin = user({ name: 'Anna Admin', email: 'anna@beispielstadt.de', roles: ['tenant-admin'], totpEnabled: true, lastLoginAt: '2026-05-04T08:00:00.000Z' });
  const clerk = user({ name: 'Bernd Bote', email: 'bernd@beispielstadt.de', roles: ['tips', 'kita:read', 'staff-council'] });
  const invited = user({ name: 'Carla Neu', email: 'carla@beispielstadt.de', roles: ['tips:read'], hasPassword: false, password: undefined });
  const auth = new FakeAuth([admin, clerk, invited]).signIn(admin);
  auth.tenant = { ...auth.tenant, modules: ['tips', 'kita'] };
  return auth;
}

async function mount(auth = server(), attrs: { scope?: 'staff' | 'admin'; tenant?: string } = {}) {
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: '', credentials: 'same-origin', fetch: auth.fetch, retries: 0 }) });
  new ContextProvider(host, { context: staffContext, initialValue: auth.me(auth.current!) });
  const el = document.createElement('bn-staff-users') as BnStaffUsers;
  if (attrs.scope) el.scope = attrs.scope;
  if (attrs.tenant) el.tenant = attrs.tenant;
  host.append(el);
  await waitUntil(() => maybe(el, 'tbody tr'), 'users listed', { timeout: 5000 });
  return { el, auth };
}

const row = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')!.textContent!.includes(name))!;

describe('<bn-staff-users>', () => {
  it('is accessible', async () => {
    const { el } = await mount();
    await expectAccessible(el);
  });

  it('offers no "disable" on the signed-in person\'s own row', async () => {
    const { el } = await mount();
    expect(row(el, 'Anna Admin').querySelector('button.disable')).to.equal(null);
    expect(row(el, 'Bernd Bote').querySelector('button.disable')).to.not.equal(null);
  });

  it('lists users with roles in words, status, two-factor and last sign-in', async () => {
    const { el } = await mount();
    const bernd = row(el, 'Bernd Bote').textContent!.replace(/\s+/g, ' ');
    expect(bernd).to.contain('bernd@beispielstadt.de');
    expect(bernd).to.contain('Personalrat');
    expect(bernd).to.contain('Bürgertipps: Sachbearbeitung');
    expect(bernd).to.contain('Kita-Anmeldung: nur lesen');
    expect(bernd).to.contain('noch nie');
    expect(bernd).to.contain('aus');
    const anna = row(el, 'Anna Admin').textContent!;
    expect(anna).to.contain('Verwaltung der Gemeinde (Benutzer, Rollen, Protokoll)');
    expect(anna).to.contain('an');
    expect(row(el, 'Carla Neu').textContent).to.contain('eingeladen');
    expect(allText(el)).to.contain('3 Benutzer');
  });

  it('invites a person: errors first in a summary, then the invitation link to copy', async () => {
    const { el, auth } = await mount();
    control(el, 'Person einladen').click();
    await waitUntil(() => focused()?.id === 'form-title', 'focus on the form');
    expect(allText(el)).to.contain('Aufgaben');
    // Module choices only for the tenant's modules.
    const legends = [...el.shadowRoot!.querySelectorAll('fieldset fieldset legend')].map((l) => l.textContent!.trim());
    expect(legends).to.deep.equal(['Bürgertipps', 'Kita-Anmeldung']);
    control(el, 'Einladung erzeugen').click();
    await waitUntil(() => maybe(el, 'bn-error-summary', 'a'), 'summary');
    const links = [...deep(el, 'bn-error-summary').shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['#user-name', '#user-email', '#roles-first']);
    expect(field(el, 'E-Mail-Adresse').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el);
    expect(auth.calls.some((c) => c.method === 'POST')).to.equal(false);

    field(el, 'Name').focus();
    await sendKeys({ type: 'Dora Dienst' });
    field(el, 'E-Mail-Adresse').focus();
    await sendKeys({ type: 'dora@beispielstadt.de' });
    field(el, 'Personalrat').click();
    const clerk = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="level-tips"]')].find((i) => i.value === 'clerk')!;
    clerk.focus();
    await sendKeys({ press: 'Space' });
    control(el, 'Einladung erzeugen').click();
    await waitUntil(() => maybe(el, '#invite-link'), 'link shown');
    const post = auth.calls.find((c) => c.method === 'POST')!;
    expect(post.path).to.equal('/v1/staff/users');
    expect(post.body).to.deep.equal({ email: 'dora@beispielstadt.de', name: 'Dora Dienst', roles: ['staff-council', 'tips'] });
    expect(field(el, 'Einladungslink').value).to.match(/#invite=tok-/);
    expect(focused()?.id).to.equal('link-title');
    await waitUntil(() =>
      deep(el, '[role=status]')
        .textContent!.replace(/[\u2066-\u2069]/g, '')
        .includes('Dora Dienst wurde eingeladen'),
    );
    let copied = '';
    const writeText = async (t: string) => {
      copied = t;
    };
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    control(el, 'Einladungslink kopieren').click();
    await waitUntil(() => copied.includes('#invite='));
    expect(row(el, 'Dora Dienst')).to.exist;
  });

  it('changes roles', async () => {
    const { el, auth } = await mount();
    control(el, 'Rollen ändern: Bernd Bote').click();
    await waitUntil(() => focused()?.id === 'form-title');
    const read = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="level-tips"]')].find((i) => i.value === 'read')!;
    expect([...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="level-tips"]')].find((i) => i.checked)!.value).to.equal('clerk');
    read.click();
    control(el, 'Rollen speichern').click();
    await waitUntil(() => auth.calls.some((c) => c.method === 'PATCH'));
    expect(auth.calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ roles: ['staff-council', 'tips:read', 'kita:read'] });
    await waitUntil(() => row(el, 'Bernd Bote').textContent!.includes('Bürgertipps: nur lesen'));
    await waitUntil(
      () =>
        focused()
          ?.getAttribute('aria-label')
          ?.replace(/[\u2066-\u2069]/g, '') === 'Rollen ändern: Bernd Bote',
      'focus back on the button',
    );
  });

  it('disables a user after confirming, and enables again', async () => {
    const { el, auth } = await mount();
    control(el, 'Sperren: Bernd Bote').click();
    const dialog = deep<HTMLDialogElement>(el, '#confirm-dialog');
    await waitUntil(() => dialog.open);
    expect(dialog.textContent).to.contain('laufende Sitzungen enden sofort');
    await expectAccessible(dialog);
    deep(dialog, 'button[autofocus]').click();
    await waitUntil(() => !dialog.open, 'dialog closed');
    expect(auth.calls.some((c) => c.method === 'PATCH')).to.equal(false);
    control(el, 'Sperren: Bernd Bote').click();
    await waitUntil(() => dialog.open);
    control(el, 'Ja, fortfahren').click();
    await waitUntil(() => row(el, 'Bernd Bote').textContent!.includes('gesperrt'), JSON.stringify(auth.calls.map((c) => [c.method, c.path])) + allText(el).slice(-300));
    expect(auth.calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ enabled: false });
    await waitUntil(() => !dialog.open);
    control(el, 'Entsperren: Bernd Bote').click();
    await waitUntil(() => dialog.open);
    control(el, 'Ja, fortfahren').click();
    await waitUntil(() => row(el, 'Bernd Bote').textContent!.includes('aktiv'));
  });

  it('makes a new invitation link and resets two-factor', async () => {
    const { el, auth } = await mount();
    control(el, 'Neuer Einladungslink: Carla Neu').click();
    await waitUntil(() => maybe(el, '#invite-link'));
    expect(auth.calls.at(-1)!.path).to.match(/\/v1\/staff\/users\/[0-9a-f-]{36}\/invite$/);
    control(el, 'Fertig').click();
    await waitUntil(() => !maybe(el, '#invite-link'));
    control(el, 'Zwei-Faktor zurücksetzen: Anna Admin').click();
    await waitUntil(() => deep<HTMLDialogElement>(el, '#confirm-dialog').open);
    control(el, 'Ja, fortfahren').click();
    await waitUntil(() => auth.calls.some((c) => c.path.endsWith('/reset-2fa')));
    await waitUntil(() => deep(el, '[role=status]').textContent!.includes('zurückgesetzt'));
  });

  it('works for the hosting office across tenants', async () => {
    const auth = server();
    const host = user({ name: 'Hanna Hosting', tenant: null, roles: ['host-admin'], totpEnabled: true });
    auth.users.push(host);
    auth.signIn(host);
    const { el } = await mount(auth, { scope: 'admin', tenant: 'beispielstadt' });
    expect(auth.calls[0]!.path).to.equal('/v1/admin/users?tenant=beispielstadt');
    expect(el.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(3);
    control(el, 'Person einladen').click();
    await waitUntil(() => maybe(el, '#user-name'));
    field(el, 'Name').focus();
    await sendKeys({ type: 'Emil Erst' });
    field(el, 'E-Mail-Adresse').focus();
    await sendKeys({ type: 'emil@beispielstadt.de' });
    field(el, 'Verwaltung der Gemeinde (Benutzer, Rollen, Protokoll)').click();
    control(el, 'Einladung erzeugen').click();
    await waitUntil(() => maybe(el, '#invite-link'));
    expect(auth.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ email: 'emil@beispielstadt.de', name: 'Emil Erst', roles: ['tenant-admin'], tenant: 'beispielstadt' });
  });

  it('reads English', async () => {
    const { el } = await mount();
    el.lang = 'en';
    await el.updateComplete;
    expect(allText(el)).to.contain('Citizen tips: case work');
    expect(allText(el)).to.contain('Staff council');
    expect(maybe(el, 'button.invite')!.textContent!.trim()).to.equal('Invite a person');
  });
});
