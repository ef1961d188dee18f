// Staff-console queries. Functions take the tenant-scoped sql from `c.var.tdb.tx()`.
import type { Tx } from '../core/db.ts';

export function listAudit(sql: Tx, tenantId: string, opts: { limit: number; before?: string }) {
  return sql`
    select id, at, actor, actor_name as "actorName", action, subject, details from audit_log
    where tenant_id = ${tenantId} ${opts.before ? sql`and at < ${opts.before}` : sql``}
    order by at desc limit ${opts.limit}`;
}
