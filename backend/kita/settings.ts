// The tenant's Kita settings (tenants.settings.kita) over the defaults.
import * as v from 'valibot';
import type { Sql } from '../core/db.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import type { TenantRow } from '../core/tenants.ts';
import { DEFAULT_KITA_SETTINGS, KitaSettings } from './schema.ts';

/** Stored settings over the defaults; a stored value that no longer validates falls back. */
export function kitaSettings(tenant: Pick<TenantRow, 'settings'>): KitaSettings {
  const stored = (tenant.settings?.kita ?? {}) as Record<string, unknown>;
  const merged = { ...DEFAULT_KITA_SETTINGS, ...stored, weights: { ...DEFAULT_KITA_SETTINGS.weights, ...(stored.weights as object | undefined) } };
  const parsed = v.safeParse(KitaSettings, merged);
  return parsed.success ? parsed.output : DEFAULT_KITA_SETTINGS;
}

/** Writes the merged settings into the tenant's row (not writable by bn_app) with its audit entry. */
export async function saveKitaSettings(sql: Sql, tenantId: string, next: KitaSettings, actor: Actor, fields: string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update tenants set settings = jsonb_set(settings, '{kita}', ${tx.json(next as never)}), updated_at = now() where id = ${tenantId}`;
    await recordAudit(tx, tenantId, actor, 'kita.settings', 'kita', { fields });
  });
}
