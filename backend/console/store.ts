// Staff-console queries. Functions take the tenant-scoped sql from `c.get('tdb').tx()`.
import type { Sql, Tx } from '../core/db.ts';

export interface AuditFilter {
  limit: number;
  before?: string;
  /** Who: `user:<uuid>`, a key id or `cli`. */
  actor?: string;
  action?: string;
  /** Calendar days (Europe/Berlin), both included. */
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actorName: string | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

export function listAudit(sql: Tx, tenantId: string, f: AuditFilter) {
  return sql<AuditRow[]>`
    select id, at, actor, actor_name as "actorName", action, subject, details from audit_log
    where tenant_id = ${tenantId}
      ${f.before ? sql`and at < ${f.before}` : sql``}
      ${f.actor ? sql`and actor = ${f.actor}` : sql``}
      ${f.action ? sql`and action = ${f.action}` : sql``}
      ${f.from ? sql`and at >= (${f.from}::date::timestamp at time zone 'Europe/Berlin')` : sql``}
      ${f.to ? sql`and at < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Berlin')` : sql``}
    order by at desc, id limit ${f.limit}`;
}

/** What the audit log can be filtered by: the people and keys in it (latest name), and its actions. */
export async function auditFacets(sql: Tx, tenantId: string) {
  const actors = await sql<{ id: string; name: string | null }[]>`
    select distinct on (actor) actor as id, actor_name as name from audit_log
    where tenant_id = ${tenantId} order by actor, at desc`;
  const actions = await sql<{ action: string }[]>`select distinct action from audit_log where tenant_id = ${tenantId} order by action`;
  return { actors, actions: actions.map((a) => a.action) };
}

/**
 * Names for ids an audit entry may carry (people, keys): the audit log speaks in words, never
 * in key ids. Read outside the tenant transaction (keys are not a tenant table).
 */
export async function auditNames(sql: Sql, tenantId: string): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; label: string }[]>`
    select 'user:' || id as id, coalesce(nullif(name, ''), email) as label from users where tenant_id = ${tenantId}
    union all
    select id, label from api_keys where tenant_id = ${tenantId}`;
  return new Map(rows.filter((r) => r.label).map((r) => [r.id, r.label]));
}
