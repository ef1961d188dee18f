import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, ORIGIN_A, ORIGIN_B, type World } from './helpers.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const preflight = (path: string, origin: string) =>
  w.req(path, { method: 'OPTIONS', origin, headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key' } });

test('an allowed origin gets Access-Control-Allow-Origin for itself', async () => {
  const res = await w.req('/v1/config', { key: w.a.pk, origin: ORIGIN_A });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN_A);
  assert.match(res.headers.get('Vary') ?? '', /Origin/);
  assert.match(res.headers.get('Access-Control-Expose-Headers') ?? '', /ETag/);
});

test('a foreign origin → 403 ORIGIN_NOT_ALLOWED and no tenant data', async () => {
  const res = await w.req('/v1/config', { key: w.a.pk, origin: ORIGIN_B });
  const p = await problem(res, 403, 'ORIGIN_NOT_ALLOWED');
  assert.doesNotMatch(JSON.stringify(p), /Beispielstadt/);
  // Another tenant's origin is foreign too: B's page cannot use A's key.
  await problem(await w.req(`/v1/config?key=${w.a.pk}`, { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
});

test('no Origin (server-to-server, Open311 apps) is allowed for publishable keys', async () => {
  const res = await w.req('/v1/config', { key: w.a.pk, origin: null });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), null);
});

test('preflight for an allowed origin is cached and lists our headers', async () => {
  const res = await preflight('/v1/config', ORIGIN_A);
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN_A);
  assert.equal(res.headers.get('Access-Control-Max-Age'), '7200');
  assert.match(res.headers.get('Access-Control-Allow-Headers')!, /Idempotency-Key/);
  assert.match(res.headers.get('Access-Control-Allow-Headers')!, /X-Altcha/);
});

test('preflight is answered per tenant when it names the key', async () => {
  assert.equal((await preflight(`/v1/config?key=${w.a.pk}`, ORIGIN_A)).status, 204);
  // B's origin is allowed for B, not for A's key.
  await problem(await preflight(`/v1/config?key=${w.a.pk}`, ORIGIN_B), 403, 'ORIGIN_NOT_ALLOWED');
});

test('preflight from an unknown origin → 403 without Access-Control-Allow-Origin', async () => {
  const res = await preflight('/v1/config', 'https://evil.example');
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://evil.example', 'problems stay readable');
  await problem(res, 403, 'ORIGIN_NOT_ALLOWED');
});

test('admin and staff paths are same-origin only', async () => {
  await problem(await preflight('/v1/admin/tenants', ORIGIN_A), 403, 'ORIGIN_NOT_ALLOWED');
  await problem(await preflight('/v1/staff/me', ORIGIN_A), 403, 'ORIGIN_NOT_ALLOWED');
  const res = await w.req('/v1/staff/me', { key: w.a.sk, origin: ORIGIN_A });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), null, 'a browser on another origin cannot read staff data');
});

test('a changed origin list takes effect', async () => {
  const res = await w.req('/v1/admin/tenants/beispielstadt', { method: 'PATCH', key: w.admin, json: { origins: [ORIGIN_A, 'https://neu.example'] } });
  assert.equal(res.status, 200);
  assert.equal((await w.req('/v1/config', { key: w.a.pk, origin: 'https://neu.example' })).status, 200);
});
