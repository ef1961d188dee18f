import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext, type Me } from '../../../widgets/core/staff-context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import type { BnConsoleKitaSettings, SettingsAccess } from '../../../widgets/kita/console-settings.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { deepActive, tabUntil, text as rawText } from '../tips/helpers.ts';
import { problem, settingsServer, staffSettings, teamServer, type FakeKitaServer } from './fake-api.ts';

guardConsole();

const me = (roles: string[]): Me =>
  ({
    user: { id: 'u1', email: 'a@beispielstadt.example', name: 'Sachbearbeitung', roles, totpEnabled: false, tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' } },
    tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['kita'], languages: ['de', 'en'], parent: null },
    host: false,
    mustEnrollTotp: false,
  }) as unknown as Me;

const text = (el: Element) => rawText(el).replace(/[\u2066-\u2069]/g, '');
const q = <E extends Element = HTMLElement>(root: Element, sel: string) => root.shadowRoot!.querySelector<E & HTMLElement>(sel);
const field = (el: Element, name: string) => q<HTMLElement & { value: string; error: string; checked: boolean; label: string }>(el, `[name="${name}"]`)!;
const button = (root: Element, label: string) => [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes(label));

/** Types into a field the way a person does: the value, then its input event. */
function fill(el: Element, name: string, value: string): void {
  const f = field(el, name);
  f.value = value;
  f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The settings screen alone, as the section mounts it, with its form (or list) loaded. */
async function mountSettings(server: FakeKitaServer, opts: { lang?: string; access?: SettingsAccess; width?: number } = {}) {
  const host = await fixture<HTMLDivElement>(html`<div lang=${opts.lang ?? 'de'} style="inline-size: ${opts.width ?? 800}px"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  const el = document.createElement('bn-console-kita-settings') as BnConsoleKitaSettings;
  el.access = opts.access ?? 'office';
  host.append(el);
  await waitUntil(() => q(el, 'form, .list, [role="alert"]'), 'settings loaded', { timeout: 5000 });
  return el;
}

/** The whole Kita section for a person with these roles; the settings tab opened by keyboard. */
async function openSettingsTab(server: FakeKitaServer, roles: string[]) {
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  new ContextProvider(host, { context: staffContext, initialValue: me(roles) });
  const section = document.createElement('bn-console-kita') as BnConsoleKita;
  host.append(section);
  await waitUntil(() => section.shadowRoot?.querySelector('bn-console-kita-team'), 'section loaded', { timeout: 5000 });
  const tab = q(section, '[role="tab"][aria-selected="true"]')!;
  expect(tab.textContent).to.contain('Anmeldungen und Kitas');
  tab.focus();
  await sendKeys({ press: 'ArrowRight' });
  await waitUntil(() => q(section, 'bn-console-kita-settings'), 'settings tab open');
  const el = q<BnConsoleKitaSettings>(section, 'bn-console-kita-settings')!;
  await waitUntil(() => q(el, 'form, .list'), 'settings loaded', { timeout: 5000 });
  expect(deepActive()!.textContent).to.contain('Einstellungen');
  return { section, el };
}

async function save(el: BnConsoleKitaSettings): Promise<void> {
  button(el, 'Einstellungen speichern')!.click();
  await el.updateComplete;
}

describe('<bn-console-kita-settings>', () => {
  it('is accessible and shows every loaded value in its group, with units and hints linked to the fields', async () => {
    const { server } = settingsServer(
      undefined,
      staffSettings({ maxWishes: 4, offerDays: 10, retentionDays: 200, allocation: 'central', weights: { residence: 10, sibling: 8, bothWorking: 5, hardship: 12, agePerYear: 2.5 } }),
    );
    const el = await mountSettings(server);
    await expectAccessible(el);
    expect(field(el, 'maxWishes').value).to.equal('4');
    expect(field(el, 'offerDays').value).to.equal('10');
    expect(field(el, 'retentionDays').value).to.equal('200');
    expect(field(el, 'allocation').value).to.equal('central');
    expect(field(el, 'acceptOutside').checked).to.equal(true);
    // A German clerk types decimals with a comma, and sees them so.
    expect(field(el, 'weights.agePerYear').value).to.equal('2,5');
    expect(field(el, 'notifyEmail').value).to.equal('kita@beispielstadt.example');
    const legends = [...el.shadowRoot!.querySelectorAll('legend')].map((l) => l.textContent!.trim());
    expect(legends).to.deep.equal(['Anmeldung', 'Vergabe', 'Punkte für die Rangliste', 'Datenschutz', 'Benachrichtigung']);
    // The unit is part of the visible label; the allowed range comes from the API's schema.
    expect(field(el, 'offerDays').label).to.contain('in Tagen');
    expect(field(el, 'leadTimeMonths').label).to.contain('in Monaten');
    const input = field(el, 'offerDays').shadowRoot!.querySelector('input')!;
    const hint = field(el, 'offerDays').shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).to.contain('Erlaubt: 1 bis 90.');
    // What the weights do for the ranking, said once at the group the fields belong to.
    const weights = el.shadowRoot!.querySelector('fieldset[aria-describedby="weights-hint"]')!;
    expect(el.shadowRoot!.getElementById('weights-hint')!.textContent).to.contain('Mehr Punkte heißt weiter oben');
    expect(weights.querySelectorAll('bn-text-field').length).to.equal(5);
  });

  it('lines up the weights side by side even where one label wraps to two lines and its neighbour does not', async () => {
    const { server } = settingsServer();
    const el = await mountSettings(server, { lang: 'en' });
    const part = (name: string, sel: string) => field(el, name).shadowRoot!.querySelector(sel)!.getBoundingClientRect();
    // The width at which "Lives in the catchment area (points)" wraps and its neighbour beside it does not
    // (fonts differ between machines, so it is found, not assumed).
    let found = false;
    for (let w = 800; w >= 400 && !found; w -= 5) {
      el.parentElement!.style.inlineSize = `${w}px`;
      const sideBySide = part('weights.residence', 'label').left < part('weights.sibling', 'label').left;
      found = sideBySide && part('weights.residence', 'label').height > part('weights.sibling', 'label').height;
    }
    expect(found, 'a width where only one label wraps').to.equal(true);
    expect(part('weights.residence', 'input').top).to.equal(part('weights.sibling', 'input').top);
  });

  it('sends only what changed (the weights whole), announces "gespeichert" and shows the saved values', async () => {
    const { server, stored } = settingsServer();
    const el = await mountSettings(server);
    fill(el, 'maxWishes', '7');
    fill(el, 'weights.hardship', '15,5');
    await save(el);
    await waitUntil(() => server.called('PUT /v1/staff/kita/settings').length === 1, 'PUT sent');
    const sent = server.called('PUT /v1/staff/kita/settings')[0]!.body;
    expect(sent).to.deep.equal({ maxWishes: 7, weights: { residence: 10, sibling: 8, bothWorking: 5, hardship: 15.5, agePerYear: 2 } });
    const status = q(el, '[role="status"]')!;
    await waitUntil(() => status.textContent!.includes('Die Einstellungen sind gespeichert.'), 'saved said');
    expect(status.classList.contains('success')).to.equal(true);
    expect(stored.current.maxWishes).to.equal(7);
    expect(field(el, 'maxWishes').value).to.equal('7');
    // Saved again unchanged: nothing goes out, and the clerk is told so.
    await save(el);
    await waitUntil(() => status.textContent!.includes('Sie haben nichts geändert.'), 'unchanged said');
    expect(server.called('PUT /v1/staff/kita/settings').length).to.equal(1);
  });

  it("checks with the API's schema before sending: the error at its field and in the summary, nothing sent", async () => {
    const { server } = settingsServer();
    const el = await mountSettings(server);
    fill(el, 'offerDays', '0');
    fill(el, 'draftDays', '');
    await save(el);
    await waitUntil(() => field(el, 'offerDays').error, 'error at the field');
    expect(field(el, 'offerDays').error).to.equal('Der Wert muss mindestens 1 sein.');
    expect(field(el, 'draftDays').error).to.equal('Bitte füllen Sie dieses Feld aus.');
    const summary = q(el, 'bn-error-summary')!;
    await waitUntil(() => text(summary).includes('Frist zum Annehmen'), 'summary names the field');
    expect(server.called('PUT /v1/staff/kita/settings')).to.have.length(0);
  });

  it("shows the server's 422 at its field and in the summary; what was typed stays", async () => {
    const { server } = settingsServer();
    server.on('PUT /v1/staff/kita/settings', () =>
      problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'statusPageUrl', message: 'Die Seite muss bei Ihrer Gemeinde liegen. · The page must be on your municipality’s site.' }] }),
    );
    const el = await mountSettings(server);
    fill(el, 'statusPageUrl', 'https://anderswo.example/status');
    fill(el, 'retentionDays', '365');
    await save(el);
    await waitUntil(() => field(el, 'statusPageUrl').error, 'error at the field');
    expect(field(el, 'statusPageUrl').error).to.equal('Die Seite muss bei Ihrer Gemeinde liegen.');
    expect(server.called('PUT /v1/staff/kita/settings')[0]!.body).to.deep.equal({ statusPageUrl: 'https://anderswo.example/status', retentionDays: 365 });
    await waitUntil(() => text(q(el, 'bn-error-summary')!).includes('Adresse der Seite mit dem Anmeldestand'), 'in the summary');
    expect(field(el, 'statusPageUrl').value).to.equal('https://anderswo.example/status');
    expect(field(el, 'retentionDays').value).to.equal('365');
  });

  it('keeps what was typed when the server is out of reach, and says so', async () => {
    const { server } = settingsServer();
    server.on('PUT /v1/staff/kita/settings', () => Promise.reject(new TypeError('Failed to fetch')));
    const el = await mountSettings(server);
    fill(el, 'leadTimeMonths', '6');
    await save(el);
    const alert = q(el, '[role="alert"]')!;
    await waitUntil(() => alert.textContent!.includes('Keine Verbindung'), 'alert');
    expect(alert.textContent).to.contain('Ihre Eingaben sind noch da');
    expect(field(el, 'leadTimeMonths').value).to.equal('6');
  });

  it('a failed load says why and loads again on "Erneut versuchen"', async () => {
    const { server } = settingsServer();
    let fail = true;
    const ok = server.routes.get('GET /v1/staff/kita/settings')!;
    server.on('GET /v1/staff/kita/settings', (call) => (fail ? problem(503, 'NOT_READY', { detail: 'Wartung bis 6 Uhr. · Maintenance until 6 am.' }) : ok(call)));
    const el = await mountSettings(server);
    const alert = q(el, '[role="alert"]')!;
    expect(text(alert)).to.contain('Die Einstellungen konnten nicht geladen werden. Wartung bis 6 Uhr.');
    fail = false;
    button(el, 'Erneut versuchen')!.click();
    await waitUntil(() => q(el, 'form'), 'loaded on retry');
    expect(field(el, 'maxWishes').value).to.equal('5');
  });

  it('in English: labels, units and plurals', async () => {
    const { server } = settingsServer(undefined, staffSettings({ offerDays: 1, leadTimeMonths: 1 }));
    const el = await mountSettings(server, { lang: 'en', access: 'read-only' });
    const list = text(q(el, '.list')!);
    expect(list).to.contain('Time to accept an offer1 day');
    expect(list).to.contain('Registration before birth1 month');
    expect(list).to.contain('14 days');
    expect(list).to.contain('not set');
    expect(text(el)).to.contain('your role in daycare registration is read-only');
  });

  it('on a phone the read-only list puts each value under its name, not in a squeezed second column', async () => {
    const { server } = settingsServer();
    const el = await mountSettings(server, { access: 'read-only', width: 343 });
    const dt = q(el, 'dl.facts dt')!.getBoundingClientRect();
    const dd = q(el, 'dl.facts dd')!.getBoundingClientRect();
    expect(dd.left).to.equal(dt.left);
    expect(dd.top).to.be.at.least(dt.bottom);
    expect(dd.width).to.be.greaterThan(300);
  });

  it('read-only staff (kita:read) see the values and the reason, and cannot change them', async () => {
    const { server } = teamServer({ mayAssign: false });
    settingsServer(server);
    const { el } = await openSettingsTab(server, ['kita:read']);
    await expectAccessible(el);
    expect(q(el, 'form')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('bn-text-field, bn-checkbox, bn-radio-group, button[type="submit"]').length).to.equal(0);
    expect(text(el)).to.contain('Ihre Rolle erlaubt in der Kita-Anmeldung nur das Lesen');
    const list = text(q(el, '.list')!);
    expect(list).to.contain('Höchstzahl der Wunsch-Kitas je Kind5 Wünsche');
    expect(list).to.contain('Frist zum Annehmen eines Platzangebots14 Tage');
    expect(list).to.contain('Jede Kita vergibt ihre Plätze selbst');
    expect(server.called('PUT /v1/staff/kita/settings')).to.have.length(0);
  });

  it("a clerk in a Kita's team sees why only the office changes them", async () => {
    const { server } = teamServer({ mayAssign: false, scope: ['00000000-0000-4000-8000-000000000001'] });
    settingsServer(server);
    const { el } = await openSettingsTab(server, ['kita']);
    expect(q(el, 'form')).to.equal(null);
    expect(text(el)).to.contain('die Regeln für alle Kitas ändert nur die Verwaltung');
  });

  it('the office reaches the form by keyboard from the tab and saves with the keyboard', async () => {
    const { server } = teamServer();
    settingsServer(server);
    const { el } = await openSettingsTab(server, ['kita']);
    expect(q(el, 'form')).to.not.equal(null);
    await tabUntil((a) => (a.getRootNode() as ShadowRoot).host?.getAttribute('name') === 'maxWishes', 'maxWishes');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '3' });
    await tabUntil((a) => a.textContent?.includes('Einstellungen speichern') === true, 'save button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => server.called('PUT /v1/staff/kita/settings').length === 1, 'PUT sent');
    expect(server.called('PUT /v1/staff/kita/settings')[0]!.body).to.deep.equal({ maxWishes: 3 });
    await waitUntil(() => text(q(el, '[role="status"]')!).includes('gespeichert'), 'saved said');
  });
});
