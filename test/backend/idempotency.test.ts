// Idempotency-Key leases: a first request whose process died must not block its key forever.
// On PostgreSQL a real child server is killed with SIGKILL while it holds a key; PGlite
// cannot be shared between processes, so there the crash is simulated by the record such a
// process leaves behind. Both retry through an app with an injected clock (no 45 s wait).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { world, problem, type World } from './helpers.ts';
import { createApp } from '../../backend/app.ts';
import { publicAccess } from '../../backend/core/auth.ts';
import { idempotent } from '../../backend/core/idempotency.ts';
import { one } from '../../backend/core/db.ts';
import { solved } from './tips-fixtures.ts';

const LEASE_S = 45;
let w: World;
let clock = 0;
let app: ReturnType<typeof createApp>;

before(async () => {
  w = await world();
  await w.db.sql`create table crash_reports (id serial primary key, text text not null)`;
  // A second replica with its own clock, running the same route for real.
  app = createApp({ db: w.db, now: () => new Date(clock) });
  app.post('/v1/test/crash', publicAccess(), idempotent(), async (c) => {
    const body = await c.req.json();
    const [row] = await w.db.sql`insert into crash_reports (text) values (${body.text}) returning id`;
    return c.json({ id: row!.id }, 201);
  });
});
after(() => w.close());

const post = (key: string, json: unknown) =>
  Promise.resolve(
    app.request('/v1/test/crash', {
      method: 'POST',
      body: JSON.stringify(json),
      headers: { Authorization: `Bearer ${w.a.pk}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    }),
  );

/** Starts the holder process and has it take `key`; resolves once it holds it. */
async function holderHoldsKey(key: string, json: unknown) {
  const url = w.db.url;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'idempotency-holder.ts')], {
    env: { ...process.env, HOLDER_DATABASE_URL: url, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m) {
          child.stdout.off('data', onData);
          child.off('exit', onExit);
          resolve(m);
        }
      };
      const onData = (d: Buffer) => {
        out += d;
        check();
      };
      const onExit = (code: number | null) => reject(new Error(`holder exited (${code}): ${err}`));
      child.stdout.on('data', onData);
      child.on('exit', onExit);
      check();
    });
  const port = Number((await waitFor(/port (\d+)/))[1]);
  const pending = fetch(`http://127.0.0.1:${port}/v1/test/crash`, {
    method: 'POST',
    body: JSON.stringify(json),
    headers: { Authorization: `Bearer ${w.a.pk}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
  }).catch(() => null);
  await waitFor(/holding/);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  assert.equal(await pending, null, 'the holder never answered');
}

/** What a process that died while holding `key` leaves behind (PGlite: one process only). */
async function leftoverRecord(key: string, json: unknown) {
  const { id } = one(await w.db.sql`select id from api_keys where publishable = ${w.a.pk}`);
  const fingerprint = createHash('sha256').update(JSON.stringify(json)).digest('hex');
  await w.db.sql`insert into idempotency_keys (scope, key, fingerprint, locked_until, lease_token)
                 values (${`${id}:POST:/v1/test/crash`}, ${key}, ${fingerprint}, now() + make_interval(secs => ${LEASE_S}), gen_random_uuid())`;
}

const crashed = process.env.DATABASE_URL ? holderHoldsKey : leftoverRecord;
const how = process.env.DATABASE_URL ? 'a child server killed with SIGKILL' : 'simulated: the record a killed process leaves';

test(`a key held by a crashed request is taken over after its lease, once (${how})`, async () => {
  const key = crypto.randomUUID();
  const json = { text: 'Ampel ausgefallen' };
  await crashed(key, json);
  const [held] = await w.db.sql`select status, locked_until from idempotency_keys where key = ${key}`;
  assert.equal(held!.status, null, 'in flight');

  // While the lease runs: 409 with Retry-After.
  clock = Date.now();
  const busy = await post(key, json);
  assert.ok(Number(busy.headers.get('Retry-After')) >= 1);
  await problem(busy, 409, 'IDEMPOTENCY_IN_FLIGHT');

  // After the lease: another body is still a different request …
  clock = Date.now() + (LEASE_S + 1) * 1000;
  await problem(await post(key, { text: 'etwas anderes' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  // … and of several retries with the same body exactly one takes the key over.
  const answers = await Promise.all([1, 2, 3, 4].map(() => post(key, json)));
  const fresh = answers.filter((r) => r.status === 201 && !r.headers.get('Idempotent-Replayed'));
  assert.equal(fresh.length, 1, `statuses ${answers.map((r) => r.status)}`);
  for (const r of answers) assert.ok(r.status === 201 || r.status === 409, `status ${r.status}`);
  const first = await fresh[0]!.json();
  // A later retry replays the stored answer.
  const again = await post(key, json);
  assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
  assert.deepEqual(await again.json(), first);
  const rows = await w.db.sql`select id from crash_reports where text = ${json.text}`;
  assert.deepEqual(
    rows.map((r) => r.id),
    [first.id],
    'exactly one report stored',
  );
});

/**
 * A route of its own (an app on the test clock) whose first request stays inside its handler
 * until `release()`: the first request that still holds its key while another one comes.
 * `answer(call)` is what the handler returns for call n (1 = the held one, once released).
 */
function heldFirstRequest(path: string, answer: (call: number) => { status: 201 | 400; body: unknown }, opts: { altcha?: boolean } = {}) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  let calls = 0;
  const route = createApp({ db: w.db, now: () => new Date(clock) });
  route.post(path, publicAccess(), idempotent(opts), async (c) => {
    const call = ++calls;
    if (call === 1) {
      entered();
      await gate;
    }
    const { status, body } = answer(call);
    return c.json(body, status);
  });
  const send = (key: string, headers: Record<string, string> = {}) =>
    Promise.resolve(route.request(path, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${w.a.pk}`, 'Idempotency-Key': key, ...headers } }));
  return {
    send,
    release,
    calls: () => calls,
    /** Sends the first request at the clock's now; resolves once it is inside the handler, holding `key`. */
    async hold(key: string, headers: Record<string, string> = {}) {
      clock = Date.now();
      const first = send(key, headers);
      await inside;
      return { first };
    },
  };
}

test('a first request that outlives its lease cannot overwrite or delete the record of the one that took over', async () => {
  const route = heldFirstRequest('/v1/test/outlived', (call) => (call === 1 ? { status: 400, body: { late: true } } : { status: 201, body: { second: true } }));
  const { first } = await route.hold('outlived-1');
  clock = Date.now() + (LEASE_S + 1) * 1000;
  const second = await route.send('outlived-1');
  assert.equal(second.status, 201);
  route.release();
  assert.equal((await first).status, 400);
  // The record is the second request's, and it is still there.
  const replay = await route.send('outlived-1');
  assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
  assert.deepEqual(await replay.json(), { second: true });
  assert.equal(route.calls(), 2);
});

test('a retry that takes an expired lease over claims its own ALTCHA solution, once', async () => {
  const route = heldFirstRequest('/v1/test/guarded', (call) => ({ status: 201, body: { call } }), { altcha: true });
  const [s1, s2] = [await solved(w, w.a.pk), await solved(w, w.a.pk)];
  const { first } = await route.hold('guarded-1', { 'X-Altcha': s1 });
  // The first process is taken for dead; its retry comes with a fresh solution.
  clock = Date.now() + (LEASE_S + 1) * 1000;
  const second = await route.send('guarded-1', { 'X-Altcha': s2 });
  assert.equal(second.status, 201);
  assert.deepEqual(await second.json(), { call: 2 });
  // That solution is used now: another request with it is refused.
  const again = await problem(await route.send('guarded-2', { 'X-Altcha': s2 }), 403, 'ALTCHA_FAILED');
  assert.match(again.detail!, /used already/);
  route.release();
  await first;
});

test('a refused ALTCHA leaves neither the key nor the claim behind', async () => {
  const route = createApp({ db: w.db });
  route.post('/v1/test/refused', publicAccess(), idempotent({ altcha: true }), async (c) => c.json({ ok: true }, 201));
  const send = (key: string | null, altcha: string) =>
    Promise.resolve(
      route.request('/v1/test/refused', {
        method: 'POST',
        body: '{}',
        headers: { Authorization: `Bearer ${w.a.pk}`, 'X-Altcha': altcha, ...(key && { 'Idempotency-Key': key }) },
      }),
    );
  const good = await solved(w, w.a.pk);
  // The same challenge with a wrong answer: claimed under the same signature, then refused.
  const wrong = JSON.parse(Buffer.from(good, 'base64').toString());
  wrong.solution.derivedKey = wrong.solution.derivedKey.replace(/^./, (ch: string) => (ch === '0' ? '1' : '0'));
  const p = await problem(await send('refused-1', Buffer.from(JSON.stringify(wrong)).toString('base64')), 403, 'ALTCHA_FAILED');
  assert.match(p.detail!, /wrong/);
  // Same key, the right answer to the same challenge: neither "in flight" nor "used already".
  assert.equal((await send('refused-1', good)).status, 201);
  // A submission needs a key even when the route's other requests would not.
  await problem(await send(null, await solved(w, w.a.pk)), 400, 'IDEMPOTENCY_KEY_MISSING');
});

test('the lease is configurable (BN_IDEMPOTENCY_LEASE_S)', async () => {
  // Read when the route is made.
  process.env.BN_IDEMPOTENCY_LEASE_S = '5';
  const route = heldFirstRequest('/v1/test/slow', () => ({ status: 201, body: {} }));
  delete process.env.BN_IDEMPOTENCY_LEASE_S;
  const { first } = await route.hold('slow-key-1');
  const [rec] = await w.db.sql`select locked_until from idempotency_keys where key = 'slow-key-1'`;
  assert.equal(new Date(rec!.locked_until).getTime(), clock + 5000);
  route.release();
  assert.equal((await first).status, 201);
});
