// Kita benchmark (issue 10), called by bench/run.ts as benchKita(): the opening-day rush.
// Registrations are posted at a steady 100/s (`--rate=`) for `--duration` seconds (default 60;
// 600 must hold too) against the real app in a child process, on PostgreSQL when
// DATABASE_URL is set (a fresh database is made there; else PGlite, said so), ALTCHA
// verification on (low proof-of-work cost for the load generator), with the Kitas of 13
// tenants (a county and 12 towns, 3 Kitas each). Printed: p50/p99, errors, registrations
// acknowledged (201) and stored; target p99 < 300 ms, 0 errors, stored = acknowledged.
//   npm run bench -- --only=kita [--duration=60] [--rate=100]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';

const arg = (n: string) => process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
const DURATION = Number(arg('duration') ?? 60);
const RATE = Number(arg('rate') ?? 100);

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  latency: { p50: number; p99: number; max: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Target { api: string; origin: string; file: string; count: string }

export async function benchKita(): Promise<void> {
  const pg = !!process.env.DATABASE_URL;
  console.log(`POST /v1/kita/registrations at ${RATE}/s for ${DURATION} s, 13 tenants (${pg ? 'PostgreSQL, pool of 10' : 'PGlite, one connection — set DATABASE_URL for the real target'})`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', String(DURATION * RATE + 200)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent', BN_RATE_READ: '1000000000', BN_RATE_WRITE: '1000000000', BN_ALTCHA_COST: '1', BN_ALTCHA_MAX: '5' },
  });
  const target = await new Promise<Target>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Target);
    });
    child.on('exit', (code) => reject(new Error(`kita bench server exited with ${code}`)));
  });
  try {
    const prepared = fs.readFileSync(target.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; altcha: string; body: string });
    let next = 0;
    const r = await autocannon({
      url: `${target.api}/v1/kita/registrations`,
      method: 'POST',
      connections: 50,
      overallRate: RATE,
      duration: DURATION,
      requests: [{
        setupRequest: (req: Record<string, unknown>) => {
          const p = prepared[next++ % prepared.length]!;
          return { ...req, method: 'POST', body: p.body, headers: { Origin: target.origin, 'Content-Type': 'application/json', Authorization: `Bearer ${p.key}`, 'Idempotency-Key': randomUUID(), 'X-Altcha': p.altcha } };
        },
      }],
    });
    const stored = Number(await (await fetch(target.count)).text());
    const ok = r['2xx'];
    console.log(`sent ${next}, acknowledged (201) ${ok}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`);
    console.log(`latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ${r.requests.average.toFixed(0)} req/s`);
    // autocannon stops at the end of the duration without waiting for answers still on the way:
    // those are stored but not counted as acknowledged. Lost would be fewer stored than acknowledged.
    console.log(`stored in the database: ${stored} → ${stored === ok ? 'equal to acknowledged (0 lost)' : stored > ok ? `${stored - ok} more than acknowledged (answers still on the way when the run stopped; 0 lost)` : `${ok - stored} LOST`}`);
    console.log(`target p99 < 300 ms: ${r.latency.p99 < 300 ? 'met' : 'MISSED'}; 0 errors: ${r.errors + r.timeouts + r.non2xx === 0 ? 'met' : 'MISSED'}`);
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** The child: the app with 13 tenants and their Kitas, and pre-solved ALTCHAs with bodies. */
async function serve(n: number): Promise<void> {
  const { serve: listen } = await import('@hono/node-server');
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
  const { tenantDb } = await import('../backend/core/tenant-db.ts');
  const { createFacility } = await import('../backend/kita/staff-store.ts');
  const { addMonths, berlinToday } = await import('../backend/kita/schema.ts');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-bench-kita-'));
  const db = process.env.DATABASE_URL ? await (await import('../test/backend/db.ts')).freshDatabase() : await openDatabase({ url: undefined, dataDir: dir });
  await migrate(db.sql);
  const origin = 'https://www.kreis.example';
  const tenants: { id: string; slug: string; key: string; kitas: string[] }[] = [];
  for (let i = 0; i < 13; i++) {
    const slug = i === 0 ? 'kreis' : `stadt-${i}`;
    const t = await createTenant(db.sql, v.parse(TenantCreate, { slug, name: slug, origins: [origin], parent: i === 0 ? null : 'kreis' }), CLI_ACTOR);
    const { key } = await createKey(db.sql, { kind: 'publishable', tenant: slug, label: 'bench' }, CLI_ACTOR);
    const [row] = await db.sql`select * from tenants where id = ${t.id}`;
    const kitas: string[] = [];
    for (let k = 0; k < 3; k++) {
      const f = await tenantDb(db.sql, t.id).tx((tx) => createFacility(tx, row as never, { name: `Kita ${slug}-${k}`, provider: 'Träger', address: 'Weg 1', ageGroups: ['krippe', 'kindergarten'], careHours: [25, 35, 45] }, CLI_ACTOR));
      kitas.push(f.id);
    }
    tenants.push({ id: t.id, slug, key, kitas });
  }
  const all = tenants.flatMap((t) => t.kitas);
  const file = path.join(dir, 'requests.ndjson');
  const out = fs.createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const t = tenants[1 + (i % 12)]!;
    const challenge = await newChallenge(db.sql, t.id);
    const solution = await solveChallenge({ challenge, deriveKey });
    const wishes = [t.kitas[i % 3]!, all[(i * 7) % all.length]!, all[(i * 13 + 5) % all.length]!].filter((w, j, a) => a.indexOf(w) === j);
    const body = {
      wishes,
      child: { firstName: `Kind${i}`, lastName: 'Muster', birthDate: addMonths(berlinToday(), -12 - (i % 30)), expected: false },
      startDate: addMonths(berlinToday(), 8),
      careHours: 35,
      guardians: [{ firstName: 'Eva', lastName: 'Muster', email: `eva${i}@example.org`, address: 'Hauptstraße 1', working: i % 2 === 0 }],
      residence: t.slug,
      consent: true,
    };
    out.write(JSON.stringify({ key: t.key, altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'), body: JSON.stringify(body) }) + '\n');
  }
  await new Promise((r) => out.end(r));
  const app = createApp({ db });
  const listenOn = (fetch: (req: Request) => Response | Promise<Response>) =>
    new Promise<{ url: string; close: () => void }>((resolve) => {
      const s = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }));
    });
  const api = await listenOn(app.fetch);
  const counter = await listenOn(async () => new Response(String((await db.sql`select count(*)::int as n from kita_registrations`)[0]!.n)));
  process.stdout.write(JSON.stringify({ api: api.url, origin, file, count: counter.url } satisfies Target) + '\n');
  const shutdown = async () => {
    api.close();
    counter.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.resume();
}

const main = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (main && process.argv[2] === 'serve') await serve(Number(process.argv[3] ?? 1000));
else if (main) await benchKita();
