// The demo sites in real Chromium: API and demo on two origins (two ports), the built bundle
// loaded by script tag under the demo's strict CSP. No CSP violation, no failed request, the
// tenant config arrives, and widgets that do not exist yet leave their fallback visible.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freshDatabase, type TestDb } from '../backend/db.ts';
import { createApp } from '../../backend/app.ts';
import { createDemoServer } from '../../backend/demo-server.ts';
import { seedDemo } from '../../backend/seed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = path.join(root, 'dist', 'widgets');
const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
  .filter((p): p is string => !!p)
  .find((p) => fs.existsSync(p));

let db: TestDb;
let browser: Browser;
let apiUrl: string;
let demoUrl: string;
const servers: { close(): void }[] = [];

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(s);
  });
}

before(async () => {
  assert.ok(chromePath, 'Chromium is needed: apt-get install -y chromium, or set CHROME_PATH');
  if (!fs.existsSync(path.join(distDir, 'buergernah.js'))) {
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    assert.equal(r.status, 0, 'npm run build failed');
  }
  db = await freshDatabase();
  apiUrl = await listen(createApp({ db, distDir }).fetch);
  // The demo's origin must be known before seeding: tenants allow it by name.
  let demoFetch: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  demoUrl = await listen((req) => demoFetch(req));
  await seedDemo(db.sql, demoUrl);
  demoFetch = createDemoServer({ sql: db.sql, apiBase: apiUrl }).fetch;
  browser = await chromium.launch({
    executablePath: chromePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-extensions', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  await db?.close();
});

interface Visit {
  page: Page;
  violations: string[];
  failed: string[];
  errors: string[];
  configStatus: number | null;
}

async function visit(pathname: string): Promise<Visit> {
  const page = await browser.newPage();
  const v: Visit = { page, violations: [], failed: [], errors: [], configStatus: null };
  await page.exposeFunction('__bnViolation', (text: string) => v.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __bnViolation(t: string): void }).__bnViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('requestfailed', (r) => v.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('pageerror', (e) => v.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') v.errors.push(m.text());
  });
  const config = page.waitForResponse((r) => r.url().startsWith(`${apiUrl}/v1/config`), { timeout: 15_000 }).catch(() => null);
  const res = await page.goto(demoUrl + pathname, { waitUntil: 'load' });
  assert.equal(res?.status(), 200, pathname);
  await page.waitForFunction(() => !!customElements.get('bn-tenant'), null, { timeout: 15_000 });
  v.configStatus = (await config)?.status() ?? null;
  await page.waitForLoadState('networkidle');
  return v;
}

describe('demo sites in Chromium', () => {
  for (const [site, pathname] of [
    ['Gemeinde Beispielstadt', '/beispielstadt/anliegen.html'],
    ['Landkreis Musterkreis', '/musterkreis/stellen.html'],
  ] as const) {
    test(`${site}: the bundle loads cross-origin under the strict CSP and reaches the API`, async () => {
      const v = await visit(pathname);
      try {
        const csp = (await v.page.request.get(demoUrl + pathname)).headers()['content-security-policy'];
        assert.match(csp ?? '', /script-src 'self' http:\/\/127\.0\.0\.1:\d+/);
        assert.deepEqual(v.violations, [], 'no CSP violations');
        assert.deepEqual(v.failed, [], 'no failed requests');
        assert.equal(v.configStatus, 200, 'GET /v1/config answered 200 to the demo origin');
        assert.deepEqual(v.errors, [], 'no errors in the console');
      } finally {
        await v.page.close();
      }
    });
  }

  test('the CSP lets the ALTCHA worker start: a blob: module worker importing the solver chunk', async () => {
    const chunk = fs.readdirSync(path.join(distDir, 'chunks')).find((f) => f.startsWith('altcha-worker-'));
    assert.ok(chunk, 'the build has an altcha-worker chunk');
    const v = await visit('/beispielstadt/anliegen.html');
    try {
      const outcome = await v.page.evaluate(async (url: string) => {
        // A loaded solver chunk says { type: 'ready' } (widgets/core/altcha-worker.ts); a
        // refused import surfaces as an error event instead.
        const blob = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
        const worker = new Worker(blob, { type: 'module' });
        const result = await new Promise<string>((resolve) => {
          worker.addEventListener('error', () => resolve('error'));
          worker.addEventListener('message', (e) => resolve(e.data?.type === 'ready' ? 'running' : JSON.stringify(e.data)));
        });
        worker.terminate();
        return result;
      }, `${apiUrl}/widgets/chunks/${chunk}`);
      assert.equal(outcome, 'running');
      assert.deepEqual(v.violations, [], 'no CSP violations');
    } finally {
      await v.page.close();
    }
  });

  test('every demo page is clean under axe-core (WCAG 2.1 AA), widgets included', async () => {
    // axe is injected as a script, which the pages' own CSP would rightly refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const axeSource = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const found: string[] = [];
    try {
      for (const site of ['beispielstadt', 'musterkreis']) {
        for (const name of ['index', 'anliegen', 'kita', 'stellen', 'bauleitplanung', 'impressum', 'datenschutz', 'barrierefreiheit']) {
          const page = await context.newPage();
          await page.goto(`${demoUrl}/${site}/${name}.html`, { waitUntil: 'networkidle' });
          await page.waitForFunction(() => !!customElements.get('bn-tenant'));
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
            const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
            return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
          });
          for (const v of violations) found.push(`${site}/${name}: ${v}`);
          await page.close();
        }
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(found, []);
  });

  test('a module widget that is not built yet leaves its light-DOM fallback readable', async () => {
    const v = await visit('/beispielstadt/stellen.html');
    try {
      const state = await v.page.evaluate(() => {
        const el = document.querySelector('bn-job-listings')!;
        return { defined: !!customElements.get('bn-job-listings'), fallback: (el.textContent ?? '').trim(), shadow: !!el.shadowRoot };
      });
      if (state.defined) assert.ok(state.shadow, 'a defined widget renders into its shadow root');
      else {
        assert.match(state.fallback, /personal@beispielstadt\.example/);
        assert.ok(await v.page.getByText('personal@beispielstadt.example').first().isVisible());
      }
    } finally {
      await v.page.close();
    }
  });
});
