// `npm run bench`: figures to read, not assertions.
//   1. gzip size of every built entry and chunk in dist/widgets, and the entry with its static
//      imports against the budget (≤ 12 KB gzip: Lit, core and <bn-tenant>), and the tip form
//      until the map opens (from the module graph, bench/bundle-size.ts) against its budget
//   2. HTTP (bench/http.ts): GET /v1/config against a bare Hono JSON route and POST /v1/tips
//      against a bare HTTP insert of the same row, interleaved A B A B, server and load
//      generator pinned to separate cores: server CPU µs per request, req/s, p50/p99, ratios
//   3. module benchmarks: every bench/<name>.ts exporting `bench<Name>()` (e.g. benchPlans)
// Options: --only=sizes,http,read,submit,<module>   --duration=<s per run, default 5>
//          --warmup=<s, default 2>   --rounds=<default 3>   --log-level=<server's, default info>
//          --db=postgres (a fresh database on DATABASE_URL instead of PGlite in the server process)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { interleaved, report, startBenchServers, type Case } from './http.ts';
import { BENCH_TIP } from './tip.ts';
import { actionFiles, forbiddenInClassic, gzipSizes, ON_ACTION, readManifest, TIP_FORM_BUDGET, TIP_FORM_CEILING, tipFormFiles, total } from './bundle-size.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'widgets');
const ENTRY_BUDGET = 12 * 1024;

const opt = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = opt('only')?.split(',');
const wanted = (part: string) => !only || only.includes(part) || (only.includes('http') && ['read', 'submit'].includes(part));
const duration = Number(opt('duration') ?? 5);
const warmup = Number(opt('warmup') ?? 2);
const rounds = Number(opt('rounds') ?? 3);
const logLevel = opt('log-level') ?? 'info';
// --db=postgres: the servers on a fresh database on DATABASE_URL (default: PGlite in the server process).
const databaseUrl = opt('db') === 'postgres' ? process.env.DATABASE_URL : undefined;
if (opt('db') === 'postgres' && !databaseUrl) throw new Error('--db=postgres needs DATABASE_URL');

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function heading(title: string) {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}`);
}

/** Relative paths of the files a built module imports statically (`import … from "./x.js"`). */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  const found = new Set<string>();
  // Minified rollup output: `import"./a.js"`, `import{x}from"./a.js"`, `export{y}from"./a.js"`.
  for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    found.add(path.relative(dist, path.resolve(path.dirname(file), m[1] ?? '')));
  }
  return [...found];
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    for (const dep of staticImports(path.join(dist, rel))) visit(dep);
  };
  visit(entry);
  return [...seen];
}

function sizes() {
  heading('Bundle sizes (dist/widgets)');
  if (!fs.existsSync(path.join(dist, 'buergernah.js'))) {
    console.log('dist/widgets is missing: building it (npm run build) …');
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.log('Build failed: no size figures.');
      return;
    }
  }
  const files = (fs.readdirSync(dist, { recursive: true }) as string[])
    .map(String)
    .filter((f) => /\.(m?js|css)$/.test(f))
    .sort((a, b) => Number(b.startsWith('buergernah')) - Number(a.startsWith('buergernah')) || a.localeCompare(b));
  const gz = new Map<string, number>();
  console.log(`${pad('file', 46)}${lpad('raw', 10)}${lpad('gzip', 10)}${lpad('brotli', 10)}`);
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(dist, f));
    const g = gzipSync(bytes, { level: 9 }).length;
    gz.set(f, g);
    console.log(`${pad(f, 46)}${lpad(kb(bytes.length), 10)}${lpad(kb(g), 10)}${lpad(kb(brotliCompressSync(bytes).length), 10)}`);
  }
  const entryFiles = closure('buergernah.js');
  const entryGzip = entryFiles.reduce((s, f) => s + (gz.get(f) ?? 0), 0);
  const verdict = entryGzip <= ENTRY_BUDGET ? 'within budget' : 'OVER BUDGET';
  console.log(`\nEntry with its static imports (${entryFiles.join(' + ')}):\n` + `  ${kb(entryGzip)} gzip, budget ${kb(ENTRY_BUDGET)} → ${verdict}`);
  const lazy = files.filter((f) => !entryFiles.includes(f) && f !== 'buergernah.classic.js');
  if (lazy.length) console.log(`Lazily loaded chunks: ${lazy.length}, ${kb(lazy.reduce((s, f) => s + (gz.get(f) ?? 0), 0))} gzip together`);
  if (gz.has('buergernah.classic.js')) {
    const bad = fs.existsSync(path.join(dist, 'classic.json')) ? forbiddenInClassic(dist) : [];
    console.log(`Classic single-file script: ${kb(gz.get('buergernah.classic.js')!)} gzip (no consoles, no Leaflet: ${bad.length ? `CARRIES ${bad.slice(0, 3).join(', ')}` : 'ok'})`);
  }
  if (!fs.existsSync(path.join(dist, 'chunks.json'))) return;
  const m = readManifest(dist);
  for (const locale of ['de', 'en'] as const) {
    const files = tipFormFiles(m, locale);
    const size = total(gzipSizes(dist, files));
    const verdict =
      size <= TIP_FORM_BUDGET ? 'within budget' : size <= TIP_FORM_CEILING[locale] ? `over the ${kb(TIP_FORM_BUDGET)} goal, under today's ceiling ${kb(TIP_FORM_CEILING[locale])}` : 'OVER THE CEILING';
    console.log(`\n<bn-tip-form> until the map opens (${locale}): ${kb(size)} gzip, budget ${kb(TIP_FORM_BUDGET)} → ${verdict}\n  ${files.join(' + ')}`);
  }
  for (const action of Object.keys(ON_ACTION) as (keyof typeof ON_ACTION)[]) {
    const files = actionFiles(m, 'widgets/tips/form-define.ts', action);
    console.log(`  later, on ${action}: +${kb(total(gzipSizes(dist, files)))} (${files.join(' + ') || 'nothing'})`);
  }
}

async function http() {
  heading(`HTTP: public read and submission against their bare baselines`);
  const servers = await startBenchServers({ logLevel, databaseUrl });
  console.log(
    `${rounds} rounds interleaved (A B A B …), ${duration} s each after ${warmup} s warm-up, 50 connections; ` +
      `server ${servers.pinned ? 'and load generator pinned to separate cores (taskset)' : 'NOT pinned (no taskset or one core)'}; ` +
      `log level ${logLevel}; database ${databaseUrl ? 'PostgreSQL (DATABASE_URL, a fresh database)' : 'PGlite inside the server process'}. CPU µs/req: the server process's user + system time per answered request (median of the rounds).`,
  );
  try {
    const headers = { Origin: servers.origin, Accept: 'application/json' };
    const configUrl = `${servers.api}/v1/config?key=${servers.key}`;
    // Check the routes answer before loading them, so a broken setup is not measured as "fast".
    const probe = await fetch(configUrl, { headers });
    if (probe.status !== 200) throw new Error(`GET /v1/config answered ${probe.status}: ${await probe.text()}`);
    const etag = probe.headers.get('etag');
    const opts = { rounds, duration, warmup };
    if (wanted('read')) {
      console.log('\nGET /v1/config (target: CPU ratio ≥ 0.5 of the bare route, p99 < 100 ms)');
      const cases: Case[] = [
        { title: 'bare Hono JSON route', options: () => ({ url: `${servers.bare}/json` }) },
        { title: 'GET /v1/config (200)', options: () => ({ url: configUrl, headers }) },
      ];
      if (etag) cases.push({ title: 'GET /v1/config (304)', options: () => ({ url: configUrl, headers: { ...headers, 'If-None-Match': etag } }) });
      report(await interleaved(servers, cases, opts), { ratio: 0.5, p99Ms: 100 });
      if (etag) console.log('(autocannon counts the 304 answers as non-2xx; they are the expected answer there.)');
    }
    if (wanted('submit')) {
      console.log('\nPOST /v1/tips (ALTCHA, Idempotency-Key, validation, reference, outbox) vs. a bare HTTP insert of the same row');
      console.log(`(target: CPU ratio ≥ 0.25, p99 < 100 ms${databaseUrl ? '' : '; PGlite runs inside the server process, so its work counts on both sides'})`);
      const body = JSON.stringify(BENCH_TIP);
      const json = { 'Content-Type': 'application/json' };
      const cases: Case[] = [
        { title: 'bare HTTP insert (same row)', options: () => ({ url: `${servers.bare}/insert`, method: 'POST', headers: json, body }) },
        {
          title: 'POST /v1/tips',
          // One fresh ALTCHA solution and Idempotency-Key per request, solved before the run.
          options: async (lastRps) => {
            // Never reuse a solution (a replay is refused and would count cheap 4xx answers): the
            // first run's guess is above either database's pace on the machines seen (PGlite
            // reached 980/s on an idle one, and 600 ran out there).
            const altchas = await servers.altchas(Math.ceil(Math.max(400, lastRps ?? 1500) * 1.5 * (duration + warmup)));
            let next = 0;
            return {
              url: `${servers.api}/v1/tips`,
              method: 'POST',
              requests: [
                {
                  setupRequest: (req: Record<string, unknown>) => ({
                    ...req,
                    method: 'POST',
                    body,
                    headers: {
                      ...json,
                      Origin: servers.origin,
                      Authorization: `Bearer ${servers.key}`,
                      'Idempotency-Key': randomUUID(),
                      'X-Altcha': altchas[next++ % altchas.length],
                    },
                  }),
                },
              ],
            };
          },
        },
      ];
      const check = await fetch(`${servers.api}/v1/tips`, {
        method: 'POST',
        body,
        headers: { ...json, Origin: servers.origin, Authorization: `Bearer ${servers.key}`, 'Idempotency-Key': randomUUID(), 'X-Altcha': (await servers.altchas(1))[0]! },
      });
      if (check.status !== 201) throw new Error(`POST /v1/tips answered ${check.status}: ${await check.text()}`);
      report(await interleaved(servers, cases, opts), { ratio: 0.25, p99Ms: 100 });
    }
  } finally {
    await servers.stop();
  }
}

/** bench/<name>.ts exporting bench<Name>(): modules add their figures without touching this file. */
async function moduleBenches() {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !['run.ts', 'http.ts', 'server.ts', 'tip.ts'].includes(f) && !f.endsWith('.d.ts'));
  // plans first when present: the platform issue names it.
  files.sort((a, b) => Number(b === 'plans.ts') - Number(a === 'plans.ts') || a.localeCompare(b));
  for (const f of files) {
    const name = path.basename(f, '.ts');
    if (!wanted(name)) continue;
    const fn = `bench${name.charAt(0).toUpperCase()}${name.slice(1).replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase())}`;
    if (!fs.existsSync(path.join(dir, f))) continue;
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
    if (typeof mod[fn] !== 'function') continue;
    heading(`Module: ${name}`);
    await (mod[fn] as () => Promise<void> | void)();
  }
}

const started = Date.now();
if (wanted('sizes')) sizes();
if (wanted('http') || wanted('read') || wanted('submit')) await http();
await moduleBenches();
console.log(`\nBenchmarks done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
