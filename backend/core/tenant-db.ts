// The one place where tenant scoping happens. Routes never write `tenant_id = …` themselves:
// they call store functions inside `tdb.tx()`, which runs them in a transaction as the
// unprivileged role bn_app with bn.tenant_id set, so PostgreSQL row-level security hides
// every other tenant's rows even from a query that forgets its filter. Store functions
// still filter by `tenantId` (first wall, and it lets indexes lead with tenant_id).
import type { Sql, Tx } from './db.ts';

export interface TenantDb {
  readonly tenantId: string;
  tx<T>(fn: (sql: Tx, tenantId: string) => Promise<T>): Promise<T>;
}

export function tenantDb(sql: Sql, tenantId: string): TenantDb {
  return {
    tenantId,
    tx: <T>(fn: (sql: Tx, tenantId: string) => Promise<T>) =>
      sql.begin(async (tx) => {
        // Sent at once and not waited for: the store's first statement follows it on the same
        // connection in the same round trip. Should it fail, the transaction is aborted and
        // that statement fails too; the error is raised either way.
        const scoped = tx`select set_config('role', 'bn_app', true), set_config('bn.tenant_id', ${tenantId}, true)`.execute();
        scoped.catch(() => {});
        const out = await fn(tx, tenantId);
        await scoped;
        return out;
      }) as Promise<T>,
  };
}
