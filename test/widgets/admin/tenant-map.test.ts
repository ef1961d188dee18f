import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { fakeAdmin, tenant, type FakeAdmin } from './fake-api.ts';
import { deep, maybe } from './dom.ts';

guardConsole();

const BASEMAP = 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png';

async function openTenant(api: FakeAdmin, lang = 'de'): Promise<HTMLElement> {
  const el = await fixture<BnAdmin>(html`<bn-admin lang=${lang} api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
  await waitUntil(() => maybe(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open'));
  deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
  await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-tenant-form', '[name=tileUrl]'));
  return deep(el, 'bn-admin-tenant', 'bn-admin-tenant-form');
}

const input = (form: HTMLElement, name: string) => deep<HTMLInputElement>(form, `[name=${name}]`);

describe('<bn-admin> tenant map settings', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('sets tile server, attribution, max zoom and geocoder; keeps the centre', async () => {
    const api = fakeAdmin({ tenants: [tenant({ map: { center: [52.26, 10.52], zoom: 14 } })] });
    const form = await openTenant(api);
    await expectAccessible(form);
    input(form, 'tileUrl').value = BASEMAP;
    input(form, 'attribution').value = '© GeoBasis-DE / BKG (2026) CC BY 4.0';
    input(form, 'maxZoom').value = '19';
    deep<HTMLSelectElement>(form, 'select[name=geocoderKind]').value = 'photon';
    input(form, 'geocoderUrl').value = 'https://photon.beispielstadt.de/api';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'PATCH'));
    const patch = api.calls.find((c) => c.method === 'PATCH')! as { body: { map: unknown } };
    expect(patch.body.map).to.deep.equal({
      center: [52.26, 10.52],
      zoom: 14,
      tileUrl: BASEMAP,
      attribution: '© GeoBasis-DE / BKG (2026) CC BY 4.0',
      maxZoom: 19,
      geocoder: { kind: 'photon', url: 'https://photon.beispielstadt.de/api' },
    });
  });

  it('refuses a script address, http tiles and a bad zoom in the browser, with words at each field', async () => {
    const api = fakeAdmin({ tenants: [tenant()] });
    const form = await openTenant(api);
    input(form, 'tileUrl').value = 'javascript:alert(1)//{z}/{x}/{y}';
    input(form, 'attribution').value = '<img src=x onerror=alert(1)>';
    input(form, 'maxZoom').value = '30';
    deep<HTMLSelectElement>(form, 'select[name=geocoderKind]').value = 'nominatim';
    input(form, 'geocoderUrl').value = 'javascript:alert(1)';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => deep(form, '#tileUrl-error').textContent !== '', 'tile error');
    expect(deep(form, '#tileUrl-error').textContent).to.contain('https://');
    expect(deep(form, '#attribution-error').textContent).to.contain('ohne < und >');
    expect(deep(form, '#maxZoom-error').textContent).to.contain('1 bis 22');
    expect(deep(form, '#geocoderUrl-error').textContent).to.contain('Suchdienstes');
    expect(input(form, 'tileUrl').getAttribute('aria-invalid')).to.equal('true');
    const links = [...deep(form, 'bn-error-summary', '[part~=base]').querySelectorAll('a')].map((a) => a.textContent);
    expect(links.some((l) => l?.includes('{z}, {x} und {y}'))).to.equal(true);
    expect(api.calls.filter((c) => c.method === 'PATCH')).to.have.length(0);
    input(form, 'tileUrl').value = 'http://tiles.example.org/{z}/{x}/{y}.png';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => maybe(form, 'bn-error-summary', '[part~=base]'));
    expect(deep(form, '#tileUrl-error').textContent).to.contain('https://');
  });

  it('speaks English in the English console', async () => {
    const api = fakeAdmin({ tenants: [tenant({ map: { geocoder: { kind: 'photon', url: 'https://photon.example/api' } } })] });
    const form = await openTenant(api, 'en');
    expect(deep(form, 'fieldset.map legend').textContent).to.equal('Map and address search');
    expect(deep<HTMLSelectElement>(form, 'select[name=geocoderKind]').value).to.equal('photon');
    deep<HTMLSelectElement>(form, 'select[name=geocoderKind]').value = '';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'PATCH'));
    expect((api.calls.find((c) => c.method === 'PATCH')!.body as { map: { geocoder: unknown } }).map.geocoder).to.equal(null);
  });
});
