// Serves the built widgets (dist/widgets) to any website: mounted at /widgets by app.ts.
// Browsers fetch module scripts in CORS mode, so every answer carries
// `Access-Control-Allow-Origin: *` (the files are public; no credentials are involved).
// Hashed chunks never change under their name: cached for a year. Entry files keep their
// name across releases: cached briefly, revalidated by ETag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { AppEnv } from './env.ts';
import { ApiError, problemResponse } from './errors.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.js', '.mjs', '.map', '.json', '.css', '.txt', '.svg']);

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=300';

/** rollup names chunks `chunks/<name>-<hash>.js`; such a name always means the same bytes. */
export function isHashed(rel: string): boolean {
  return /^(chunks|assets)\//.test(rel) || /-[A-Za-z0-9_]{8,}\.[a-z0-9]+$/.test(rel);
}

/** Bytes on their own ArrayBuffer, as Hono's body type wants; copied once per cache fill. */
type Bytes = Uint8Array<ArrayBuffer>;
const own = (buf: Uint8Array): Bytes => new Uint8Array(buf);

interface Entry {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Bytes;
  gzip?: Bytes;
  br?: Bytes;
}

export interface WidgetsStaticOptions {
  /** Compress text files (gzip/brotli, cached in memory). Default true. */
  compress?: boolean;
}

/**
 * A Hono sub-app serving `distDir` (normally dist/widgets). Mount it with
 * `app.route('/widgets', widgetsStatic(dir))`. When the directory is missing it answers
 * 503 problem+json telling the operator to run `npm run build`.
 */
export function widgetsStatic(distDir: string, opts: WidgetsStaticOptions = {}): Hono<AppEnv> {
  const root = path.resolve(distDir);
  const compress = opts.compress ?? true;
  // Files are small and few; the cache is keyed by mtime and size so a rebuild is picked up.
  const cache = new Map<string, Entry>();
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  app.get('/:file{.+}', (c) => {
    if (!fs.existsSync(root)) return notBuilt(c);
    const rel = safeRelative(c.req.param('file'));
    if (!rel) return missing(c);
    const file = path.join(root, rel);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return missing(c);
    }
    if (!stat.isFile()) return missing(c);

    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
      const body = own(fs.readFileSync(file));
      entry = {
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      };
      cache.set(file, entry);
    }

    const ext = path.extname(rel).toLowerCase();
    const headers: Record<string, string> = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': isHashed(rel) ? IMMUTABLE : SHORT,
      ETag: entry.etag,
      Vary: 'Accept-Encoding',
    };
    const inm = c.req.header('If-None-Match');
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      return c.body(null, 304, headers);
    }

    let body = entry.body;
    if (compress && COMPRESSIBLE.has(ext) && entry.size > 512) {
      const accept = c.req.header('Accept-Encoding') ?? '';
      if (/\bbr\b/.test(accept)) {
        entry.br ??= own(brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
        body = entry.br;
        headers['Content-Encoding'] = 'br';
      } else if (/\bgzip\b/.test(accept)) {
        entry.gzip ??= own(gzipSync(entry.body, { level: 9 }));
        body = entry.gzip;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    headers['Content-Length'] = String(body.length);
    return c.body(body, 200, headers);
  });

  // `/widgets`, `/widgets/`, `/widgets/chunks/`: nothing to list.
  app.get('/*', (c) => (fs.existsSync(root) ? missing(c) : notBuilt(c)));
  return app;
}

/**
 * The request path as a path below the root, or null: no `..` segments, no absolute paths,
 * no backslashes or NUL bytes, no dotfiles. Hono has already percent-decoded the parameter,
 * so an encoded `%2e%2e%2f` arrives here as `../` and is refused too.
 */
export function safeRelative(raw: string): string | null {
  if (!raw || raw.includes('\0') || raw.includes('\\')) return null;
  const parts = raw.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return null;
  return parts.join('/');
}

function missing(c: Context<AppEnv>): Response {
  return problemResponse(c, new ApiError('NOT_FOUND', { detail: 'There is no such file in the widgets bundle.' }));
}

function notBuilt(c: Context<AppEnv>): Response {
  return problemResponse(
    c,
    new ApiError('WIDGETS_NOT_BUILT', {
      detail: 'The widgets bundle has not been built on this server: run npm run build, then reload.',
      headers: { 'Retry-After': '30' },
    }),
  );
}
