// Housekeeping every process may run: each job is an idempotent DELETE, so replicas running
// it at the same time do no harm.
import type { Sql } from './core/db.ts';
import { log } from './core/log.ts';
import { purgeRateLimits } from './core/rate-limit.ts';
import { purgeIdempotencyKeys } from './core/idempotency.ts';
import { purgeAltcha } from './core/altcha.ts';
import { purgeUploads } from './core/uploads.ts';
import { purgeSentMail } from './core/mail.ts';
import { purgeTipPersonalData } from './tips/retention.ts';
import { purgeSessions } from './core/accounts.ts';

export type Job = (sql: Sql) => Promise<number>;

/** Modules add their retention jobs here. */
export const jobs: Record<string, Job> = {
  rateLimits: purgeRateLimits,
  idempotencyKeys: (sql) => purgeIdempotencyKeys(sql),
  altcha: purgeAltcha,
  uploads: purgeUploads,
  sentMail: purgeSentMail,
  tipsRetention: purgeTipPersonalData,
  // Ended sessions, old one-time links, unfinished single sign-ons (oidc_flows).
  sessions: purgeSessions,
};

export async function runJobs(sql: Sql): Promise<void> {
  for (const [name, job] of Object.entries(jobs)) {
    try {
      const n = await job(sql);
      if (n) log.info({ job: name, deleted: n }, 'job');
    } catch (err) {
      log.error({ job: name, err: { message: (err as Error).message } }, 'job failed');
    }
  }
}

export function scheduleJobs(sql: Sql, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => void runJobs(sql), everyMs);
  timer.unref();
  void runJobs(sql);
  return () => clearInterval(timer);
}
