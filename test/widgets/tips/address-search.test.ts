import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import type { BnTipLocation } from '../../../widgets/tips/location.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { config, FakeTipsServer, json, problem } from './fake-api.ts';
import { $, deepActive, mount, text } from './helpers.ts';

guardConsole();

const DRAFT_KEY = 'bn-draft:beispielstadt:tip-form';
beforeEach(() => localStorage.removeItem(DRAFT_KEY));
afterEach(() => localStorage.removeItem(DRAFT_KEY));

const PLACES = [
  { label: 'Hauptstraße 12, 38100 Braunschweig', lat: 52.2647, lon: 10.5268 },
  { label: 'Hauptstraße 12, 38442 Wolfsburg', lat: 52.42, lon: 10.78 },
];

function withSearch(answer = () => json({ items: PLACES })) {
  const server = new FakeTipsServer(config({ map: { tileUrl: null, attribution: '', maxZoom: 19, center: [52.26, 10.52], zoom: 14, addressSearch: true } }));
  server.on('GET /v1/geocode', answer);
  return server;
}

const loc = (el: BnTipForm) => $<BnTipLocation>(el, 'bn-tip-location');
const inLoc = <E extends Element = HTMLElement>(el: BnTipForm, sel: string) => loc(el).shadowRoot!.querySelector<E & HTMLElement>(sel)!;

async function typeAddress(el: BnTipForm, value: string) {
  const field = inLoc<HTMLElement & { value: string }>(el, 'bn-text-field');
  field.focus();
  await sendKeys({ type: value });
  await loc(el).updateComplete;
}

describe('<bn-tip-location> address search', () => {
  it('searches through our API by keyboard, lists the results, and a choice sets address and pin', async () => {
    const server = withSearch();
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await typeAddress(el, 'Hauptstraße 12');
    await sendKeys({ press: 'Enter' }); // Enter searches here, it does not send the form
    await waitUntil(() => inLoc(el, '[part~=results]'), 'results');
    const call = server.called('GET /v1/geocode')[0]!;
    expect(call.url.searchParams.get('q')).to.equal('Hauptstraße 12');
    expect(call.url.searchParams.get('lang')).to.equal('de');
    expect(server.called('POST /v1/tips')).to.have.length(0);
    expect(text(loc(el))).to.contain('2 Adressen gefunden');
    // Focus is on the first result; arrows move, Enter chooses.
    expect(deepActive()?.textContent).to.contain('38100 Braunschweig');
    await expectAccessible(el);
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()?.textContent).to.contain('Wolfsburg');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !inLoc(el, '[part~=results]'), 'list closed');
    expect(loc(el).value).to.deep.equal({ address: 'Hauptstraße 12, 38100 Braunschweig', lat: 52.2647, lng: 10.5268 });
    expect(text(loc(el))).to.contain('Ort übernommen: Hauptstraße 12, 38100 Braunschweig');
    expect(deepActive()?.localName).to.equal('input'); // back in the address field
  });

  it('Escape closes the list; no hit and a failing search say so in words', async () => {
    let answer: () => Response = () => json({ items: PLACES });
    const server = withSearch(() => answer());
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await typeAddress(el, 'Hauptstr');
    inLoc(el, '[part~=search]').click();
    await waitUntil(() => inLoc(el, '[part~=results]'));
    await waitUntil(() => deepActive()?.localName === 'button');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !inLoc(el, '[part~=results]'));
    expect(deepActive()?.localName).to.equal('input');
    answer = () => json({ items: [] });
    inLoc(el, '[part~=search]').click();
    await waitUntil(() => text(loc(el)).includes('Keine passende Adresse gefunden'));
    answer = () => problem(502, 'GEOCODER_UNAVAILABLE');
    inLoc(el, '[part~=search]').click();
    await waitUntil(() => text(loc(el)).includes('Die Adresssuche ist gerade nicht verfügbar'));
  });

  it('asks for three characters before searching', async () => {
    const server = withSearch();
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await typeAddress(el, 'Ha');
    inLoc(el, '[part~=search]').click();
    await waitUntil(() => text(loc(el)).includes('mindestens 3 Zeichen'), `no hint: ${text(loc(el))}`);
    expect(server.called('GET /v1/geocode')).to.have.length(0);
  });

  it('speaks English on an English page', async () => {
    const server = withSearch();
    const { el } = await mount<BnTipForm>('bn-tip-form', server, { lang: 'en' });
    await typeAddress(el, 'Hauptstraße 12');
    inLoc(el, '[part~=search]').click();
    await waitUntil(() => inLoc(el, '[part~=results]'));
    expect(text(loc(el))).to.contain('2 addresses found');
    expect(server.called('GET /v1/geocode')[0]!.url.searchParams.get('lang')).to.equal('en');
  });

  it('offers no search without a geocoder, and a map without tiles says so in words', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form');
    expect(inLoc(el, '[part~=search]')).to.equal(null);
    const buttons = [...loc(el).shadowRoot!.querySelectorAll('button')];
    buttons.find((b) => b.textContent!.includes('Karte'))!.click();
    await waitUntil(() => inLoc(el, '[part~=no-tiles]'), 'no-tiles note');
    expect(inLoc(el, '[part~=no-tiles]').textContent).to.contain('kein Kartendienst eingerichtet');
    expect(inLoc(el, '.map').getAttribute('aria-describedby')).to.equal('no-tiles');
    await waitUntil(() => inLoc(el, '.map.bn-no-tiles'), 'map ready', { timeout: 10000 });
    await expectAccessible(el);
  });
});
