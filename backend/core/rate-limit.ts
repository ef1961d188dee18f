// Fixed-window rate limits with their counters in PostgreSQL, so N server processes share
// one budget. Writes cost one upsert each (exact). Reads are counted in memory and flushed
// in batches (see consumeBatched), so a page view does not pay a database commit.
import type { Context } from 'hono';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';
import { one } from './db.ts';

type Sql = AppEnv['Variables']['db']['sql'];

/**
 * The shared fixed-window counter's upsert: adds n to `bucket` (nothing when it is null) and
 * returns the new count and the seconds to the window's end. A statement of its own (`add`) or
 * part of a larger one (the submission's claim, idempotency.ts). Bookkeeping: the commit does
 * not wait for the disk (a crash may forget the last fraction of a second of counts, which only
 * errs toward the client).
 */
export const countIn = (sql: Sql, bucket: string | null, n: number, windowSeconds: number) => sql`
    insert into rate_limits as r (bucket, count, reset_at)
    select ${bucket}::text, ${n}, now() + make_interval(secs => ${windowSeconds}) from (select set_config('synchronous_commit', 'off', true)) as fast
    where ${bucket}::text is not null
    on conflict (bucket) do update set
      count = case when r.reset_at <= now() then ${n} else r.count + ${n} end,
      reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
    returning count, ceil(extract(epoch from (reset_at - now())))::int as retry`;

/** Adds n to a shared fixed-window counter; returns the new count and seconds to the window's end. */
export async function add(sql: Sql, bucket: string, n: number, windowSeconds: number) {
  return one(await (countIn(sql, bucket, n, windowSeconds) as unknown as Promise<{ count: number; retry: number }[]>));
}

/** Sets the RateLimit headers; throws RATE_LIMITED (with Retry-After) over the limit. */
export function verdict(c: Context<AppEnv>, limit: number, count: number, retrySeconds: number) {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - count)));
  if (count > limit) {
    const retry = String(Math.max(1, retrySeconds));
    throw new ApiError('RATE_LIMITED', {
      detail: `Please wait ${retry} seconds and try again.`,
      headers: { 'Retry-After': retry },
    });
  }
}

/** Exact: one upsert per request. For submissions and failed key attempts. */
export async function consume(c: Context<AppEnv>, bucket: string, limit: number, windowSeconds: number): Promise<void> {
  const row = await add(c.get('db').sql, bucket, 1, windowSeconds);
  verdict(c, limit, row.count, row.retry);
}

/** Reads counted in one app (replica) for one bucket. */
export interface ReadBatch {
  /** Count in the database at the last flush (all processes). */
  shared: number;
  /** Requests counted here since then. */
  pending: number;
  /** Requests on their way to the database (a flush not answered yet): still counted here. */
  inflight: number;
  resetAt: number;
  flushedAt: number;
  flushing: Promise<void> | null;
}
const FLUSH_MS = 1000;

/**
 * Batched: requests are counted in memory and added to the shared counter at most once a
 * second or every 5 % of the limit, and at once when the local estimate crosses the limit.
 * Each process can overshoot by at most one batch: fine for page views, and it takes the
 * database commit off every GET. Returns a promise only when the caller has to wait (the
 * estimate crossed the limit); the usual verdict is given synchronously.
 */
export function consumeBatched(c: Context<AppEnv>, bucket: string, limit: number, windowSeconds: number): Promise<void> | undefined {
  const sql = c.get('db').sql;
  // This app's own batches: another replica (another app) counts its own.
  const map = c.get('caches').readLimits;
  const now = Date.now();
  let s = map.get(bucket);
  if (!s || now >= s.resetAt) {
    if (map.size > 50_000) map.clear();
    s = { shared: 0, pending: 0, inflight: 0, resetAt: now + windowSeconds * 1000, flushedAt: 0, flushing: null };
    map.set(bucket, s);
  }
  s.pending++;
  const state = s;
  const flush = () => {
    const n = state.pending;
    state.pending = 0;
    state.inflight += n;
    state.flushedAt = Date.now();
    return add(sql, bucket, n, windowSeconds).then(
      (row) => {
        state.inflight -= n;
        state.shared = row.count;
        state.resetAt = Date.now() + row.retry * 1000;
      },
      (err: unknown) => {
        state.inflight -= n;
        throw err;
      },
    );
  };
  // Without the requests of a flush still on its way, a request answered meanwhile would see
  // fewer than were made (one process letting the limit's next request through).
  const estimate = () => state.shared + state.inflight + state.pending;
  if (estimate() > limit) {
    return (async () => {
      if (state.flushing) await state.flushing.catch(() => {});
      await flush();
      verdict(c, limit, state.shared, Math.ceil((state.resetAt - Date.now()) / 1000));
    })();
  }
  if (!state.flushing && (state.pending >= Math.max(1, Math.floor(limit / 20)) || now - state.flushedAt >= FLUSH_MS)) {
    state.flushing = flush()
      .catch(() => {})
      .finally(() => (state.flushing = null));
  }
  verdict(c, limit, estimate(), Math.ceil((state.resetAt - now) / 1000));
  return undefined;
}

export async function purgeRateLimits(sql: Sql): Promise<number> {
  const r = await sql`delete from rate_limits where reset_at < now() - interval '1 minute'`;
  return r.count;
}

/** Counters that are over their limit now, with the seconds until they reset (no write). */
export async function overLimit(sql: Sql, buckets: { bucket: string; limit: number }[]): Promise<number | null> {
  const rows = await sql<{ bucket: string; count: number; retry: number }[]>`
    select bucket, count, ceil(extract(epoch from (reset_at - now())))::int as retry from rate_limits
    where bucket in ${sql(buckets.map((b) => b.bucket))} and reset_at > now()`;
  const over = rows.filter((r) => r.count >= buckets.find((b) => b.bucket === r.bucket)!.limit);
  return over.length ? Math.max(1, ...over.map((r) => r.retry)) : null;
}
