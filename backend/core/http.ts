// Small HTTP helpers shared by routes: cacheable JSON with ETag and 304, and `Vary: Origin`.
//
// Neither reads `c.res` before the handler has returned: doing so makes Hono build a
// placeholder Response and later re-wrap the real one as a stream (@hono/node-server then
// pipes a web stream instead of writing a string). What a helper needs to remember about the
// answer being built lives in the context instead.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/** Adds `Vary: Origin` to the answer being built, once. */
export function varyOrigin(c: Context<AppEnv>): void {
  if (c.get('varyOrigin')) return;
  c.set('varyOrigin', true);
  c.header('Vary', 'Origin', { append: true });
}

/** Serialised body and ETag per data object: cached answers (configs, list pages) are hashed once. */
const serialised = new WeakMap<object, { body: string; etag: string }>();

function serialise(data: unknown): { body: string; etag: string } {
  const hit = typeof data === 'object' && data !== null ? serialised.get(data) : undefined;
  if (hit) return hit;
  const body = JSON.stringify(data);
  const out = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  if (typeof data === 'object' && data !== null) serialised.set(data, out);
  return out;
}

/**
 * JSON with a strong ETag; answers 304 when If-None-Match matches. Public reads use this so
 * browsers and CDNs can revalidate cheaply. The data must not be changed after it was passed
 * here (it is serialised once per object).
 */
export function cachedJson(c: Context<AppEnv>, data: unknown, cacheControl = 'public, max-age=60, stale-while-revalidate=300'): Response {
  const { body, etag } = serialise(data);
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  varyOrigin(c);
  const inm = c.req.header('If-None-Match');
  if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304);
  }
  return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
}
