// Retention: a tip's personal data (name, e-mail, IP-derived hash, its mails) is deleted the
// tenant's retentionDays (default 365) after it was closed. The anonymised tip stays, and
// stays public if it was published.
import type { Sql } from '../core/db.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

export async function purgeTipPersonalData(sql: Sql): Promise<number> {
  // Runs across tenants as the system; each tenant's own setting decides.
  return sql.begin(async (tx) => {
    const done = await tx<{ tenant_id: string; id: string }[]>`
      update tips t set contact_name = null, contact_email = null, notify = false, ip_hash = null,
                        personal_deleted_at = now()
      from tenants n
      where n.id = t.tenant_id and t.closed_at is not null and t.personal_deleted_at is null
        and t.closed_at < now() - make_interval(days => case
              when jsonb_typeof(n.settings -> 'tips' -> 'retentionDays') = 'number'
              then (n.settings -> 'tips' ->> 'retentionDays')::int else ${DEFAULT_SETTINGS.retentionDays} end)
      returning t.tenant_id, t.id`;
    if (done.length) {
      // Mails about these tips carry the citizen's address.
      await tx`delete from outbox where subject_ref = any(${done.map((d) => `tip:${d.id}`)})`;
    }
    return done.length;
  });
}
