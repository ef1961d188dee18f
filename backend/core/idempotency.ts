// Idempotency-Key for POSTs (draft-ietf-httpapi-idempotency-key-header): a retry returns the
// first response and creates nothing twice; the same key with another body is a 422; a key
// whose first request is still running is a 409. Records are shared through PostgreSQL.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Sql } from './db.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';

const KEY_RE = /^[\x21-\x7e]{8,255}$/;

export function idempotent(opts: { required?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (!key) {
      if (opts.required) {
        throw new ApiError(400, 'IDEMPOTENCY_KEY_MISSING', 'Bad request', { detail: 'This request needs an Idempotency-Key header.' });
      }
      return next();
    }
    if (!KEY_RE.test(key)) {
      throw new ApiError(400, 'IDEMPOTENCY_KEY_INVALID', 'Bad request', { detail: 'Idempotency-Key must be 8–255 visible ASCII characters, e.g. a UUID.' });
    }
    const sql = c.var.db.sql;
    const scope = `${c.var.auth.keyId}:${c.req.method}:${c.req.path}`;
    const fingerprint = createHash('sha256').update(new Uint8Array(await c.req.arrayBuffer())).digest('hex');
    const inserted = await sql`
      insert into idempotency_keys (scope, key, fingerprint) values (${scope}, ${key}, ${fingerprint})
      on conflict do nothing returning 1`;
    if (inserted.length === 0) {
      const [prev] = await sql<{ fingerprint: string; status: number | null; headers: Record<string, string>; body: string }[]>`
        select fingerprint, status, headers, body from idempotency_keys where scope = ${scope} and key = ${key}`;
      if (prev && prev.fingerprint !== fingerprint) {
        throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable content', {
          detail: 'This Idempotency-Key was already used with a different request body.',
        });
      }
      if (prev && prev.status === null) {
        throw new ApiError(409, 'IDEMPOTENCY_IN_FLIGHT', 'Conflict', {
          detail: 'The first request with this Idempotency-Key is still being processed. Retry shortly.',
          headers: { 'Retry-After': '1' },
        });
      }
      if (prev) {
        return c.body(prev.body, prev.status as 200, { ...prev.headers, 'Idempotent-Replayed': 'true' });
      }
      // The record vanished between insert and select (expired): process normally.
    }
    let stored = false;
    try {
      await next();
      const res = c.res;
      if (res.status >= 200 && res.status < 300) {
        const body = await res.clone().text();
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'location']) {
          const value = res.headers.get(h);
          if (value) headers[h] = value;
        }
        await sql`update idempotency_keys set status = ${res.status}, headers = ${sql.json(headers)}, body = ${body}
                  where scope = ${scope} and key = ${key}`;
        stored = true;
      }
    } finally {
      // Failures are not remembered: the client may fix the cause and retry with the same key.
      if (!stored) await sql`delete from idempotency_keys where scope = ${scope} and key = ${key}`;
    }
  };
}

export async function purgeIdempotencyKeys(sql: Sql, hours = 24): Promise<number> {
  const r = await sql`delete from idempotency_keys where created_at < now() - make_interval(hours => ${hours})`;
  return r.count;
}
