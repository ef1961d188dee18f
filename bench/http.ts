// HTTP benchmark helpers. The servers (bench/server.ts) run in a child process pinned to one
// core, the load generator (autocannon, or paced() for a steady rate) in this process pinned to another (taskset, Linux with
// ≥ 2 cores), so the two do not compete for one core. Every run reports the server process's
// CPU time per request (process.cpuUsage, asked over IPC right before and after the run): on a
// shared machine that figure moves least, while req/s and latency move with the neighbours.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBackendBuilt, outputName } from '../backend/build.js';

export interface BenchTarget {
  /** Base URL of the real application (createApp on PGlite in a temp dir). */
  api: string;
  /** Base URL of the bare Hono app: GET /json, POST /insert, PUT then GET /stored (any bytes, sent back as JSON). */
  bare: string;
  /** A publishable key of the seeded tenant. */
  key: string;
  /** An Origin the tenant allows. */
  origin: string;
  /** Plans imported at start (BN_BENCH_PLANS): label → id. */
  plans?: Record<string, string>;
  /** Open postings seeded at start (BN_BENCH_JOBS): the id of the first. */
  job?: string;
  /** The server process. */
  pid?: number;
}

export type IpcRequest = { id: number; op: 'cpu' } | { id: number; op: 'altcha'; n: number } | { id: number; op: 'kita'; n: number } | { id: number; op: 'kitaCount' };
type IpcAsk = IpcRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
export interface IpcReply {
  id: number;
  value: unknown;
}

export interface Measured {
  title: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Answers with a 2xx status (acknowledged), in the measured run and in its warm-up. */
  ok: number;
  warmupOk: number;
  errors: number;
  /** Server CPU (user + system) per request of the measured run, in µs; null without a server handle. */
  cpuUs: number | null;
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
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** autocannon `requests` (e.g. a setupRequest giving each request its own headers). */
  requests?: unknown[];
  connections?: number;
  duration?: number;
  /** Seconds of unmeasured load first (JIT, caches, connection setup). */
  warmup?: number;
  /** A steady arrival rate (requests per second, open loop: see paced()) instead of as fast as possible. */
  rate?: number;
  /** paced() only: the generator's clock (a test's own makes the schedule checkable without timing). */
  clock?: PaceClock;
}

/** The time paced() plans and waits by. */
export interface PaceClock {
  now(): number;
  /** Resolves once now() has reached `until`. */
  sleepUntil(until: number): Promise<void>;
}

const realClock: PaceClock = {
  now: () => performance.now(),
  sleepUntil: (until) => new Promise((r) => setTimeout(r, Math.max(0, until - performance.now()))),
};

interface Tally {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  /** Seconds from the first planned request to the last answer. */
  elapsed: number;
}

/**
 * An open-loop load at a steady rate: request i is sent at start + i/rate, on up to `connections`
 * keep-alive sockets, and its latency counts from that planned moment (a late generator or a
 * queue of busy sockets counts against the server, never hides it). autocannon's `overallRate`
 * is not that: each connection sends its share of the second back to back when the second
 * starts, so 100/s on 50 connections arrive as a burst of 100 at once every second, and its
 * latency correction assumes one request per millisecond. Waits for every request sent.
 */
async function paced(o: MeasureOptions, seconds: number): Promise<Tally> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections ?? 50 });
  const setup = (o.requests?.[0] as { setupRequest?: (r: Record<string, unknown>) => { method?: string; body?: string; headers?: Record<string, string> } } | undefined)?.setupRequest;
  const tally: Tally = { requests: 0, ok: 0, non2xx: 0, errors: 0, latencies: [], elapsed: 0 };
  const clock = o.clock ?? realClock;
  const interval = 1000 / o.rate!;
  const total = Math.round(seconds * o.rate!);
  const start = clock.now();
  const inflight = new Set<Promise<void>>();
  const send = (planned: number) => {
    const r = setup ? setup({}) : {};
    const body = r.body ?? o.body;
    const done = new Promise<void>((resolve) => {
      const req = http.request(o.url, { method: r.method ?? o.method ?? 'GET', headers: { ...o.headers, ...r.headers }, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          tally.latencies.push(clock.now() - planned);
          if (res.statusCode! >= 200 && res.statusCode! < 300) tally.ok++;
          else tally.non2xx++;
          resolve();
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        tally.errors++;
        resolve();
      });
      req.end(body);
    });
    tally.requests++;
    inflight.add(done);
    void done.then(() => inflight.delete(done));
  };
  for (let i = 0; i < total; ) {
    const now = clock.now();
    while (i < total && start + i * interval <= now) send(start + i++ * interval);
    if (i < total) await clock.sleepUntil(start + i * interval);
  }
  await Promise.all(inflight);
  tally.elapsed = (clock.now() - start) / 1000;
  agent.destroy();
  tally.latencies.sort((a, b) => a - b);
  return tally;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!) : NaN);

export async function measure(title: string, o: MeasureOptions, server?: Pick<RunningServers, 'cpu'>): Promise<Measured> {
  if (o.rate) {
    const warm = o.warmup ? await paced(o, o.warmup) : null;
    const before = server ? await server.cpu() : 0;
    const t = await paced(o, o.duration ?? 10);
    const after = server ? await server.cpu() : 0;
    return {
      title,
      requests: t.requests,
      // Answers per second until the last one came: a server falling behind shows here too.
      rps: t.ok / Math.max(o.duration ?? 10, t.elapsed),
      p50: percentile(t.latencies, 50),
      p99: percentile(t.latencies, 99),
      non2xx: t.non2xx,
      ok: t.ok,
      warmupOk: warm?.ok ?? 0,
      errors: t.errors,
      cpuUs: server && t.requests ? (after - before) / t.requests : null,
    };
  }
  const base = {
    url: o.url,
    method: o.method ?? 'GET',
    headers: o.headers ?? {},
    ...(o.body !== undefined && { body: o.body }),
    ...(o.requests && { requests: o.requests }),
    connections: o.connections ?? 50,
    pipelining: 1,
  };
  const warm = o.warmup ? await autocannon({ ...base, duration: o.warmup }) : null;
  const before = server ? await server.cpu() : 0;
  const r = await autocannon({ ...base, duration: o.duration ?? 10 });
  const after = server ? await server.cpu() : 0;
  return {
    title,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    ok: r['2xx'],
    warmupOk: warm?.['2xx'] ?? 0,
    errors: r.errors + r.timeouts,
    cpuUs: server && r.requests.total ? (after - before) / r.requests.total : null,
  };
}

export interface RunningServers extends BenchTarget {
  /** µs of CPU the server process has used so far. */
  cpu(): Promise<number>;
  /** n solved ALTCHA payloads (X-Altcha) for the seeded tenant. */
  altchas(n: number): Promise<string[]>;
  /** n prepared Kita registrations (servers started with { kita: true }). */
  kitaRequests(n: number): Promise<import('./kita-world.ts').KitaRequest[]>;
  /** Kita registrations stored so far. */
  kitaCount(): Promise<number>;
  /** Whether server and load generator run on separate cores. */
  pinned: boolean;
  stop(): Promise<void>;
}

let coresFound: { server: number; load: number } | null | undefined;

/**
 * Cores for the server and the load generator, when taskset and two cores are there. Decided
 * once: after this process pins itself, availableParallelism() answers 1, and a second bench
 * server in the same run would otherwise float across both cores.
 */
function cores(): { server: number; load: number } | null {
  if (coresFound !== undefined) return coresFound;
  coresFound = null;
  if (process.platform !== 'linux' || os.availableParallelism() < 2) return coresFound;
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status !== 0) return coresFound;
  coresFound = { server: 0, load: os.availableParallelism() - 1 };
  return coresFound;
}

let selfPinned = false;

/**
 * Starts bench/server.ts in a child process (precompiled with the backend, see
 * backend/build.ts; tsx when that fails) and waits for its JSON line.
 */
export async function startBenchServers(opts: { plans?: string[]; jobs?: number; tips?: number; logLevel?: string; databaseUrl?: string; kita?: boolean } = {}): Promise<RunningServers> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const entry = 'bench/server.ts';
  const built = process.env.BN_BENCH_TSX !== '1' && (await ensureBackendBuilt(root, { entries: [entry] }));
  const script = path.join(root, ...(built ? ['dist', 'backend', outputName(entry)] : [entry]));
  // BN_BENCH_NODE_ARGS: extra flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
  // (node refuses --cpu-prof in NODE_OPTIONS).
  const extra = (process.env.BN_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const nodeArgs = [...extra, ...(built ? [] : ['--import', 'tsx']), script];
  const pin = cores();
  if (pin && !selfPinned) {
    // The load generator (this process, all its threads) on the last core.
    selfPinned = spawnSync('taskset', ['-a', '-cp', String(pin.load), String(process.pid)], { stdio: 'ignore' }).status === 0;
  }
  const [cmd, args] = pin ? ['taskset', ['-c', String(pin.server), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child: ChildProcess = spawn(cmd, args as string[], {
    // stdout: the JSON line, then the request log (read and dropped, as a log shipper would).
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    // The limits are raised so a run measures the limiter's work without being stopped by it.
    // The log level is production's (info) unless asked otherwise: its cost is part of a request.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: opts.logLevel ?? 'info',
      BN_RATE_READ: '1000000000',
      BN_RATE_WRITE: '1000000000',
      // Proof of work is the client's cost; the server's verification is one derivation either way.
      BN_ALTCHA_COST: '1',
      BN_ALTCHA_MAX: '5',
      DATABASE_URL: '',
      BN_BENCH_DATABASE_URL: opts.databaseUrl ?? '',
      BN_BENCH_PLANS: (opts.plans ?? []).join('\n'),
      BN_BENCH_JOBS: String(opts.jobs ?? 0),
      BN_BENCH_KITA: opts.kita ? '1' : '',
      BN_BENCH_TIPS: String(opts.tips ?? 0),
    },
  });
  const target = await new Promise<BenchTarget>((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{"api"'));
      if (line) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(JSON.parse(line) as BenchTarget);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  let next = 0;
  const pending = new Map<number, (v: unknown) => void>();
  child.on('message', (m: IpcReply) => {
    pending.get(m.id)?.(m.value);
    pending.delete(m.id);
  });
  const ask = <T>(req: IpcAsk): Promise<T> =>
    new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...req, id });
    });
  return {
    ...target,
    pid: child.pid,
    pinned: !!pin && selfPinned,
    cpu: () => ask<number>({ op: 'cpu' }),
    altchas: (n) => ask<string[]>({ op: 'altcha', n }),
    kitaRequests: (n) => ask({ op: 'kita', n }),
    kitaCount: () => ask<number>({ op: 'kitaCount' }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Case {
  title: string;
  /** Called before each run (outside the measured window), e.g. to fetch fresh ALTCHAs. */
  options: (lastRps: number | null) => Promise<MeasureOptions> | MeasureOptions;
}

export interface Summary {
  title: string;
  runs: Measured[];
  rps: number;
  cpuUs: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs the cases interleaved (A B A B …) for `rounds` rounds, so a neighbour's burst hits
 * both sides alike; each figure is the median over the rounds.
 */
export async function interleaved(server: RunningServers, cases: Case[], o: { rounds: number; duration: number; warmup: number }): Promise<Summary[]> {
  const runs: Measured[][] = cases.map(() => []);
  for (let round = 0; round < o.rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const last = runs[i]!.at(-1)?.rps ?? null;
      const opts = await c.options(last);
      runs[i]!.push(await measure(c.title, { duration: o.duration, warmup: o.warmup, ...opts }, server));
    }
  }
  return cases.map((c, i) => {
    const r = runs[i]!;
    return {
      title: c.title,
      runs: r,
      rps: median(r.map((x) => x.rps)),
      cpuUs: median(r.map((x) => x.cpuUs ?? NaN)),
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      non2xx: r.reduce((s, x) => s + x.non2xx, 0),
      errors: r.reduce((s, x) => s + x.errors, 0),
    };
  });
}

/** The table and the ratios against the first case (the baseline). */
export function report(rows: Summary[], target: { ratio: number; p99Ms: number }): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const l = (s: string, n: number) => s.padStart(n);
  console.log(`${pad('case', 40)}${l('CPU µs/req', 11)}${l('req/s', 8)}${l('p50 ms', 8)}${l('p99 ms', 8)}${l('non-2xx', 9)}${l('errors', 7)}`);
  for (const r of rows) {
    console.log(
      `${pad(r.title, 40)}${l(Number.isNaN(r.cpuUs) ? '–' : r.cpuUs.toFixed(0), 11)}${l(r.rps.toFixed(0), 8)}${l(String(r.p50), 8)}` +
        `${l(String(r.p99), 8)}${l(String(r.non2xx), 9)}${l(String(r.errors), 7)}`,
    );
  }
  const [base, ...ours] = rows;
  for (const r of ours) {
    const cpu = base!.cpuUs / r.cpuUs;
    // Throughput ratio per round (both sides of a round saw the same neighbours), then the median.
    const rps = median(r.runs.map((x, i) => x.rps / base!.runs[i]!.rps));
    const met = cpu >= target.ratio && r.p99 < target.p99Ms;
    console.log(`ratio ${r.title} / ${base!.title}: CPU ${cpu.toFixed(2)}, req/s ${rps.toFixed(2)}` + ` (target CPU ≥ ${target.ratio}, p99 < ${target.p99Ms} ms → ${met ? 'met' : 'MISSED'})`);
  }
}
