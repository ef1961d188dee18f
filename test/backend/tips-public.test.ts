// Bürgertipps, citizen side: submission, validation, idempotency, list, nearby, status, support.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { world, problem, type World } from './helpers.ts';
import { citizenPost, damage, solved, staff, submit } from './tips-fixtures.ts';
import { one } from '../../backend/core/db.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('POST /v1/tips creates a tip with a reference and a secret token, its history, its mails and its bookkeeping', async () => {
  const idem = randomUUID();
  const altcha = await solved(w, w.a.pk);
  const res = await citizenPost(w, w.a.pk, '/v1/tips', damage(), { idem, altcha });
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.ref, /^BT-\d{4}-\d{5}$/);
  assert.match(body.token, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(body.status, 'new');
  assert.deepEqual(body.tenant, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' });
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://www.beispielstadt.example');
  // What one submission writes besides the tip (the statements a faster path must keep).
  const tip = one(await w.db.sql<{ id: string }[]>`select id from tips where ref = ${body.ref}`);
  const events = await w.db.sql`select type, status, public from tip_events where tip_id = ${tip.id}`;
  assert.deepEqual([...events], [{ type: 'created', status: 'new', public: true }]);
  const mails = await w.db.sql<{ to_addr: string }[]>`select to_addr from outbox where subject like ${'%' + body.ref + '%'}`;
  assert.deepEqual(
    mails.map((m) => m.to_addr),
    ['max@example.org'],
    'the confirmation to the citizen is in the outbox (the town has no address here)',
  );
  const stored = one(await w.db.sql<{ status: number; body: string }[]>`select status, body from idempotency_keys where key = ${idem}`);
  assert.deepEqual([stored.status, JSON.parse(stored.body).ref], [201, body.ref], 'the answer is kept for a retry');
  const { signature } = JSON.parse(Buffer.from(altcha, 'base64').toString()).challenge;
  assert.equal((await w.db.sql`select 1 from altcha_used where signature = ${signature}`).length, 1, 'the ALTCHA solution is used up');
});

test('validation: damage without location, emergency category, unknown category → 422 with paths', async () => {
  const noLoc = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ location: null })), 422, 'VALIDATION_FAILED');
  assert.ok(noLoc.errors?.some((e) => e.path === 'location'));
  const gas = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ category: 'gas' })), 422, 'VALIDATION_FAILED');
  assert.ok(gas.errors?.some((e) => e.path === 'category'));
  const unknown = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ category: 'nope' })), 422, 'VALIDATION_FAILED');
  assert.ok(unknown.errors?.some((e) => e.path === 'category'));
  const consent = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ consent: false, description: '' })), 422, 'VALIDATION_FAILED');
  assert.deepEqual(consent.errors?.map((e) => e.path).sort(), ['consent', 'description']);
  await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ description: 'a\u0000b' })), 422, 'VALIDATION_FAILED');
  const noPin = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ location: { lat: 52 } })), 422);
  assert.ok(noPin.errors?.some((e) => e.path === 'location.lng'));
});

test('an idea needs no location; the address alone works without a map', async () => {
  await submit(w, w.a.pk, { kind: 'idee', category: 'gruen', description: 'Mehr Bänke im Stadtpark', consent: true });
  await submit(w, w.a.pk, damage({ location: { address: 'Marktplatz 1' } }));
});

test('without ALTCHA or Idempotency-Key → refused', async () => {
  await problem(await w.req('/v1/tips', { method: 'POST', key: w.a.pk, json: damage(), headers: { 'Idempotency-Key': randomUUID() } }), 403, 'ALTCHA_FAILED');
  await problem(await w.req('/v1/tips', { method: 'POST', key: w.a.pk, json: damage(), headers: { 'X-Altcha': await solved(w, w.a.pk) } }), 400, 'IDEMPOTENCY_KEY_MISSING');
});

test('a staff key or no key cannot submit; a foreign origin is refused', async () => {
  await problem(await w.req('/v1/tips', { method: 'POST', key: w.a.sk, json: damage() }), 403, 'FORBIDDEN');
  await problem(await w.req('/v1/tips', { method: 'POST', json: damage() }), 401);
  const res = await w.req('/v1/tips', { method: 'POST', key: w.a.pk, origin: 'https://evil.example', json: damage() });
  await problem(res, 403, 'ORIGIN_NOT_ALLOWED');
});

test('idempotent replay returns the first answer and creates one tip', async () => {
  const idem = randomUUID();
  const altcha = await solved(w, w.a.pk);
  const body = damage({ description: 'Replay test: Gully verstopft' });
  const first = await citizenPost(w, w.a.pk, '/v1/tips', body, { idem, altcha });
  assert.equal(first.status, 201);
  const again = await citizenPost(w, w.a.pk, '/v1/tips', body, { idem, altcha });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
  assert.deepEqual(await again.json(), await first.json());
  const { n } = one(await w.db.sql`select count(*)::int as n from tips where description = 'Replay test: Gully verstopft'`);
  assert.equal(n, 1);
  await problem(await citizenPost(w, w.a.pk, '/v1/tips', { ...body, description: 'other' }, { idem, altcha }), 422, 'IDEMPOTENCY_KEY_REUSED');
});

test('anonymous tips can be switched off: then name and e-mail are required', async () => {
  const put = await staff(w, w.c.sk, '/settings', { method: 'PUT', json: { anonymousAllowed: false } });
  assert.equal(put.status, 200);
  const p = await problem(await citizenPost(w, w.c.pk, '/v1/tips', damage({ category: 'strasse', contact: null, notify: false })), 422);
  assert.deepEqual(p.errors?.map((e) => e.path).sort(), ['contact.email', 'contact.name']);
  await submit(w, w.c.pk, damage({ category: 'strasse' }));
});

test('GET /v1/tips/categories → kinds and categories with ETag and 304', async () => {
  const res = await w.req(`/v1/tips/categories?key=${w.a.pk}`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.kinds, ['idee', 'beschwerde', 'schaden']);
  const gas = body.categories.find((c: { id: string }) => c.id === 'gas');
  assert.match(gas.emergency.de, /112/);
  assert.equal(body.maxPhotos, 3);
  const etag = res.headers.get('ETag')!;
  const again = await w.req(`/v1/tips/categories?key=${w.a.pk}`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('the public list shows published tips only, and never personal data', async () => {
  const t = await submit(w, w.a.pk, damage({ description: 'Schlagloch am Kreisel', category: 'strasse' }));
  const before = await (await w.req(`/v1/tips?key=${w.a.pk}`)).json();
  assert.ok(!before.items.some((i: { ref: string }) => i.ref === t.ref), 'unpublished tip is listed');
  await staff(w, w.a.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: 'Interne Notiz: Bauhof informiert' } });
  const pub = await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { published: true, status: 'acknowledged', publicAnswer: 'Wir kümmern uns.', assignee: null } });
  assert.equal(pub.status, 200);
  const res = await w.req(`/v1/tips?key=${w.a.pk}&category=strasse`);
  assert.match(res.headers.get('Cache-Control') ?? '', /max-age/);
  assert.ok(res.headers.get('ETag'));
  const text = await res.text();
  const list = JSON.parse(text);
  const item = list.items.find((i: { ref: string }) => i.ref === t.ref);
  assert.equal(item.publicAnswer, 'Wir kümmern uns.');
  assert.equal(item.status, 'acknowledged');
  assert.equal(list.total, list.items.length);
  for (const leak of ['Max Mustermann', 'max@example.org', 'Interne Notiz', 'contact', 'assignee', 'token', 'ip_hash', 'ipHash']) {
    assert.ok(!text.includes(leak), `list leaks ${leak}`);
  }
  // Paging and filters.
  const page = await (await w.req(`/v1/tips?key=${w.a.pk}&pageSize=1&page=1&status=acknowledged`)).json();
  assert.equal(page.pageSize, 1);
  assert.ok(page.items.length <= 1);
  await problem(await w.req(`/v1/tips?key=${w.a.pk}&pageSize=1000`), 422, 'VALIDATION_FAILED');
  // Another tenant's list does not contain it.
  const other = await (await w.req(`/v1/tips?key=${w.b.pk}`)).json();
  assert.ok(!other.items.some((i: { ref: string }) => i.ref === t.ref));
});

test('nearby offers open published reports within 50 m; support counts', async () => {
  const t = await submit(w, w.a.pk, damage({ location: { lat: 52.41, lng: 10.06 }, description: 'Laterne kaputt (nearby)' }));
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { published: true } });
  const near = await (await w.req(`/v1/tips/nearby?key=${w.a.pk}&lat=52.4102&lng=10.0601&category=beleuchtung`)).json();
  assert.equal(near.items.length, 1);
  assert.equal(near.items[0].ref, t.ref);
  assert.ok(near.items[0].distance > 10 && near.items[0].distance <= 50);
  const far = await (await w.req(`/v1/tips/nearby?key=${w.a.pk}&lat=52.4110&lng=10.06`)).json();
  assert.equal(far.items.length, 0);
  const s1 = await citizenPost(w, w.a.pk, `/v1/tips/${t.ref}/support`, undefined);
  assert.deepEqual(await s1.json(), { ref: t.ref, supportCount: 1 });
  const s2 = await citizenPost(w, w.a.pk, `/v1/tips/${t.ref}/support`, undefined);
  assert.equal((await s2.json()).supportCount, 2);
  // Not from another tenant, not for an unpublished tip.
  await problem(await citizenPost(w, w.c.pk, `/v1/tips/${t.ref}/support`, undefined), 404, 'NOT_FOUND');
  const hidden = await submit(w, w.a.pk);
  await problem(await citizenPost(w, w.a.pk, `/v1/tips/${hidden.ref}/support`, undefined), 404, 'NOT_FOUND');
  await problem(await w.req(`/v1/tips/nearby?key=${w.a.pk}&lat=abc&lng=10`), 422);
});

test('status view by reference and token: history and public answers, never internal notes', async () => {
  const t = await submit(w, w.a.pk);
  await staff(w, w.a.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: 'geheim: Anwohner ist bekannt' } });
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { status: 'in_progress', publicAnswer: 'Der Bauhof ist informiert.' } });
  const res = await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}&token=${t.token}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Cache-Control'), 'no-store');
  const text = await res.text();
  assert.ok(!text.includes('geheim'));
  assert.ok(!text.includes('max@example.org'));
  const view = JSON.parse(text);
  assert.equal(view.status, 'in_progress');
  assert.equal(view.publicAnswer, 'Der Bauhof ist informiert.');
  assert.deepEqual(
    view.history.map((h: { type: string }) => h.type),
    ['created', 'status', 'answer'],
  );
  assert.equal(view.canReopen, false);
  // Wrong token, wrong ref, an unrelated tenant's key: all 404.
  await problem(await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}&token=${'x'.repeat(32)}`), 404, 'NOT_FOUND');
  await problem(await w.req(`/v1/tips/status?key=${w.a.pk}&ref=BT-2020-00001&token=${t.token}`), 404, 'NOT_FOUND');
  await problem(await w.req(`/v1/tips/status?key=${w.c.pk}&ref=${t.ref}&token=${t.token}`), 404, 'NOT_FOUND');
  // The county of the same community may show it (tracking links survive a forward).
  assert.equal((await w.req(`/v1/tips/status?key=${w.b.pk}&ref=${t.ref}&token=${t.token}`)).status, 200);
  await problem(await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}`), 422, 'VALIDATION_FAILED');
});

test('a citizen re-opens a resolved report', async () => {
  const t = await submit(w, w.a.pk);
  assert.equal((await staff(w, w.a.sk, '/settings', { method: 'PUT', json: { notifyEmail: 'tipps@beispielstadt.example' } })).status, 200);
  const reopen = (token = t.token) => citizenPost(w, w.a.pk, '/v1/tips/status/reopen', { ref: t.ref, token, reason: 'Die Laterne ist immer noch dunkel.' });
  await problem(await reopen(), 409, 'NOT_REOPENABLE');
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { status: 'resolved' } });
  const view = await (await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}&token=${t.token}`)).json();
  assert.equal(view.canReopen, true);
  const res = await reopen();
  assert.equal(res.status, 200);
  const after = await res.json();
  assert.equal(after.status, 'in_progress');
  assert.equal(after.history.at(-1).type, 'reopened');
  const notice = await w.db.sql`select to_addr, body_text from outbox where subject like ${'%' + t.ref + ' wieder geöffnet%'}`;
  assert.equal(notice[0]?.to_addr, 'tipps@beispielstadt.example');
  assert.match(notice[0].body_text, /immer noch dunkel/);
  await problem(await reopen('y'.repeat(32)), 404, 'NOT_FOUND');
});

test('the module can be off for a tenant', async () => {
  await w.db.sql`update tenants set modules = '{kita}' where slug = 'anderswo'`;
  w.forgetKeys();
  await problem(await w.req(`/v1/tips?key=${w.c.pk}`), 403, 'MODULE_DISABLED');
  await w.db.sql`update tenants set modules = '{tips,kita,jobs,plans}' where slug = 'anderswo'`;
  w.forgetKeys();
});

test('references are unique per community under concurrency; town and county share the counter', async () => {
  const { createTip } = await import('../../backend/tips/store.ts');
  const { TipCreate } = await import('../../backend/tips/schema.ts');
  const v = await import('valibot');
  const rows = await w.db.sql`select * from tenants where slug in ('beispielstadt', 'musterkreis') order by slug`;
  const input = v.parse(TipCreate, damage({ contact: null, notify: false }));
  const made = await Promise.all(Array.from({ length: 24 }, (_, i) => createTip(w.db.sql, rows[i % 2] as never, input, { source: 'web', ip: '192.0.2.1' })));
  const refs = made.map((m) => m.ref);
  assert.equal(new Set(refs).size, refs.length);
  const numbers = refs.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
  assert.equal(numbers.at(-1)! - numbers[0]!, refs.length - 1, 'no gaps between concurrent submissions');
  const year = new Date().getFullYear();
  assert.ok(refs.every((r) => r.startsWith(`BT-${year}-`) || r.startsWith(`BT-${year + 1}-`)));
});
