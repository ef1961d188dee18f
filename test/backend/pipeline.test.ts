// Problem shapes, body limits, idempotency, ALTCHA and rate limits through the real pipeline,
// on test-only routes that use the same middleware the module routes use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { world, problem, type World } from './helpers.ts';
import { poll } from './replicas-harness.ts';
import { one } from '../../backend/core/db.ts';
import { idempotent } from '../../backend/core/idempotency.ts';
import { createApp } from '../../backend/app.ts';
import { createCaches } from '../../backend/core/caches.ts';
import { createKey } from '../../backend/admin/store.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { validate } from '../../backend/core/validate.ts';
import { ApiError } from '../../backend/core/errors.ts';
import * as v from 'valibot';
import { publicAccess } from '../../backend/core/auth.ts';
import { serve } from '@hono/node-server';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

process.env.BN_ALTCHA_MAX = '40';
let w: World;
let created = 0;
function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
/** A request with `hold: true` waits here inside the handler until the test lets it go. */
let held: { entered: ReturnType<typeof deferred>; release: ReturnType<typeof deferred> } | null = null;
before(async () => {
  w = await world();
  w.app.post('/v1/test/submissions', publicAccess(), idempotent({ altcha: true }), async (c) => {
    const body = await c.req.json();
    if (body.hold && held) {
      held.entered.resolve();
      await held.release.promise;
    }
    created++;
    return c.json({ n: created, echo: body.text }, 201);
  });
  w.app.post(
    '/v1/test/checked',
    publicAccess(),
    idempotent({ altcha: true }),
    validate('json', v.object({ text: v.pipe(v.string(), v.minLength(3, 'Too short.')), refuse: v.optional(v.picklist(['CONFLICT', 'NOT_FOUND'])) })),
    async (c) => {
      const body = c.req.valid('json');
      if (body.refuse) throw new ApiError(body.refuse);
      created++;
      return c.json({ n: created }, 201);
    },
  );
  w.app.post('/v1/test/plain', publicAccess(), idempotent(), async (c) => {
    const body = await c.req.json();
    if (body.fail) return c.json({ fail: true }, 400);
    created++;
    return c.json({ n: created }, 201);
  });
  w.app.get('/v1/test/ping', (c) => c.json({ ok: true }));
  w.app.post('/v1/test/length', async (c) => c.json({ length: (await c.req.text()).length }));
  w.app.get('/v1/test/boom', () => {
    throw new Error('secret internal detail at /srv/app.ts:12');
  });
});
after(() => w.close());

async function solved(pk = w.a.pk): Promise<string> {
  const challenge = await (await w.req('/v1/challenge', { key: pk })).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

test('unknown route → 404 problem, whatever the key', async () => {
  await problem(await w.req('/v1/nothing-here', { key: w.a.pk }), 404, 'ROUTE_NOT_FOUND');
  await problem(await w.req('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  await problem(await w.req('/elsewhere'), 404, 'ROUTE_NOT_FOUND');
});

test('wrong method → 405 with Allow', async () => {
  const res = await w.req('/v1/admin/tenants', { method: 'DELETE', key: w.admin });
  assert.equal(res.headers.get('Allow'), 'GET, POST');
  await problem(res, 405, 'METHOD_NOT_ALLOWED');
});

test('malformed JSON → 400 problem', async () => {
  const res = await w.req('/v1/admin/tenants', { method: 'POST', key: w.admin, body: '{"slug": ', headers: { 'Content-Type': 'application/json' } });
  await problem(res, 400, 'BAD_REQUEST');
});

test('too-large body → 413 problem', async () => {
  const big = JSON.stringify({ slug: 'big', name: 'x'.repeat(1.2 * 1024 * 1024) });
  await problem(await w.req('/v1/admin/tenants', { method: 'POST', key: w.admin, body: big, headers: { 'Content-Type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE');
});

test('on the node server a body is read straight from the socket (no web Request is built); the 1 MB cap holds for Content-Length and chunked bodies', async () => {
  const server = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, path: string, body?: string | string[], headers: Record<string, string | number> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      // node:http rather than fetch: the client side builds no AbortController of its own.
      const req = http.request({ port, host: '127.0.0.1', method, path, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      // An array is sent as chunks without a Content-Length (Transfer-Encoding: chunked).
      for (const part of body === undefined ? [] : Array.isArray(body) ? body : [body]) req.write(part);
      req.end();
    });
  // @hono/node-server makes an AbortController exactly when it materialises a web Request
  // (what hono's bodyLimit reading `c.req.raw.body` triggers); the body is then read through a
  // web stream instead of from the socket.
  const Original = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      made++;
    }
  };
  try {
    assert.equal((await send('GET', '/v1/test/ping')).status, 200);
    const json = JSON.stringify({ text: 'x'.repeat(1000) });
    const posted = await send('POST', '/v1/test/length', json, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
    assert.deepEqual([posted.status, JSON.parse(posted.text)], [200, { length: json.length }]);
    assert.equal(made, 0, 'neither the GET nor the POST with a Content-Length built a web Request');
    const chunked = await send('POST', '/v1/test/length', ['{"a":', '"bc"}'], { 'Content-Type': 'application/json' });
    assert.deepEqual([chunked.status, JSON.parse(chunked.text)], [200, { length: 10 }], 'a chunked body within the cap is read whole');
    const mb = 'y'.repeat(64 * 1024);
    const overChunked = await send(
      'POST',
      '/v1/test/length',
      Array.from({ length: 17 }, () => mb),
      { 'Content-Type': 'application/json' },
    );
    assert.equal(overChunked.status, 413);
    assert.equal(JSON.parse(overChunked.text).code, 'PAYLOAD_TOO_LARGE');
    const big = 'z'.repeat(1024 * 1024 + 1);
    const overLength = await send('POST', '/v1/test/length', big, { 'Content-Type': 'application/json', 'Content-Length': big.length });
    assert.equal(overLength.status, 413);
    assert.equal(JSON.parse(overLength.text).code, 'PAYLOAD_TOO_LARGE');
  } finally {
    globalThis.AbortController = Original;
    server.close();
    await once(server, 'close');
  }
});

test('validation → 422 with field paths', async () => {
  const p = await problem(await w.req('/v1/admin/tenants', { method: 'POST', key: w.admin, json: { slug: 42 } }), 422, 'VALIDATION_FAILED');
  assert.deepEqual(p.errors!.map((e) => e.path).sort(), ['name', 'slug']);
  assert.equal(p.errors!.find((e) => e.path === 'name')!.message, 'This field is required.');
});

test('unexpected error → 500 without internals, with a request id', async () => {
  const res = await w.req('/v1/test/boom', { key: w.a.pk });
  const p = await problem(res, 500, 'INTERNAL');
  assert.doesNotMatch(JSON.stringify(p), /secret internal|srv\/app/);
  assert.equal(res.headers.get('X-Request-Id'), p.requestId);
});

test('idempotent replay returns the first response and creates nothing twice', async () => {
  const key = crypto.randomUUID();
  const altcha = await solved();
  const send = () => w.req('/v1/test/submissions', { method: 'POST', key: w.a.pk, json: { text: 'Laterne defekt' }, headers: { 'Idempotency-Key': key, 'X-Altcha': altcha } });
  const first = await send();
  assert.equal(first.status, 201);
  const body = await first.json();
  const again = await send();
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
  assert.deepEqual(await again.json(), body);
  assert.equal(created, body.n, 'created once');
});

test('same Idempotency-Key with another body → 422', async () => {
  const key = crypto.randomUUID();
  assert.equal((await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: { a: 1 }, headers: { 'Idempotency-Key': key } })).status, 201);
  await problem(await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: { a: 2 }, headers: { 'Idempotency-Key': key } }), 422, 'IDEMPOTENCY_KEY_REUSED');
});

test('same Idempotency-Key while the first still runs → 409', async () => {
  const key = crypto.randomUUID();
  const altcha = await solved();
  const init = { method: 'POST', key: w.a.pk, json: { text: 'x', hold: true }, headers: { 'Idempotency-Key': key, 'X-Altcha': altcha } };
  held = { entered: deferred(), release: deferred() };
  const first = w.req('/v1/test/submissions', init);
  // The first request is inside its handler (its key claimed) before the second goes out.
  await held.entered.promise;
  const res = await w.req('/v1/test/submissions', init);
  await problem(res, 409, 'IDEMPOTENCY_IN_FLIGHT');
  held.release.resolve();
  assert.equal((await first).status, 201);
  held = null;
});

test('a failed first attempt is not remembered; the retry succeeds', async () => {
  const key = crypto.randomUUID();
  const r1 = await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: { fail: true }, headers: { 'Idempotency-Key': key } });
  assert.equal(r1.status, 400);
  const r2 = await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: { fail: true }, headers: { 'Idempotency-Key': key } });
  assert.equal(r2.headers.get('Idempotent-Replayed'), null);
  await problem(await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: {}, headers: { 'Idempotency-Key': 'short' } }), 400, 'IDEMPOTENCY_KEY_INVALID');
});

test('Idempotency-Keys are scoped per API key', async () => {
  const key = crypto.randomUUID();
  const a = await (await w.req('/v1/test/plain', { method: 'POST', key: w.a.pk, json: {}, headers: { 'Idempotency-Key': key } })).json();
  const b = await (await w.req('/v1/test/plain', { method: 'POST', key: w.b.pk, json: {}, headers: { 'Idempotency-Key': key } })).json();
  assert.notEqual(a.n, b.n, "B does not get A's response");
});

test('ALTCHA: missing, garbage, wrong and replayed solutions are refused', async () => {
  const post = (altcha?: string) =>
    w.req('/v1/test/submissions', { method: 'POST', key: w.a.pk, json: { text: 'x' }, headers: { 'Idempotency-Key': crypto.randomUUID(), ...(altcha && { 'X-Altcha': altcha }) } });
  await problem(await post(), 403, 'ALTCHA_FAILED');
  await problem(await post('%%%'), 403, 'ALTCHA_FAILED');
  await problem(await post(Buffer.from('{"challenge":1}').toString('base64')), 403, 'ALTCHA_FAILED');
  const good = await solved();
  const decoded = JSON.parse(Buffer.from(good, 'base64').toString());
  decoded.solution.derivedKey = decoded.solution.derivedKey.replace(/^./, (ch: string) => (ch === '0' ? '1' : '0'));
  await problem(await post(Buffer.from(JSON.stringify(decoded)).toString('base64')), 403, 'ALTCHA_FAILED');
  assert.equal((await post(good)).status, 201);
  const replay = await problem(await post(good), 403, 'ALTCHA_FAILED');
  assert.match(replay.detail!, /used already/);
});

test('ALTCHA: a solution is bound to the tenant whose key fetched the challenge', async () => {
  const post = (pk: string, altcha: string) => w.req('/v1/test/submissions', { method: 'POST', key: pk, json: { text: 'x' }, headers: { 'Idempotency-Key': crypto.randomUUID(), 'X-Altcha': altcha } });
  // A key of its own for the unrelated town, so the rate-limit test's budget stays untouched.
  const cPk = (await createKey(w.db.sql, { kind: 'publishable', tenant: w.c.slug, label: 'altcha' }, CLI_ACTOR)).key;
  const forA = await solved(w.a.pk);
  // Neither the county of A's community nor an unrelated town accepts it …
  for (const pk of [w.b.pk, cPk]) {
    const p = await problem(await post(pk, forA), 403, 'ALTCHA_FAILED');
    assert.match(p.detail!, /wrong/);
  }
  // … and refusing it there did not use it up for A.
  assert.equal((await post(w.a.pk, forA)).status, 201);
  // Each tenant's own solutions work.
  assert.equal((await post(cPk, await solved(cPk))).status, 201);
});

test('ALTCHA: a request refused after verification does not use up the solution; a success does', async () => {
  const altcha = await solved();
  const post = (json: unknown, key = crypto.randomUUID()) => w.req('/v1/test/checked', { method: 'POST', key: w.a.pk, json, headers: { 'X-Altcha': altcha, 'Idempotency-Key': key } });
  // Refused by validation or by the handler: the solution stays usable.
  await problem(await post({ text: 'x' }), 422, 'VALIDATION_FAILED');
  await problem(await post({ text: 'long enough', refuse: 'CONFLICT' }), 409, 'CONFLICT');
  await problem(await post({ text: 'long enough', refuse: 'NOT_FOUND' }), 404, 'NOT_FOUND');
  const before = created;
  // The corrected retry passes with the same solution …
  const key = crypto.randomUUID();
  assert.equal((await post({ text: 'long enough' }, key)).status, 201);
  assert.equal(created, before + 1);
  // … its replay by Idempotency-Key still answers (no new ALTCHA check) …
  assert.equal((await post({ text: 'long enough' }, key)).headers.get('Idempotent-Replayed'), 'true');
  // … and the solution is now used: another request with it is refused.
  const replay = await problem(await post({ text: 'another report' }), 403, 'ALTCHA_FAILED');
  assert.match(replay.detail!, /used already/);
  assert.equal(created, before + 1);
});

test("a submission's write is counted in its claim: over the limit it is refused before anything is claimed", async () => {
  process.env.BN_RATE_WRITE = '2';
  const limited = createApp({ db: w.db });
  let runs = 0;
  limited.post('/v1/test/limited', publicAccess(), idempotent({ altcha: true }), async (c) => c.json({ run: ++runs }, 201));
  delete process.env.BN_RATE_WRITE;
  // A key of its own: a budget no other test touches.
  const pk = (await createKey(w.db.sql, { kind: 'publishable', tenant: w.c.slug, label: 'write budget' }, CLI_ACTOR)).key;
  const send = (app: typeof limited, key: string, altcha: string) =>
    Promise.resolve(app.request('/v1/test/limited', { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${pk}`, 'Idempotency-Key': key, 'X-Altcha': altcha } }));
  const remaining: (string | null)[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await send(limited, crypto.randomUUID(), await solved(pk));
    assert.equal(res.status, 201);
    remaining.push(res.headers.get('RateLimit-Remaining'));
  }
  assert.deepEqual(remaining, ['1', '0']);
  const [key, altcha] = [crypto.randomUUID(), await solved(pk)];
  const refused = await send(limited, key, altcha);
  await problem(refused, 429, 'RATE_LIMITED');
  assert.ok(Number(refused.headers.get('Retry-After')) >= 1);
  assert.equal(runs, 2, 'the refused request did not run');
  // Neither its key nor its solution was claimed: with room again, the same request passes.
  process.env.BN_RATE_WRITE = '10';
  const roomy = createApp({ db: w.db });
  roomy.post('/v1/test/limited', publicAccess(), idempotent({ altcha: true }), async (c) => c.json({ run: ++runs }, 201));
  delete process.env.BN_RATE_WRITE;
  const again = await send(roomy, key, altcha);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('Idempotent-Replayed'), null);
  const [{ id }] = (await w.db.sql<{ id: string }[]>`select id from api_keys where label = 'write budget' and tenant_id = ${w.c.id}`) as unknown as [{ id: string }];
  const counts = await w.db.sql<{ count: number }[]>`select count from rate_limits where bucket like ${`write:${id}:%`}`;
  assert.deepEqual(
    counts.map((r) => r.count),
    [4],
    'every attempt counted in one bucket, the refused one too',
  );
});

test('two app instances on one database share one write budget', async () => {
  process.env.BN_RATE_WRITE = '5';
  // Two apps in this one process: each has its own state, only the database joins them. Real
  // separate processes behind nginx are replicas.pg.test.ts ("the write rate limit holds across
  // both replicas") and read-limit.pg.test.ts.
  const app1 = createApp({ db: w.db });
  const app2 = createApp({ db: w.db });
  for (const app of [app1, app2]) app.post('/v1/test/plain', publicAccess(), async (c) => c.json({}, 201));
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 8; i++) {
    const app = i % 2 ? app2 : app1;
    last = await app.request('/v1/test/plain', { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${w.c.pk}`, 'Content-Type': 'application/json' } });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
  assert.ok(Number(last!.headers.get('Retry-After')) >= 1);
  await problem(last!, 429, 'RATE_LIMITED');
  delete process.env.BN_RATE_WRITE;
});

// Two apps with their own caches in this process; two real processes: read-limit.pg.test.ts.
test("read limits are batched in each app's memory and joined only through the shared counter", async () => {
  process.env.BN_RATE_READ = '20';
  const caches1 = createCaches();
  const caches2 = createCaches();
  const app1 = createApp({ db: w.db, caches: caches1 });
  const app2 = createApp({ db: w.db, caches: caches2 });
  delete process.env.BN_RATE_READ;
  const keyId = one(await w.db.sql<{ id: string }[]>`select id from api_keys where publishable = ${w.c.pk}`).id;
  const shared = async () => (await w.db.sql<{ count: number }[]>`select count from rate_limits where bucket = ${`read:${keyId}:127.0.0.1`}`)[0]?.count ?? 0;
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const app = i % 2 ? app2 : app1;
    const res = await app.request(`/v1/config?key=${w.c.pk}`);
    statuses.push(res.status);
    if (res.status === 429) assert.ok(Number(res.headers.get('Retry-After')) >= 1);
    // The read's batch reaches the shared counter before the other app reads it.
    await poll(`read ${i + 1} in the shared counter`, 10_000, async () => ((await shared()) >= i + 1 ? true : undefined), 2);
  }
  const ok = statuses.filter((s) => s === 200).length;
  // Each process may overshoot by one batch (5 % of the limit, at least 1).
  assert.ok(ok >= 20 && ok <= 24, `allowed ${ok} of 60`);
  assert.equal(statuses.at(-1), 429);
  const [row] = await w.db.sql`select count from rate_limits where bucket like 'read:%' order by count desc limit 1`;
  assert.ok(row);
  assert.ok(row.count >= 20, 'the shared counter saw the reads');
  // Each app batched in its own memory: only the database joined them.
  const bucket = `read:${keyId}:127.0.0.1`;
  const batch1 = caches1.readLimits.get(bucket);
  const batch2 = caches2.readLimits.get(bucket);
  assert.ok(batch1 && batch2 && batch1 !== batch2, 'two separate batches');
});
