import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/kita/define.ts';
import type { BnKitaRegistration } from '../../../widgets/kita/registration.ts';
import type { BnKitaStatus } from '../../../widgets/kita/status.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import { berlinToday } from '../../../backend/core/time.ts';
import { addMonths } from '../../../backend/kita/schema.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { deepActive, hostOf, tabUntil, text } from '../tips/helpers.ts';
import { facility, FakeKitaServer, json, KITA_TOKEN, problem, status } from './fake-api.ts';

guardConsole();

async function mount<T extends HTMLElement>(tag: 'bn-kita-registration' | 'bn-kita-status', server = new FakeKitaServer(), attrs: Record<string, string> = {}) {
  const tenant = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${server.client()}></bn-tenant>`);
  const el = document.createElement(tag) as unknown as T;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  tenant.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector(tag === 'bn-kita-registration' ? 'form li' : '[part~="base"]'), `${tag} did not render`, { timeout: 5000 });
  return { el, server };
}

/** The accessible name of a focused control, as far as these tests need it. */
const nameOf = (a: Element) => (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\s+/g, ' ').trim();
const tabToButton = (name: string) => tabUntil((a) => a.localName === 'button' && nameOf(a) === name, `button "${name}"`, 80);
const tabToField = (name: string) => tabUntil((a) => hostOf(a)?.getAttribute('name') === name, `field ${name}`, 80);
const progress = (el: Element) => el.shadowRoot!.querySelector('[part~="progress"]')!.textContent!.trim();

/** A date typed the way a keyboard user does into Chromium's date input (en-US order). */
async function typeDate(iso: string) {
  const [y, m, d] = iso.split('-');
  await sendKeys({ type: `${m}${d}${y}` });
}

describe('<bn-kita-registration>', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is accessible and says which step it is', async () => {
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration');
    expect(progress(el)).to.equal('Schritt 1 von 5');
    expect(text(el)).to.contain('3 Kitas gefunden');
    await expectAccessible(el);
  });

  it('filters by town, age group, Träger and care hours', async () => {
    const server = new FakeKitaServer(undefined, [facility(1), facility(2, { provider: 'Eulennest e. V.', careHours: [25], ageGroups: ['kindergarten'] }), facility(3)]);
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    const pick = async (name: string, value: string) => {
      const f = el.shadowRoot!.querySelector(`[name="${name}"]`) as HTMLElement & { value: string };
      f.value = value;
      f.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    await pick('town', 'musterkreis');
    expect(text(el)).to.contain('1 Kita gefunden');
    await pick('town', '');
    await pick('provider', 'Eulennest e. V.');
    expect(text(el)).to.contain('Waldkindergarten Eulennest');
    expect(text(el)).not.to.contain('Kita Sonnenblume');
    await pick('provider', '');
    await pick('hours', '45');
    await pick('age', 'krippe');
    expect(text(el)).to.contain('2 Kitas gefunden');
  });

  it('registers by keyboard alone, by accessible names, axe-clean in every step, nothing in browser storage', async function () {
    // Some sixty key presses and five axe runs: longer than the default 10 s on a busy machine.
    this.timeout(60_000);
    // Other files' widgets on this origin (the tip form's draft) may have left keys behind:
    // only what this registration writes counts.
    localStorage.clear();
    sessionStorage.clear();
    const server = new FakeKitaServer();
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    const birth = addMonths(berlinToday(), -14);
    const start = addMonths(berlinToday(), 2);
    // Step 1: find and wish two Kitas.
    await tabToButton('Wünschen: Kita Sonnenblume');
    await sendKeys({ press: 'Space' });
    await tabToButton('Wünschen: Kreis-Kita Am Moor');
    await sendKeys({ press: 'Enter' });
    await expectAccessible(el);
    await tabToButton('Weiter');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => progress(el) === 'Schritt 2 von 5');
    // Step 2: the county's Kita moves up.
    await expectAccessible(el);
    await tabToButton('Kreis-Kita Am Moor nach oben');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(el).includes('1. Kreis-Kita Am Moor'));
    expect(text(el)).to.contain('Kreis-Kita Am Moor ist jetzt auf Platz 1.');
    expect(nameOf(deepActive()!)).to.equal('Kreis-Kita Am Moor nach unten', 'focus stays on the moved Kita');
    await tabToButton('Weiter');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => progress(el) === 'Schritt 3 von 5');
    // Step 3: the child. "Weiter" with nothing filled shows the errors first.
    await expectAccessible(el);
    await tabToField('child.firstName');
    await sendKeys({ type: 'Mia' });
    await tabToField('child.lastName');
    await sendKeys({ type: 'Muster' });
    await tabToField('child.birthDate');
    await typeDate(birth);
    await tabToField('startDate');
    await typeDate(start);
    await tabToField('careHours');
    await sendKeys({ type: '35' });
    await tabToButton('Weiter');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => progress(el) === 'Schritt 4 von 5', `step 4; errors: ${text(el)}`);
    // Step 4: the guardian.
    await expectAccessible(el);
    await tabToField('guardians.0.firstName');
    await sendKeys({ type: 'Eva' });
    await tabToField('guardians.0.lastName');
    await sendKeys({ type: 'Muster' });
    await tabToField('guardians.0.email');
    await sendKeys({ type: 'eva@example.org' });
    await tabToField('guardians.0.address');
    await sendKeys({ type: 'Hauptstraße 1' });
    await tabToField('guardians.0.working');
    await sendKeys({ press: 'Space' });
    await tabToButton('Weiter');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => progress(el) === 'Schritt 5 von 5', `step 5; ${text(el)}`);
    // Step 5: review, consent, send.
    await expectAccessible(el);
    expect(text(el)).to.contain('Mia Muster');
    await tabToField('consent');
    await sendKeys({ press: 'Space' });
    await tabToButton('Anmeldung absenden');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="reference"]'), 'success', { timeout: 10000 });
    expect(el.shadowRoot!.querySelector('[part~="reference"]')!.textContent).to.equal('KA-2026-00017');
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="success"] a')!;
    expect(link.href).to.contain(`#bn-kita=KA-2026-00017.${KITA_TOKEN}`);
    const [call] = server.called('POST /v1/kita/registrations');
    const body = call!.body as { wishes: string[]; child: { birthDate: string }; startDate: string; guardians: { working: boolean }[] };
    expect(body.wishes).to.deep.equal([facility(3).id, facility(1).id]);
    expect(body.child.birthDate).to.equal(birth);
    expect(body.startDate).to.equal(start);
    expect(body.guardians[0]!.working).to.equal(true);
    expect(call!.headers['idempotency-key']).to.match(/.{8,}/);
    expect(call!.headers['x-altcha']).to.match(/.{20,}/);
    await expectAccessible(el);
    expect(localStorage.length + sessionStorage.length).to.equal(0, 'nothing about the child or the family in browser storage');
  });

  it('keeps everything typed on a network error and retries with the same Idempotency-Key', async () => {
    const server = new FakeKitaServer();
    let fail = true;
    server.on('POST /v1/kita/registrations', () => {
      if (fail) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ ref: 'KA-2026-00018', token: KITA_TOKEN, state: 'active', createdAt: '2026-12-01T10:00:00Z' }), {
        status: 201,
        headers: { 'content-type': 'application/json' },
      });
    });
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    const internal = el as unknown as Record<string, unknown>;
    Object.assign(internal, {
      wishes: [facility(1).id],
      step: 5,
      consent: true,
      careHours: '35',
      startDate: addMonths(berlinToday(), 2),
      child: { firstName: 'Ben', lastName: 'Muster', birthDate: addMonths(berlinToday(), -20), expected: false, specialNeeds: '' },
      guardians: [{ firstName: 'Eva', lastName: 'Muster', email: 'eva@example.org', phone: '', address: 'Hauptstraße 1', working: false }],
    });
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.failure'), 'failure shown', { timeout: 10000 });
    expect(text(el)).to.contain('Ihre Angaben bleiben erhalten');
    expect(text(el)).to.contain('Ben Muster');
    fail = false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.failure button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="reference"]'), 'sent on retry', { timeout: 10000 });
    const calls = server.called('POST /v1/kita/registrations');
    expect(calls.length).to.equal(2);
    expect(calls[1]!.headers['idempotency-key']).to.equal(calls[0]!.headers['idempotency-key']);
  });

  it("shows the server's bilingual field messages in the page language, on the step that owns the field", async () => {
    const server = new FakeKitaServer();
    server.on(
      'POST /v1/kita/registrations',
      () =>
        new Response(
          JSON.stringify({
            type: 'x',
            title: 'Validation failed',
            status: 422,
            code: 'VALIDATION_FAILED',
            requestId: 'r',
            errors: [{ path: 'child.birthDate', message: 'Anmeldung höchstens 12 Monate vor der Geburt. · Registration at most 12 months before birth.' }],
          }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    Object.assign(el as unknown as Record<string, unknown>, {
      wishes: [facility(1).id],
      step: 5,
      consent: true,
      careHours: '35',
      startDate: addMonths(berlinToday(), 2),
      child: { firstName: 'Ben', lastName: 'Muster', birthDate: addMonths(berlinToday(), -20), expected: false, specialNeeds: '' },
      guardians: [{ firstName: 'Eva', lastName: 'Muster', email: 'eva@example.org', phone: '', address: 'Hauptstraße 1', working: false }],
    });
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => progress(el) === 'Schritt 3 von 5', 'back on the child step', { timeout: 10000 });
    await waitUntil(() => (el.shadowRoot!.querySelector('[name="child.birthDate"]') as unknown as { error: string }).error);
    expect((el.shadowRoot!.querySelector('[name="child.birthDate"]') as unknown as { error: string }).error).to.equal('Anmeldung höchstens 12 Monate vor der Geburt.');
  });

  it('"Später fortsetzen" sends the form to the server for a resume link, and a resume link fills it', async () => {
    const server = new FakeKitaServer();
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.later button')!.click();
    await el.updateComplete;
    const field = el.shadowRoot!.querySelector('[name="laterEmail"]') as HTMLElement & { value: string };
    field.value = 'eva@example.org';
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.later button.primary')!.click();
    await waitUntil(() => text(el).includes('Der Link ist unterwegs'), 'draft saved', { timeout: 10000 });
    const [call] = server.called('POST /v1/kita/drafts');
    expect((call!.body as { email: string; pageUrl: string }).email).to.equal('eva@example.org');
    expect((call!.body as { pageUrl: string }).pageUrl).to.equal(location.href.split('#')[0]);
    // The link from the mail.
    server.on(
      'GET /v1/kita/drafts/resume',
      () => new Response(JSON.stringify({ data: { step: 2, wishes: [facility(2).id] }, expiresAt: '2026-12-15T10:00:00Z' }), { headers: { 'content-type': 'application/json' } }),
    );
    history.replaceState(null, '', `#bn-kita-draft=00000000-0000-4000-8000-0000000000dd.${'t'.repeat(32)}`);
    try {
      const again = await mount<BnKitaRegistration>('bn-kita-registration', server);
      await waitUntil(() => progress(again.el) === 'Schritt 2 von 5', 'resumed on step 2');
      expect(text(again.el)).to.contain('1. Waldkindergarten Eulennest');
      expect(text(again.el)).to.contain('Ihre gespeicherten Angaben sind geladen.');
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  describe('find step: distance and map', () => {
    // Kitas north of the address at 0.5 km, 3.3 km and 11 km; one without a location.
    const near = () => [
      facility(1, { lat: 52.4 + 0.03, lng: 10.05 }),
      facility(2, { lat: 52.4 + 0.0045, lng: 10.05 }),
      facility(3, { lat: 52.4 + 0.1, lng: 10.05 }),
      facility(4, { name: 'Kita ohne Ort', lat: null, lng: null }),
    ];
    const PLACE = { label: 'Schulstraße 1, Beispielstadt', lat: 52.4, lon: 10.05 };
    const mapCfg = (over: Record<string, unknown> = {}) => ({
      map: { tileUrl: null, attribution: '', maxZoom: 19, center: [52.4, 10.05], zoom: 12, addressSearch: true, ...over },
    });
    const cards = (el: Element) => [...el.shadowRoot!.querySelectorAll('[data-facility] h4')].map((h) => h.textContent!.trim());

    it('sorts and filters by the distance from a typed address, asked through our API, in the page language', async () => {
      const server = new FakeKitaServer(undefined, near(), undefined, mapCfg());
      server.on('GET /v1/geocode', () => json({ items: [PLACE] }));
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
      expect(cards(el)[0]).to.equal('Kita Sonnenblume');
      await tabToField('near');
      await sendKeys({ type: 'Schulstraße 1' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(el).includes('Entfernungen ab: Schulstraße 1, Beispielstadt'), 'distance origin');
      const call = server.called('GET /v1/geocode')[0]!;
      expect(call.url.origin).to.equal('https://api.test');
      expect(call.url.searchParams.get('q')).to.equal('Schulstraße 1');
      // Nearest first; the Kita without a location last, said in words; units from core/units.ts.
      expect(cards(el)).to.deep.equal(['Waldkindergarten Eulennest', 'Kita Sonnenblume', 'Kreis-Kita Am Moor', 'Kita ohne Ort']);
      const distances = [...el.shadowRoot!.querySelectorAll('.distance')].map((p) => p.textContent!.trim());
      expect(distances).to.deep.equal(['500 m entfernt', '3,3 km entfernt', '11,1 km entfernt', 'Entfernung unbekannt']);
      const radius = el.shadowRoot!.querySelector('[name="radius"]') as HTMLElement & { value: string };
      radius.value = '5';
      radius.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await el.updateComplete;
      expect(cards(el)).to.deep.equal(['Waldkindergarten Eulennest', 'Kita Sonnenblume']);
      expect(text(el)).to.contain('2 Kitas gefunden');
      await expectAccessible(el);
      await tabToButton('Entfernung zurücksetzen');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(cards(el)).to.have.length(4);
      expect(el.shadowRoot!.querySelector('.distance')).to.equal(null);
    });

    it('says so when the address is not found or the search fails, and the list stays complete', async () => {
      const server = new FakeKitaServer(undefined, near(), undefined, mapCfg());
      let answer = () => json({ items: [] });
      server.on('GET /v1/geocode', () => answer());
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
      await tabToField('near');
      await sendKeys({ type: 'Nirgendwo' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(el).includes('Diese Adresse wurde nicht gefunden'), 'not found');
      answer = () => problem(503, 'GEOCODER_UNAVAILABLE');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(el).includes('Die Adresssuche ist gerade nicht erreichbar'), 'failed');
      expect(cards(el)).to.have.length(4);
    });

    it("offers no distance filter without the tenant's address search", async () => {
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', new FakeKitaServer(undefined, near(), undefined, mapCfg({ addressSearch: false })));
      expect(el.shadowRoot!.querySelector('[name="near"]')).to.equal(null);
    });

    it('without a tile server says so in words instead of drawing an empty map, and loads no Leaflet', async () => {
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', new FakeKitaServer(undefined, near(), undefined, mapCfg()));
      await tabToButton('Karte zeigen');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="no-tiles"]')!.textContent).to.contain('kein Kartendienst');
      expect(el.shadowRoot!.querySelector('.map')).to.equal(null);
      expect(el.shadowRoot!.querySelector('.leaflet-container')).to.equal(null);
      expect(deepActive()!.getAttribute('aria-expanded')).to.equal('true');
      await expectAccessible(el);
    });

    it("loads the map only when asked, with the tenant's tiles; a marker opens that Kita's details in the list", async () => {
      // A 1×1 GIF as the "tile server": no network, every tile the same image.
      const tileUrl = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', new FakeKitaServer(undefined, near(), undefined, mapCfg({ tileUrl })));
      expect(el.shadowRoot!.querySelector('.leaflet-container')).to.equal(null);
      (el.shadowRoot!.querySelector('.map-box button') as HTMLButtonElement).click();
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.leaflet-marker-icon').length === 3, 'three markers (one Kita has no location)', { timeout: 8000 });
      const map = el.shadowRoot!.querySelector('.map')!;
      expect(map.getAttribute('role')).to.equal('region');
      expect(map.getAttribute('aria-label')).to.equal('Karte der Kitas');
      const marker = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.leaflet-marker-icon')].find((m) => m.title === 'Kreis-Kita Am Moor')!;
      marker.focus();
      await sendKeys({ press: 'Enter' });
      const card = el.shadowRoot!.querySelector(`[data-facility="${facility(3).id}"]`)!;
      await waitUntil(() => card.querySelector('details')!.open, 'details opened');
      expect(deepActive()).to.equal(card.querySelector('h4'));
      (el.shadowRoot!.querySelector('.map-box button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.leaflet-container')).to.equal(null);
    });

    it("shows a Kita's photo in its details, with the key for <img>", async () => {
      const items = [facility(1, { photo: `/v1/kita/facilities/${facility(1).id}/photo` })];
      const { el } = await mount<BnKitaRegistration>('bn-kita-registration', new FakeKitaServer(undefined, items));
      const img = el.shadowRoot!.querySelector<HTMLImageElement>('[part~="photo"]')!;
      expect(img.alt).to.equal('Foto: Kita Sonnenblume');
      const src = new URL(img.getAttribute('src')!);
      expect(src.pathname).to.equal(`/v1/kita/facilities/${facility(1).id}/photo`);
      expect(src.searchParams.get('key')).to.equal('bn_pk_test');
    });
  });

  it('reflows at 320 px without sideways scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    // With the address search, a distance origin and the map's notice: the widest find step.
    const server = new FakeKitaServer(undefined, undefined, undefined, { map: { tileUrl: null, attribution: '', maxZoom: 19, center: [52.4, 10.05], zoom: 12, addressSearch: true } });
    const { el } = await mount<BnKitaRegistration>('bn-kita-registration', server);
    Object.assign(el, { origin: { label: 'Schulstraße 1, 38100 Beispielstadt', lat: 52.41, lng: 10.05 }, radius: '10', showMap: true });
    for (const step of [1, 4]) {
      (el as unknown as { step: number }).step = step;
      await el.updateComplete;
      const wide = (root: ParentNode): string[] =>
        [...root.querySelectorAll('*')].flatMap((e) => [
          ...(e.getBoundingClientRect().right > 321 ? [`${e.localName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`] : []),
          ...(e.shadowRoot ? wide(e.shadowRoot) : []),
        ]);
      expect(wide(el.shadowRoot!), `step ${step}`).to.deep.equal([]);
    }
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });
});

describe('<bn-kita-status>', () => {
  it('shows each wish and the open offer, accessible; accepting updates the view', async () => {
    const server = new FakeKitaServer();
    const { el } = await mount<BnKitaStatus>('bn-kita-status', server, { ref: 'KA-2026-00017', token: KITA_TOKEN });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="offer"]'), 'offer shown');
    expect(text(el)).to.contain('Platzangebot: Kita Sonnenblume');
    expect(text(el)).to.contain('Kreis-Kita Am Moor (Landkreis Musterkreis): Wartet');
    await expectAccessible(el);
    const accept = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Platz annehmen')!;
    accept.click();
    await waitUntil(() => text(el).includes('Platz angenommen'), 'placed');
    const calls = server.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/accept'));
    expect(calls.map((c) => c.path)).to.deep.equal([`/v1/kita/offers/${status().offers[0]!.id}/accept`]);
    expect(calls[0]!.body).to.deep.equal({ ref: 'KA-2026-00017', token: KITA_TOKEN });
  });
});
