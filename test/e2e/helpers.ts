// End-to-end helpers: the real API server (createApp + @hono/node-server on a random port,
// PGlite in a temp dir, the built bundle from dist/), a second "town website" server on
// another origin that serves pages with the CSP and CSS we give it, and Chromium.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Sql } from '../../backend/core/db.ts';
import { totpCode, TOTP_PERIOD } from '../../backend/core/credentials.ts';

// Before the backend's modules load: its logger reads this once.
process.env.NODE_ENV ??= 'test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built bundle; BN_E2E_DIST points elsewhere (e.g. a copy while others rebuild dist/). */
export const DIST = process.env.BN_E2E_DIST ?? path.join(root, 'dist', 'widgets');

export interface ApiServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** A hosting-office key, as `npm start` prints it on first start. */
  adminKey: string;
  /** The server's database (mails wait in its `outbox` table: no mail worker runs here). */
  sql: Sql;
  /** A call to the admin API with the admin key; fails the test on an error status. */
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The real backend: migrations, app, HTTP server on a random port. */
export async function startApi(): Promise<ApiServer> {
  if (!fs.existsSync(path.join(DIST, 'buergernah.js'))) {
    throw new Error(`No widgets bundle in ${DIST}: run \`npm run build\` first (npm test does).`);
  }
  const [{ openDatabase }, { migrate }, { createApp }, { createKey }, { serve }] = await Promise.all([
    import('../../backend/core/db.ts'),
    import('../../backend/core/migrate.ts'),
    import('../../backend/app.ts'),
    import('../../backend/admin/store.ts'),
    import('@hono/node-server'),
  ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-e2e-'));
  // A snapshot of the bundle: a rebuild during the run (rollup empties dist/ first) must not
  // pull the files from under the browser.
  const distDir = path.join(dataDir, 'widgets');
  fs.cpSync(DIST, distDir, { recursive: true });
  const db = await openDatabase({ url: undefined, dataDir: path.join(dataDir, 'db') });
  await migrate(db.sql);
  const adminKey = (await createKey(db.sql, { kind: 'admin', label: 'E2E hosting office' }, { id: 'cli', name: 'E2E setup' })).key;
  const app = createApp({ db, distDir });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    adminKey,
    sql: db.sql,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async close() {
      await new Promise((r) => server.close(r));
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SitePage {
  html: string;
  /** Value of the Content-Security-Policy header. */
  csp?: string;
  type?: string;
}

export interface Site {
  origin: string;
  pages: Map<string, SitePage>;
  close(): Promise<void>;
}

/** A plain "town website" on its own origin (another port = another origin). */
export async function startSite(): Promise<Site> {
  const pages = new Map<string, SitePage>();
  const server = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': page.type ?? 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (page.csp) headers['Content-Security-Policy'] = page.csp;
    res.writeHead(200, headers).end(page.html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    pages,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const CHROME_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--lang=de-DE',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROME_FLAGS,
  });
}

export interface PageWatch {
  /** console errors/warnings, page errors and CSP violations, as text. */
  problems: string[];
  /** CSP violations only. */
  csp: string[];
}

/**
 * Records everything that would tell a webmaster something is wrong: console errors and
 * warnings, uncaught exceptions, and CSP violations (reported from inside the page).
 * The browser's own favicon request is not the page's problem.
 */
export async function watch(page: Page): Promise<PageWatch> {
  const w: PageWatch = { problems: [], csp: [] };
  await page.exposeFunction('__bnCspViolation', (text: string) => {
    w.csp.push(text);
    w.problems.push(`CSP: ${text}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __bnCspViolation(t: string): void }).__bnCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    if (msg.location().url.endsWith('/favicon.ico')) return;
    w.problems.push(`console.${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => w.problems.push(`pageerror: ${err.message}`));
  return w;
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'de-DE', permissions: ['clipboard-read', 'clipboard-write'] });
}

/** Hostile global CSS of the kind CMS themes ship: resets, hidden divs, odd fonts. */
export const HOSTILE_CSS = `
* { all: unset !important; }
html, body { display: block !important; font: 700 31px/0.7 fantasy !important; color: #f0f !important; }
head, script, style, link, title { display: none !important; }
div { display: none !important; }
p, span, button, input, select, textarea, label, h1, h2, h3, form { color: red !important; background: yellow !important; text-transform: uppercase !important; }
:root { --bn-color-primary: #00ff00; }
bn-tenant > * { letter-spacing: 12px !important; }
`;

/** A page of the town's site: its own markup around what the webmaster pasted. */
export function townPage(pasted: string[], title = 'Stadt E2E – Anliegen melden'): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="stylesheet" href="/hostile.css">
</head>
<body>
<header><div class="cms-header">Stadt E2E</div></header>
<main>
<h1>Anliegen melden</h1>
${pasted.map((p, i) => `<section id="paste-${i + 1}">\n${p}\n</section>`).join('\n')}
</main>
</body>
</html>`;
}

/**
 * The CSP of the town's page: nothing by default, the lines the snippet generator printed,
 * and styles from the page's own origin only.
 */
export function townCsp(generatorLines: string, siteOrigin: string): string {
  const lines = generatorLines
    .split('\n')
    .map((l) => l.trim().replace(/;$/, ''))
    .filter(Boolean);
  return ["default-src 'none'", ...lines, `style-src ${siteOrigin}`, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');
}

/**
 * The authenticator app of one person: a code for the current 30-second step, or the next
 * one when the current step was used already (the server accepts each step once, and one
 * step of drift).
 */
export function authenticator(secret: string): () => Promise<string> {
  let last = -1;
  return async () => {
    // Each code is accepted once: like a person, wait for the app's next code when this
    // period's was used already (the server accepts the current period ±1).
    let step = Math.floor(Date.now() / 1000 / TOTP_PERIOD);
    if (step <= last) {
      step = last + 1;
      const wait = step * TOTP_PERIOD * 1000 - Date.now() - TOTP_PERIOD * 1000 + 50;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    last = step;
    return totpCode(secret, step * TOTP_PERIOD * 1000);
  };
}

/**
 * Opens an invitation (or reset) link in a console and sets the password, by the form's
 * accessible names. Where the role needs a second factor, sets it up with the key shown on the
 * enrolment screen and returns the person's authenticator.
 */
export async function acceptInvitation(
  page: Page,
  link: string,
  password: string,
  /** For a reset link of an account with a second factor: its authenticator. */
  resetApp?: () => Promise<string>,
): Promise<(() => Promise<string>) | null> {
  // As from a mail: a fresh load (the console reads the link's fragment when it loads, and a
  // page already on /console would only see the fragment change).
  await page.goto('about:blank');
  await page.goto(link);
  await page.getByRole('heading', { name: /Willkommen – Passwort festlegen|Neues Passwort festlegen/ }).waitFor();
  await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
  if (resetApp) await page.getByRole('textbox', { name: 'Einmalcode' }).fill(await resetApp());
  await page.getByRole('button', { name: 'Passwort speichern und anmelden' }).click();
  const enrol = page.getByRole('heading', { name: 'Zwei-Faktor-Anmeldung einrichten' });
  const signedIn = page.getByText(/Angemeldet als /);
  await enrol.or(signedIn).first().waitFor();
  if (!(await enrol.isVisible())) return null;
  const shown = page.getByRole('textbox', { name: 'Schlüssel für die App' });
  await shown.waitFor();
  const app = authenticator((await shown.inputValue()).replace(/\s+/g, ''));
  await page.getByRole('textbox', { name: 'Einmalcode' }).fill(await app());
  await page.getByRole('button', { name: 'Code bestätigen' }).click();
  await page.getByText('Die Zwei-Faktor-Anmeldung ist eingerichtet.').waitFor();
  return app;
}
