// The request pipeline every /v1 call passes: request id, client address, logging, CORS
// preflight per tenant, body limits, and which key kind a path needs.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Database } from './db.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';
import { requestLog } from './log.ts';
import { parseKey } from './keys.ts';
import { resolveKey } from './tenants.ts';
import type { Caches } from './caches.ts';
import { checkUrl } from './validate.ts';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Altcha, If-None-Match, Accept-Language';
const EXPOSE_HEADERS = 'ETag, Retry-After, X-Request-Id, Idempotent-Replayed, RateLimit-Limit, RateLimit-Remaining, Location';

const isPrivatePath = (path: string) => path.startsWith('/v1/admin') || path.startsWith('/v1/staff') || path.startsWith('/v1/auth');

export function requestContext(db: Database, caches: Caches, now: () => Date = () => new Date()): MiddlewareHandler<AppEnv> {
  // BN_TRUST_PROXY=<n>: n proxies of ours stand in front. Each appends the address it saw to
  // X-Forwarded-For, so the client is the n-th entry from the RIGHT; entries further left were
  // sent by the client itself and would let anyone pick their own rate-limit bucket.
  const trustedHops = Math.max(0, Math.floor(Number(process.env.BN_TRUST_PROXY ?? 0)) || 0);
  const limits = { read: Number(process.env.BN_RATE_READ ?? 1200), write: Number(process.env.BN_RATE_WRITE ?? 30) };
  // Hot path: every request passes here. It reads the request through the node socket where it
  // can (no Request object is built for it) and touches the response only after the handler.
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    c.set('requestId', requestId);
    c.set('db', db);
    c.set('now', now);
    c.set('caches', caches);
    c.set('limits', limits);
    let ip: string | undefined;
    if (trustedHops) {
      const forwarded = c.req
        .header('X-Forwarded-For')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (forwarded?.length) ip = forwarded[Math.max(0, forwarded.length - trustedHops)];
    }
    // app.request() in tests has no socket.
    c.set('clientIp', ip ?? incoming?.socket?.remoteAddress ?? '127.0.0.1');
    await next();
    const res = c.res;
    const headers = res.headers;
    headers.set('X-Request-Id', requestId);
    if (incoming && bodyLeftUnread(incoming)) await closeIfBodyUnread(incoming, headers);
    const origin = c.req.header('Origin');
    if (origin) {
      const path = c.req.path;
      if (path.startsWith('/v1/') && !isPrivatePath(path)) {
        headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
        // Problems are readable by the embedding page, so a widget can tell "key revoked" from
        // "offline". They carry no tenant data.
        if (res.status >= 400 && !headers.has('Access-Control-Allow-Origin') && headers.get('Content-Type')?.startsWith('application/problem+json')) {
          headers.set('Access-Control-Allow-Origin', origin);
          headers.append('Vary', 'Origin');
        }
      }
    }
    if (logRequests) {
      requestLog.info({ requestId, method: c.req.method, route: c.req.routePath, status: res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
}

/** Request lines are info: skipped without building them when the level is higher. */
const logRequests = requestLog.isLevelEnabled('info');

/** A body was announced (Content-Length > 0 or chunked) and not read to its end. */
function bodyLeftUnread(incoming: IncomingMessage): boolean {
  if (incoming.readableEnded) return false;
  const length = incoming.headers['content-length'];
  return (length !== undefined && length !== '0') || incoming.headers['transfer-encoding'] !== undefined;
}

/**
 * An answer sent before the request body was read (a wrong key, a body over the limit, an
 * unknown route) leaves the rest of that body on the connection. @hono/node-server then tries
 * to drain it for 500 ms and otherwise destroys the socket, which a keep-alive client learns
 * only when its NEXT request on that socket fails ("other side closed", UND_ERR_SOCKET): an
 * innocent request paid for the malformed one. Saying `Connection: close` on such an answer
 * makes Node close the socket after it and the client open a fresh one for the next request,
 * so a malformed request costs only its own answer.
 */
async function closeIfBodyUnread(incoming: IncomingMessage, headers: Headers): Promise<void> {
  const length = incoming.headers['content-length'];
  // A small rest is read and dropped before answering: a proxy in front (nginx) still sending
  // it would otherwise meet a reset connection and answer 502 instead of our problem.
  if (length !== undefined && Number(length) <= DRAIN_MAX && !incoming.destroyed && (await drain(incoming))) return;
  headers.set('Connection', 'close');
}

const DRAIN_MAX = 2 * 1024 * 1024;

function drain(incoming: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      resolve(ok);
    };
    const onEnd = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), 2000);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('data', () => {});
    incoming.resume();
  });
}

/**
 * What every /v1 request passes before its sub-app: a CORS preflight is answered, the address
 * is checked (validate.ts safeUrl), the body is capped (defaultBodyLimit). One middleware, not
 * three in a row: each link of Hono's chain costs a promise on every request.
 */
export function apiEdge(largeBodies: string[]): MiddlewareHandler<AppEnv> {
  const answerPreflight = preflight();
  const limit = defaultBodyLimit(largeBodies);
  return (c, next) => {
    if (c.req.method === 'OPTIONS') return answerPreflight(c, next);
    checkUrl(c);
    return limit(c, next);
  };
}

/**
 * Preflights carry no key, so they are answered for the tenant named by `?key=` when present,
 * else for any tenant that allows the origin; the real request is then checked against its
 * own key's tenant. Admin and staff paths are same-origin only.
 */
export function preflight(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next();
    const origin = c.req.header('Origin');
    const path = c.req.path;
    if (!origin || isPrivatePath(path)) {
      throw new ApiError('ORIGIN_NOT_ALLOWED', { detail: 'Cross-origin requests are not allowed here.' });
    }
    const sql = c.get('db').sql;
    const key = c.req.query('key');
    let allowed = false;
    if (key && parseKey(key) === 'publishable') {
      const found = await resolveKey(sql, key);
      allowed = !!found?.tenant?.origins.includes(origin);
    } else {
      allowed = (await sql`select 1 from tenants where enabled and ${origin} = any(origins) limit 1`).length > 0;
    }
    if (!allowed) {
      throw new ApiError('ORIGIN_NOT_ALLOWED', { detail: `Requests from ${origin} are not allowed.` });
    }
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      // Chromium caps this at two hours.
      'Access-Control-Max-Age': '7200',
      Vary: 'Origin',
    });
  };
}

/**
 * Default body cap; routes that take files set their own larger limit.
 *
 * hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a whole web
 * Request (an AbortController, the body as a web stream); the body is then read through that
 * stream instead of straight from the socket. So on the node server it runs only for a chunked
 * body, the one case it has to count: a request without a body passes, and a Content-Length is
 * compared here, as bodyLimit itself would compare it (Node's parser delivers exactly that many
 * bytes, never more).
 */
export function defaultBodyLimit(exempt: string[]): MiddlewareHandler<AppEnv> {
  const maxSize = Number(process.env.BN_BODY_LIMIT ?? 1024 * 1024);
  const tooLarge = () => new ApiError('PAYLOAD_TOO_LARGE', { detail: 'The request body is larger than 1 MB.' });
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const chunked = incoming?.headers['transfer-encoding'] !== undefined;
    const length = incoming?.headers['content-length'];
    if (incoming && !chunked && (length === undefined || length === '0')) return next();
    const path = c.req.path;
    if (exempt.some((p) => path === p || path.startsWith(p + '/'))) return next();
    if (incoming && !chunked) {
      if (Number(length) > maxSize) throw tooLarge();
      return next();
    }
    return limit(c, next);
  };
}
