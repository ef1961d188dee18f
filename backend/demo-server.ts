// The demo websites (demo/): two municipal sites on their own origin (BN_DEMO_PORT, 8788)
// that embed the widgets from the API origin by script tag only, as a town's CMS would.
// Pages are plain HTML; `{{API_BASE}}`, `{{PK_BEISPIELSTADT}}` and `{{PK_MUSTERKREIS}}` are
// filled per request from the database, so a rotated or revoked key shows up on reload.
// Each site wraps its pages in its `_layout.html` (header, navigation, footer).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { Sql } from './core/db.ts';
import { safeRelative } from './core/static.ts';

export interface DemoServerOptions {
  sql: Sql;
  /** Origin of the API and widgets, e.g. http://localhost:8787 (no trailing slash needed). */
  apiBase: string;
  /** Defaults to the repository's demo/ folder. */
  demoDir?: string;
}

/** The demo tenants and the placeholder each one's publishable key fills. */
export const DEMO_TENANTS = { beispielstadt: 'PK_BEISPIELSTADT', musterkreis: 'PK_MUSTERKREIS' } as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const defaultDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo');

/**
 * The Content-Security-Policy of every demo page: what a town's site needs for the widgets,
 * and nothing more. `tileOrigins` are the map tile servers the tenants configured.
 */
export function demoCsp(apiBase: string, tileOrigins: string[] = []): string {
  const api = new URL(apiBase).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${api}`,
    // Lit adopts constructed stylesheets (not governed by style-src); 'self' is the site's CSS.
    `style-src 'self' ${api}`,
    `connect-src ${api}`,
    ['img-src', "'self'", api, 'data:', 'blob:', ...tileOrigins].join(' '),
    // The ALTCHA proof of work runs in a worker made from a blob: URL (a worker script from
    // the API origin would be cross-origin, which browsers refuse); the worker imports its
    // solver chunk from the API origin, and a module worker's imports count as worker-src.
    `worker-src blob: ${api}`,
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function createDemoServer({ sql, apiBase, demoDir = defaultDir }: DemoServerOptions): Hono {
  const root = path.resolve(demoDir);
  // The script URL keeps a path prefix (a server behind /buergernah/); the CSP needs the origin.
  const base = apiBase.replace(/\/+$/, '');
  const api = new URL(base).origin;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    // The Origin header is what the API checks; the referrer carries no more than the origin.
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('*', async (c) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return notFound(c, api);
    }
    const rel = safeRelative(pathname.replace(/^\/+/, '').replace(/\/$/, '/index.html') || 'index.html');
    if (rel && !path.extname(rel) && isDir(path.join(root, rel))) return c.redirect(`/${rel}/`, 301);
    if (!rel || rel.split('/').some((p) => p.startsWith('_'))) return notFound(c, api);
    const file = path.join(root, rel);
    if (!isFile(file)) return notFound(c, api);
    const ext = path.extname(rel).toLowerCase();
    if (ext !== '.html') {
      return c.body(new Uint8Array(fs.readFileSync(file)), 200, {
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': 'public, max-age=300',
      });
    }
    const page = await renderPage(root, rel, { sql, api, base });
    return htmlResponse(c, page.html, 200, page.csp);
  });

  return app;
}

interface PageContext {
  sql: Sql;
  /** Origin of the API, for the CSP. */
  api: string;
  /** Base URL of the API (origin and any path prefix), for {{API_BASE}}. */
  base: string;
}

async function renderPage(root: string, rel: string, { sql, api, base }: PageContext): Promise<{ html: string; csp: string }> {
  const { keys, tileOrigins } = await demoSettings(sql);
  let html = fs.readFileSync(path.join(root, rel), 'utf8');
  // A page without its own <html> is a fragment: it goes into its site's layout.
  if (!/^\s*<!doctype/i.test(html)) {
    const layoutFile = path.join(root, path.dirname(rel), '_layout.html');
    if (fs.existsSync(layoutFile)) html = applyLayout(fs.readFileSync(layoutFile, 'utf8'), html, path.basename(rel));
  }
  const missing = Object.entries(DEMO_TENANTS)
    .filter(([slug, ph]) => html.includes(`{{${ph}}}`) && !keys[slug])
    .map(([slug]) => slug);
  const values: Record<string, string> = { API_BASE: base };
  for (const [slug, ph] of Object.entries(DEMO_TENANTS)) values[ph] = keys[slug] ?? '';
  html = html.replace(/\{\{([A-Z_]+)\}\}/g, (m, name: string) => (values[name] === undefined ? m : escapeAttr(values[name])));
  if (missing.length) html = html.replace(/<main\b[^>]*>/, (m) => m + missingKeyNotice(missing));
  return { html, csp: demoCsp(api, tileOrigins) };
}

/**
 * `<!-- title: … -->` and `<!-- description: … -->` comments at the top of a fragment set the
 * page title and meta description; the navigation link to the current page gets
 * aria-current="page".
 */
export function applyLayout(layout: string, fragment: string, file: string): string {
  const meta = (name: string) => new RegExp(`<!--\\s*${name}:\\s*(.*?)\\s*-->`).exec(fragment)?.[1] ?? '';
  const content = fragment.replace(/<!--\s*(title|description):.*?-->\s*/g, '');
  const current = new RegExp(`(<a\\b[^>]*\\bhref="${file.replace('.', '\\.')}")`);
  return layout
    .replace(/\{\{TITLE\}\}/g, () => meta('title'))
    .replace(/\{\{DESCRIPTION\}\}/g, () => meta('description'))
    .replace(/<nav class="site-nav"[\s\S]*?<\/nav>/, (nav) => nav.replace(current, '$1 aria-current="page"'))
    .replace('{{CONTENT}}', () => content);
}

let settingsCache: { at: number; sql: Sql; value: { keys: Record<string, string>; tileOrigins: string[] } } | null = null;

/** Newest usable publishable key per demo tenant, and the tile servers their maps use. */
async function demoSettings(sql: Sql): Promise<{ keys: Record<string, string>; tileOrigins: string[] }> {
  // A second of caching keeps a page with many assets from querying per request, yet a
  // rotated key shows up on the next reload.
  if (settingsCache && settingsCache.sql === sql && Date.now() - settingsCache.at < 1000) return settingsCache.value;
  const slugs = Object.keys(DEMO_TENANTS);
  const rows = await sql<{ slug: string; publishable: string | null; tile_url: string | null }[]>`
    select t.slug, t.map ->> 'tileUrl' as tile_url,
           (select k.publishable from api_keys k
             where k.tenant_id = t.id and k.kind = 'publishable' and k.revoked_at is null
               and (k.expires_at is null or k.expires_at > now())
             order by k.created_at desc limit 1) as publishable
    from tenants t where t.slug in ${sql(slugs)}`;
  const keys: Record<string, string> = {};
  const tiles = new Set<string>();
  for (const r of rows) {
    if (r.publishable) keys[r.slug] = r.publishable;
    const tileOrigin = tileUrlOrigin(r.tile_url);
    if (tileOrigin) tiles.add(tileOrigin);
  }
  const value = { keys, tileOrigins: [...tiles] };
  settingsCache = { at: Date.now(), sql, value };
  return value;
}

/** `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`. */
export function tileUrlOrigin(tileUrl: string | null | undefined): string | null {
  if (!tileUrl) return null;
  const m = /^(https?):\/\/([^/]+)/.exec(tileUrl);
  if (!m) return null;
  const host = (m[2] ?? '').replace(/^\{s\}\./, '*.');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host)) return null;
  return `${m[1]}://${host}`;
}

function missingKeyNotice(slugs: string[]): string {
  return `<div class="demo-notice" role="note"><p><strong>Demo:</strong> Für ${slugs.join(', ')} ist kein gültiger
  Publishable Key vorhanden. Legen Sie einen an (<code>npx buergernah keys create --tenant ${slugs[0]} --kind publishable</code>)
  und laden Sie die Seite neu.</p><p lang="en">No valid publishable key for ${slugs.join(', ')}: create one and reload.</p></div>`;
}

function notFound(c: Context, api: string): Response {
  const html = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seite nicht gefunden</title><link rel="stylesheet" href="/assets/base.css"></head>
<body><main id="inhalt" class="container"><h1>Seite nicht gefunden</h1>
<p>Die angeforderte Seite gibt es nicht. <a href="/">Zur Übersicht der Demo-Websites</a></p>
<p lang="en">Page not found. <a href="/">Back to the demo overview</a></p></main></body></html>`;
  return htmlResponse(c, html, 404, demoCsp(api));
}

function htmlResponse(c: Context, html: string, status: 200 | 404, csp: string): Response {
  return c.body(html, status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-cache',
  });
}

function escapeAttr(v: string): string {
  return v.replace(/[&"'<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
