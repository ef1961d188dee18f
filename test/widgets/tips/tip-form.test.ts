import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import type { BnTipLocation } from '../../../widgets/tips/location.ts';
import { expectAccessible, expectConsole, guardConsole } from '../helpers.ts';
import { FakeTipsServer, json, problem, settings, tip, TOKEN } from './fake-api.ts';
import { $, deepActive, fieldErrors, hostOf, mount, tabUntil, text } from './helpers.ts';

guardConsole();

const DRAFT_KEY = 'bn-draft:beispielstadt:tip-form';

beforeEach(() => localStorage.removeItem(DRAFT_KEY));
afterEach(() => localStorage.removeItem(DRAFT_KEY));

const form = (tag = 'bn-tip-form') => mount<BnTipForm>(tag as 'bn-tip-form');

/** Sets a building block's value the way a user's input would. */
async function fill(el: BnTipForm, name: string, value: string | boolean) {
  const field = $(el, `[name="${name}"]`) as HTMLElement & { value: unknown; checked: boolean };
  if (typeof value === 'boolean') field.checked = value;
  else field.value = value;
  field.dispatchEvent(new Event(typeof value === 'boolean' || name === 'kind' || name === 'category' ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function setLocation(el: BnTipForm, value: { lat: number | null; lng: number | null; address: string }) {
  const loc = $<BnTipLocation>(el, 'bn-tip-location');
  loc.value = value;
  loc.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function fillValid(el: BnTipForm) {
  await fill(el, 'kind', 'beschwerde');
  await fill(el, 'category', 'gruen');
  await fill(el, 'description', 'Der Spielplatz ist seit Wochen nicht gemäht.');
  await fill(el, 'consent', true);
}

const submit = async (el: BnTipForm) => {
  $(el, '[part~="submit"]').click();
  await el.updateComplete;
};

describe('<bn-tip-form>', () => {
  it('is accessible when empty', async () => {
    const { el } = await form();
    expect(($(el, '[name="kind"]') as unknown as { label: string }).label).to.equal('Was möchten Sie melden?');
    await expectAccessible(el);
  });

  it('shows German validation messages from the shared schema, in a summary with links, and stays accessible', async () => {
    const { el, server } = await form();
    await submit(el);
    const summary = $(el, 'bn-error-summary');
    await waitUntil(() => summary.shadowRoot!.querySelectorAll('a').length > 0);
    const links = [...summary.shadowRoot!.querySelectorAll('a')].map((a) => a.textContent!.trim());
    expect(links).to.include.members([
      'Bitte wählen Sie, was Sie melden möchten.',
      'Bitte wählen Sie ein Thema.',
      'Bitte beschreiben Sie Ihr Anliegen.',
      'Bitte stimmen Sie den Datenschutzhinweisen zu.',
    ]);
    expect(deepActive()?.getAttribute('part')).to.equal('base'); // the summary took focus
    expect(fieldErrors(el)).to.include('Bitte beschreiben Sie Ihr Anliegen.');
    expect(server.called('POST /v1/tips')).to.have.length(0);
    await expectAccessible(el);
  });

  it('shows English validation messages when the page is English', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form', undefined, { lang: 'en' });
    await fill(el, 'kind', 'schaden');
    await fill(el, 'notify', true);
    await submit(el);
    await waitUntil(() => fieldErrors(el).length > 0);
    const errors = fieldErrors(el);
    expect(errors).to.include.members(['Please choose a topic.', 'Please describe your message.', 'Please agree to the privacy notice.']);
    expect(errors).to.include('Please place a pin on the map or enter an address.');
    expect(errors).to.include('Please enter your e-mail address so that we can notify you.');
  });

  it('checks the e-mail format and the settings rule for named tips', async () => {
    const server = new FakeTipsServer(undefined, settings({ anonymousAllowed: false }));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fillValid(el);
    await fill(el, 'contact.email', 'erika@');
    await submit(el);
    await waitUntil(() => fieldErrors(el).length > 0);
    expect(fieldErrors(el)).to.include.members(['Bitte geben Sie Ihren Namen an.', 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.']);
  });

  it('can be filled and sent by keyboard alone, then shows reference, tracking link and next steps', async () => {
    const { el, server } = await form();
    const submitted = oneEvent(el, 'bn-submitted');
    // Kind: Tab into the radio group, arrows pick "Schadensmeldung".
    await tabUntil((a) => a.getAttribute('type') === 'radio', 'the kind radios');
    const kind = () => ($(el, '[name="kind"]') as unknown as { value: string }).value;
    // Each arrow moves the choice and the focus; the next key goes to the newly focused radio.
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => kind() === 'beschwerde' && (deepActive() as HTMLInputElement | null)?.value === 'beschwerde', 'the second kind chosen and focused');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => kind() === 'schaden', 'the third kind chosen');
    // Category: a native select, arrows choose.
    await tabUntil((a) => a.localName === 'select', 'the category select');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(($(el, '[name="category"]') as unknown as { value: string }).value).to.equal('strasse');
    await tabUntil((a) => a.localName === 'textarea', 'the description');
    await sendKeys({ type: 'Tiefes Schlagloch' });
    // The address field works without the map.
    await tabUntil((a) => a.localName === 'input' && hostOf(a)?.getAttribute('name') === 'location.address', 'the address');
    await sendKeys({ type: 'Dorfstraße 12' });
    await tabUntil((a) => a.localName === 'input' && hostOf(a)?.getAttribute('name') === 'contact.email', 'the e-mail field');
    await sendKeys({ type: 'erika@example.org' });
    await tabUntil((a) => a.getAttribute('type') === 'checkbox' && hostOf(a)?.getAttribute('name') === 'consent', 'the consent');
    await sendKeys({ press: 'Space' });
    await tabUntil((a) => a.getAttribute('part') === 'submit', 'the send button');
    await sendKeys({ press: 'Enter' });
    const event = await submitted;
    expect(event.detail).to.include({ ref: 'BT-2026-00042' });
    const [call] = server.called('POST /v1/tips');
    if (!call) throw new Error('call missing');
    expect(call.body).to.deep.include({ kind: 'schaden', category: 'strasse', description: 'Tiefes Schlagloch', consent: true, notify: false, lang: 'de' });
    expect(call.body).to.deep.include({ location: { lat: null, lng: null, address: 'Dorfstraße 12' } });
    expect(call.body).to.deep.include({ contact: { name: '', email: 'erika@example.org' } });
    expect(call.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(call.headers['x-altcha']).to.be.a('string').and.not.empty;
    await el.updateComplete;
    expect($(el, '[part~="reference"]').textContent).to.equal('BT-2026-00042');
    const link = $<HTMLAnchorElement>(el, '[part~="tracking-link"]');
    expect(link.href).to.contain('#bn-tip=BT-2026-00042.');
    expect(text(el)).to.contain('So geht es weiter');
    await waitUntil(() => deepActive()?.id === 'done', 'focus moves to the confirmation');
    await expectAccessible(el);
  });

  it('keeps a draft of description, category and location only, restores it after a reload and clears it on success', async () => {
    const first = await form();
    await fill(first.el, 'kind', 'schaden');
    await fill(first.el, 'category', 'strasse');
    await fill(first.el, 'description', 'Laterne flackert');
    await setLocation(first.el, { lat: 51.5, lng: 9.9, address: 'Am Markt' });
    await fill(first.el, 'contact.name', 'Erika Mustermann');
    await fill(first.el, 'contact.email', 'erika@example.org');
    // The draft written after the last input (it is debounced): what it holds is final.
    const filledAt = Date.now();
    const savedAt = () => (JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}') as { savedAt?: number }).savedAt ?? 0;
    await waitUntil(() => savedAt() >= filledAt, 'draft saved after the last input', { timeout: 5000 });
    const stored = localStorage.getItem(DRAFT_KEY)!;
    expect(stored).to.contain('Laterne');
    expect(stored).to.contain('Am Markt');
    expect(stored).not.to.contain('Erika');
    expect(stored).not.to.contain('example.org');
    first.tenant.remove();

    const { el } = await form();
    await el.updateComplete;
    expect(($(el, '[name="description"]') as unknown as { value: string }).value).to.equal('Laterne flackert');
    expect(($(el, '[name="category"]') as unknown as { value: string }).value).to.equal('strasse');
    expect($<BnTipLocation>(el, 'bn-tip-location').value).to.deep.equal({ lat: 51.5, lng: 9.9, address: 'Am Markt' });
    expect(($(el, '[name="contact.name"]') as unknown as { value: string }).value).to.equal('');
    expect(text(el)).to.contain('Entwurf wiederhergestellt');
    await fill(el, 'consent', true);
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="success"]'), 'success', { timeout: 5000 });
    expect(localStorage.getItem(DRAFT_KEY)).to.equal(null);
  });

  it('keeps everything when offline and retries with the same Idempotency-Key', async () => {
    const server = new FakeTipsServer();
    let offline = true;
    const created = server.routes.get('POST /v1/tips')!;
    server.on('POST /v1/tips', (call) => (offline ? Promise.reject(new TypeError('Failed to fetch')) : created(call)));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fillValid(el);
    await fill(el, 'contact.name', 'Erika Mustermann');
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('.failure'), 'offline notice', { timeout: 5000 });
    expect(text(el)).to.contain('Ihre Angaben bleiben erhalten');
    expect(($(el, '[name="description"]') as unknown as { value: string }).value).to.contain('Spielplatz');
    expect(($(el, '[name="contact.name"]') as unknown as { value: string }).value).to.equal('Erika Mustermann');
    await expectAccessible(el);
    offline = false;
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Erneut senden'))!;
    retry.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="success"]'), 'success after retry', { timeout: 5000 });
    const [a, b] = server.called('POST /v1/tips');
    if (!a) throw new Error('a missing');
    if (!b) throw new Error('b missing');
    expect(a.headers['idempotency-key']).to.equal(b.headers['idempotency-key']);
    expect(a.headers['x-altcha']).to.equal(b.headers['x-altcha']);
  });

  it('says what it is waiting for while sending, accessibly, and ignores a second click', async () => {
    const server = new FakeTipsServer();
    server.on('POST /v1/tips', () => new Promise<Response>(() => {}));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fillValid(el);
    await submit(el);
    await waitUntil(() => server.called('POST /v1/tips').length === 1, 'sending', { timeout: 5000 });
    await el.updateComplete;
    const button = $(el, '[part~="submit"]');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent!.trim()).to.equal('Wird gesendet …');
    expect($(el, '.progress').textContent).to.equal('Ihr Anliegen wird gesendet …');
    expect($(el, 'form').getAttribute('aria-busy')).to.equal('true');
    await submit(el);
    expect(server.called('POST /v1/tips')).to.have.length(1);
    await expectAccessible(el);
  });

  it('puts a server 422 on the right field in the citizen language', async () => {
    const server = new FakeTipsServer();
    server.on('POST /v1/tips', () => problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'location.address', message: 'Place a pin on the map or enter an address.' }] }));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fillValid(el);
    await submit(el);
    await waitUntil(() => fieldErrors(el).length > 0, 'field error', { timeout: 5000 });
    expect(fieldErrors(el)).to.deep.equal(['Bitte setzen Sie einen Punkt auf der Karte oder geben Sie eine Adresse an.']);
  });

  it('stops at an emergency category and shows what to do instead', async () => {
    const { el, server } = await form();
    await fill(el, 'kind', 'schaden');
    await fill(el, 'category', 'gas');
    const notice = $(el, '[part~="emergency"]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('112');
    expect(el.shadowRoot!.querySelector('[part~="submit"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[name="description"]')).to.equal(null);
    await expectAccessible(el);
    notice.querySelector('button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="emergency"]')).to.equal(null);
    expect(server.called('POST /v1/tips')).to.have.length(0);
  });

  it('opens the map for damage reports; a pin is placed by keyboard at the map centre and removed again', async () => {
    const { el } = await form();
    await fill(el, 'kind', 'schaden');
    const loc = $<BnTipLocation>(el, 'bn-tip-location');
    const centreButton = () => [...loc.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Kartenmitte') && !b.hidden);
    await waitUntil(centreButton, 'the centre button', { timeout: 5000 });
    const centre = centreButton()!;
    const map = loc.shadowRoot!.querySelector('.map')!;
    expect(map.getAttribute('role')).to.equal('region');
    expect(map.classList.contains('bn-no-tiles')).to.equal(true); // no tile URL: no third-party requests
    centre.focus();
    await sendKeys({ press: 'Enter' });
    await loc.updateComplete;
    expect(loc.value.lat).to.be.closeTo(51.5, 0.001);
    expect(loc.value.lng).to.be.closeTo(9.9, 0.001);
    expect(loc.shadowRoot!.querySelector('[part~="pin-status"]')!.textContent).to.contain('Punkt gesetzt: 51,50000, 9,90000');
    await waitUntil(() => loc.shadowRoot!.querySelector('.bn-pin'), 'pin drawn');
    // The pin's look comes with the map (core leaflet-css.ts), not with the form's first paint.
    const shape = getComputedStyle(loc.shadowRoot!.querySelector('.bn-pin-shape')!);
    expect([shape.inlineSize, shape.borderBottomLeftRadius, shape.borderTopLeftRadius]).to.deep.equal(['24px', '0px', '50%']);
    await expectAccessible(el);
    const remove = [...loc.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Punkt entfernen'))!;
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await loc.updateComplete;
    expect(loc.value.lat).to.equal(null);
    expect(deepActive()?.textContent).to.contain('Kartenmitte');
  });

  it('brings the confirmation’s styles with the confirmation: reference and code large, each beside its copy button', async () => {
    const { el } = await form();
    await fillValid(el);
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="reference"]'), 'success', { timeout: 5000 });
    const row = getComputedStyle(el.shadowRoot!.querySelector('.copyable')!);
    expect(row.display).to.equal('flex');
    const ref = $(el, '[part~="reference"]');
    expect(parseFloat(getComputedStyle(ref).fontSize)).to.be.closeTo(1.4 * parseFloat(getComputedStyle(ref.parentElement!.parentElement!).fontSize), 0.5);
  });

  it('uses the device’s location as the pin and opens the map', async () => {
    const { el } = await form();
    const loc = $<BnTipLocation>(el, 'bn-tip-location');
    const geo = navigator.geolocation;
    const original = geo.getCurrentPosition;
    geo.getCurrentPosition = (ok: PositionCallback) => ok({ coords: { latitude: 51.5, longitude: 9.9 } } as GeolocationPosition);
    try {
      [...loc.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Meinen Standort verwenden'))!.click();
      await waitUntil(() => loc.value.lat !== null, 'the pin from the device', { timeout: 5000 });
      expect(loc.value.lng).to.be.closeTo(9.9, 0.001);
      await waitUntil(() => loc.shadowRoot!.querySelector('.map'), 'the map opened', { timeout: 5000 });
      expect(loc.shadowRoot!.querySelector('[part~="pin-status"]')!.textContent).to.contain('Punkt gesetzt: 51,50000, 9,90000');
    } finally {
      geo.getCurrentPosition = original;
    }
  });

  it('links to the town’s status page when it names one', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form', undefined, { attrs: { 'status-page': '/buergerservice/stand.html' } });
    await fillValid(el);
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="tracking-link"]'), 'success', { timeout: 5000 });
    expect($<HTMLAnchorElement>(el, '[part~="tracking-link"]').href).to.equal(`${location.origin}/buergerservice/stand.html#bn-tip=BT-2026-00042.${TOKEN}`);
  });

  it('asks a category’s extra questions', async () => {
    const { el, server } = await form();
    await fill(el, 'kind', 'schaden');
    await fill(el, 'category', 'beleuchtung');
    await fill(el, 'answers.mastnummer', 'M-17');
    await fill(el, 'description', 'Dunkel');
    await setLocation(el, { lat: null, lng: null, address: 'Am Markt' });
    await fill(el, 'consent', true);
    await submit(el);
    await waitUntil(() => server.called('POST /v1/tips').length === 1, 'sent', { timeout: 5000 });
    expect(server.called('POST /v1/tips')![0]!.body).to.deep.include({ answers: { mastnummer: 'M-17' } });
  });

  it('offers published reports nearby for a damage report and counts support instead', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips/nearby', () => json({ items: [tip({ distance: 12 })] }));
    server.on('POST /v1/tips/:ref/support', () => json({ ref: 'BT-2026-00007', supportCount: 3 }));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fill(el, 'kind', 'schaden');
    await fill(el, 'category', 'strasse');
    await setLocation(el, { lat: 51.5, lng: 9.9, address: '' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="duplicates"]'), 'duplicates offered', { timeout: 5000 });
    const nearby = server.called('GET /v1/tips/nearby').at(-1)!;
    expect(nearby.url.searchParams.get('category')).to.equal('strasse');
    expect(text(el)).to.contain('etwa 10 m entfernt');
    // The view's styles came with it: a plain list, the status as a badge.
    expect(getComputedStyle($(el, '[part~="duplicates"] ul')).listStyleType).to.equal('none');
    expect(getComputedStyle($(el, '[part~="duplicates"] .badge')).display).to.equal('inline-block');
    await expectAccessible(el);
    const support = $(el, '[part~="duplicates"] button.primary');
    expect(support.getAttribute('aria-label')).to.equal('Meldung BT-2026-00007 unterstützen');
    support.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="success"]'), 'supported', { timeout: 5000 });
    expect(text(el)).to.contain('BT-2026-00007 hat jetzt 3 Unterstützungen');
    const [call] = server.called('POST /v1/tips/BT-2026-00007/support');
    if (!call) throw new Error('call missing');
    expect(call.headers['idempotency-key']).to.be.a('string');
    expect(call.headers['x-altcha']).to.be.a('string');
    expect(server.called('POST /v1/tips')).to.have.length(0);
  });

  it('uploads photos with progress before sending their ids', async () => {
    const { el, server } = await form();
    await fillValid(el);
    const picker = $(el, 'bn-file-picker') as HTMLElement & { addFiles(f: File[]): void; uploader: unknown };
    picker.uploader = server.uploader;
    picker.addFiles([new File([new Uint8Array(100)], 'laterne.jpg', { type: 'image/jpeg' })]);
    await submit(el);
    await waitUntil(() => server.called('POST /v1/tips').length === 1, 'sent', { timeout: 5000 });
    expect(server.called('POST /v1/uploads')).to.have.length(1);
    expect((server.called('POST /v1/tips')![0]!.body as { photos: string[] }).photos).to.deep.equal(['00000000-0000-4000-8000-000000000001']);
  });

  it('shows the town’s fallback content when it cannot load on its own', async () => {
    expectConsole('error', /could not load the configuration|KEY_REVOKED/);
    const el = await fixture<BnTipForm>(html`<bn-tip-form api-key="bn_pk_bad" api-base=${`${location.origin}/__stub__`}>
      <p>Schreiben Sie uns: <a href="mailto:rathaus@example.org">rathaus@example.org</a></p>
    </bn-tip-form>`);
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="unavailable"]'), 'unavailable', { timeout: 5000 });
    expect(el.querySelector('a')!.checkVisibility()).to.equal(true);
    expect(text(el)).to.contain('nicht verfügbar');
    await expectAccessible(el);
  });
});
