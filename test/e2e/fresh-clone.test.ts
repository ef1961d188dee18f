// The README's two commands are the whole setup: a fresh clone (no dist/, no data/) started
// with `npm start` builds the widgets itself, says so, and the demo page shows a working
// <bn-tip-form>. `npm install` is stood in for by linking this checkout's node_modules (the
// registry is not needed to prove what `npm start` does).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
  .filter((p): p is string => !!p)
  .find((p) => fs.existsSync(p));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-clone-'));
let server: ChildProcess | undefined;
after(async () => {
  if (server?.pid) {
    // npm runs the server as its child: stop the whole process group, as Ctrl-C would.
    const exited = server.exitCode === null ? new Promise((r) => server!.once('exit', r)) : Promise.resolve();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
    server.stdout?.destroy();
    server.stderr?.destroy();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test('npm start on a fresh clone builds the widgets and the demo page shows a defined <bn-tip-form>', async () => {
  assert.ok(chromePath, 'Chromium is needed: apt-get install -y chromium, or set CHROME_PATH');
  const clone = path.join(dir, 'buergernah');
  const git = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { encoding: 'utf8' });
  assert.equal(git.status, 0, git.stderr);
  assert.ok(!fs.existsSync(path.join(clone, 'dist')), 'a clone has no built widgets');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');

  const [port, demoPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), BN_DEMO_PORT: String(demoPort), BN_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.BN_PUBLIC_URL;
  delete env.BN_NO_BUILD;
  server = spawn('npm', ['start', '--silent'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  // Up when it prints its addresses (after building); bounded by the test runner's timeout.
  await new Promise<void>((resolve, reject) => {
    const check = () => (/Demo:\s+http/.test(out) ? resolve() : undefined);
    server!.stdout!.on('data', check);
    server!.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
  });
  assert.match(out, /Building the widgets once/, 'it says what it is doing');
  assert.match(out, /Widgets gebaut · Widgets built/);
  assert.ok(fs.existsSync(path.join(clone, 'dist', 'widgets', 'buergernah.js')));

  const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${demoPort}/beispielstadt/anliegen.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => !!customElements.get('bn-tip-form'), undefined, { timeout: 30_000 });
    // The form really renders: its description field is there, by its accessible name.
    await page
      .getByRole('textbox', { name: /Beschreibung/ })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('braucht JavaScript').filter({ visible: true }).count(), 0, 'the "needs JavaScript" fallback is not shown');
  } finally {
    await browser.close();
  }
});
