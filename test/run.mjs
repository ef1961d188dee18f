#!/usr/bin/env node
// `npm test`: every test suite in order, output streamed, stopping at the first failure.
//   1. backend tests (node:test) on PGlite
//   2. the same backend tests on PostgreSQL, when DATABASE_URL is set, and the *.pg.test.ts
//      files that need PostgreSQL (and nginx) only
//   3. `npm run build`, then the widget tests in Chromium (web-test-runner)
//   4. end-to-end tests (node:test; they start the real server and drive Chromium)
// Options: --backend-only (steps 1–2, used by .ci/run for the PostgreSQL pass),
//          --skip-backend, --skip-widgets, --skip-e2e.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const known = ['--backend-only', '--skip-backend', '--skip-widgets', '--skip-e2e', '--help'];
for (const a of args) {
  if (!known.includes(a)) {
    console.error(`Unknown option ${a}. Known: ${known.join(' ')}`);
    process.exit(2);
  }
}
if (args.has('--help')) {
  console.log(
    fs
      .readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 9)
      .join('\n'),
  );
  process.exit(0);
}
const backendOnly = args.has('--backend-only');
const runBackend = !args.has('--skip-backend');
const runWidgets = !backendOnly && !args.has('--skip-widgets');
const runE2e = !backendOnly && !args.has('--skip-e2e');

const CHROME_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    console.error(`CHROME_PATH is set to ${fromEnv}, but no executable is there.`);
    return null;
  }
  return CHROME_CANDIDATES.find(isExecutable) ?? null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Test files below `dir` (relative to the project), sorted, as relative paths. */
function testFiles(dir, suffix = '.test.ts') {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

const results = [];

function run(title, cmd, argv, env = process.env) {
  console.log(`\n\u25b6 ${title}\n  $ ${[cmd, ...argv].join(' ')}\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      results.push({ title, ok, seconds });
      console.log(`\n${ok ? '\u2714' : '\u2716'} ${title}: ${ok ? 'passed' : `failed (${signal ?? `exit ${code}`})`} in ${seconds} s`);
      resolve(ok);
    });
  });
}

function finish(ok) {
  console.log('\n── Summary ──');
  for (const r of results) console.log(`${r.ok ? '\u2714 passed' : '\u2716 FAILED'}  ${r.title} (${r.seconds} s)`);
  for (const s of skipped) console.log(`- skipped ${s}`);
  console.log(ok ? 'All test suites passed.' : 'Test run FAILED.');
  process.exit(ok ? 0 : 1);
}

const skipped = [];

// Chromium first: failing after five minutes of backend tests would waste everyone's time.
const chrome = runWidgets || runE2e ? findChrome() : 'not needed';
if (!chrome) {
  console.error(
    [
      '',
      'No Chromium or Chrome found. The widget and end-to-end tests run in a real browser.',
      `Looked at: ${process.env.CHROME_PATH ? `CHROME_PATH (${process.env.CHROME_PATH})` : CHROME_CANDIDATES.join(', ')}`,
      '',
      'Install it:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '                  (older Ubuntu: sudo apt-get install -y chromium-browser)',
      '  Fedora:         sudo dnf install -y chromium',
      '  macOS:          brew install --cask chromium',
      'or point CHROME_PATH at an existing Chrome/Chromium binary, e.g.',
      '  CHROME_PATH=/opt/google/chrome/chrome npm test',
      '',
      'To run only the backend tests meanwhile: npm test -- --backend-only',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

// Backend test files run two at a time (each has its own database; the CLI file mostly waits
// on child processes); end-to-end files one at a time (each drives Chromium).
// BN_TEST_CONCURRENCY overrides the backend figure. A file that runs 10 minutes has hung.
const concurrency = Number(process.env.BN_TEST_CONCURRENCY ?? 2) || 1;
const nodeTestWith = (n) => ['--import', 'tsx', '--test', `--test-concurrency=${n}`, '--test-timeout=600000'];
const nodeTest = nodeTestWith(concurrency);
const baseEnv = { ...process.env, NODE_ENV: 'test', CHROME_PATH: chrome === 'not needed' ? (process.env.CHROME_PATH ?? '') : chrome };
if (!baseEnv.CHROME_PATH) delete baseEnv.CHROME_PATH;

if (runBackend) {
  const files = testFiles('test/backend');
  if (files.length === 0) {
    skipped.push('backend tests (no test/backend/**/*.test.ts yet)');
  } else {
    const pglite = { ...baseEnv };
    delete pglite.DATABASE_URL;
    // `*.pg.test.ts` need a real PostgreSQL (several server processes on one database): they
    // run in the PostgreSQL pass only.
    const onPglite = files.filter((f) => !f.endsWith('.pg.test.ts'));
    if (!(await run('backend tests on PGlite', process.execPath, [...nodeTest, ...onPglite], pglite))) finish(false);
    if (process.env.DATABASE_URL) {
      const where = process.env.DATABASE_URL.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
      if (!(await run(`backend tests on PostgreSQL (${where})`, process.execPath, [...nodeTest, ...files], baseEnv))) finish(false);
    } else {
      const pgOnly = files.length - onPglite.length;
      skipped.push(`backend tests on PostgreSQL, ${pgOnly} of them PostgreSQL-only (set DATABASE_URL=postgres://… to run them)`);
    }
  }
}

if (runWidgets) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!(await run('build (rollup)', npm, ['run', '--silent', 'build'], baseEnv))) finish(false);
  const config = ['web-test-runner.config.mjs', 'web-test-runner.config.js'].find((f) => fs.existsSync(path.join(root, f)));
  if (!config) {
    skipped.push('widget tests (no web-test-runner.config.mjs yet)');
  } else {
    const wtr = path.join(root, 'node_modules', '.bin', 'web-test-runner');
    // Without a terminal (CI logs), a progress bar redrawn in place only adds noise.
    const wtrArgs = ['--config', config, ...(process.stdout.isTTY ? [] : ['--static-logging'])];
    if (!(await run('widget tests in Chromium (web-test-runner)', wtr, wtrArgs, baseEnv))) finish(false);
  }
}

if (runE2e) {
  const files = testFiles('test/e2e');
  if (files.length === 0) {
    skipped.push('end-to-end tests (no test/e2e/**/*.test.ts yet)');
  } else {
    // The e2e tests start their own server on PGlite (random ports); a DATABASE_URL would
    // point them at a shared database, so it is left out here as well.
    const env = { ...baseEnv };
    delete env.DATABASE_URL;
    if (!(await run('end-to-end tests in Chromium', process.execPath, [...nodeTestWith(1), ...files], env))) finish(false);
  }
}

finish(true);
