// Tenant map settings and the address search proxy (GET /v1/geocode) against a local fake
// Photon / Nominatim (node:http on port 0): normalised answers, cache, timeout, no leaks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { world, problem, type World } from './helpers.ts';
import { MapSettings } from '../../backend/admin/schema.ts';
import { LruCache, normalise } from '../../backend/core/geocoder.ts';

let w: World;
let upstream: http.Server;
let base = '';
/** What the fake geocoder saw, and how it should answer next. */
const seen: URL[] = [];
let mode: 'ok' | 'error' | 'slow' | 'garbage' | 'huge' = 'ok';

const photonAnswer = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [10.5268, 52.2647] },
      properties: { street: 'Hauptstraße', housenumber: '12', postcode: '38100', city: 'Braunschweig', country: 'Deutschland' },
    },
    { type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 1] }, properties: { name: 'broken' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [10.52, 52.26] }, properties: { name: 'Rathaus <b>', city: 'Braunschweig' } },
  ],
};

before(async () => {
  // Long enough for a loaded test machine, far below the slow answer below.
  process.env.BN_GEOCODE_TIMEOUT_MS = '1500';
  upstream = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    seen.push(url);
    if (mode === 'error') {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Elasticsearch exploded at 10.0.0.7:9200');
    } else if (mode === 'slow') {
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"features":[]}'), 10_000).unref();
    } else if (mode === 'garbage') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>not json</html>');
    } else if (mode === 'huge') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"features":[],"pad":"${'x'.repeat(600_000)}"}`);
    } else if (url.pathname === '/search') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify([
          { display_name: 'Rathaus, Markt 1, 38100 Braunschweig', lat: '52.2625', lon: '10.5211' },
          { display_name: 'nowhere', lat: 'x', lon: '1' },
        ]),
      );
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(photonAnswer));
    }
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  w = await world();
  const res = await w.req('/v1/admin/tenants/beispielstadt', {
    method: 'PATCH',
    key: w.admin,
    json: { map: { center: [52.26, 10.52], geocoder: { kind: 'photon', url: `${base}/api` } } },
  });
  assert.equal(res.status, 200);
  w.forgetKeys();
});
after(async () => {
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
  await w.close();
});

const search = (q: string, key = w.a.pk, extra = '') => w.req(`/v1/geocode?q=${encodeURIComponent(q)}${extra}`, { key });

test('the address search answers normalised places and passes query, language and bias on', async () => {
  mode = 'ok';
  seen.length = 0;
  const res = await search('Hauptstraße 12', w.a.pk, '&lang=en');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://www.beispielstadt.example');
  const body = await res.json();
  assert.deepEqual(body, {
    items: [
      { label: 'Hauptstraße 12, 38100 Braunschweig', lat: 52.2647, lon: 10.5268 },
      { label: 'Rathaus <b>, Braunschweig', lat: 52.26, lon: 10.52 },
    ],
  });
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.pathname, '/api');
  assert.equal(seen[0]!.searchParams.get('q'), 'Hauptstraße 12');
  assert.equal(seen[0]!.searchParams.get('lang'), 'en');
  assert.equal(seen[0]!.searchParams.get('lat'), '52.26');
  assert.equal(seen[0]!.searchParams.get('limit'), '5');
});

test('answers are cached: the same query (any case, spacing) asks the geocoder once', async () => {
  mode = 'ok';
  seen.length = 0;
  const first = await (await search('Am Markt 3')).json();
  const second = await (await search('  am   MARKT 3 ')).json();
  assert.deepEqual(second, first);
  assert.equal(seen.length, 1);
  // Another language is another answer.
  await search('Am Markt 3', w.a.pk, '&lang=en');
  assert.equal(seen.length, 2);
});

test('a failing, slow, garbled or oversized geocoder is one 502 that leaks nothing; failures are not cached', async () => {
  for (const m of ['error', 'slow', 'garbage', 'huge'] as const) {
    mode = m;
    const started = Date.now();
    const res = await search(`Fehler ${m}`);
    const body = await problem(res, 502, 'GEOCODER_UNAVAILABLE');
    assert.ok(Date.now() - started < 8000, `${m}: the timeout holds (the slow answer takes 10 s)`);
    const text = JSON.stringify(body);
    assert.doesNotMatch(text, /Elasticsearch|10\.0\.0\.7|127\.0\.0\.1|status 500|json/i, m);
  }
  mode = 'ok';
  seen.length = 0;
  assert.equal((await search('Fehler error')).status, 200, 'the earlier failure was not cached');
  assert.equal(seen.length, 1);
});

test('bad queries are 422, a tenant without geocoder 404, no key 401, a foreign origin 403', async () => {
  await problem(await search('ab'), 422, 'VALIDATION_FAILED');
  await problem(await search('x'.repeat(201)), 422, 'VALIDATION_FAILED');
  await problem(await search('Hauptstraße', w.a.pk, '&lang=fr'), 422, 'VALIDATION_FAILED');
  await problem(await w.req('/v1/geocode?q=Haupt%00str', { key: w.a.pk }), 422);
  await problem(await search('Hauptstraße', w.c.pk), 404, 'NOT_FOUND');
  await problem(await w.req('/v1/geocode?q=Hauptstra%C3%9Fe'), 401);
  await problem(await w.req('/v1/geocode?q=Hauptstra%C3%9Fe', { key: w.a.pk, origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
  await problem(await search('Hauptstraße', w.a.sk), 403);
});

test('the public config says whether there is an address search, never where', async () => {
  const a = await (await w.req('/v1/config', { key: w.a.pk })).json();
  assert.equal(a.map.addressSearch, true);
  assert.equal(a.map.maxZoom, 19);
  assert.doesNotMatch(JSON.stringify(a), /127\.0\.0\.1|geocoder/);
  const c = await (await w.req('/v1/config', { key: w.c.pk })).json();
  assert.equal(c.map.addressSearch, false);
  assert.equal(c.map.tileUrl, null);
});

test('Nominatim answers are normalised the same way', async () => {
  mode = 'ok';
  await w.req('/v1/admin/tenants/anderswo', { method: 'PATCH', key: w.admin, json: { map: { geocoder: { kind: 'nominatim', url: `${base}/search` } } } });
  w.forgetKeys();
  seen.length = 0;
  const body = await (await search('Rathaus', w.c.pk)).json();
  assert.deepEqual(body.items, [{ label: 'Rathaus, Markt 1, 38100 Braunschweig', lat: 52.2625, lon: 10.5211 }]);
  assert.equal(seen[0]!.searchParams.get('format'), 'jsonv2');
  assert.equal(seen[0]!.searchParams.get('accept-language'), 'de');
});

test('searches are rate limited per key and client', async () => {
  mode = 'ok';
  const created = await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'publishable', tenant: 'beispielstadt', label: 'limit test' } });
  const { key } = await created.json();
  process.env.BN_RATE_GEOCODE = '3';
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await w.req(`/v1/geocode?q=Limit+${i}`, { key, origin: 'https://www.beispielstadt.example' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  } finally {
    delete process.env.BN_RATE_GEOCODE;
  }
});

test('map settings: https tile templates with {z}/{x}/{y} only; plain-text attribution; max zoom; geocoder kind and address', () => {
  const ok = (map: unknown) => v.safeParse(MapSettings, map).success;
  assert.ok(ok({ tileUrl: 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png' }));
  assert.ok(ok({ tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}{r}.png', attribution: '© GeoBasis-DE / BKG (2026) CC BY 4.0', maxZoom: 19 }));
  assert.ok(ok({ tileUrl: null, geocoder: null }));
  for (const tileUrl of [
    'javascript:alert(1)//{z}{x}{y}',
    'http://tiles.example.org/{z}/{x}/{y}.png',
    'data:image/png;base64,{z}{x}{y}',
    'https://tiles.example.org/{z}/{x}.png',
    'https://tiles.example.org/{z}/{x}/{y}.png?{callback}',
    'https://tiles.example.org/{z}/{x}/{y}.png" onerror="x',
    '//tiles.example.org/{z}/{x}/{y}.png',
  ]) {
    assert.equal(ok({ tileUrl }), false, tileUrl);
  }
  assert.equal(ok({ attribution: '<img src=x onerror=alert(1)>' }), false);
  assert.equal(ok({ maxZoom: 23 }), false);
  assert.equal(ok({ maxZoom: 1.5 }), false);
  assert.ok(ok({ geocoder: { kind: 'photon', url: 'https://photon.example.de/api' } }));
  assert.equal(ok({ geocoder: { kind: 'google', url: 'https://photon.example.de/api' } }), false);
  assert.equal(ok({ geocoder: { kind: 'photon', url: 'javascript:alert(1)' } }), false);
  assert.equal(ok({ geocoder: { kind: 'photon', url: 'https://user:secret@photon.example.de/api' } }), false);
});

test('the address cache is a bounded LRU with a time to live', () => {
  let now = 0;
  const cache = new LruCache<number>(2, 1000, () => now);
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1); // a is now the most recent
  cache.set('c', 3); // evicts b
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.size, 2);
  now = 1000;
  assert.equal(cache.get('a'), undefined, 'expired');
  assert.throws(() => normalise('photon', { nope: 1 }));
});
