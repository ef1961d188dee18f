// `npm run bench`: figures to read, not assertions.
//   1. gzip size of every built entry and chunk in dist/widgets, and the entry with its static
//      imports against the budget (≤ 12 KB gzip: Lit, core and <bn-tenant>)
//   2. GET /v1/config throughput and p99 at 50 connections, beside a bare Hono JSON route in
//      the same run, as a ratio
//   3. module benchmarks: every bench/<name>.ts exporting `bench<Name>()` (e.g. benchPlans)
// Options: --only=sizes,http,<module>   --duration=<seconds per HTTP run, default 10>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { measure, startBenchServers, type Measured } from './http.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'widgets');
const ENTRY_BUDGET = 12 * 1024;

const opt = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = opt('only')?.split(',');
const wanted = (part: string) => !only || only.includes(part);
const duration = Number(opt('duration') ?? 10);

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
  console.log(
    `\nEntry with its static imports (${entryFiles.join(' + ')}):\n` +
      `  ${kb(entryGzip)} gzip, budget ${kb(ENTRY_BUDGET)} → ${verdict}`,
  );
  const lazy = files.filter((f) => !entryFiles.includes(f) && f !== 'buergernah.classic.js');
  if (lazy.length) console.log(`Lazily loaded chunks: ${lazy.length}, ${kb(lazy.reduce((s, f) => s + (gz.get(f) ?? 0), 0))} gzip together`);
  if (gz.has('buergernah.classic.js')) console.log(`Classic single-file script: ${kb(gz.get('buergernah.classic.js')!)} gzip (everything inlined)`);
}

async function http() {
  heading(`HTTP: GET /v1/config vs. bare Hono (50 connections, ${duration} s each)`);
  const servers = await startBenchServers();
  const rows: Measured[] = [];
  try {
    const headers = { Origin: servers.origin, Accept: 'application/json' };
    const configUrl = `${servers.api}/v1/config?key=${servers.key}`;
    // Check the route answers before loading it, so a broken setup is not measured as "fast".
    const probe = await fetch(configUrl, { headers });
    if (probe.status !== 200) throw new Error(`GET /v1/config answered ${probe.status}: ${await probe.text()}`);
    const etag = probe.headers.get('etag');
    const warmup = Math.min(3, Math.max(1, Math.round(duration / 4)));
    rows.push(await measure('bare Hono JSON route', { url: `${servers.bare}/json`, duration, warmup }));
    rows.push(await measure('GET /v1/config (200)', { url: configUrl, headers, duration, warmup }));
    if (etag) {
      rows.push(await measure('GET /v1/config (304, If-None-Match)', { url: configUrl, headers: { ...headers, 'If-None-Match': etag }, duration, warmup }));
    }
  } finally {
    await servers.stop();
  }
  console.log(`${pad('route', 38)}${lpad('req/s', 10)}${lpad('p50 ms', 9)}${lpad('p99 ms', 9)}${lpad('non-2xx', 9)}${lpad('errors', 8)}`);
  for (const r of rows) {
    console.log(`${pad(r.title, 38)}${lpad(r.rps.toFixed(0), 10)}${lpad(String(r.p50), 9)}${lpad(String(r.p99), 9)}${lpad(String(r.non2xx), 9)}${lpad(String(r.errors), 8)}`);
  }
  const [bare, ...ours] = rows;
  if (!bare) return;
  for (const r of ours) {
    console.log(`ratio ${r.title} / bare Hono: ${(r.rps / bare.rps).toFixed(3)} (${(100 * r.rps / bare.rps).toFixed(1)} % of the ceiling)`);
  }
  if (rows.length > 2) console.log('(autocannon counts the 304 answers as non-2xx; they are the expected answer there.)');
}

/** bench/<name>.ts exporting bench<Name>(): modules add their figures without touching this file. */
async function moduleBenches() {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !['run.ts', 'http.ts'].includes(f) && !f.endsWith('.d.ts'));
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
if (wanted('http')) await http();
await moduleBenches();
console.log(`\nBenchmarks done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
