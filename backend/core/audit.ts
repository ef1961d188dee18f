// The tenant audit trail, written in one place: who (the person, or the key for API calls —
// its id, never the key), what, on what.
import type { Sql, Tx } from './db.ts';

/** Who acts: `user:<uuid>`, a key id, or `cli`; and the name shown in the trail. */
export interface Actor {
  id: string;
  name: string;
}

export const CLI_ACTOR: Actor = { id: 'cli', name: 'Kommandozeile / command line' };

export async function recordAudit(sql: Sql | Tx, tenantId: string, actor: Actor, action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
  await sql`insert into audit_log (tenant_id, actor, actor_name, action, subject, details)
            values (${tenantId}, ${actor.id}, ${actor.name}, ${action}, ${subject}, ${sql.json(details as never)})`;
}
