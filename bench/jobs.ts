// Jobs benchmark (issue 11), called by bench/run.ts as benchJobs():
//   1. GET /v1/jobs (200 and 304 with If-None-Match) of a tenant with 200 open postings, beside
//      a bare Hono route answering the same JSON, as a ratio.
//   2. gzip size of the jobs widget chunk against 12 KB.
// The servers run in a child process (this file with `serve`), PGlite in a temp dir.
//   node --import tsx bench/jobs.ts [--duration=<s>]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { measure, type Measured } from './http.ts';

const DURATION = Number(process.argv.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 10);
const JOBS_CHUNK_BUDGET = 12 * 1024;
const POSTINGS = 200;

interface Target { api: string; bare: string; key: string; origin: string }

function print(rows: Measured[]) {
  console.log(`${'case'.padEnd(44)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}`);
  for (const r of rows) console.log(`${r.title.padEnd(44)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.non2xx).padStart(9)}`);
}

function chunkSize() {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'widgets', 'chunks');
  if (!fs.existsSync(dist)) return console.log('\ndist/widgets missing (npm run build): no jobs chunk size.');
  const files = fs.readdirSync(dist).filter((f) => /^jobs-.*\.js$/.test(f));
  for (const f of files) {
    const n = gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
    console.log(`\nJobs chunk ${f}: ${(n / 1024).toFixed(1)} KB gzip (${n} B), budget 12 KB → ${n <= JOBS_CHUNK_BUDGET ? 'within budget' : 'OVER BUDGET'}`);
  }
}

export async function benchJobs(): Promise<void> {
  console.log(`GET /v1/jobs with ${POSTINGS} open postings (first page: 50), 50 connections, ${DURATION} s each (PGlite)`);
  const self = fileURLToPath(import.meta.url);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, 'serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent', BN_RATE_READ: '1000000000', DATABASE_URL: '' },
  });
  const t = await new Promise<Target>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Target);
    });
    child.on('exit', (code) => reject(new Error(`jobs bench server exited with ${code}`)));
  });
  try {
    const url = `${t.api}/v1/jobs?key=${t.key}`;
    const probe = await fetch(url, { headers: { Origin: t.origin } });
    if (probe.status !== 200) throw new Error(`GET /v1/jobs answered ${probe.status}`);
    const body = await probe.text();
    const etag = probe.headers.get('etag')!;
    await fetch(`${t.bare}/set`, { method: 'POST', body });
    console.log(`(one page: ${(body.length / 1024).toFixed(1)} KB JSON, ${(gzipSync(body).length / 1024).toFixed(1)} KB gzip)`);
    const bare = await measure('bare Hono route (same JSON)', { url: `${t.bare}/list`, duration: DURATION, warmup: 2 });
    const ok = await measure('GET /v1/jobs (200)', { url, headers: { Origin: t.origin }, duration: DURATION, warmup: 2 });
    const hit = await measure('GET /v1/jobs (304, If-None-Match)', { url, headers: { Origin: t.origin, 'If-None-Match': etag }, duration: DURATION, warmup: 2 });
    print([bare, ok, hit]);
    console.log(`ratio GET /v1/jobs 200 / bare: ${(ok.rps / bare.rps).toFixed(3)}`);
    console.log(`ratio GET /v1/jobs 304 / bare: ${(hit.rps / bare.rps).toFixed(3)}  (autocannon counts 304 as non-2xx)`);
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  chunkSize();
}

/** The child: the app on PGlite with one tenant and 200 open postings, and a bare Hono app. */
async function serve(): Promise<void> {
  const { serve: listen } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const v = await import('valibot');
  const { openDatabase } = await import('../backend/core/db.ts');
  const { migrate } = await import('../backend/core/migrate.ts');
  const { CLI_ACTOR } = await import('../backend/core/audit.ts');
  const { createApp } = await import('../backend/app.ts');
  const { createTenant, createKey } = await import('../backend/admin/store.ts');
  const { TenantCreate } = await import('../backend/admin/schema.ts');
  const { tenantDb } = await import('../backend/core/tenant-db.ts');
  const { PostingCreate } = await import('../backend/jobs/schema.ts');
  const { createPosting } = await import('../backend/jobs/staff-store.ts');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-bench-jobs-'));
  const db = await openDatabase({ url: undefined, dataDir: dir });
  await migrate(db.sql);
  const origin = 'https://www.beispielstadt.example';
  const tenant = await createTenant(db.sql, v.parse(TenantCreate, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', origins: [origin] }), CLI_ACTOR);
  const { key } = await createKey(db.sql, { kind: 'publishable', tenant: 'beispielstadt', label: 'bench' }, CLI_ACTOR);
  const now = new Date();
  await tenantDb(db.sql, tenant.id).tx(async (tx, tenantId) => {
    for (let i = 0; i < POSTINGS; i++) {
      await createPosting(tx, tenantId, v.parse(PostingCreate, {
        title: `Sachbearbeitung ${i + 1} (m/w/d)`,
        descriptionHtml: '<h2>Ihre Aufgaben</h2><ul><li>Prüfung von Anträgen</li><li>Beratung</li></ul><h2>Ihr Profil</h2><p>Abgeschlossene Ausbildung als Verwaltungsfachangestellte/r oder vergleichbar.</p>',
        department: ['Bauamt', 'Hauptamt', 'Ordnungsamt', 'Kämmerei'][i % 4], payGrade: `EG ${5 + (i % 8)}`, employmentType: i % 2 ? 'full_time' : 'part_time',
        hoursPerWeek: 39, salaryMin: 3000, salaryMax: 4500, locality: 'Beispielstadt', deadline: new Date(now.getTime() + (10 + i) * 86_400_000).toISOString().slice(0, 10), published: true,
      }), CLI_ACTOR, now);
    }
  });
  const app = createApp({ db });
  let body = '{}';
  const bare = new Hono()
    .get('/list', (c) => c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' }))
    .post('/set', async (c) => {
      body = await c.req.text();
      return c.body(null, 204);
    });
  const listenOn = (fetch: (req: Request) => Response | Promise<Response>) =>
    new Promise<{ url: string; close: () => void }>((resolve) => {
      const s = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }));
    });
  const api = await listenOn(app.fetch);
  const bareServer = await listenOn(bare.fetch);
  process.stdout.write(JSON.stringify({ api: api.url, bare: bareServer.url, key, origin } satisfies Target) + '\n');
  const shutdown = async () => {
    api.close();
    bareServer.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

const main = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (main && process.argv[2] === 'serve') await serve();
else if (main) await benchJobs();
