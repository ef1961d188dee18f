// Read limits across real processes: two servers (`node --import tsx backend/main.ts`) on one
// PostgreSQL, each counting its reads in its own memory and adding them to the shared counter
// in batches. Only the database joins them: were the budget per process, twice the limit
// would pass. PostgreSQL only (`*.pg.test.ts`): PGlite serves one connection, so two
// processes cannot share it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { createKey, createTenant } from '../../backend/admin/store.ts';
import { TenantCreate } from '../../backend/admin/schema.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { freePort, http, poll, stopProc, track, type Proc } from './replicas-harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READ_LIMIT = 10;
const REQUESTS = 30;

let db: TestDb;
let pk = '';
let keyId = '';
const servers: Proc[] = [];
const base = (p: Proc) => `http://127.0.0.1:${p.port}`;

async function start(p: Proc): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(p.port),
    BN_DEMO_PORT: '0',
    BN_NO_BUILD: '1',
    DATABASE_URL: db.url,
    BN_RATE_READ: String(READ_LIMIT),
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  track(p, spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let exited = false;
  void p.exit!.then(() => (exited = true));
  await poll(
    `${p.name} /readyz`,
    90_000,
    async () => {
      if (exited) throw new Error(`${p.name} exited during start:\n${p.output}`);
      return (await http(`${base(p)}/readyz`, { timeoutMs: 5_000 })).status === 200 ? true : undefined;
    },
    100,
  );
}

/** What the database holds for this key's read bucket (all processes together). */
async function sharedCount(): Promise<number> {
  const [row] = await db.sql<{ count: number }[]>`select count from rate_limits where bucket like ${`read:${keyId}:%`}`;
  return row?.count ?? 0;
}

before(
  async () => {
    if (!process.env.DATABASE_URL) throw new Error('read-limit.pg.test.ts needs DATABASE_URL (a PostgreSQL server); test/run.mjs runs it only in the PostgreSQL pass.');
    db = await freshDatabase();
    await createTenant(db.sql, v.parse(TenantCreate, { slug: 'lesestadt', name: 'Gemeinde Lesestadt', origins: ['https://www.lesestadt.example'] }), CLI_ACTOR);
    const key = await createKey(db.sql, { kind: 'publishable', tenant: 'lesestadt', label: 'web' }, CLI_ACTOR);
    pk = key.key;
    keyId = key.id;
    for (const name of ['server 1', 'server 2']) servers.push({ name, port: await freePort(), child: null, output: '', exit: null });
    await Promise.all(servers.map(start));
  },
  { timeout: 240_000 },
);

after(
  async () => {
    for (const s of servers) await stopProc(s).catch(() => s.child?.kill('SIGKILL'));
    await db?.close();
  },
  { timeout: 60_000 },
);

test('read limits hold across two server processes: only the shared counter joins their batches', { timeout: 180_000 }, async () => {
  const statuses: string[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const server = servers[i % 2]!;
    const res = await http(`${base(server)}/v1/config?key=${pk}`);
    await res.arrayBuffer();
    statuses.push(`${server.name}: ${res.status}`);
    if (res.status === 429) assert.ok(Number(res.headers.get('Retry-After')) >= 1, 'a refusal says when to come back');
    else assert.equal(res.status, 200);
    // The batch of this read reaches the database before the next read goes out: the
    // shared counter (not a pause) is what the next server's estimate builds on.
    await poll(`read ${i + 1} in the shared counter`, 15_000, async () => ((await sharedCount()) >= i + 1 ? true : undefined), 10);
  }
  const ok = statuses.filter((s) => s.endsWith(': 200')).length;
  // Each process may pass one read beyond the limit before its estimate catches up (one batch
  // per process); with a budget per process, 2 × the limit would pass.
  assert.ok(ok >= READ_LIMIT && ok <= READ_LIMIT + 2, `allowed ${ok} of ${REQUESTS}:\n${statuses.join('\n')}`);
  assert.deepEqual(statuses.slice(-2), ['server 1: 429', 'server 2: 429'], 'both processes refuse once the shared budget is spent');
  assert.equal(await sharedCount(), REQUESTS, 'every read, allowed or refused, was counted once in the shared counter');
});
