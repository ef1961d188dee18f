// Plans import benchmark: time and peak memory of importing the largest XPlanGML fixture and a
// synthetic plan with 20,000 content features. Each case runs in its own child process so
// maxRSS is that import's peak alone. Two figures per case: the importer alone in-process
// (parse, validate, reproject, build GeoJSON) and the server's whole path (the importer in
// its child process, then one transaction storing plan, history and files; PGlite in memory
// in a separate process, or DATABASE_URL).
// Budget (issue 4): 20,000 features in under 10 s with under 500 MB.
// Then the public read (issue 8): GET /v1/plans/{id} of the largest real fixture and of the
// synthetic plan, beside the bare Hono route: req/s, server CPU µs per request (from
// /proc/<pid>/stat of the server process), and the bytes on the wire with and without
// compression. Options: --plans-duration=<s> (default 5), --plans-read-only.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { measure, startBenchServers } from './http.ts';

const FIXTURES = process.env.BN_XPLAN_FIXTURES ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures', 'xplan');
const CHILD_FLAG = '--plans-bench-child';
const BUDGET_MS = 10_000;
const BUDGET_MB = 500;

interface Figures {
  label: string;
  bytes: number;
  features: number;
  ms: number;
  maxRssMb: number;
}

async function child(kind: 'fixture' | 'synthetic', target: string, store: boolean): Promise<Figures> {
  const { importXPlan, limitsFromEnv } = await import('../backend/plans/xplan/index.ts');
  let bytes: Uint8Array;
  if (kind === 'synthetic') {
    const { syntheticPlan } = await import('../test/backend/plans/synthetic.ts');
    bytes = new TextEncoder().encode(syntheticPlan({ features: Number(target) }));
  } else bytes = fs.readFileSync(target);
  let features = 0;
  let ms: number;
  let importRssMb = 0;
  if (!store) {
    const t = performance.now();
    const r = await importXPlan(bytes, limitsFromEnv());
    ms = performance.now() - t;
    features = r.plans.reduce((a, p) => a + p.contents.features.length, 0);
  } else {
    const { freshDatabase } = await import('../test/backend/db.ts');
    const { one, openDatabase } = await import('../backend/core/db.ts');
    const { migrate } = await import('../backend/core/migrate.ts');
    const { tenantDb } = await import('../backend/core/tenant-db.ts');
    const { savePlans } = await import('../backend/plans/store.ts');
    // An embedded PGlite runs in a process of its own (see benchPlans), so its memory is not
    // counted as the import's.
    const url = process.env.BN_BENCH_DB_URL;
    const db = url ? await openDatabase({ url, max: 1 }) : await freshDatabase();
    if (url) await migrate(db.sql);
    try {
      const slug = `bench-${Date.now().toString(36)}`;
      const t0 = one(await db.sql<{ id: string }[]>`insert into tenants (slug, name) values (${slug}, 'Bench') returning id`);
      const { runImport } = await import('../backend/plans/xplan/run.ts');
      const t = performance.now();
      // The server's path: the importer in its child process, then one transaction.
      const stats: { maxRssMb?: number } = {};
      const r = await runImport(bytes, limitsFromEnv(), { stats });
      importRssMb = stats.maxRssMb ?? 0;
      await tenantDb(db.sql, t0.id).tx((sql, tenantId) => savePlans(sql, tenantId, r, { sourceName: 'bench', actor: { id: 'bench', name: 'bench' } }));
      ms = performance.now() - t;
      features = r.plans.reduce((a, p) => a + p.contents.features.length, 0);
    } finally {
      await db.close();
    }
  }
  // The server's path uses two processes (this one and the import child): report the larger peak.
  return { label: '', bytes: bytes.byteLength, features, ms, maxRssMb: Math.max(process.resourceUsage().maxRSS / 1024, importRssMb) };
}

function runChild(kind: 'fixture' | 'synthetic', target: string, store: boolean, dbUrl?: string): Figures | string {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, CHILD_FLAG, kind, target, store ? 'store' : 'parse'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...(dbUrl ? { BN_BENCH_DB_URL: dbUrl } : {}) },
    maxBuffer: 1 << 20,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Figures;
  } catch {
    return (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
  }
}

function largestFixture(): string | null {
  if (!fs.existsSync(FIXTURES)) return null;
  const files = fs.readdirSync(FIXTURES).filter((f) => /\.(gml|zip)$/i.test(f) && !/syntaxError/i.test(f));
  // Largest by what gets parsed: a zip counts with its packed size × 6 (≈ XML compression ratio).
  const size = (f: string) => fs.statSync(path.join(FIXTURES, f)).size * (f.endsWith('.zip') ? 6 : 1);
  return files.sort((a, b) => size(b) - size(a)).map((f) => path.join(FIXTURES, f))[0] ?? null;
}

export async function benchPlans(): Promise<void> {
  if (!process.argv.includes('--plans-read-only')) await benchImport();
  await benchRead();
}

/** utime + stime of a process in µs (Linux; null elsewhere). */
function cpuMicros(pid: number | undefined): number | null {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of stat (utime, stime) in clock ticks of 10 ms (USER_HZ 100 on Linux).
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return null;
  }
}

/** Bytes on the wire of one answer (body as sent, before any decoding) and its headers. */
function wire(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; encoding: string; etag: string | null }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers['content-encoding'] ?? 'identity'), etag: (res.headers.etag as string) ?? null }));
      })
      .on('error', reject);
  });
}

async function benchRead(): Promise<void> {
  const duration = Number(process.argv.find((a) => a.startsWith('--plans-duration='))?.split('=')[1] ?? 5);
  const fx = largestFixture();
  const specs = [...(fx ? [fx] : []), 'synthetic:20000'];
  console.log(`\nGET /v1/plans/{id} (${duration} s per row; CPU = server process utime+stime / requests)`);
  const servers = await startBenchServers({ plans: specs });
  try {
    const base = { Origin: servers.origin, Accept: 'application/json' };
    console.log(`${'case'.padEnd(44)}${'conn'.padStart(5)}${'req/s'.padStart(9)}${'CPU µs/req'.padStart(12)}${'p99 ms'.padStart(8)}${'bytes/answer'.padStart(14)}`);
    const row = async (title: string, url: string, headers: Record<string, string>, connections: number) => {
      const probe = await wire(url, headers);
      const before = cpuMicros(servers.pid);
      const r = await measure(title, { url, headers, duration, connections, warmup: 1 });
      const after = cpuMicros(servers.pid);
      // measure() warms up first; CPU spans warm-up + run, so divide by both runs' requests.
      const cpu = before !== null && after !== null ? (after - before) / Math.max(1, r.requests * (1 + 1 / duration)) : NaN;
      console.log(
        `${title.padEnd(44)}${String(connections).padStart(5)}${r.rps.toFixed(0).padStart(9)}${(Number.isNaN(cpu) ? '–' : cpu.toFixed(0)).padStart(12)}` +
          `${String(r.p99).padStart(8)}${`${probe.bytes} ${probe.status === 304 ? '(304)' : probe.encoding}`.padStart(14 + 10)}`,
      );
      return probe;
    };
    await row('bare Hono JSON route', `${servers.bare}/json`, {}, 10);
    for (const spec of specs) {
      const id = servers.plans?.[spec];
      const label = spec.startsWith('synthetic:') ? `synthetic ${spec.slice(10)} features` : path.basename(spec);
      const url = `${servers.api}/v1/plans/${id}?key=${servers.key}`;
      const conns = spec.startsWith('synthetic:') ? 4 : 10;
      const plain = await row(`${label}, identity`, url, { ...base, 'Accept-Encoding': 'identity' }, conns);
      await row(`${label}, gzip`, url, { ...base, 'Accept-Encoding': 'gzip' }, conns);
      await row(`${label}, br`, url, { ...base, 'Accept-Encoding': 'br' }, conns);
      if (plain.etag) await row(`${label}, 304 (If-None-Match)`, url, { ...base, 'If-None-Match': plain.etag }, conns);
      // What compressing per request (hono/compress) would cost instead of bytes stored at import.
      const json = Buffer.from(await (await fetch(url, { headers: { ...base, 'Accept-Encoding': 'identity' } })).arrayBuffer());
      const time = (f: () => Buffer) => {
        const t = performance.now();
        const n = f().length;
        return `${(performance.now() - t).toFixed(1)} ms → ${n} B`;
      };
      console.log(
        `  per-request compression of ${json.length} B would cost: gzip 6 ${time(() => gzipSync(json, { level: 6 }))}, ` +
          `br 6 ${time(() => brotliCompressSync(json, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6 } }))}`,
      );
    }
    console.log('(autocannon counts 304 answers as non-2xx; they are the expected answer there.)');
  } finally {
    await servers.stop();
  }
}

async function benchImport(): Promise<void> {
  const cases: { label: string; kind: 'fixture' | 'synthetic'; target: string }[] = [];
  const fx = largestFixture();
  if (fx) cases.push({ label: `fixture ${path.basename(fx)}`, kind: 'fixture', target: fx });
  else console.log(`(no fixtures at ${FIXTURES}; set BN_XPLAN_FIXTURES)`);
  cases.push({ label: 'synthetic, 20,000 features', kind: 'synthetic', target: '20000' });
  console.log(`${'case'.padEnd(34)}${'stage'.padEnd(22)}${'input'.padStart(10)}${'features'.padStart(10)}${'ms'.padStart(9)}${'peak RSS'.padStart(11)}`);
  let ok = true;
  const server = process.env.DATABASE_URL ? null : await startPglite();
  try {
    for (const c of cases) {
      for (const store of [false, true]) {
        const f = runChild(c.kind, c.target, store, server?.url);
        const stage = store ? `child + store (${process.env.DATABASE_URL ? 'pg' : 'pglite'})` : 'importer, in-process';
        if (typeof f === 'string') {
          console.log(`${c.label.padEnd(34)}${stage.padEnd(22)}  failed: ${f}`);
          ok = false;
          continue;
        }
        console.log(
          `${c.label.padEnd(34)}${stage.padEnd(22)}${`${(f.bytes / 1e6).toFixed(2)} MB`.padStart(10)}${String(f.features).padStart(10)}` +
            `${f.ms.toFixed(0).padStart(9)}${`${f.maxRssMb.toFixed(0)} MB`.padStart(11)}`,
        );
        if (c.kind === 'synthetic' && (f.ms > BUDGET_MS || f.maxRssMb > BUDGET_MB)) ok = false;
      }
    }
  } finally {
    server?.stop();
  }
  console.log(`budget 20,000 features < ${BUDGET_MS / 1000} s and < ${BUDGET_MB} MB peak RSS: ${ok ? 'met' : 'NOT met'}`);
}

/** An in-memory PGlite served over its socket from a separate process. */
async function startPglite(): Promise<{ url: string; stop(): void }> {
  const code = `const { openDatabase } = await import(${JSON.stringify(new URL('../backend/core/db.ts', import.meta.url).href)});
    const db = await openDatabase({ dataDir: 'memory://', serve: true });
    process.stdout.write(db.url + '\\n');
    process.stdin.resume();
    process.stdin.on('end', async () => { await db.close(); process.exit(0); });`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve((buf.split('\n')[0] ?? '').trim());
    });
    proc.on('exit', (c) => reject(new Error(`PGlite server exited with ${c}`)));
  });
  return { url, stop: () => proc.stdin.end() };
}

if (process.argv[2] === CHILD_FLAG) {
  const [, , , kind, target, mode] = process.argv;
  const f = await child(kind as 'fixture' | 'synthetic', target ?? '', mode === 'store');
  process.stdout.write(JSON.stringify(f) + '\n');
  process.exit(0);
}
