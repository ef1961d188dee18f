import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, type World } from './helpers.ts';
import { poll } from './replicas-harness.ts';
import { createKey } from '../../backend/admin/store.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { generateKey, hashKey, keyHint } from '../../backend/core/keys.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('no key → 401 with WWW-Authenticate', async () => {
  const res = await w.req('/v1/config', { origin: null });
  assert.equal(res.headers.get('WWW-Authenticate'), 'Bearer');
  await problem(res, 401, 'UNAUTHENTICATED');
});

test('a key with a broken checksum → 401 KEY_INVALID, without a database hit', async () => {
  const broken = w.a.pk.slice(0, -1) + (w.a.pk.endsWith('a') ? 'b' : 'a');
  await problem(await w.req(`/v1/config?key=${broken}`), 401, 'KEY_INVALID');
  await problem(await w.req('/v1/config', { key: broken, origin: null }), 401, 'KEY_INVALID');
});

test('a well-formed but unknown key → 401 KEY_INVALID', async () => {
  await problem(await w.req('/v1/config', { key: generateKey('publishable'), origin: null }), 401, 'KEY_INVALID');
});

test('malformed Authorization header → 401', async () => {
  await problem(await w.req('/v1/config', { headers: { Authorization: `Basic ${w.a.pk}` } }), 401, 'UNAUTHENTICATED');
});

test('?key= is accepted for publishable keys on GET only; secret keys never ride in the address', async () => {
  const ok = await w.req(`/v1/config?key=${w.a.pk}`, { origin: 'https://www.beispielstadt.example' });
  assert.equal(ok.status, 200);
  await problem(await w.req(`/v1/admin/tenants?key=${w.admin}`, { method: 'POST', json: {} }), 401, 'KEY_IN_URL');
  await problem(await w.req(`/v1/admin/keys?key=${w.admin}`), 401, 'KEY_IN_URL');
  await problem(await w.req(`/v1/staff/tips/export.csv?key=${w.a.sk}`), 401, 'KEY_IN_URL');
  await problem(await w.req(`/v1/staff/me?key=${w.a.sk}`), 401, 'KEY_IN_URL');
});

test('a key used outside its kind → 403', async () => {
  await problem(await w.req('/v1/config', { key: w.a.sk }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/admin/tenants', { key: w.a.sk }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/admin/tenants', { key: w.a.pk, origin: null }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/staff/me', { key: w.admin }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/staff/me', { key: w.a.pk, origin: null }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/config', { key: w.admin }), 403, 'FORBIDDEN');
});

test('a revoked key → 401 KEY_REVOKED at once', async () => {
  const created = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'staff', tenant: 'beispielstadt' } })).json();
  assert.equal((await w.req('/v1/staff/me', { key: created.key })).status, 200);
  const revoked = await w.req(`/v1/admin/keys/${created.id}/revoke`, { method: 'POST', key: w.admin });
  assert.equal(revoked.status, 200);
  assert.ok((await revoked.json()).revokedAt);
  await problem(await w.req('/v1/staff/me', { key: created.key }), 401, 'KEY_REVOKED');
});

test('a rotated key works in its grace period and stops after it', async () => {
  const created = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'staff', tenant: 'beispielstadt', label: 'rot' } })).json();
  const rotated = await w.req(`/v1/admin/keys/${created.id}/rotate`, { method: 'POST', key: w.admin, json: { graceHours: 1 } });
  assert.equal(rotated.status, 201);
  const body = await rotated.json();
  assert.notEqual(body.key, created.key);
  assert.equal(body.label, 'rot');
  assert.equal(body.previous.replacedBy, body.id);
  const grace = new Date(body.previous.expiresAt).getTime() - Date.now();
  assert.ok(grace > 55 * 60_000 && grace <= 60 * 60_000, `grace ${grace}`);
  // In the grace period both keys work.
  assert.equal((await w.req('/v1/staff/me', { key: created.key })).status, 200);
  assert.equal((await w.req('/v1/staff/me', { key: body.key })).status, 200);
  // Let the grace period end.
  await w.db.sql`update api_keys set expires_at = now() - interval '1 second' where id = ${created.id}`;
  w.forgetKeys();
  await problem(await w.req('/v1/staff/me', { key: created.key }), 401, 'KEY_EXPIRED');
  assert.equal((await w.req('/v1/staff/me', { key: body.key })).status, 200);
  // A rotated key cannot be rotated twice.
  await problem(await w.req(`/v1/admin/keys/${created.id}/rotate`, { method: 'POST', key: w.admin, json: {} }), 409, 'KEY_NOT_ROTATABLE');
});

test('a disabled tenant answers 403 for its keys', async () => {
  const res = await w.req('/v1/admin/tenants/anderswo', { method: 'PATCH', key: w.admin, json: { enabled: false } });
  assert.equal(res.status, 200);
  await problem(await w.req('/v1/config', { key: w.c.pk }), 403, 'TENANT_DISABLED');
  await w.req('/v1/admin/tenants/anderswo', { method: 'PATCH', key: w.admin, json: { enabled: true } });
  assert.equal((await w.req('/v1/config', { key: w.c.pk })).status, 200);
});

test('last use is recorded', async () => {
  // A key of its own: whatever other tests did with the world's keys does not matter here.
  const fresh = await createKey(w.db.sql, { kind: 'staff', tenant: 'musterkreis', label: 'last use' }, CLI_ACTOR);
  const staffKey = async () => {
    const keys = await (await w.req('/v1/admin/keys?tenant=musterkreis', { key: w.admin })).json();
    return keys.items.find((k: { id: string }) => k.id === fresh.id) as { lastUsedAt: string | null };
  };
  assert.equal((await staffKey()).lastUsedAt, null, 'not used yet');
  assert.equal((await w.req('/v1/staff/me', { key: fresh.key })).status, 200);
  // The answer does not wait for the bookkeeping write: wait for the write itself.
  const used = await poll('lastUsedAt of the staff key', 10_000, async () => (await staffKey()).lastUsedAt ?? undefined, 10);
  assert.ok(Date.parse(used) > Date.now() - 60_000, `lastUsedAt ${used} is recent`);
});

test('too many failed attempts from one address → 429', async () => {
  process.env.BN_RATE_AUTHFAIL = '20';
  let last: Response | undefined;
  for (let i = 0; i < 25; i++) last = await w.req('/v1/config', { key: generateKey('publishable'), origin: null });
  const p = await problem(last!, 429, 'RATE_LIMITED');
  assert.ok(Number(last!.headers.get('Retry-After')) > 0);
  assert.match(p.detail!, /seconds/);
  await w.db.sql`delete from rate_limits`;
});

test('two apps are two replicas: a key revoked through one is refused by the other only after BN_KEY_CACHE_MS', async () => {
  const { createApp } = await import('../../backend/app.ts');
  const { createCaches } = await import('../../backend/core/caches.ts');
  const created = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'staff', tenant: 'beispielstadt', label: 'replicas' } })).json();
  let clock = Date.now();
  const app1 = createApp({ db: w.db, caches: createCaches({ keyCacheMs: 5000 }) });
  const app2 = createApp({ db: w.db, now: () => new Date(clock), caches: createCaches({ keyCacheMs: 5000 }) });
  const me = (app: typeof app1) => Promise.resolve(app.request('/v1/staff/me', { headers: { Authorization: `Bearer ${created.key}` } }));
  // Both replicas have looked the key up (and cached it).
  assert.equal((await me(app1)).status, 200);
  assert.equal((await me(app2)).status, 200);
  const revoked = await app1.request(`/v1/admin/keys/${created.id}/revoke`, { method: 'POST', headers: { Authorization: `Bearer ${w.admin}` } });
  assert.equal(revoked.status, 200);
  // The replica that revoked it refuses it at once …
  await problem(await me(app1), 401, 'KEY_REVOKED');
  // … the other still trusts its cached lookup (no shared global cleared it) …
  clock += 4900;
  assert.equal((await me(app2)).status, 200);
  // … until the cache period has passed.
  clock += 200;
  await problem(await me(app2), 401, 'KEY_REVOKED');
});

test('a key unknown a moment ago works as soon as it exists: unknown keys are not cached', async () => {
  const key = generateKey('staff');
  await problem(await w.req('/v1/staff/me', { key }), 401, 'KEY_INVALID');
  // Created meanwhile (e.g. through another replica).
  await w.db.sql`insert into api_keys (id, tenant_id, kind, label, hint, hash)
                 values ('key_FreshlyCreated01', ${w.a.id}, 'staff', 'fresh', ${keyHint(key)}, ${hashKey(key)})`;
  assert.equal((await w.req('/v1/staff/me', { key })).status, 200);
});
