// Who is calling, in one place. Each sub-app declares what it needs with these middlewares
// (`staff.use(staffAccess(), requireRole({ module: 'tips' }))`), as Hono's guide does:
//   publicAccess()  a publishable key from one of its tenant's origins, rate limited
//   staffAccess()   a town's person (session cookie) or a staff key (integrations)
//   hostAccess()    a hosting-office person with host-admin, or an admin key
//   requireRole()   the role a route needs; 403 ROLE_REQUIRED without it
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from './errors.ts';
import type { AppEnv, Auth, Vars } from './env.ts';
import { parseKey, type KeyKind } from './keys.ts';
import { resolveKey, touchKey, type ResolvedKey, type TenantRow } from './tenants.ts';
import { tenantDb } from './tenant-db.ts';
import { varyOrigin } from './http.ts';
import { consume, consumeBatched } from './rate-limit.ts';
import { claimsWrite } from './idempotency.ts';
import { loadSession, sessionPolicy, type SessionRow } from './accounts.ts';
import { allows, describeRequirement, keyDefaultRoles, type Requirement } from './roles.ts';

type C = Context<AppEnv>;

/**
 * Drops this app's key lookups and configs after a change made through it. Other replicas
 * (other apps) keep theirs until they age out: revocation elsewhere takes effect within
 * BN_KEY_CACHE_MS.
 */
export function forgetKeys(c: Vars): void {
  c.get('caches').forgetKeys();
}

/**
 * A key lookup cached briefly per app, by the app's clock; undefined when there is none.
 */
function cached(c: C, key: string): ResolvedKey | undefined {
  const { keys, keyCacheMs } = c.get('caches');
  const now = c.get('now')().getTime();
  const hit = keys.get(key);
  return hit?.key && now >= hit.at && now - hit.at < keyCacheMs ? hit.key : undefined;
}

/** Lookups on their way, per app: when a hot key's entry ages out, its concurrent requests share one query. */
const inFlight = new WeakMap<object, Map<string, Promise<ResolvedKey | null>>>();

function lookup(c: C, key: string): Promise<ResolvedKey | null> {
  const caches = c.get('caches');
  let running = inFlight.get(caches);
  if (!running) {
    running = new Map();
    inFlight.set(caches, running);
  }
  const pending = running.get(key);
  if (pending) return pending;
  const now = c.get('now')().getTime();
  const p = resolveKey(c.get('db').sql, key)
    .then((resolved) => {
      // Only keys that exist are cached: a key created through another replica works at once, and
      // guessed keys cannot fill the cache (they are rate limited as failed attempts instead).
      if (!resolved) return null;
      if (caches.keys.size > 10_000) caches.keys.clear();
      caches.keys.set(key, { at: now, key: resolved });
      return resolved;
    })
    .finally(() => running.delete(key));
  running.set(key, p);
  return p;
}

/** The key of a request: the Bearer token, or `?key=` on GET/HEAD (simple CORS requests). */
export function requestKey(c: C): string | null {
  const header = c.req.header('Authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError('UNAUTHENTICATED', { detail: 'Use "Authorization: Bearer <key>".' });
    return m[1]!;
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.req.query('key') ?? null;
  return null;
}

const unauthenticated = (detail: string, code: 'UNAUTHENTICATED' | 'KEY_INVALID' | 'KEY_REVOKED' | 'KEY_EXPIRED' | 'KEY_IN_URL' | 'SESSION_REQUIRED' = 'UNAUTHENTICATED') =>
  new ApiError(code, { detail, headers: { 'WWW-Authenticate': 'Bearer' } });

function setAuth(c: C, auth: Auth) {
  c.set('auth', auth);
  if (auth.tenant) {
    c.set('tenant', auth.tenant);
    c.set('tdb', tenantDb(c.get('db').sql, auth.tenant.id));
  }
}

/** The Auth of a resolved key, made once per lookup (a cached lookup answers many requests). */
const authOfKey = new WeakMap<ResolvedKey, Auth>();

/** Resolves a key and admits only the given kinds; every refusal is a problem. */
async function authenticateKey(c: C, key: string, kinds: KeyKind[]): Promise<Auth> {
  // A cached lookup was well-formed when it was made: the checksum is checked on a miss only.
  let found: ResolvedKey | null | undefined = cached(c, key);
  if (!found) {
    if (!parseKey(key)) {
      await failedAttempt(c);
      throw unauthenticated('The key is malformed or mistyped (its checksum does not match).', 'KEY_INVALID');
    }
    found = await lookup(c, key);
  }
  if (!found) {
    await failedAttempt(c);
    throw unauthenticated('This key is unknown.', 'KEY_INVALID');
  }
  if (found.revoked) throw unauthenticated('This key has been revoked.', 'KEY_REVOKED');
  if (found.expired) throw unauthenticated('This key was replaced and its grace period is over.', 'KEY_EXPIRED');
  if (!kinds.includes(found.kind)) {
    throw new ApiError('FORBIDDEN', { detail: `A ${found.kind} key cannot be used here.` });
  }
  if (found.tenant && !found.tenant.enabled) {
    throw new ApiError('TENANT_DISABLED', { detail: 'This municipality is not active on this server.' });
  }
  if (!found.lastUsedAt || Date.now() - new Date(found.lastUsedAt).getTime() > 60_000) {
    found.lastUsedAt = new Date();
    touchKey(c.get('db').sql, found.id).catch(() => {});
  }
  let auth = authOfKey.get(found);
  if (!auth) {
    const roles = found.kind === 'admin' ? ['host-admin'] : found.kind === 'staff' ? (found.roles ?? keyDefaultRoles(found.tenant!.modules)) : [];
    auth = {
      kind: found.kind,
      keyId: found.id,
      tenant: found.tenant,
      user: null,
      roles: new Set(roles),
      actor: { id: found.id, name: found.label || found.id },
    };
    authOfKey.set(found, auth);
  }
  return auth;
}

/**
 * Publishable keys: only from their tenant's origins when a browser sends an Origin; reads
 * and writes are rate limited per key and client address.
 */
export function publicAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = requestKey(c);
    if (!key) throw unauthenticated('This request needs an API key.');
    const auth = await authenticateKey(c, key, ['publishable']);
    const origin = c.req.header('Origin');
    if (origin && !auth.tenant!.origins.includes(origin)) {
      throw new ApiError('ORIGIN_NOT_ALLOWED', {
        detail: `This key may not be used from ${origin}. The hosting office can add the origin to the tenant.`,
      });
    }
    if (origin) {
      c.header('Access-Control-Allow-Origin', origin);
      varyOrigin(c);
    }
    setAuth(c, auth);
    // Limits are the app's (read from the environment when it was created).
    const method = c.req.method;
    const read = method === 'GET' || method === 'HEAD';
    const bucket = `${read ? 'read' : 'write'}:${auth.keyId}:${c.get('clientIp')}`;
    if (read) {
      // Usually settled in memory: no promise to wait for.
      const pending = consumeBatched(c, bucket, c.get('limits').read, 60);
      if (pending) await pending;
    } else if (claimsWrite(c)) {
      // A citizen's submission: counted in its claim statement (idempotency.ts), before any work.
      c.set('writeLimit', { bucket, limit: c.get('limits').write });
    } else await consume(c, bucket, c.get('limits').write, 60);
    await next();
  };
}

// ── Sessions ───────────────────────────────────────────────────────────────────────────

/** The cookie's name: `__Host-` (Secure, no Domain, Path=/) when the API is served over https. */
export const sessionCookieName = (): string => (isHttps() ? '__Host-bn_session' : 'bn_session');
export const isHttps = (): boolean => (process.env.BN_PUBLIC_URL ?? '').startsWith('https://');

/** The API's own origin: BN_PUBLIC_URL, else the request's. */
export function ownOrigin(c: C): string {
  const pub = process.env.BN_PUBLIC_URL;
  return pub ? new URL(pub).origin : new URL(c.req.url).origin;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along with cross-site requests that a page forges; an unsafe method with a
 * session must come from our own origin (the browser's `Origin` cannot be forged by a page).
 */
export function checkCsrf(c: C): void {
  if (SAFE.has(c.req.method)) return;
  const origin = c.req.header('Origin');
  if (origin !== ownOrigin(c)) {
    throw new ApiError('CSRF_REJECTED', {
      detail: 'This request was not sent by the console on this server (its Origin does not match).',
    });
  }
}

/** The request's session (cookie), loaded once per request. */
export async function requestSession(c: C): Promise<SessionRow | null> {
  const cached = c.get('session');
  if (cached !== undefined) return cached;
  const id = getCookie(c, sessionCookieName());
  const s = id && /^[0-9A-Za-z_-]{20,100}$/.test(id) ? await loadSession(c.get('db').sql, id, c.get('now')(), sessionPolicy()) : null;
  c.set('session', s);
  return s;
}

async function tenantOf(c: C, id: string): Promise<TenantRow | null> {
  const [t] = await c.get('db').sql<TenantRow[]>`select * from tenants where id = ${id}`;
  return t ?? null;
}

async function sessionAuth(c: C, host: boolean): Promise<Auth> {
  const s = await requestSession(c);
  if (!s) throw unauthenticated('Sign in first; your session has ended or does not exist.', 'SESSION_REQUIRED');
  if (s.stage !== 'full') {
    throw new ApiError('TOTP_ENROLMENT_REQUIRED', { detail: 'Set up your second factor (authenticator app) first.' });
  }
  checkCsrf(c);
  const u = s.user;
  let tenant: TenantRow | null = null;
  if (host) {
    if (u.tenant_id !== null) throw roleRequired({ role: 'host-admin' }, true);
  } else {
    if (u.tenant_id === null) {
      throw new ApiError('ROLE_REQUIRED', { detail: "Hosting-office accounts work in the admin console, not in a town's staff console." });
    }
    tenant = await tenantOf(c, u.tenant_id);
    if (!tenant?.enabled) throw new ApiError('TENANT_DISABLED', { detail: 'This municipality is not active on this server.' });
  }
  return { kind: 'session', keyId: `user:${u.id}`, tenant, user: u, roles: new Set(u.roles), actor: { id: `user:${u.id}`, name: u.name || u.email } };
}

/** A town's staff: a person's session, or a staff key (`Authorization: Bearer bn_sk_…`). */
export function staffAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('auth')) return next();
    const header = c.req.header('Authorization');
    if (header) {
      const key = requestKey(c)!;
      setAuth(c, await authenticateKey(c, key, ['staff']));
    } else {
      if (c.req.query('key')) throw secretInUrl();
      setAuth(c, await sessionAuth(c, false));
    }
    await next();
  };
}

/** The hosting office: a host-admin's session, or an admin key. */
export function hostAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('auth')) return next();
    const header = c.req.header('Authorization');
    if (header) {
      setAuth(c, await authenticateKey(c, requestKey(c)!, ['admin']));
    } else {
      if (c.req.query('key')) throw secretInUrl();
      setAuth(c, await sessionAuth(c, true));
    }
    if (!c.get('auth').roles.has('host-admin')) throw roleRequired({ role: 'host-admin' }, true);
    await next();
  };
}

const secretInUrl = () => unauthenticated('Secret keys are never accepted in the address (it ends up in logs and browser history); send "Authorization: Bearer <key>".', 'KEY_IN_URL');

const roleRequired = (need: Requirement, write: boolean) => new ApiError('ROLE_REQUIRED', { detail: `This needs ${describeRequirement(need, write)}.` });

/** A guard's declaration, readable from the route table (the role matrix test walks it). */
export interface Guard extends MiddlewareHandler<AppEnv> {
  /** Any one of these admits. */
  requirements: Requirement[];
}

/**
 * The role a route needs. `{ module }`: safe methods need the clerk or the read-only role,
 * the rest the clerk role. `{ role }`: exactly that role. Any of several: pass several.
 */
export function requireRole(...needs: Requirement[]): Guard {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    const write = !SAFE.has(c.req.method);
    const roles = c.get('auth').roles;
    if (!needs.some((n) => allows(roles, n, write))) throw roleRequired(needs[0]!, write);
    await next();
  };
  return Object.assign(mw, { requirements: needs });
}

/** Guessing keys is slow: 20 failed attempts per minute and client address. */
async function failedAttempt(c: C) {
  await consume(c, `authfail:${c.get('clientIp')}`, Number(process.env.BN_RATE_AUTHFAIL ?? 20), 60);
}
