import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AVAILABLE_MODULES } from '../../backend/core/roles.ts';
import { world, problem, type World } from './helpers.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const admin = (path: string, init: Parameters<World['req']>[1] = {}) => w.req(path, { ...init, key: w.admin });

test('create, get, list and update a tenant', async () => {
  const res = await admin('/v1/admin/tenants', {
    method: 'POST',
    json: { slug: 'Neudorf', name: '  Gemeinde Neudorf ', origins: ['https://www.neudorf.example/'], parent: 'musterkreis', modules: ['tips', 'tips'] },
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('Location'), '/v1/admin/tenants/neudorf');
  const t = await res.json();
  assert.equal(t.slug, 'neudorf');
  assert.equal(t.name, 'Gemeinde Neudorf');
  assert.deepEqual(t.origins, ['https://www.neudorf.example']);
  assert.deepEqual(t.modules, ['tips']);
  assert.equal(t.parent, 'musterkreis');
  assert.deepEqual(t.languages, ['de', 'en']);

  // Without a module list a tenant gets the modules that exist, not every module name.
  const plain = await (await admin('/v1/admin/tenants', { method: 'POST', json: { slug: 'altdorf', name: 'Gemeinde Altdorf' } })).json();
  assert.deepEqual(plain.modules, [...AVAILABLE_MODULES]);
  assert.deepEqual(plain.modules, ['tips', 'plans', 'kita', 'jobs']);

  const got = await (await admin('/v1/admin/tenants/neudorf')).json();
  assert.equal(got.id, t.id);
  const list = await (await admin('/v1/admin/tenants')).json();
  assert.deepEqual(
    list.items.map((x: { slug: string }) => x.slug),
    ['altdorf', 'anderswo', 'beispielstadt', 'musterkreis', 'neudorf'],
  );

  const upd = await admin('/v1/admin/tenants/neudorf', {
    method: 'PATCH',
    json: { name: 'Stadt Neudorf', parent: null, contactEmail: 'info@neudorf.example', theme: { '--bn-color-primary': 'rebeccapurple' } },
  });
  assert.equal(upd.status, 200);
  const u = await upd.json();
  assert.equal(u.name, 'Stadt Neudorf');
  assert.equal(u.parent, null);
  assert.equal(u.contactEmail, 'info@neudorf.example');
  assert.ok(new Date(u.updatedAt) >= new Date(t.updatedAt));
});

test('tenant validation errors name the field', async () => {
  const p = await problem(
    await admin('/v1/admin/tenants', {
      method: 'POST',
      json: { slug: 'a b', name: '', origins: ['https://x.example/path', 'javascript:alert(1)'], theme: { color: 'red', '--bn-x': 'red;}body{display:none' } },
    }),
    422,
    'VALIDATION_FAILED',
  );
  const paths = p.errors!.map((e) => e.path).sort();
  assert.ok(paths.includes('slug'));
  assert.ok(paths.includes('name'));
  assert.ok(paths.includes('origins.0'));
  assert.ok(paths.includes('origins.1'));
  assert.ok(paths.some((x) => x.startsWith('theme')));
  await problem(await admin('/v1/admin/tenants', { method: 'POST', json: [] }), 422, 'VALIDATION_FAILED');
  await problem(await admin('/v1/admin/tenants', { method: 'POST', json: { slug: 'x', name: 'X', languages: ['en'] } }), 422);
});

test('duplicate slug → 409', async () => {
  await problem(await admin('/v1/admin/tenants', { method: 'POST', json: { slug: 'beispielstadt', name: 'Dup' } }), 409, 'CONFLICT');
});

test('communities are one level deep', async () => {
  // A town cannot be a parent.
  const p = await problem(await admin('/v1/admin/tenants', { method: 'POST', json: { slug: 'enkel', name: 'Enkel', parent: 'beispielstadt' } }), 422);
  assert.equal(p.errors![0]!.path, 'parent');
  await problem(await admin('/v1/admin/tenants', { method: 'POST', json: { slug: 'waise', name: 'Waise', parent: 'gibtsnicht' } }), 422);
  // The county cannot get a parent while it has children.
  await problem(await admin('/v1/admin/tenants/musterkreis', { method: 'PATCH', json: { parent: 'anderswo' } }), 422);
  // Nor itself.
  await problem(await admin('/v1/admin/tenants/anderswo', { method: 'PATCH', json: { parent: 'anderswo' } }), 422);
});

test('unknown tenant → 404', async () => {
  await problem(await admin('/v1/admin/tenants/gibtsnicht'), 404, 'NOT_FOUND');
  await problem(await admin('/v1/admin/tenants/gibtsnicht', { method: 'PATCH', json: { name: 'x' } }), 404, 'NOT_FOUND');
  await problem(await admin('/v1/admin/keys?tenant=gibtsnicht'), 404, 'NOT_FOUND');
});

test('keys: create shows the secret once, lists never show secrets', async () => {
  const res = await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'staff', tenant: 'anderswo', label: 'Max Mustermann' } });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('Cache-Control'), 'no-store');
  const k = await res.json();
  assert.match(k.key, /^bn_sk_/);
  assert.equal(k.hint, `bn_sk_…${k.key.slice(-4)}`);
  const list = await (await admin('/v1/admin/keys?tenant=anderswo')).json();
  const text = JSON.stringify(list);
  assert.ok(!text.includes(k.key), 'staff secret not listed');
  assert.ok(list.items.some((x: { id: string }) => x.id === k.id));
  // Publishable keys are public: the list carries them for the snippet.
  assert.ok(list.items.some((x: { publishableKey?: string }) => x.publishableKey === w.c.pk));
  // An admin key needs no tenant; a staff key needs one.
  assert.equal((await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'admin' } })).status, 201);
  await problem(await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'staff' } }), 422);
  await problem(await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'admin', tenant: 'anderswo' } }), 422);
  await problem(await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'root', tenant: 'anderswo' } }), 422);
  await problem(await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'staff', tenant: 'gibtsnicht' } }), 422);
});

test('revoke and rotate unknown keys → 404', async () => {
  await problem(await admin('/v1/admin/keys/key_0000000000000000/revoke', { method: 'POST' }), 404, 'NOT_FOUND');
  await problem(await admin('/v1/admin/keys/key_0000000000000000/rotate', { method: 'POST', json: {} }), 404, 'NOT_FOUND');
  await problem(await admin('/v1/admin/keys/nonsense/revoke', { method: 'POST' }), 422);
  await problem(await admin('/v1/admin/keys/key_0000000000000000/rotate', { method: 'POST', json: { graceHours: -1 } }), 422);
});

test('revoked keys cannot be rotated; revoking twice keeps the first time', async () => {
  const k = await (await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'publishable', tenant: 'anderswo' } })).json();
  const r1 = await (await admin(`/v1/admin/keys/${k.id}/revoke`, { method: 'POST' })).json();
  const r2 = await (await admin(`/v1/admin/keys/${k.id}/revoke`, { method: 'POST' })).json();
  assert.equal(r1.revokedAt, r2.revokedAt);
  assert.equal(r2.status, 'revoked');
  await problem(await admin(`/v1/admin/keys/${k.id}/rotate`, { method: 'POST', json: {} }), 409, 'KEY_NOT_ROTATABLE');
});

test("admin actions land in the tenant's audit trail", async () => {
  await problem(await w.req('/v1/staff/audit', { key: w.c.sk }), 403, 'ROLE_REQUIRED');
  const { key } = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'staff', tenant: 'anderswo', roles: ['tenant-admin'] } })).json();
  // A revocation of this test's own: the trail does not lean on what other tests did.
  const revoked = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'publishable', tenant: 'anderswo', label: 'audit-revoke' } })).json();
  assert.equal((await w.req(`/v1/admin/keys/${revoked.id}/revoke`, { method: 'POST', key: w.admin })).status, 200);
  const res = await w.req('/v1/staff/audit', { key });
  assert.equal(res.status, 200);
  const { items } = await res.json();
  const has = (action: string, target: string) => items.some((i: { action: string }) => i.action === action && JSON.stringify(i).includes(target));
  assert.ok(has('key.create', revoked.id), 'the key creation is in the trail');
  assert.ok(has('key.revoke', revoked.id), 'the revocation is in the trail');
  assert.ok(!JSON.stringify(items).includes('bn_sk_'), 'no secrets in the audit trail');
});

test('a change and its audit entry are one transaction: when the audit cannot be written, the change is undone', async () => {
  const k = await (await admin('/v1/admin/keys', { method: 'POST', json: { kind: 'staff', tenant: 'anderswo', label: 'audit-fault' } })).json();
  const snapshot = () =>
    w.db.sql`select (select name from tenants where slug = 'anderswo') as name,
                    (select count(*)::int from tenants where slug = 'audit-neu') as tenants,
                    (select count(*)::int from api_keys where label in ('audit-fault', 'audit-fault-2')) as keys,
                    (select revoked_at from api_keys where id = ${k.id}) as revoked,
                    (select replaced_by from api_keys where id = ${k.id}) as replaced`.then((r) => r[0]);
  const before = await snapshot();
  // Every audit insert fails from now on (NOT VALID: existing rows are not checked).
  await w.db.sql`alter table audit_log add constraint audit_fails check (action = '') not valid`;
  try {
    const attempts: [string, RequestInit & { json?: unknown }][] = [
      ['/v1/admin/tenants', { method: 'POST', json: { slug: 'audit-neu', name: 'Neu' } }],
      ['/v1/admin/tenants/anderswo', { method: 'PATCH', json: { name: 'Umbenannt' } }],
      ['/v1/admin/keys', { method: 'POST', json: { kind: 'staff', tenant: 'anderswo', label: 'audit-fault-2' } }],
      [`/v1/admin/keys/${k.id}/revoke`, { method: 'POST' }],
      [`/v1/admin/keys/${k.id}/rotate`, { method: 'POST', json: {} }],
    ];
    for (const [path, init] of attempts) await problem(await admin(path, init), 500, 'INTERNAL');
  } finally {
    await w.db.sql`alter table audit_log drop constraint audit_fails`;
  }
  assert.deepEqual(await snapshot(), before, 'no change without its audit entry');
  // The key still works: its revocation was undone with the audit.
  assert.equal((await w.req('/v1/staff/me', { key: k.key })).status, 200);
});
