// The tip form's first paint is small because parts load when the citizen acts (the address
// search at the first search, the location field's map part when the map is opened). A part lost to the network on the way must cost nothing: the
// form says so in words, and the next try fetches it again. Its own file: a module that has
// loaded once stays loaded for the page, so this must be the page's first search.
import { expect, waitUntil } from '@open-wc/testing';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import type { BnTipLocation } from '../../../widgets/tips/location.ts';
import { expectConsole, guardConsole } from '../helpers.ts';
import { config, FakeTipsServer, json } from './fake-api.ts';
import { $, mount, text } from './helpers.ts';

guardConsole();

const loc = (el: BnTipForm) => $<BnTipLocation>(el, 'bn-tip-location');
const inLoc = (el: BnTipForm, sel: string) => loc(el).shadowRoot!.querySelector<HTMLElement>(sel);

describe('<bn-tip-form> parts loaded on demand', () => {
  it('says the address search is unavailable when its module fails to load, and loads it at the next search', async () => {
    const server = new FakeTipsServer(config({ map: { tileUrl: null, attribution: '', maxZoom: 19, center: [52.26, 10.52], zoom: 14, addressSearch: true } }));
    server.on('GET /v1/geocode', () => json({ items: [{ label: 'Am Markt 1, 38100 Braunschweig', lat: 52.26, lon: 10.52 }] }));
    const { el } = await mount<BnTipForm>('bn-tip-form', server);
    await fetch('/__stub__/fail-next?path=/widgets/tips/location-search.ts', { method: 'POST' });
    loc(el).value = { lat: null, lng: null, address: 'Am Markt 1' };
    await loc(el).updateComplete;
    inLoc(el, '[part~=search]')!.click();
    await waitUntil(() => text(loc(el)).includes('Die Adresssuche ist gerade nicht verfügbar'), 'says so');
    expect(server.called('GET /v1/geocode')).to.have.length(0);
    expect(loc(el).value.address).to.equal('Am Markt 1');
    inLoc(el, '[part~=search]')!.click();
    await waitUntil(() => inLoc(el, '[part~=results]'), 'results after the retry');
    expect(text(loc(el))).to.contain('1 Adresse gefunden');
    // The results' styles came with them: a plain list of full-width buttons.
    expect(getComputedStyle(inLoc(el, '[part~=results]')!).listStyleType).to.equal('none');
  });

  it('says the map is unavailable when its part fails to load, and loads it when the map is opened again', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form', new FakeTipsServer());
    await fetch('/__stub__/fail-next?path=/widgets/tips/location-map.ts', { method: 'POST' });
    expectConsole('warn', /the map could not be loaded/);
    const toggle = () => inLoc(el, 'button[aria-expanded]')!;
    toggle().click();
    await waitUntil(() => text(loc(el)).includes('Karte nicht verfügbar'), 'says so');
    expect(inLoc(el, '.map')).to.equal(null);
    toggle().click();
    await loc(el).updateComplete;
    toggle().click();
    await waitUntil(() => inLoc(el, '.map.bn-no-tiles'), 'the map after the retry', { timeout: 10000 });
    // The map's styles came with it: the grid that stands for missing tiles, a frame.
    expect(getComputedStyle(inLoc(el, '.map')!).backgroundSize).to.contain('32px 32px');
    expect(getComputedStyle(inLoc(el, '.map')!).borderTopWidth).to.equal('2px');
    expect(text(loc(el))).to.not.contain('Karte nicht verfügbar');
  });
});
