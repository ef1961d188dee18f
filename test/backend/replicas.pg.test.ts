// N stateless replicas on one PostgreSQL, proven: two real server processes
// (`node --import tsx backend/main.ts`) behind a real nginx (round robin, BN_TRUST_PROXY=1),
// under a stream of citizen submissions and reads through nginx. The nginx configuration is
// generated from the example in README.md ("Behind nginx"), so the documented one is the tested one.
// PostgreSQL only (`*.pg.test.ts`: test/run.mjs runs it in the DATABASE_URL pass), and nginx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as v from 'valibot';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { one, openDatabase, type Database } from '../../backend/core/db.ts';
import { migrate } from '../../backend/core/migrate.ts';
import { createKey, createTenant } from '../../backend/admin/store.ts';
import { TenantCreate } from '../../backend/admin/schema.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { ORIGIN, freePort, http, nginxConfig, pause, poll, post, solved, stopProc, tip, track, type Proc } from './replicas-harness.ts';
import { CitizenStream, submitRetrying } from './replicas-stream.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const KEY_CACHE_MS = 1500;
const RATE_WRITE = 10;
/** Extra time a loaded machine may take beyond BN_KEY_CACHE_MS to show a revocation. */
const REVOKE_MARGIN_MS = 1000;
const STREAM_KEYS = 96;

let dbName = '';
let dbUrl = '';
let db: Database;
let admin: postgres.Sql;
let tmp = '';
let smtp: SmtpSink | undefined;
let smtpPort = 0;
/** Message-IDs of every mail the SMTP server accepted, in order. */
const delivered: string[] = [];
/** The background traffic through nginx, from the before hook until the rolling restart's end. */
let stream: CitizenStream;
const replicas: Proc[] = [];
const nginx: Proc = { name: 'nginx', port: 0, child: null, output: '', exit: null };
const base = (p: Proc) => `http://127.0.0.1:${p.port}`;
let proxy = '';

function replicaEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    BN_DEMO_PORT: '0',
    DATABASE_URL: dbUrl,
    BN_TRUST_PROXY: '1',
    BN_KEY_CACHE_MS: String(KEY_CACHE_MS),
    BN_RATE_WRITE: String(RATE_WRITE),
    BN_ALTCHA_COST: '10',
    BN_ALTCHA_MAX: '50',
    BN_OUTBOX_INTERVAL_MS: '100',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

async function startReplica(r: Proc): Promise<number> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], { cwd: root, env: replicaEnv(r.port), stdio: ['ignore', 'pipe', 'pipe'] });
  track(r, child);
  let exited = false;
  void r.exit!.then(() => (exited = true));
  await poll(
    `${r.name} /readyz on port ${r.port}`,
    90_000,
    async () => {
      if (exited) throw new Error(`${r.name} exited during start:\n${r.output}`);
      const res = await http(`${base(r)}/readyz`, { timeoutMs: 5_000 });
      return res.status === 200 ? true : undefined;
    },
    100,
  );
  return Date.now() - started;
}

// ── tenants and keys ───────────────────────────────────────────────────────────────────

interface Town {
  id: string;
  slug: string;
  pk: string;
  pkId: string;
  pool: string[];
}

async function town(slug: string, opts: { contactEmail?: string; pool?: number } = {}): Promise<Town> {
  const t = await createTenant(db.sql, v.parse(TenantCreate, { slug, name: `Gemeinde ${slug}`, origins: [ORIGIN], contactEmail: opts.contactEmail ?? null }), CLI_ACTOR);
  const pk = await createKey(db.sql, { kind: 'publishable', tenant: slug, label: 'web' }, CLI_ACTOR);
  const pool: string[] = [];
  for (let i = 0; i < (opts.pool ?? 0); i++) pool.push((await createKey(db.sql, { kind: 'publishable', tenant: slug, label: `web ${i}` }, CLI_ACTOR)).key);
  return { id: t.id, slug, pk: pk.key, pkId: pk.id, pool };
}

let adminKey = '';
const towns: Record<'revoke' | 'rate' | 'idem' | 'mail' | 'stream', Town> = {} as never;

/** Waits until every outbox row of the tenant is sent; returns the rows' ids. */
async function drainedOutbox(tenantId: string): Promise<string[]> {
  return poll(
    `the outbox of ${tenantId} to drain`,
    90_000,
    async () => {
      const rows = await db.sql<{ id: string; sent: boolean }[]>`select id, sent_at is not null as sent from outbox where tenant_id = ${tenantId}`;
      return rows.every((r) => r.sent) ? rows.map((r) => r.id) : undefined;
    },
    100,
  );
}

function deliveriesOf(ids: string[]) {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const mid of delivered) {
    const id = /^<?([0-9a-f-]{36})@buergernah>?$/.exec(mid)?.[1];
    if (id && counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  return counts;
}

const nginxLog = () => {
  try {
    return fs.readFileSync(path.join(tmp, 'error.log'), 'utf8').slice(-4000);
  } catch {
    return '(no error log)';
  }
};

// ── setup and teardown ─────────────────────────────────────────────────────────────────

before(
  async () => {
    if (!fs.existsSync(NGINX)) {
      throw new Error(`nginx is missing (${NGINX}). This test runs the replicas behind a real nginx: apt-get install -y nginx (or set NGINX_PATH).`);
    }
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('replicas.pg.test.ts needs DATABASE_URL (a PostgreSQL server); test/run.mjs runs it only in the PostgreSQL pass.');

    // A fresh database, migrated and seeded here, before any server starts.
    dbName = `bn_test_${randomBytes(6).toString('hex')}`;
    admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    db = await openDatabase({ url: dbUrl, max: 4 });
    await migrate(db.sql);
    towns.revoke = await town('widerruf');
    towns.rate = await town('drossel');
    towns.idem = await town('einmal');
    towns.mail = await town('post', { contactEmail: 'rathaus@post.example', pool: 2 });
    towns.stream = await town('strom', { contactEmail: 'rathaus@strom.example', pool: STREAM_KEYS });
    adminKey = (await createKey(db.sql, { kind: 'admin', label: 'Hosting office' }, CLI_ACTOR)).key;

    smtp = await startSmtpSink((raw) => {
      const head = raw.split(/\r?\n\r?\n/)[0]!;
      delivered.push(/^Message-ID:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '(none)');
    });
    smtpPort = smtp.port;

    for (const name of ['replica 1', 'replica 2']) replicas.push({ name, port: await freePort(), child: null, output: '', exit: null });
    await Promise.all(replicas.map(startReplica));

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-nginx-'));
    // Workers may run as another user when the test runs as root: let them use the temp paths.
    fs.chmodSync(tmp, 0o755);
    for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(tmp, d), { mode: 0o777 });
    nginx.port = await freePort();
    const conf = path.join(tmp, 'nginx.conf');
    fs.writeFileSync(conf, nginxConfig(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), { upstreams: replicas.map((r) => r.port), listen: nginx.port, dir: tmp }));
    track(nginx, spawn(NGINX, ['-p', tmp, '-e', path.join(tmp, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    proxy = base(nginx);
    let nginxExited = false;
    void nginx.exit!.then(() => (nginxExited = true));
    await poll(
      'nginx',
      30_000,
      async () => {
        if (nginxExited) throw new Error(`nginx exited:\n${nginx.output}\n${fs.readFileSync(path.join(tmp, 'error.log'), 'utf8')}`);
        return (await http(`${proxy}/healthz`, { timeoutMs: 5_000 })).status === 200 ? true : undefined;
      },
      100,
    );

    stream = new CitizenStream(proxy, towns.stream.pool);
    stream.start();
    // The stream is flowing before the first test looks at anything.
    await poll('the first acknowledged submission of the stream', 60_000, async () => (stream.acked.length >= 2 ? true : undefined), 50);
  },
  { timeout: 300_000 },
);

after(
  async () => {
    await stream?.stop(60_000);
    await stopProc(nginx, 'SIGQUIT', 15_000).catch(() => nginx.child?.kill('SIGKILL'));
    for (const r of replicas) await stopProc(r).catch(() => r.child?.kill('SIGKILL'));
    await smtp?.close();
    await db?.close();
    if (admin) {
      if (dbName) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  },
  { timeout: 180_000 },
);

// ── the proofs ─────────────────────────────────────────────────────────────────────────

test('the servers started on a seeded PostgreSQL: migrated once, no demo data added', async () => {
  const tenants = await db.sql<{ slug: string }[]>`select slug from tenants order by slug`;
  assert.deepEqual(
    tenants.map((t) => t.slug),
    ['drossel', 'einmal', 'post', 'strom', 'widerruf'],
  );
  const { n } = one(await db.sql<{ n: number }[]>`select count(*)::int as n from api_keys`);
  assert.equal(n, 5 + 2 + STREAM_KEYS + 1);
  const { users } = one(await db.sql<{ users: number }[]>`select count(*)::int as users from users`);
  assert.equal(users, 0);
});

test("nginx round-robins reads to both replicas and keeps the API's own 413 for large bodies", async () => {
  // Each replica generates its own request ids; both answer through nginx.
  for (const r of replicas) assert.equal((await http(`${base(r)}/healthz`)).status, 200);
  const big = JSON.stringify(tip('big')).replace('Hauptstraße 12', 'x'.repeat(1.5 * 1024 * 1024));
  const res = await post(proxy, towns.idem.pk, JSON.parse(big), { 'Idempotency-Key': randomUUID() });
  assert.equal(res.status, 413);
  assert.match(res.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
  assert.equal((await res.json()).code, 'PAYLOAD_TOO_LARGE');
});

test('a key revoked through replica 1 is refused by replica 2 within BN_KEY_CACHE_MS', { timeout: 120_000 }, async (ctx) => {
  const t = towns.revoke;
  const [r1, r2] = replicas as [Proc, Proc];
  const config = (at: string) => http(`${at}/v1/config?key=${t.pk}`, { headers: { Origin: ORIGIN } });
  // Replica 2 has the key in its cache.
  assert.equal((await config(base(r2))).status, 200);

  // Replica 2 is asked all the time, before and after the revocation.
  const seen: { sent: number; status: number; code?: string }[] = [];
  let revokedAt = 0;
  const poller = (async () => {
    for (let i = 0; i < 5000; i++) {
      const sent = Date.now();
      const res = await config(base(r2));
      const body = await res.json();
      seen.push({ sent, status: res.status, code: body.code });
      if (res.status === 401) return;
      if (revokedAt && Date.now() - revokedAt > KEY_CACHE_MS * 10) return;
      await pause(10);
    }
  })();
  await poll('the poller to see the key accepted', 10_000, async () => (seen.length >= 3 ? true : undefined), 10);

  const res = await http(`${base(r1)}/v1/admin/keys/${t.pkId}/revoke`, { method: 'POST', headers: { Authorization: `Bearer ${adminKey}` } });
  assert.equal(res.status, 200, await res.clone().text());
  revokedAt = Date.now();
  // The replica that revoked it refuses it at once.
  const own = await config(base(r1));
  assert.equal(own.status, 401);
  assert.equal((await own.json()).code, 'KEY_REVOKED');
  await poller;

  const refused = seen.find((s) => s.status === 401);
  assert.ok(refused, `replica 2 still accepted the key ${KEY_CACHE_MS * 10} ms after its revocation`);
  assert.equal(refused.code, 'KEY_REVOKED');
  const delay = refused.sent - revokedAt;
  const lastAccepted = seen.filter((s) => s.status === 200).at(-1)!;
  assert.ok(
    seen.every((s) => s.status === 200 || s.status === 401),
    `unexpected answers: ${JSON.stringify(seen.filter((s) => s.status !== 200 && s.status !== 401))}`,
  );
  assert.ok(delay <= KEY_CACHE_MS + REVOKE_MARGIN_MS, `replica 2 refused the key ${delay} ms after the revocation (bound ${KEY_CACHE_MS} + ${REVOKE_MARGIN_MS} ms)`);
  // Through nginx, either replica: refused.
  for (let i = 0; i < 4; i++) assert.equal((await config(proxy)).status, 401);
  ctx.diagnostic(`revocation seen by replica 2 after ${delay} ms (last accepted request sent ${lastAccepted.sent - revokedAt} ms after; cache ${KEY_CACHE_MS} ms; ${seen.length} polls)`);
});

test('the write rate limit holds across both replicas and nginx: exactly BN_RATE_WRITE accepted', { timeout: 180_000 }, async () => {
  const t = towns.rate;
  const [r1, r2] = replicas as [Proc, Proc];
  const statuses: string[] = [];
  for (let i = 0; i < RATE_WRITE + 5; i++) {
    const via = i % 3;
    const at = via === 0 ? base(r1) : via === 1 ? base(r2) : proxy;
    // Direct calls act as the proxy would (BN_TRUST_PROXY=1); through nginx the client forges
    // an X-Forwarded-For of its own, which must not give it a new bucket.
    const forwarded = via === 2 ? `203.0.113.${i}` : '127.0.0.1';
    const altcha = await solved(at, t.pk);
    const res = await post(at, t.pk, tip(`rate-${i}`), { 'Idempotency-Key': randomUUID(), 'X-Altcha': altcha, 'X-Forwarded-For': forwarded });
    const body = await res.json();
    statuses.push(`${['r1', 'r2', 'nginx'][via]}:${res.status}`);
    if (res.status === 429) {
      assert.equal(body.code, 'RATE_LIMITED');
      assert.ok(Number(res.headers.get('Retry-After')) >= 1);
    } else {
      assert.equal(res.status, 201, JSON.stringify(body));
    }
  }
  const accepted = statuses.filter((s) => s.endsWith(':201'));
  assert.equal(accepted.length, RATE_WRITE, statuses.join(' '));
  assert.ok(
    statuses.slice(0, RATE_WRITE).every((s) => s.endsWith(':201')),
    statuses.join(' '),
  );
  for (const via of ['r1', 'r2', 'nginx'])
    assert.ok(
      accepted.some((s) => s.startsWith(via)),
      `${via} accepted none: ${statuses.join(' ')}`,
    );
  const { n } = one(await db.sql<{ n: number }[]>`select count(*)::int as n from tips where tenant_id = ${t.id}`);
  assert.equal(n, RATE_WRITE);
});

test('an Idempotency-Key holds across replicas: the second replica replays, one row', { timeout: 120_000 }, async () => {
  const t = towns.idem;
  const [r1, r2] = replicas as [Proc, Proc];
  const rows = async (marker: string) => (await db.sql<{ n: number }[]>`select count(*)::int as n from tips where tenant_id = ${t.id} and description like ${'%Marker ' + marker}`)[0]!.n;

  // One after the other: replica 1, then replica 2 with the same key and body.
  const idem = randomUUID();
  const altcha = await solved(base(r1), t.pk);
  const first = await post(base(r1), t.pk, tip('idem-1'), { 'Idempotency-Key': idem, 'X-Altcha': altcha });
  assert.equal(first.status, 201);
  const a = await first.json();
  const second = await post(base(r2), t.pk, tip('idem-1'), { 'Idempotency-Key': idem, 'X-Altcha': altcha });
  assert.equal(second.status, 201);
  assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
  assert.deepEqual(await second.json(), a);
  assert.equal(await rows('idem-1'), 1);
  // The same key with another body, through nginx to whichever replica: 422.
  const other = await post(proxy, t.pk, tip('idem-other'), { 'Idempotency-Key': idem, 'X-Altcha': await solved(proxy, t.pk) });
  assert.equal(other.status, 422);
  assert.equal((await other.json()).code, 'IDEMPOTENCY_KEY_REUSED');

  // At the same moment on both replicas: one creates, the other waits (409) or replays.
  const idem2 = randomUUID();
  const altcha2 = await solved(base(r2), t.pk);
  const both = await Promise.all(replicas.map((r) => post(base(r), t.pk, tip('idem-2'), { 'Idempotency-Key': idem2, 'X-Altcha': altcha2 })));
  const answers = await Promise.all(both.map(async (res) => ({ status: res.status, replayed: res.headers.get('Idempotent-Replayed'), body: await res.json() })));
  assert.ok(
    answers.every((x) => x.status === 201 || (x.status === 409 && x.body.code === 'IDEMPOTENCY_IN_FLIGHT')),
    JSON.stringify(answers),
  );
  const created = answers.filter((x) => x.status === 201 && !x.replayed);
  assert.equal(created.length, 1, JSON.stringify(answers));
  const retry = await poll(
    'the replay of the concurrent submission',
    30_000,
    async () => {
      const res = await post(base(r2), t.pk, tip('idem-2'), { 'Idempotency-Key': idem2, 'X-Altcha': altcha2 });
      return res.status === 201 ? res.json() : undefined;
    },
    100,
  );
  assert.deepEqual(retry, created[0]!.body);
  assert.equal(await rows('idem-2'), 1);
});

test('each outbox mail is delivered once while both replicas run the outbox worker', { timeout: 180_000 }, async (ctx) => {
  const t = towns.mail;
  const N = 12;
  for (let i = 0; i < N; i++) {
    const ack = await submitRetrying(proxy, t.pool[i % 2]!, `mail-${i}`);
    assert.ok(ack, `mail-${i} was not acknowledged`);
  }
  const ids = await drainedOutbox(t.id);
  // Confirmation to the citizen and notice to the town hall, for every tip.
  assert.equal(ids.length, 2 * N);
  const counts = deliveriesOf(ids);
  const wrong = [...counts].filter(([, n]) => n !== 1);
  assert.deepEqual(wrong, [], 'every outbox row reached the SMTP server exactly once');
  ctx.diagnostic(`${N} tips through nginx: ${ids.length} outbox rows, each delivered once`);
});

test('a rolling restart under load loses no acknowledged submission and stores none twice', { timeout: 420_000 }, async (ctx) => {
  const t = towns.stream;
  const before = stream.acked.length;
  const restartStarted = Date.now();
  const steps: string[] = [];
  for (const r of replicas) {
    const stopMs = await stopProc(r);
    assert.equal(await r.exit, 0, `${r.name} exits cleanly on SIGTERM:\n${r.output}`);
    const startMs = await startReplica(r);
    steps.push(`${r.name}: exit ${stopMs} ms, ready ${startMs} ms`);
  }
  const restartEnded = Date.now();
  const during = stream.acked.filter((a) => a.at >= restartStarted && a.at <= restartEnded).length;
  // Some more traffic on the restarted pair, then the stream stops.
  const target = stream.acked.length + 6;
  await poll(
    'submissions after the restart',
    120_000,
    async () => {
      if (stream.errors.length || stream.gaveUp.length) throw new Error(`stream: ${[...stream.errors, ...stream.gaveUp].slice(-3).join(' | ')}`);
      return stream.acked.length >= target ? true : undefined;
    },
    50,
  );
  await stream.stop();

  assert.deepEqual(stream.errors, []);
  assert.deepEqual(stream.gaveUp, [], 'every submission was acknowledged in the end');
  assert.ok(during > 0, 'submissions were acknowledged while replicas restarted');

  // Every acknowledged reference is stored; no marker (one per submission) is stored twice.
  const stored = await db.sql<{ ref: string; marker: string }[]>`
    select ref, substring(description from 'Marker (\\S+)$') as marker from tips where tenant_id = ${t.id}`;
  const byRef = new Map(stored.map((s) => [s.ref, s.marker]));
  const lost = stream.acked.filter((a) => byRef.get(a.ref) !== a.marker);
  assert.deepEqual(lost, [], 'every 201 reference is in the database with its submission');
  const markers = new Map<string, number>();
  for (const s of stored) markers.set(s.marker, (markers.get(s.marker) ?? 0) + 1);
  assert.deepEqual(
    [...markers].filter(([, n]) => n > 1),
    [],
    'no submission stored twice',
  );
  assert.equal(stored.length, stream.acked.length);
  // One completed idempotency record per acknowledged submission, with the answer the client got.
  const keys = await db.sql<{ key: string; status: number | null; body: string | null }[]>`
    select key, status, body from idempotency_keys where key in ${db.sql(stream.acked.map((a) => a.idem))}`;
  assert.equal(keys.length, stream.acked.length);
  const acks = new Map(stream.acked.map((a) => [a.idem, a]));
  for (const k of keys) {
    assert.equal(k.status, 201);
    assert.equal(JSON.parse(k.body!).ref, acks.get(k.key)!.ref);
  }
  // Reads went on through nginx (GETs may move to the other replica).
  assert.deepEqual(stream.reads.failed, [], `no read through nginx failed; nginx said:\n${nginxLog()}`);

  const ids = await drainedOutbox(t.id);
  assert.equal(ids.length, 2 * stored.length);
  const counts = deliveriesOf(ids);
  assert.deepEqual(
    [...counts].filter(([, n]) => n !== 1),
    [],
    'every mail of the stream reached the SMTP server exactly once',
  );

  ctx.diagnostic(
    `rolling restart: ${steps.join('; ')}; ${during} submissions acknowledged during the restart, ` +
      `${stream.acked.length} in all (${stream.acked.length - before} since it began), ` +
      `retried: ${JSON.stringify(Object.fromEntries(stream.retried))}, reads ok ${stream.reads.ok}, mails ${ids.length}`,
  );
});
