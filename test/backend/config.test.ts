import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, type World } from './helpers.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test("GET /v1/config gives the tenant's public settings only", async () => {
  await w.req('/v1/admin/tenants/beispielstadt', {
    method: 'PATCH',
    key: w.admin,
    json: {
      theme: { '--bn-color-primary': '#0b4f8a' },
      privacyUrl: 'https://www.beispielstadt.example/datenschutz',
      accessibilityUrl: 'https://www.beispielstadt.example/barrierefreiheit',
      contactEmail: 'rathaus@beispielstadt.example',
      map: { tileUrl: 'https://tiles.beispielstadt.example/{z}/{x}/{y}.png', center: [52.4, 10.05], zoom: 13 },
    },
  });
  const res = await w.req('/v1/config', { key: w.a.pk });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.tenant.slug, 'beispielstadt');
  assert.deepEqual(body.tenant.parent, { slug: 'musterkreis', name: 'Landkreis Musterkreis' });
  assert.deepEqual(body.languages, ['de', 'en']);
  assert.equal(body.theme['--bn-color-primary'], '#0b4f8a');
  assert.equal(body.map.zoom, 13);
  assert.equal(body.privacyUrl, 'https://www.beispielstadt.example/datenschutz');
  assert.equal(body.accessibilityUrl, 'https://www.beispielstadt.example/barrierefreiheit');
  // Nothing internal: no origins list, no keys, no settings blob.
  assert.equal(body.origins, undefined);
  assert.equal(body.settings, undefined);
  assert.doesNotMatch(JSON.stringify(body), /bn_(pk|sk|ak)_/);
});

test('ETag, Cache-Control and 304 on If-None-Match', async () => {
  const first = await w.req('/v1/config', { key: w.a.pk });
  const etag = first.headers.get('ETag');
  assert.ok(etag);
  assert.equal(first.headers.get('Cache-Control'), 'no-cache', 'revalidated on every load: a revoked key shows at once');
  const second = await w.req('/v1/config', { key: w.a.pk, headers: { 'If-None-Match': etag! } });
  assert.equal(second.status, 304);
  assert.equal(await second.text(), '');
  // A change yields a new ETag.
  await w.req('/v1/admin/tenants/beispielstadt', { method: 'PATCH', key: w.admin, json: { name: 'Stadt Beispielstadt' } });
  w.forgetKeys();
  const third = await w.req('/v1/config', { key: w.a.pk, headers: { 'If-None-Match': etag! } });
  assert.equal(third.status, 200);
  assert.notEqual(third.headers.get('ETag'), etag);
});

test('each tenant sees its own config', async () => {
  const b = await (await w.req('/v1/config', { key: w.b.pk })).json();
  const c = await (await w.req('/v1/config', { key: w.c.pk })).json();
  assert.equal(b.tenant.slug, 'musterkreis');
  assert.equal(b.tenant.parent, null);
  assert.equal(c.tenant.slug, 'anderswo');
});

test('GET /v1/challenge is no-store and signed', async () => {
  const res = await w.req('/v1/challenge', { key: w.a.pk });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Cache-Control'), 'no-store');
  const ch = await res.json();
  assert.equal(ch.parameters.algorithm, 'PBKDF2/SHA-256');
  assert.match(ch.signature, /^[0-9a-f]{64}$/);
});

test('/healthz and /readyz', async () => {
  assert.deepEqual(await (await w.req('/healthz')).json(), { status: 'ok' });
  assert.deepEqual(await (await w.req('/readyz')).json(), { status: 'ready' });
});

test('openapi.json is OpenAPI 3.1 generated from the schemas', async () => {
  const res = await w.req('/v1/openapi.json');
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/v1/config']?.get, 'config documented');
  const create = doc.paths['/v1/admin/tenants']?.post;
  assert.ok(create, 'tenant create documented');
  const schema = JSON.stringify(create.requestBody);
  assert.match(schema, /slug/);
  assert.match(schema, /origins/);
});

test('every /v1 route is in openapi.json, exports with a dot in their name too', async () => {
  const doc = await (await w.req('/v1/openapi.json')).json();
  const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
  const routes = new Set(w.app.routes.filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.path !== '/v1/openapi.json').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
  assert.deepEqual(
    [...routes].filter((r) => !documented.has(r)),
    [],
  );
  const xlsx = doc.paths['/v1/staff/kita/statistics.xlsx'].get;
  assert.ok(xlsx.responses['200'].content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  assert.ok(doc.paths['/v1/staff/kita/statistics.csv'].get.responses['200'].content['text/csv']);
});

test('a wrong kind on config stays a problem', async () => {
  await problem(await w.req('/v1/config', { key: w.b.sk }), 403, 'FORBIDDEN');
});
