// HTTP benchmark helpers. The servers run in a child process (this file with `serve`), the
// load generator (autocannon) in the parent, so the two do not share one event loop.
//   node --import tsx bench/http.ts serve   → prints one JSON line { api, bare, key, origin }
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';

export interface BenchTarget {
  /** Base URL of the real application (createApp on PGlite in a temp dir). */
  api: string;
  /** Base URL of a bare Hono app with one JSON route, same process, same runtime. */
  bare: string;
  /** A publishable key of the seeded tenant. */
  key: string;
  /** An Origin the tenant allows. */
  origin: string;
  /** Plans imported at start (BN_BENCH_PLANS): label → id. */
  plans?: Record<string, string>;
  /** The server process, for CPU time from /proc/<pid>/stat. */
  pid?: number;
}

export interface Measured {
  title: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; this is the part we use.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface MeasureOptions {
  url: string;
  headers?: Record<string, string>;
  connections?: number;
  duration?: number;
  /** Seconds of unmeasured load first (JIT, caches, connection setup). */
  warmup?: number;
}

export async function measure(title: string, o: MeasureOptions): Promise<Measured> {
  const base = { url: o.url, headers: o.headers ?? {}, connections: o.connections ?? 50, pipelining: 1 };
  if (o.warmup) await autocannon({ ...base, duration: o.warmup });
  const r = await autocannon({ ...base, duration: o.duration ?? 10 });
  return {
    title,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export interface RunningServers extends BenchTarget {
  stop(): Promise<void>;
}

/** Starts `serve` below in a child process and waits for its JSON line. */
export async function startBenchServers(opts: { plans?: string[] } = {}): Promise<RunningServers> {
  const self = fileURLToPath(import.meta.url);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, 'serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // Request logs would cost more than the routes; the read limit is raised so the run measures
    // the limiter's database round trip without being stopped by it.
    env: { ...process.env, LOG_LEVEL: 'silent', BN_RATE_READ: '1000000000', DATABASE_URL: '', BN_BENCH_PLANS: (opts.plans ?? []).join('\n') },
  });
  const target = await new Promise<BenchTarget>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as BenchTarget);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    ...target,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The child: the real app on PGlite in a temp dir with one seeded tenant, and bare Hono. */
async function serve(): Promise<void> {
  const { serve: listen } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const v = await import('valibot');
  const { openDatabase } = await import('../backend/core/db.ts');
  const { migrate } = await import('../backend/core/migrate.ts');
  const { createApp } = await import('../backend/app.ts');
  const { createTenant, createKey } = await import('../backend/admin/store.ts');
  const { TenantCreate } = await import('../backend/admin/schema.ts');
  const { CLI_ACTOR } = await import('../backend/core/audit.ts');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-bench-'));
  const db = await openDatabase({ url: undefined, dataDir: dir });
  await migrate(db.sql);
  const origin = 'https://www.beispielstadt.example';
  await createTenant(
    db.sql,
    v.parse(TenantCreate, {
      slug: 'beispielstadt',
      name: 'Gemeinde Beispielstadt',
      origins: [origin],
      theme: { '--bn-color-primary': '#0b6e4f', '--bn-radius': '12px' },
      map: { center: [52.4, 10.05], zoom: 13 },
      privacyUrl: `${origin}/datenschutz`,
      accessibilityUrl: `${origin}/barrierefreiheit`,
      contactEmail: 'rathaus@beispielstadt.example',
    }),
    CLI_ACTOR,
  );
  const { key } = await createKey(db.sql, { kind: 'publishable', tenant: 'beispielstadt', label: 'bench' }, CLI_ACTOR);

  // Plans to read (bench/plans.ts): a file path, or `synthetic:<features>`; imported the server's way.
  const plans: Record<string, string> = {};
  for (const spec of (process.env.BN_BENCH_PLANS ?? '').split('\n').filter(Boolean)) {
    const { runImport } = await import('../backend/plans/xplan/run.ts');
    const { savePlans } = await import('../backend/plans/store.ts');
    const { tenantDb } = await import('../backend/core/tenant-db.ts');
    const { syntheticPlan } = await import('../test/backend/plans/synthetic.ts');
    const bytes = spec.startsWith('synthetic:')
      ? new TextEncoder().encode(syntheticPlan({ features: Number(spec.slice(10)) }))
      : new Uint8Array(fs.readFileSync(spec));
    const result = await runImport(bytes);
    const [t] = await db.sql<{ id: string }[]>`select id from tenants where slug = 'beispielstadt'`;
    if (!t) throw new Error('bench: tenant beispielstadt is missing (seed the database first)');
    const items = await tenantDb(db.sql, t.id).tx((sql, tenantId) =>
      savePlans(sql, tenantId, result, { sourceName: path.basename(spec), actor: { id: 'bench', name: 'bench' } }),
    );
    const [first] = items;
    if (!first) throw new Error(`bench: ${spec} imported no plan`);
    plans[spec] = first.id;
  }

  const app = createApp({ db });
  // Same JSON size class as /v1/config, so the ratio compares routing + work, not bytes.
  const bareBody = {
    tenant: { id: '00000000-0000-0000-0000-000000000000', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
    modules: ['tips', 'kita', 'jobs', 'plans'],
    languages: ['de', 'en'],
  };
  const bare = new Hono().get('/json', (c) => c.json(bareBody));

  const listenOn = (fetch: (req: Request) => Response | Promise<Response>) =>
    new Promise<{ url: string; close: () => void }>((resolve) => {
      const s = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
      );
    });
  const apiServer = await listenOn(app.fetch);
  const bareServer = await listenOn(bare.fetch);
  process.stdout.write(JSON.stringify({ api: apiServer.url, bare: bareServer.url, key, origin, plans } satisfies BenchTarget) + '\n');

  const shutdown = async () => {
    apiServer.close();
    bareServer.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The parent died without a signal: do not linger.
  process.stdin.on('end', shutdown);
  process.stdin.resume();
}

if (process.argv[2] === 'serve' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await serve();
}
