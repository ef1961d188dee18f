// `npx buergernah tenants create|update` with the map options: tile server, attribution,
// max zoom, geocoder; validated by the same schema as the admin API; update keeps what is not given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { json, useCli } from './cli-harness.ts';

const { cli } = useCli('climap');

const BASEMAP = 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png';

test('map options on create and update; update keeps the rest; bad values are refused with the field named', async () => {
  const created = await cli(
    'tenants',
    'create',
    '--slug',
    'kartenstadt',
    '--name',
    'Kartenstadt',
    '--tile-url',
    BASEMAP,
    '--attribution',
    '© GeoBasis-DE / BKG (2026) CC BY 4.0',
    '--max-zoom',
    '19',
    '--center',
    '52.26,10.52',
    '--zoom',
    '14',
    '--geocoder-url',
    'https://photon.example.de/api',
    '--json',
  );
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(json(created).map, {
    tileUrl: BASEMAP,
    attribution: '© GeoBasis-DE / BKG (2026) CC BY 4.0',
    maxZoom: 19,
    center: [52.26, 10.52],
    zoom: 14,
    geocoder: { kind: 'photon', url: 'https://photon.example.de/api' },
  });

  const kind = await cli('tenants', 'update', 'kartenstadt', '--geocoder-kind', 'nominatim', '--json');
  assert.equal(kind.code, 0, kind.stderr);
  const map = json(kind).map;
  assert.equal(map.tileUrl, BASEMAP, 'the tile server stays');
  assert.equal(map.maxZoom, 19);
  assert.deepEqual(map.geocoder, { kind: 'nominatim', url: 'https://photon.example.de/api' }, 'the address stays');

  const off = await cli('tenants', 'update', 'kartenstadt', '--no-geocoder', '--tile-url', '', '--json');
  assert.equal(off.code, 0, off.stderr);
  assert.equal(json(off).map.geocoder, null);
  assert.equal(json(off).map.tileUrl, null);
  assert.equal(json(off).map.attribution, '© GeoBasis-DE / BKG (2026) CC BY 4.0');

  // Every bad value in one call: the schema names each field.
  const bad = await cli(
    'tenants',
    'update',
    'kartenstadt',
    '--tile-url',
    'javascript:alert(1)//{z}/{x}/{y}',
    '--max-zoom',
    'viel',
    '--geocoder-url',
    'ftp://photon.example.de',
    '--attribution',
    '<script>x</script>',
    '--json',
  );
  assert.equal(bad.code, 1);
  const paths = json(bad)
    .error.errors.map((e: { path: string }) => e.path)
    .sort();
  assert.deepEqual(paths, ['map.attribution', 'map.geocoder.url', 'map.maxZoom', 'map.tileUrl']);
});
