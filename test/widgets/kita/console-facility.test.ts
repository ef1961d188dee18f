import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext, type Me } from '../../../widgets/core/staff-context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import type { BnConsoleKitaFacility } from '../../../widgets/kita/console-facility.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { deepActive, tabUntil, text as rawText } from '../tips/helpers.ts';
import { KITA } from '../../backend/kita-facility.ts';
import { json, problem, staffFacility, teamServer, type FakeKitaServer } from './fake-api.ts';

guardConsole();

const me = (roles: string[]): Me =>
  ({
    user: { id: 'u1', email: 'a@beispielstadt.example', name: 'Sachbearbeitung', roles, totpEnabled: false, tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' } },
    tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['kita'], languages: ['de', 'en'], parent: null },
    host: false,
    mustEnrollTotp: false,
  }) as unknown as Me;

/** The section as `<bn-console>` mounts it, with the Kitas listed and the team data loaded. */
async function mountSection(server: FakeKitaServer, opts: { lang?: string; roles?: string[] } = {}) {
  const host = await fixture<HTMLDivElement>(html`<div lang=${opts.lang ?? 'de'}></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  new ContextProvider(host, { context: staffContext, initialValue: me(opts.roles ?? ['kita']) });
  const el = document.createElement('bn-console-kita') as BnConsoleKita;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('bn-console-kita-team'), 'Kitas and team loaded', { timeout: 5000 });
  return el;
}

/** The text as read, without the marks that isolate names (FSI … PDI). */
const text = (el: Element) => rawText(el).replace(/[\u2066-\u2069]/g, '');
const q = <E extends Element = HTMLElement>(root: Element, sel: string) => root.shadowRoot!.querySelector<E & HTMLElement>(sel);
const button = (root: Element, label: string) => [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes(label));
const editorOf = (el: Element) => q<BnConsoleKitaFacility>(el, 'bn-console-kita-facility')!;

/** Types into a field the way a person does: the value, then its input event. */
function fill(editor: Element, name: string, value: string): void {
  const field = q<HTMLElement & { value: string }>(editor, `[name="${name}"]`)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function type(value: string): Promise<void> {
  await sendKeys({ type: value });
}

describe('<bn-console-kita-facility>', () => {
  it('the office adds a Kita by keyboard: focus into the form, a body the API accepts, a status and focus back on "Kita hinzufügen"', async () => {
    const { server } = teamServer();
    server.on('POST /v1/staff/kita/facilities', (call) => json({ ...staffFacility(), ...(call.body as object), id: '00000000-0000-4000-8000-000000000009' }, 201));
    const el = await mountSection(server);
    const add = button(el, 'Kita hinzufügen')!;
    add.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
    const editor = editorOf(el);
    await waitUntil(() => deepActive()?.tagName === 'H3', 'focus on the form heading');
    expect(deepActive()!.textContent).to.contain('Neue Kita');
    await expectAccessible(el);

    const into = async (name: string) => tabUntil((a) => (a.getRootNode() as ShadowRoot).host?.getAttribute('name') === name, name);
    // The tests' one Kita, typed as the office would; what the form leaves untouched takes its defaults.
    await into('name');
    await type(KITA.name);
    await into('provider');
    await type(KITA.provider);
    await into('address');
    await type(KITA.address);
    await into('lat');
    await type(String(KITA.lat));
    await into('lng');
    await type(String(KITA.lng));
    for (const age of KITA.ageGroups) {
      await into(`age-${age}`);
      await sendKeys({ press: 'Space' });
    }
    await into('careHours');
    await type(KITA.careHours.join(', '));
    await into('languages');
    await type(KITA.languages.join(', '));
    await into('capacity.krippe');
    await type(String(KITA.capacity.krippe));
    await tabUntil((a) => a.tagName === 'BUTTON' && a.textContent!.includes('Kita hinzufügen') && a.getRootNode() === editor.shadowRoot, 'the add button');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => text(el).includes(`${KITA.name} ist eingetragen.`), 'status');
    const [call] = server.called('POST /v1/staff/kita/facilities');
    const { name, provider, address, lat, lng, ageGroups, careHours, languages } = KITA;
    expect(call!.body).to.deep.equal({
      ...{ name, provider, address, lat, lng, ageGroups, careHours },
      openingHours: '',
      concepts: [],
      languages,
      accessible: false,
      accessibility: '',
      capacity: { krippe: KITA.capacity.krippe },
      email: null,
      active: true,
    });
    expect(q(el, 'bn-console-kita-facility'), 'editor closed').to.equal(null);
    await waitUntil(() => deepActive()?.classList.contains('add-facility'), 'focus back on "Kita hinzufügen"');
    expect(server.called('GET /v1/staff/kita/facilities').length, 'list reloaded').to.be.greaterThan(1);
  });

  it('every required field says so in the words of the other forms (core), in German and in English', async () => {
    for (const [lang, add, words] of [
      ['de', 'Kita hinzufügen', 'Bitte füllen Sie dieses Feld aus.'],
      ['en', 'Add the Kita', 'Please fill in this field.'],
    ] as const) {
      const { server } = teamServer();
      const el = await mountSection(server, { lang });
      (button(el, 'Kita hinzufügen') ?? button(el, 'Add a Kita'))!.click();
      await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
      const editor = editorOf(el);
      [...editor.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === add)!.click();
      await waitUntil(() => q<HTMLElement & { error: string }>(editor, 'bn-text-field[name="name"]')!.error, 'client-side errors');
      // name, provider and address carry the Kita schema's message; care hours are worded by core.
      const errors = ['name', 'provider', 'address', 'careHours'].map((n) => q<HTMLElement & { error: string }>(editor, `bn-text-field[name="${n}"]`)!.error);
      expect(errors, lang).to.deep.equal([words, words, words, words]);
      el.parentElement!.remove();
    }
  });

  it('in English: missing fields are refused before sending; a 422 from the API lands at its field and in the summary', async () => {
    const { server } = teamServer();
    server.on('POST /v1/staff/kita/facilities', () => problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'email', message: 'Diese Adresse nimmt keine Post an. · This address takes no mail.' }] }));
    const el = await mountSection(server, { lang: 'en' });
    button(el, 'Add a Kita')!.click();
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
    const editor = editorOf(el);
    button(editor, 'Add the Kita')!.click();
    await waitUntil(() => q(editor, 'bn-error-summary')!.shadowRoot!.textContent!.includes('At least one age group.'), 'client-side errors');
    expect(q<HTMLElement & { error: string }>(editor, 'bn-text-field[name="name"]')!.error).to.equal('Please fill in this field.');
    expect(q(editor, '#age-error')!.textContent).to.equal('At least one age group.');
    expect(q(editor, 'fieldset[data-field="ageGroups"] legend .req'), 'marked required as the other fields are').to.not.equal(null);
    expect(q(editor, 'bn-error-summary')!.shadowRoot!.textContent, 'the summary names the field').to.contain('Name of the Kita: Please fill in this field.');
    expect(q(editor, 'bn-error-summary')!.shadowRoot!.textContent, 'a group by its name, without the required mark').to.contain('Age groups: At least one age group.');
    expect(deepActive()!.closest('[part~="base"]'), 'summary focused').to.not.equal(null);
    expect(server.called('POST /v1/staff/kita/facilities')).to.have.length(0);

    fill(editor, 'name', 'Kita Regenbogen');
    fill(editor, 'provider', 'AWO');
    fill(editor, 'address', 'Am Anger 3');
    fill(editor, 'careHours', '35');
    fill(editor, 'email', 'kita@regenbogen.example');
    const krippe = q<HTMLElement & { checked: boolean }>(editor, 'bn-checkbox[name="age-krippe"]')!;
    krippe.checked = true;
    krippe.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    button(editor, 'Add the Kita')!.click();
    const email = q<HTMLElement & { error: string }>(editor, 'bn-text-field[name="email"]')!;
    await waitUntil(() => email.error === 'This address takes no mail.', 'server error at the field, in English');
    expect(q(editor, '#age-error'), 'the fixed group error is gone').to.equal(null);
    expect(q(editor, 'bn-error-summary')!.shadowRoot!.textContent).to.contain('This address takes no mail.');
    expect(q(editor, 'bn-error-summary')!.shadowRoot!.textContent).not.to.contain('keine Post');
    await expectAccessible(editor);
  });

  it('a session that ended while editing sends the console back to sign-in (bn-session-end); what was typed stays', async () => {
    const { server, kita } = teamServer();
    server.on('PATCH /v1/staff/kita/facilities/:id', () => problem(401, 'UNAUTHENTICATED'));
    const el = await mountSection(server);
    let ended = 0;
    el.addEventListener('bn-session-end', () => ended++);
    q<HTMLButtonElement>(el, `button[data-edit="${kita.id}"]`)!.click();
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
    const editor = editorOf(el);
    fill(editor, 'openingHours', 'Mo–Fr 7–16');
    button(editor, 'Speichern')!.click();
    await waitUntil(() => ended === 1, 'the console was told');
    expect(q<HTMLElement & { value: string }>(editorOf(el), 'bn-text-field[name="openingHours"]')!.value).to.equal('Mo–Fr 7–16');
  });

  it('editing sends only what changed (PATCH); cancel sends nothing; focus returns to the card\'s "Angaben ändern"', async () => {
    const { server, kita } = teamServer();
    server.on('PATCH /v1/staff/kita/facilities/:id', (call) => json(Object.assign(kita, call.body)));
    const el = await mountSection(server);
    const edit = () => q<HTMLButtonElement>(el, `button[data-edit="${kita.id}"]`);
    expect(edit()!.textContent).to.contain('Angaben ändern');

    edit()!.click();
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
    let editor = editorOf(el);
    expect(q<HTMLElement & { value: string }>(editor, 'bn-text-field[name="careHours"]')!.value, 'the Kita as loaded').to.equal('25, 35, 45');
    fill(editor, 'name', 'Kita Mondschein');
    button(editor, 'Abbrechen')!.click();
    await waitUntil(() => deepActive() === edit(), 'focus back on the card button after cancel');
    expect(server.called(`PATCH /v1/staff/kita/facilities/${kita.id}`)).to.have.length(0);
    expect(text(el)).to.contain('Kita Sonnenblume');

    edit()!.click();
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open again');
    editor = editorOf(el);
    expect(q<HTMLElement & { value: string }>(editor, 'bn-text-field[name="name"]')!.value, 'cancelled change not kept').to.equal('Kita Sonnenblume');
    fill(editor, 'openingHours', 'Mo–Fr 7–16');
    fill(editor, 'capacity.kindergarten', '20');
    // The light changed meanwhile on the same card: the list reloads, what was typed stays.
    const loads = server.called('GET /v1/staff/kita/facilities').length;
    const light = q<HTMLElement & { value: string }>(el, `bn-select[name="light-${kita.id}"]`)!;
    light.value = 'red';
    light.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await waitUntil(() => server.called('GET /v1/staff/kita/facilities').length > loads && editorOf(el).facility?.light === 'red', 'list reloaded');
    await editorOf(el).updateComplete;
    expect(q<HTMLElement & { value: string }>(editorOf(el), 'bn-text-field[name="openingHours"]')!.value, 'typed text kept').to.equal('Mo–Fr 7–16');
    button(editor, 'Speichern')!.click();
    await waitUntil(() => text(el).includes('Die Angaben zu Kita Sonnenblume sind gespeichert.'), 'saved');
    const calls = server.called(`PATCH /v1/staff/kita/facilities/${kita.id}`);
    expect(calls).to.have.length(2);
    expect(calls[0]!.body).to.deep.equal({ light: 'red' });
    expect(calls[1]!.body).to.deep.equal({ openingHours: 'Mo–Fr 7–16', capacity: { ...KITA.capacity, kindergarten: 20 } });
    await waitUntil(() => deepActive() === edit(), 'focus back on the card button after saving');
  });

  it("the office deletes only after asking; a Kita with wishes is refused with the API's reason and stays", async () => {
    const { server, kita } = teamServer();
    server.on('DELETE /v1/staff/kita/facilities/:id', () =>
      problem(409, 'FACILITY_IN_USE', { detail: 'Für diese Kita gibt es Wünsche; bitte stattdessen deaktivieren. · This Kita has wishes; deactivate it instead.' }),
    );
    const el = await mountSection(server);
    q<HTMLButtonElement>(el, `button[data-edit="${kita.id}"]`)!.click();
    await waitUntil(() => editorOf(el)?.shadowRoot?.querySelector('form'), 'editor open');
    const editor = editorOf(el);
    button(editor, 'Kita löschen')!.click();
    await waitUntil(() => deepActive()?.classList.contains('confirm'), 'the question has focus');
    expect(text(editor)).to.contain('Kita Sonnenblume wirklich löschen?');
    expect(server.called(`DELETE /v1/staff/kita/facilities/${kita.id}`), 'nothing deleted before the answer').to.have.length(0);
    await expectAccessible(editor);
    button(editor, 'Ja, löschen')!.click();
    await waitUntil(() => q(editor, '[role="alert"]')!.textContent!.includes('Für diese Kita gibt es Wünsche; bitte stattdessen deaktivieren.'), 'refusal in words');
    expect(text(editor)).not.to.contain('deactivate it instead');
    expect(server.called(`DELETE /v1/staff/kita/facilities/${kita.id}`)).to.have.length(1);
    expect(deepActive()?.classList.contains('delete'), 'focus back on the delete button').to.equal(true);
    expect(q(el, 'bn-console-kita-facility'), 'the editor stays open').to.not.equal(null);

    // Without wishes the API deletes it: the list says so and the list's heading takes focus.
    let gone = false;
    server.on('DELETE /v1/staff/kita/facilities/:id', () => {
      gone = true;
      return new Response(null, { status: 204 });
    });
    server.on('GET /v1/staff/kita/facilities', () => json({ items: gone ? [] : [kita] }));
    button(editor, 'Kita löschen')!.click();
    await waitUntil(() => button(editor, 'Ja, löschen'), 'asked again');
    button(editor, 'Ja, löschen')!.click();
    await waitUntil(() => text(el).includes('Kita Sonnenblume ist gelöscht.'), 'deleted, said in words');
    await waitUntil(() => deepActive()?.classList.contains('facilities'), 'focus on the list heading');
    await waitUntil(() => text(el).includes('Für Ihre Gemeinde sind noch keine Kitas eingetragen.'), 'list reloaded');
    expect(button(el, 'Kita hinzufügen'), 'an empty list still offers to add').to.not.equal(undefined);
  });

  it("read-only staff see no add, change or delete; a clerk in a Kita's team changes its details but neither adds nor deletes", async () => {
    const readOnly = await mountSection(teamServer({ mayAssign: false }).server, { roles: ['kita:read'] });
    await waitUntil(() => text(readOnly).includes('Kita Sonnenblume'), 'list');
    expect(button(readOnly, 'Kita hinzufügen')).to.equal(undefined);
    expect(button(readOnly, 'Angaben ändern')).to.equal(undefined);

    const { server, kita } = teamServer({ mayAssign: false, scope: [staffFacility().id] });
    const team = await mountSection(server, { roles: ['kita'] });
    await waitUntil(() => q(team, `button[data-edit="${kita.id}"]`), 'change offered to the team clerk');
    expect(button(team, 'Kita hinzufügen')).to.equal(undefined);
    q<HTMLButtonElement>(team, `button[data-edit="${kita.id}"]`)!.click();
    await waitUntil(() => editorOf(team)?.shadowRoot?.querySelector('form'), 'editor open');
    expect(button(editorOf(team), 'Kita löschen')).to.equal(undefined);
  });
});
