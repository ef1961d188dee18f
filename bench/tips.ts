// Tips benchmark (issue 3), called by bench/run.ts as benchTips():
//   1. POST /v1/tips at 50 connections (ALTCHA + Idempotency-Key + validation + outbox) beside
//      a bare postgres.js insert of the same row, 50 concurrent, on the same database in the
//      same process — target ≥ 50 %.
//   2. GET /v1/tips (200 and 304 with If-None-Match) beside a bare Hono route answering a
//      list of the same size — target ≥ 50 % with ETag hits.
//   3. gzip size of the tips widget chunks against 15 KB.
// The servers run in a child process (this file with `serve`) so the load generator does not
// share their event loop. PGlite in a temp dir, as `npm start` uses by default.
//   node --import tsx bench/tips.ts            → runs the whole benchmark
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

const DURATION = Number(process.argv.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 10);
const CONNECTIONS = 50;
const TIPS_CHUNK_BUDGET = 15 * 1024;

interface Target {
  api: string;
  bare: string;
  key: string;
  origin: string;
  altchaFile: string;
}

interface Row {
  title: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const TIP = {
  kind: 'schaden',
  category: 'beleuchtung',
  description: 'Die Laterne vor Hausnummer 12 ist seit einer Woche dunkel.',
  location: { lat: 52.4001, lng: 10.0501, address: 'Hauptstraße 12' },
  contact: { name: 'Max Mustermann', email: 'max@example.org' },
  notify: true,
  consent: true,
};

async function load(title: string, opts: Record<string, unknown>): Promise<Row> {
  const base = { connections: CONNECTIONS, pipelining: 1, ...opts };
  const r = await autocannon({ ...base, duration: DURATION });
  return { title, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

function print(rows: Row[]) {
  const pad = (s: string, n: number) => s.padEnd(n);
  const l = (s: string, n: number) => s.padStart(n);
  console.log(`${pad('case', 44)}${l('req/s', 9)}${l('p50 ms', 9)}${l('p99 ms', 9)}${l('non-2xx', 9)}${l('errors', 8)}`);
  for (const r of rows) {
    console.log(`${pad(r.title, 44)}${l(r.rps.toFixed(0), 9)}${l(String(r.p50), 9)}${l(String(r.p99), 9)}${l(String(r.non2xx), 9)}${l(String(r.errors), 8)}`);
  }
}

const ratio = (a: Row, b: Row, target = 0.5) =>
  `${(a.rps / b.rps).toFixed(3)} (${((100 * a.rps) / b.rps).toFixed(1)} %, target ≥ ${target * 100} % → ${a.rps / b.rps >= target ? 'met' : 'MISSED'})`;

function chunkSizes() {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'widgets');
  if (!fs.existsSync(dist)) return console.log('\ndist/widgets missing (npm run build): no tips chunk size.');
  const files = (fs.readdirSync(dist, { recursive: true }) as string[]).map(String).filter((f) => /tips?[-/.]|tip-/.test(f) && /\.js$/.test(f) && !/leaflet|map/i.test(f));
  if (!files.length) return console.log('\nNo tips chunk found in dist/widgets.');
  const gz = files.map((f) => [f, gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length] as const);
  const sum = gz.reduce((s, [, n]) => s + n, 0);
  console.log(`\nTips chunks (${gz.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')}):`);
  console.log(`  ${(sum / 1024).toFixed(1)} KB gzip without the lazily loaded map, budget 15 KB → ${sum <= TIPS_CHUNK_BUDGET ? 'within budget' : 'OVER BUDGET'}`);
}

export async function benchTips(): Promise<void> {
  const pg = process.env.BN_BENCH_PG === '1' && !!process.env.DATABASE_URL;
  console.log(`POST and GET /v1/tips, ${CONNECTIONS} connections, ${DURATION} s each (${pg ? 'PostgreSQL, pool of 10' : 'PGlite, one connection'})`);
  const servers = await start();
  try {
    const headers = { Origin: servers.origin, 'Content-Type': 'application/json' };
    const altchas = fs.readFileSync(servers.altchaFile, 'utf8').trim().split('\n');
    let next = 0;
    const body = JSON.stringify(TIP);
    // One fresh ALTCHA solution and Idempotency-Key per request, solved before the run.
    const post = await load('POST /v1/tips', {
      url: `${servers.api}/v1/tips`,
      method: 'POST',
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            method: 'POST',
            body,
            headers: { ...headers, Authorization: `Bearer ${servers.key}`, 'Idempotency-Key': randomUUID(), 'X-Altcha': altchas[next++ % altchas.length] },
          }),
        },
      ],
    });
    if (next > altchas.length) console.log(`(ALTCHA solutions ran out after ${altchas.length}: later requests were refused and count as non-2xx)`);
    const bareInsert = (await (await fetch(`${servers.bare}/insert?seconds=${DURATION}&concurrency=${CONNECTIONS}`)).json()) as Row;
    print([bareInsert, post]);
    console.log(`ratio POST /v1/tips / bare insert: ${ratio(post, bareInsert)}`);

    const listUrl = `${servers.api}/v1/tips?key=${servers.key}`;
    const probe = await fetch(listUrl, { headers: { Origin: servers.origin } });
    if (probe.status !== 200) throw new Error(`GET /v1/tips answered ${probe.status}: ${await probe.text()}`);
    const etag = probe.headers.get('etag')!;
    const listBody = await probe.text();
    await fetch(`${servers.bare}/set-list`, { method: 'POST', body: listBody });
    const bare = await load('bare Hono route (same JSON)', { url: `${servers.bare}/list` });
    const get200 = await load('GET /v1/tips (200)', { url: listUrl, headers: { Origin: servers.origin } });
    const get304 = await load('GET /v1/tips (304, If-None-Match)', { url: listUrl, headers: { Origin: servers.origin, 'If-None-Match': etag } });
    console.log('');
    print([bare, get200, get304]);
    console.log(`ratio GET /v1/tips 200 / bare: ${ratio(get200, bare)}`);
    console.log(`ratio GET /v1/tips 304 / bare: ${ratio(get304, bare)}`);
    console.log('(autocannon counts 304 answers as non-2xx; they are the expected answer there.)');
  } finally {
    await servers.stop();
  }
  chunkSizes();
}

async function start(): Promise<Target & { stop(): Promise<void> }> {
  const self = fileURLToPath(import.meta.url);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, 'serve', String(DURATION)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      BN_RATE_READ: '1000000000',
      BN_RATE_WRITE: '1000000000',
      // Proof of work is the client's cost; the server's verification is one derivation either way.
      BN_ALTCHA_COST: '1',
      BN_ALTCHA_MAX: '5',
      // PGlite unless BN_BENCH_PG=1 and DATABASE_URL name a PostgreSQL (a fresh database is made there).
      DATABASE_URL: process.env.BN_BENCH_PG === '1' ? (process.env.DATABASE_URL ?? '') : '',
    },
  });
  const target = await new Promise<Target>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Target);
    });
    child.on('exit', (code) => reject(new Error(`tips bench server exited with ${code}`)));
  });
  return {
    ...target,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The child: the app on PGlite with a seeded tenant, a bare Hono app, pre-solved ALTCHAs. */
async function serve(duration: number): Promise<void> {
  const { serve: listen } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const v = await import('valibot');
  const { solveChallenge } = await import('altcha-lib');
  const { deriveKey } = await import('altcha-lib/algorithms/pbkdf2');
  const { openDatabase } = await import('../backend/core/db.ts');
  const { migrate } = await import('../backend/core/migrate.ts');
  const { newChallenge } = await import('../backend/core/altcha.ts');
  const { CLI_ACTOR } = await import('../backend/core/audit.ts');
  const { createApp } = await import('../backend/app.ts');
  const { createTenant, createKey } = await import('../backend/admin/store.ts');
  const { TenantCreate } = await import('../backend/admin/schema.ts');
  const { createTip, hashToken } = await import('../backend/tips/store.ts');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-bench-tips-'));
  const db = process.env.DATABASE_URL
    ? await (await import('../test/backend/db.ts')).freshDatabase()
    : await openDatabase({ url: undefined, dataDir: dir });
  await migrate(db.sql);
  const origin = 'https://www.beispielstadt.example';
  const tenant = await createTenant(db.sql, v.parse(TenantCreate, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', origins: [origin], contactEmail: 'rathaus@beispielstadt.example' }), CLI_ACTOR);
  const { key } = await createKey(db.sql, { kind: 'publishable', tenant: 'beispielstadt', label: 'bench' }, CLI_ACTOR);
  const [row] = await db.sql`select * from tenants where id = ${tenant.id}`;
  // A public list of 20 published tips, as a town's page shows it.
  for (let i = 0; i < 20; i++) {
    const t = await createTip(db.sql, row as never, v.parse((await import('../backend/tips/schema.ts')).TipCreate, TIP), { source: 'web', ip: '127.0.0.1' });
    await db.sql`update tips set published = true, public_answer = 'Wir kümmern uns.' where ref = ${t.ref}`;
  }

  const altchaFile = path.join(dir, 'altcha.txt');
  const lines: string[] = [];
  for (let i = 0; i < Math.min(20_000, duration * 1500); i++) {
    const challenge = await newChallenge(db.sql, tenant.id);
    const solution = await solveChallenge({ challenge, deriveKey });
    lines.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
  }
  fs.writeFileSync(altchaFile, lines.join('\n'));

  const app = createApp({ db });
  let listBody = '{}';
  let bareRefs = 0;
  const bare = new Hono()
    .get('/list', (c) => c.body(listBody, 200, { 'Content-Type': 'application/json; charset=utf-8' }))
    .post('/set-list', async (c) => {
      listBody = await c.req.text();
      return c.body(null, 204);
    })
    // The same row as POST /v1/tips stores, inserted directly: `concurrency` loops for `seconds`.
    .get('/insert', async (c) => {
      const seconds = Number(c.req.query('seconds') ?? 10);
      const concurrency = Number(c.req.query('concurrency') ?? 50);
      const until = Date.now() + seconds * 1000;
      const latencies: number[] = [];
      const one = async () => {
        while (Date.now() < until) {
          const t0 = performance.now();
          // The bare baseline: one autocommit statement as the connecting role, a ref from a counter in memory.
          const ref = `BT-1999-${String(++bareRefs).padStart(7, '0')}`;
          await db.sql`
            insert into tips (tenant_id, ref, token_hash, kind, category, description, lat, lng, address, contact_name, contact_email, notify)
            values (${tenant.id}, ${ref}, ${hashToken(randomUUID())}, ${TIP.kind}, ${TIP.category}, ${TIP.description},
                    ${TIP.location.lat}, ${TIP.location.lng}, ${TIP.location.address}, ${TIP.contact.name}, ${TIP.contact.email}, true)`;
          latencies.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, one));
      latencies.sort((a, b) => a - b);
      const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
      return c.json({ title: 'bare postgres.js insert (same row)', rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), non2xx: 0, errors: 0 });
    });

  const listenOn = (fetch: (req: Request) => Response | Promise<Response>) =>
    new Promise<{ url: string; close: () => void }>((resolve) => {
      const s = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }));
    });
  const apiServer = await listenOn(app.fetch);
  const bareServer = await listenOn(bare.fetch);
  process.stdout.write(JSON.stringify({ api: apiServer.url, bare: bareServer.url, key, origin, altchaFile } satisfies Target) + '\n');

  const shutdown = async () => {
    apiServer.close();
    bareServer.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.resume();
}

const main = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (main && process.argv[2] === 'serve') await serve(Number(process.argv[3] ?? 10));
else if (main) await benchTips();
