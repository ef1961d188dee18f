// The tenant audit trail, written in one place: who (key id, never the key), what, on what.
import type { Sql, Tx } from './db.ts';

export async function recordAudit(
  sql: Sql | Tx,
  tenantId: string,
  actor: string,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await sql`insert into audit_log (tenant_id, actor, action, subject, details)
            values (${tenantId}, ${actor}, ${action}, ${subject}, ${sql.json(details as never)})`;
}
