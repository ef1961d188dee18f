// The two console pages. They hold secret keys, so they get a strict CSP: no inline script
// or style, no framing, nothing from other origins.
import { Hono } from 'hono';
import type { AppEnv } from '../core/env.ts';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const page = (title: string, tag: string) => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/widgets/buergernah.js"></script>
</head>
<body>
<main>
<${tag}><noscript>Diese Seite braucht JavaScript. · This page needs JavaScript.</noscript></${tag}>
</main>
</body>
</html>
`;

const CSS = `html { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b1f24; }
body { margin: 0; }
main { max-width: 100rem; margin: 0 auto; padding: 1rem; }
`;

const headers = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export const consolePages = new Hono<AppEnv>()
  .get('/admin', (c) => c.body(page('Bürgernah – Verwaltung der Mandanten', 'bn-admin'), 200, headers))
  .get('/console', (c) => c.body(page('Bürgernah – Sachbearbeitung', 'bn-console'), 200, headers))
  .get('/assets/console.css', (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }));
