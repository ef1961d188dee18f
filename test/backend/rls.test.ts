// The second wall: row-level security hides other tenants' rows even from a query that
// forgets its tenant filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, type World } from './helpers.ts';
import { tenantDb } from '../../backend/core/tenant-db.ts';

/**
 * Tables with a tenant_id that are read before any tenant is known, by the server's own role
 * (never by bn_app), each filtered by tenant in one place.
 */
const PLATFORM_TABLES: Record<string, string> = {
  api_keys: 'a request names its key before its tenant is known (core/tenants.ts resolveKey)',
  users: 'sign-in finds a person by e-mail before any tenant is known; hosting-office users have no tenant (core/accounts.ts)',
};

let w: World;
before(async () => {
  w = await world();
  await w.db.sql`insert into audit_log (tenant_id, actor, action) values
    (${w.a.id}, 'test', 'a.one'), (${w.a.id}, 'test', 'a.two'), (${w.b.id}, 'test', 'b.one')`;
});
after(() => w.close());

test(`a query without tenant filter sees only the scoped tenant's rows`, async () => {
  const rows = await tenantDb(w.db.sql, w.a.id).tx((sql) => sql<{ action: string }[]>`select action from audit_log order by action`);
  const actions = rows.map((r) => r.action).filter((a) => a.startsWith('a.') || a.startsWith('b.'));
  assert.deepEqual(actions, ['a.one', 'a.two']);
});

test('without a tenant set, the app role sees nothing at all', async () => {
  const rows = await w.db.sql.begin(async (tx) => {
    await tx`select set_config('role', 'bn_app', true)`;
    return tx`select count(*)::int as n from audit_log`;
  });
  assert.equal(rows[0].n, 0);
});

test('the app role cannot write rows of another tenant', async () => {
  await assert.rejects(
    tenantDb(w.db.sql, w.a.id).tx((sql) => sql`insert into audit_log (tenant_id, actor, action) values (${w.b.id}, 'x', 'sneaky')`),
    /row-level security/,
  );
  const moved = await tenantDb(w.db.sql, w.a.id).tx((sql) => sql`update audit_log set action = 'changed' where tenant_id = ${w.b.id}`);
  assert.equal(moved.count, 0);
});

test('the app role is neither superuser nor owner of any table', async () => {
  const [role] = await w.db.sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'bn_app'`;
  assert.equal(role.rolsuper, false);
  assert.equal(role.rolbypassrls, false);
  const owned = await w.db.sql`select tablename from pg_tables where tableowner = 'bn_app'`;
  assert.equal(owned.length, 0);
});

test('every table with a tenant_id has row-level security and tenant_id leads its primary key', async () => {
  const tables = await w.db.sql<{ table_name: string; rls: boolean; pk_first: string | null }[]>`
    select c.table_name, cl.relrowsecurity as rls,
      (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = cl.oid and i.indisprimary) as pk_first
    from information_schema.columns c
    join pg_class cl on cl.relname = c.table_name and cl.relkind = 'r'
    join pg_namespace n on n.oid = cl.relnamespace and n.nspname = c.table_schema
    where c.column_name = 'tenant_id' and c.table_schema = 'public' and c.table_name not in ${w.db.sql(Object.keys(PLATFORM_TABLES))}`;
  assert.ok(tables.length >= 1);
  for (const t of tables) {
    assert.equal(t.rls, true, `${t.table_name} has RLS`);
    assert.equal(t.pk_first, 'tenant_id', `${t.table_name} primary key starts with tenant_id`);
  }
});
