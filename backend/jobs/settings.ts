// The jobs settings of a tenant (tenants.settings.jobs), defaults filled in.
import * as v from 'valibot';
import type { Sql } from '../core/db.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import type { TenantRow } from '../core/tenants.ts';
import { DEFAULT_JOBS_SETTINGS, JobsSettingsUpdate, type JobsSettings } from './schema.ts';

export function jobsSettings(tenant: Pick<TenantRow, 'settings'>): JobsSettings {
  const stored = (tenant.settings?.jobs ?? {}) as Record<string, unknown>;
  const parsed = v.safeParse(JobsSettingsUpdate, stored);
  return { ...DEFAULT_JOBS_SETTINGS, ...(parsed.success ? parsed.output : {}) };
}

export async function saveJobsSettings(sql: Sql, tenantId: string, next: JobsSettings, actor: Actor, fields: string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update tenants set settings = jsonb_set(settings, '{jobs}', ${tx.json(next as never)}), updated_at = now() where id = ${tenantId}`;
    await recordAudit(tx, tenantId, actor, 'jobs.settings', 'jobs', { fields });
  });
}
