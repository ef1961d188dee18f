// Housekeeping every process may run: each job is an idempotent DELETE, so replicas running
// it at the same time do no harm. Core knows no module: the platform's own jobs are listed
// here, modules' retention jobs are handed in by the caller (backend/main.ts).
import type { Sql } from './db.ts';
import { log } from './log.ts';
import { purgeRateLimits } from './rate-limit.ts';
import { purgeIdempotencyKeys } from './idempotency.ts';
import { purgeAltcha } from './altcha.ts';
import { purgeUploads } from './uploads.ts';
import { purgeSentMail } from './mail.ts';
import { purgeSessions } from './accounts.ts';

export type HousekeepingJob = (sql: Sql) => Promise<number>;

/** The platform's own housekeeping. */
export const platformJobs: Record<string, HousekeepingJob> = {
  rateLimits: purgeRateLimits,
  idempotencyKeys: (sql) => purgeIdempotencyKeys(sql),
  altcha: purgeAltcha,
  uploads: purgeUploads,
  sentMail: purgeSentMail,
  // Ended sessions, old one-time links, unfinished single sign-ons (oidc_flows).
  sessions: purgeSessions,
};

/** Runs every job once; a failing job is logged and does not stop the others. */
export async function runHousekeeping(sql: Sql, jobs: Record<string, HousekeepingJob>): Promise<void> {
  for (const [name, job] of Object.entries(jobs)) {
    try {
      const n = await job(sql);
      if (n) log.info({ job: name, deleted: n }, 'job');
    } catch (err) {
      log.error({ job: name, err: { message: (err as Error).message } }, 'job failed');
    }
  }
}

export function scheduleHousekeeping(sql: Sql, jobs: Record<string, HousekeepingJob>, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => void runHousekeeping(sql, jobs), everyMs);
  timer.unref();
  void runHousekeeping(sql, jobs);
  return () => clearInterval(timer);
}
