// Idempotency-Key for POSTs (draft-ietf-httpapi-idempotency-key-header): a retry returns the
// first response and creates nothing twice; the same key with another body is a 422; a key
// whose first request is still running is a 409. Records are shared through PostgreSQL.
//
// A running first request holds a lease (BN_IDEMPOTENCY_LEASE_S, 45 s): if its process
// crashes, the record would otherwise stay "in flight" and every retry would get 409. Once
// the lease has run out, a retry with the same key and the same body takes the record over
// in one conditional UPDATE (exactly one retry wins) and runs the request again. Leases use
// the app's clock (`c.get('now')`), so replicas need synchronised clocks (NTP), as TLS does.
//
// A citizen's submission also carries an ALTCHA solution (`altcha: true`): its use is claimed
// in the same statement as the key, so the two bookkeeping claims cost one round trip. The
// solution is checked only for a first request: a retry gets the stored answer even though
// its solution is used by then. A solution counts as used only when the request succeeds.
import { createHash, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { one, type Sql } from './db.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';
import { ALTCHA_TTL_SECONDS, readAltcha, verifyAltcha } from './altcha.ts';
import { countIn, verdict } from './rate-limit.ts';

/** Marks the claim middleware of a citizen's submission (see claimsWrite). */
const CLAIMS_WRITE = Symbol('claims the write rate limit');
/** Hono's mark on a sub-app's handler wrapped for its own error handler (hono-base.ts route()). */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

/**
 * Whether the request's route counts its write rate limit in its claim statement: then
 * publicAccess leaves the count to it (one statement fewer per submission). Every other write
 * is counted by publicAccess itself before its route runs.
 */
export function claimsWrite(c: Context<AppEnv>): boolean {
  return matchedRoutes(c).some(({ handler }) => {
    const h = handler as unknown as Record<string | symbol, unknown>;
    return h[CLAIMS_WRITE] === true || (h[COMPOSED_HANDLER] as Record<symbol, unknown> | undefined)?.[CLAIMS_WRITE] === true;
  });
}

const KEY_RE = /^[\x21-\x7e]{8,255}$/;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\b/i;

/** Seconds a first request may run before a retry may take its key over. */
const leaseSeconds = () => Number(process.env.BN_IDEMPOTENCY_LEASE_S ?? 45);

/** `altcha`: the request must carry a solved ALTCHA (X-Altcha) of the key's tenant, and a key. */
export function idempotent(opts: { required?: boolean; altcha?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const lease = leaseSeconds();
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (!key) {
      if (opts.required || opts.altcha) {
        throw new ApiError('IDEMPOTENCY_KEY_MISSING', { detail: 'This request needs an Idempotency-Key header.' });
      }
      return next();
    }
    if (!KEY_RE.test(key)) {
      throw new ApiError('IDEMPOTENCY_KEY_INVALID', { detail: 'Idempotency-Key must be 8–255 visible ASCII characters, e.g. a UUID.' });
    }
    const sql = c.get('db').sql;
    const scope = `${c.get('auth').keyId}:${c.req.method}:${c.req.path}`;
    // A JSON body is read as text: the validator's c.req.json() then parses the same cached
    // text instead of re-reading a buffer through a new Response.
    const body = JSON_TYPE.test(c.req.header('Content-Type') ?? '') ? await c.req.text() : new Uint8Array(await c.req.arrayBuffer());
    const fingerprint = createHash('sha256').update(body).digest('hex');
    const token = randomUUID();
    const now = c.get('now')();
    const until = new Date(now.getTime() + lease * 1000);
    const answer = opts.altcha ? readAltcha(c.req.header('X-Altcha')) : null;
    const signature = answer?.signature ?? null;
    // Bookkeeping: this commit does not wait for the disk; the request's own durable commit,
    // later in the same WAL, takes it along. The write is counted first (publicAccess left it
    // here); within the limit the key is claimed, and with a new key the solution.
    const limited = c.get('writeLimit');
    const claim = one(
      await sql<{ count: number | null; retry: number | null; fresh: boolean; claimed: boolean }[]>`
      with rl as (${countIn(sql, limited?.bucket ?? null, 1, 60)}),
      i as (
        insert into idempotency_keys (scope, key, fingerprint, locked_until, lease_token)
        select ${scope}, ${key}, ${fingerprint}, ${until}, ${token} from (select set_config('synchronous_commit', 'off', true)) as fast
        where coalesce((select count from rl), 0) <= ${limited?.limit ?? 0}
        on conflict do nothing returning 1),
      a as (
        insert into altcha_used (signature, expires_at)
        select ${signature}::text, now() + make_interval(secs => ${ALTCHA_TTL_SECONDS})
        where ${signature}::text is not null and exists (select 1 from i)
        on conflict do nothing returning 1)
      select (select count from rl) as count, (select retry from rl) as retry, exists (select 1 from i) as fresh, exists (select 1 from a) as claimed`,
    );
    if (limited) verdict(c, limited.limit, claim.count ?? 0, claim.retry ?? 1);
    const { fresh, claimed: claimedNow } = claim;
    let claimed = claimedNow;
    if (!fresh) {
      // A first request that died with its lease run out: the same request takes it over.
      // The row lock makes concurrent retries queue; the first commits a new lease and the
      // others no longer match the condition.
      const taken = await sql`
        update idempotency_keys set locked_until = ${until}, lease_token = ${token}
        where scope = ${scope} and key = ${key} and fingerprint = ${fingerprint} and status is null
          and (locked_until is null or locked_until <= ${now})
        returning 1`;
      if (taken.length === 0) return answerKnownKey(c, sql, scope, key, fingerprint, now);
      if (signature) {
        claimed =
          (
            await sql`insert into altcha_used (signature, expires_at)
                    select ${signature}, now() + make_interval(secs => ${ALTCHA_TTL_SECONDS}) from (select set_config('synchronous_commit', 'off', true)) as fast
                    on conflict do nothing returning 1`
          ).length > 0;
      }
    }
    let stored = false;
    // The answer's JSON is kept as the handler makes it (c.json), so storing it does not
    // clone the response into streams.
    const json = c.json;
    const respond = c.body as unknown as (data: string, arg?: number | ResponseInit, headers?: Record<string, string>) => Response;
    const sent = new WeakMap<Response, string>();
    c.json = ((object: unknown, arg?: number | ResponseInit, headers?: Record<string, string>) => {
      const text = JSON.stringify(object);
      const res = respond(text, arg, { 'Content-Type': 'application/json', ...headers });
      sent.set(res, text);
      return res;
    }) as unknown as typeof c.json;
    try {
      if (answer) await verifyAltcha(sql, c.get('tenant').id, answer, claimed);
      await next();
      c.json = json;
      const res = c.res;
      if (res.status >= 200 && res.status < 300) {
        const body = sent.get(res) ?? (await res.clone().text());
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'location']) {
          const value = res.headers.get(h);
          if (value) headers[h] = value;
        }
        // Bookkeeping after the request's own durable commit: this commit does not wait for the
        // disk either (the next durable commit of any request takes it along). A database crash
        // in that moment leaves the record in flight until its lease ends, as a crash of this
        // process between the two commits would; a second fsync per POST is the price otherwise.
        await sql`update idempotency_keys set status = ${res.status}, headers = ${sql.json(headers)}, body = ${body}, locked_until = null
                  from (select set_config('synchronous_commit', 'off', true)) as fast
                  where scope = ${scope} and key = ${key} and lease_token = ${token}`;
        stored = true;
      }
    } finally {
      c.json = json;
      // Failures are not remembered: the client may fix the cause and retry with the same key,
      // and a refused request (e.g. 422 for a field) does not cost the citizen the solved
      // puzzle. Only the lease holder may remove the record (not one whose lease was taken
      // over), and only a solution this request claimed is released.
      if (!stored) {
        await sql`
          with k as (delete from idempotency_keys where scope = ${scope} and key = ${key} and lease_token = ${token})
          delete from altcha_used where signature = ${claimed ? signature : null}::text`;
      }
    }
  };
  if (opts.altcha) Object.assign(middleware, { [CLAIMS_WRITE]: true });
  return middleware;
}

/** A key whose record exists and is not this request's: replay, conflict, or still running. */
async function answerKnownKey(c: Context<AppEnv>, sql: Sql, scope: string, key: string, fingerprint: string, now: Date): Promise<Response> {
  const [prev] = await sql<{ fingerprint: string; status: number | null; headers: Record<string, string>; body: string; locked_until: Date | null }[]>`
    select fingerprint, status, headers, body, locked_until from idempotency_keys where scope = ${scope} and key = ${key}`;
  if (prev && prev.fingerprint !== fingerprint) {
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', {
      detail: 'This Idempotency-Key was already used with a different request body.',
    });
  }
  if (prev && prev.status === null) {
    // Usually the first request answers within a second; at the latest its lease ends.
    const left = prev.locked_until ? Math.ceil((new Date(prev.locked_until).getTime() - now.getTime()) / 1000) : 1;
    throw new ApiError('IDEMPOTENCY_IN_FLIGHT', {
      detail: 'The first request with this Idempotency-Key is still being processed. Retry shortly.',
      headers: { 'Retry-After': String(Math.min(5, Math.max(1, left))) },
    });
  }
  if (prev) {
    return c.body(prev.body, prev.status as 200, { ...prev.headers, 'Idempotent-Replayed': 'true' });
  }
  // The record vanished between insert and select (expired or failed): the client retries.
  throw new ApiError('IDEMPOTENCY_IN_FLIGHT', {
    detail: 'The first request with this Idempotency-Key has just ended. Retry now.',
    headers: { 'Retry-After': '1' },
  });
}

export async function purgeIdempotencyKeys(sql: Sql, hours = 24): Promise<number> {
  const r = await sql`delete from idempotency_keys where created_at < now() - make_interval(hours => ${hours})`;
  return r.count;
}
