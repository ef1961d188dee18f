// Authentication by key kind, and the publishable key's Origin binding.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { AppEnv, Auth } from './env.ts';
import { parseKey, type KeyKind } from './keys.ts';
import { forgetConfigs, resolveKey, touchKey, type ResolvedKey } from './tenants.ts';
import { tenantDb } from './tenant-db.ts';
import { consume } from './rate-limit.ts';

/** Key lookups are cached briefly per process; revocation elsewhere takes effect within this. */
const CACHE_MS = Number(process.env.BN_KEY_CACHE_MS ?? 5000);
const cache = new Map<string, { at: number; key: ResolvedKey | null }>();

export function forgetKeys(): void {
  cache.clear();
  forgetConfigs();
}

async function lookup(c: Parameters<MiddlewareHandler<AppEnv>>[0], key: string): Promise<ResolvedKey | null> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
  const resolved = await resolveKey(c.var.db.sql, key);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: Date.now(), key: resolved });
  return resolved;
}

/** The key of a request: the Bearer token, or `?key=` on GET/HEAD (simple CORS requests). */
export function requestKey(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | null {
  const header = c.req.header('Authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError(401, 'UNAUTHENTICATED', 'Unauthenticated', { detail: 'Use "Authorization: Bearer <key>".' });
    return m[1];
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.req.query('key') ?? null;
  return null;
}

const unauthenticated = (detail: string, code = 'UNAUTHENTICATED') =>
  new ApiError(401, code, 'Unauthenticated', { detail, headers: { 'WWW-Authenticate': 'Bearer' } });

/**
 * Resolves the key and admits only the given kinds. Publishable keys must come from one of
 * their tenant's origins when a browser sends an Origin.
 */
export function requireKey(...kinds: KeyKind[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = requestKey(c);
    if (!key) throw unauthenticated('This request needs an API key.');
    const shape = parseKey(key);
    if (!shape) {
      await failedAttempt(c);
      throw unauthenticated('The key is malformed or mistyped (its checksum does not match).', 'KEY_INVALID');
    }
    const found = await lookup(c, key);
    if (!found) {
      await failedAttempt(c);
      throw unauthenticated('This key is unknown.', 'KEY_INVALID');
    }
    if (found.revoked) throw unauthenticated('This key has been revoked.', 'KEY_REVOKED');
    if (found.expired) throw unauthenticated('This key was replaced and its grace period is over.', 'KEY_EXPIRED');
    if (!kinds.includes(found.kind)) {
      throw new ApiError(403, 'FORBIDDEN', 'Forbidden', { detail: `A ${found.kind} key cannot be used here.` });
    }
    if (found.tenant && !found.tenant.enabled) {
      throw new ApiError(403, 'TENANT_DISABLED', 'Forbidden', { detail: 'This municipality is not active on this server.' });
    }
    if (found.kind === 'publishable') {
      const origin = c.req.header('Origin');
      if (origin && !found.tenant!.origins.includes(origin)) {
        throw new ApiError(403, 'ORIGIN_NOT_ALLOWED', 'Forbidden', {
          detail: `This key may not be used from ${origin}. The hosting office can add the origin to the tenant.`,
        });
      }
      if (origin) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Vary', 'Origin', { append: true });
      }
    }
    const auth: Auth = { keyId: found.id, kind: found.kind, tenant: found.tenant };
    c.set('auth', auth);
    if (found.tenant) {
      c.set('tenant', found.tenant);
      c.set('tdb', tenantDb(c.var.db.sql, found.tenant.id));
    }
    if (!found.lastUsedAt || Date.now() - new Date(found.lastUsedAt).getTime() > 60_000) {
      found.lastUsedAt = new Date();
      touchKey(c.var.db.sql, found.id).catch(() => {});
    }
    await next();
  };
}

/** Guessing keys is slow: 20 failed attempts per minute and client address. */
async function failedAttempt(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  await consume(c, `authfail:${c.var.clientIp}`, Number(process.env.BN_RATE_AUTHFAIL ?? 20), 60);
}
