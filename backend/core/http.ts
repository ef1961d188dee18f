// Small HTTP helpers shared by routes: cacheable JSON with ETag and 304.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * JSON with a strong ETag; answers 304 when If-None-Match matches. Public reads use this so
 * browsers and CDNs can revalidate cheaply.
 */
export function cachedJson(c: Context<AppEnv>, data: unknown, cacheControl = 'public, max-age=60, stale-while-revalidate=300'): Response {
  const body = JSON.stringify(data);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  if (!c.res.headers.get('Vary')?.includes('Origin')) c.header('Vary', 'Origin', { append: true });
  const inm = c.req.header('If-None-Match');
  if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304);
  }
  return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
}
