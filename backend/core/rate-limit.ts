// Fixed-window rate limits with their counters in PostgreSQL, so N server processes share
// one budget. One upsert per counted request.
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';

export async function consume(c: Context<AppEnv>, bucket: string, limit: number, windowSeconds: number): Promise<void> {
  const [row] = await c.var.db.sql<{ count: number; retry: number }[]>`
    insert into rate_limits as r (bucket, count, reset_at)
    values (${bucket}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (bucket) do update set
      count = case when r.reset_at <= now() then 1 else r.count + 1 end,
      reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
    returning count, ceil(extract(epoch from (reset_at - now())))::int as retry`;
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - row.count)));
  if (row.count > limit) {
    const retry = String(Math.max(1, row.retry));
    throw new ApiError(429, 'RATE_LIMITED', 'Too many requests', {
      detail: `Please wait ${retry} seconds and try again.`,
      headers: { 'Retry-After': retry },
    });
  }
}

/**
 * Limit per key and client address. Reads and writes have separate budgets; citizen
 * submissions are far rarer than page views.
 */
export function rateLimit(name: string, limit: number, windowSeconds = 60): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await consume(c, `${name}:${c.var.auth.keyId}:${c.var.clientIp}`, limit, windowSeconds);
    await next();
  };
}

export async function purgeRateLimits(sql: AppEnv['Variables']['db']['sql']): Promise<number> {
  const r = await sql`delete from rate_limits where reset_at < now() - interval '1 minute'`;
  return r.count;
}
