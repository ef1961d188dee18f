// Plans settings of a tenant, stored in tenants.settings.plans (written by the server role:
// bn_app may not write tenants).
import * as v from 'valibot';
import { recordAudit, type Actor } from '../core/audit.ts';
import type { Sql } from '../core/db.ts';
import type { TenantRow } from '../core/tenants.ts';
import { PlansSettings } from './schema.ts';

/** Stored settings over the defaults; a stored value that no longer validates falls back. */
export function plansSettings(tenant: Pick<TenantRow, 'settings'>): PlansSettings {
  const parsed = v.safeParse(PlansSettings, tenant.settings?.plans ?? {});
  return parsed.success ? parsed.output : { gemeindeschluessel: [] };
}

export async function savePlansSettings(sql: Sql, tenantId: string, next: PlansSettings, actor: Actor): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update tenants set settings = jsonb_set(settings, '{plans}', ${tx.json(next as never)}), updated_at = now() where id = ${tenantId}`;
    await recordAudit(tx, tenantId, actor, 'plans.settings', 'plans', { fields: Object.keys(next) });
  });
}

/** The tenant row as stored now (the request's copy may be cached). */
export async function freshSettings(sql: Sql, tenantId: string): Promise<PlansSettings> {
  const [t] = await sql<Pick<TenantRow, 'settings'>[]>`select settings from tenants where id = ${tenantId}`;
  return plansSettings(t ?? { settings: {} });
}
