// The second wall: row-level security hides other tenants' rows even from a query that
// forgets its tenant filter.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { world, type World } from './helpers.ts';
import { tenantDb } from '../../backend/core/tenant-db.ts';
import type { Tx } from '../../backend/core/db.ts';
import { nextRef } from '../../backend/tips/store.ts';

/**
 * Tables bn_app holds privileges on without row-level security: platform data, with the
 * privileges it may have and why. Anything bn_app may touch and is not listed here must be
 * behind a policy for bn_app.
 */
const PLATFORM_DATA: Record<string, { privileges: string[]; reason: string }> = {
  tenants: {
    privileges: ['SELECT'],
    reason: 'read-only for bn_app: its own row, its parent and children for community routing; written only by the server role (admin, tips/settings.ts)',
  },
};

/** Tables keyed by a community (its root tenant) rather than by tenant_id. */
const COMMUNITY_TABLES: Record<string, string> = {
  tip_counters: 'community_id',
  kita_counters: 'community_id',
};

/**
 * Tables with a tenant_id that are read before any tenant is known, by the server's own role
 * (never by bn_app), each filtered by tenant in one place.
 */
const SERVER_ONLY_TABLES: Record<string, string> = {
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
  assert.equal(rows[0]!.n, 0);
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
  assert.ok(role);
  assert.equal(role.rolsuper, false);
  assert.equal(role.rolbypassrls, false);
  const owned = await w.db.sql`select tablename from pg_tables where tableowner = 'bn_app'`;
  assert.equal(owned.length, 0);
});

test('every table bn_app may touch has row-level security for it, or is platform data with a reason', async () => {
  // Walk what bn_app is GRANTED (directly, through PUBLIC or per column), not column names:
  // a table without tenant_id that bn_app may write is exactly what a name search misses.
  const rels = await w.db.sql<{ name: string; kind: string; rls: boolean; privs: string[]; policies: string[]; pk_first: string | null }[]>`
    select cl.relname as name, cl.relkind as kind, cl.relrowsecurity as rls,
      array_remove(array[
        case when has_any_column_privilege('bn_app', cl.oid, 'SELECT') then 'SELECT' end,
        case when has_any_column_privilege('bn_app', cl.oid, 'INSERT') then 'INSERT' end,
        case when has_any_column_privilege('bn_app', cl.oid, 'UPDATE') then 'UPDATE' end,
        case when has_table_privilege('bn_app', cl.oid, 'DELETE') then 'DELETE' end,
        case when has_table_privilege('bn_app', cl.oid, 'TRUNCATE') then 'TRUNCATE' end], null) as privs,
      array(select p.polcmd::text from pg_policy p
        where p.polrelid = cl.oid and p.polpermissive
          and (0::oid = any(p.polroles) or (select oid from pg_roles where rolname = 'bn_app') = any(p.polroles))) as policies,
      (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = cl.oid and i.indisprimary) as pk_first
    from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
    where n.nspname = 'public' and cl.relkind in ('r', 'p', 'v', 'm', 'f')
    order by cl.relname`;
  const granted = rels.filter((r) => r.privs.length > 0);
  const names = granted.map((r) => r.name);
  // The walk really sees bn_app's grants (not an empty list that passes by itself).
  for (const known of ['audit_log', 'tips', 'tip_events', 'tip_counters', 'uploads', 'outbox', 'plans', 'tenants']) {
    assert.ok(names.includes(known), `walk finds ${known} among ${names.join(', ')}`);
  }
  const problems: string[] = [];
  for (const r of granted) {
    // TRUNCATE ignores row-level security: bn_app must never hold it.
    if (r.privs.includes('TRUNCATE')) problems.push(`${r.name}: bn_app may TRUNCATE`);
    const platform = PLATFORM_DATA[r.name];
    if (platform) {
      const extra = r.privs.filter((p) => !platform.privileges.includes(p));
      if (extra.length) problems.push(`${r.name}: platform data, but bn_app may also ${extra.join(', ')}`);
      continue;
    }
    if (r.kind !== 'r' && r.kind !== 'p') {
      problems.push(`${r.name}: relkind ${r.kind} cannot carry row-level security`);
      continue;
    }
    if (!r.rls) {
      problems.push(`${r.name}: bn_app may ${r.privs.join(', ')} but row-level security is off`);
      continue;
    }
    // A policy for bn_app must cover each command it may run ('*' = all commands).
    const cmd: Record<string, string> = { SELECT: 'r', INSERT: 'a', UPDATE: 'w', DELETE: 'd' };
    for (const p of r.privs) {
      if (!r.policies.includes('*') && !r.policies.includes(cmd[p]!)) problems.push(`${r.name}: no policy for bn_app on ${p}`);
    }
    // Tenant tables lead their keys with tenant_id (sharding by tenant); community tables
    // (keyed by the community's root tenant) are the listed exception.
    const lead = COMMUNITY_TABLES[r.name] ?? 'tenant_id';
    if (r.pk_first !== lead) problems.push(`${r.name}: primary key starts with ${r.pk_first}, not ${lead}`);
  }
  assert.deepEqual(problems, []);
});

test('every table with a tenant_id that bn_app may not touch is listed as platform data', async () => {
  // The server's own role reads these before a tenant is known; they stay out of bn_app's reach.
  const rows = await w.db.sql<{ name: string }[]>`
    select distinct c.table_name as name from information_schema.columns c
    join pg_class cl on cl.relname = c.table_name and cl.relkind = 'r'
    join pg_namespace n on n.oid = cl.relnamespace and n.nspname = c.table_schema
    where c.column_name = 'tenant_id' and c.table_schema = 'public' and not cl.relrowsecurity
    order by 1`;
  assert.deepEqual(
    rows.map((r) => r.name),
    Object.keys(SERVER_ONLY_TABLES).sort(),
  );
  for (const name of Object.keys(SERVER_ONLY_TABLES)) {
    const [r] = await w.db.sql<{ any: boolean }[]>`
      select has_any_column_privilege('bn_app', ${name}::regclass, 'SELECT')
          or has_any_column_privilege('bn_app', ${name}::regclass, 'INSERT')
          or has_any_column_privilege('bn_app', ${name}::regclass, 'UPDATE')
          or has_table_privilege('bn_app', ${name}::regclass, 'DELETE') as any`;
    assert.equal(r!.any, false, `bn_app has no privilege on ${name}`);
  }
});

describe('tip_counters: one counter per community, behind the wall', () => {
  const y = 2001; // a year no submission of these tests uses
  const scoped = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => tenantDb(w.db.sql, tenantId).tx(fn);
  const counters = (tx: Tx) => tx<{ community_id: string; last: number }[]>`
    select community_id, last from tip_counters where year = ${y} order by last`;

  before(async () => {
    await w.db.sql`delete from tip_counters where year = ${y}`;
    // Community B (county B and its town A) and community C.
    await w.db.sql`insert into tip_counters (community_id, year, last) values (${w.b.id}, ${y}, 10), (${w.c.id}, ${y}, 20)`;
  });

  test(`a tenant of another community cannot read, insert or change the community's counter`, async () => {
    for (const [self, foreign] of [
      [w.a.id, w.c.id],
      [w.b.id, w.c.id],
      [w.c.id, w.b.id],
    ] as const) {
      const seen = await scoped(self, counters);
      assert.deepEqual(
        seen.map((r) => r.community_id),
        [self === w.c.id ? w.c.id : w.b.id],
        `${self} sees only its own community`,
      );
      const moved = await scoped(self, (tx) => tx`update tip_counters set last = 0 where community_id = ${foreign} and year = ${y}`);
      assert.equal(moved.count, 0);
      // Counters are never deleted by bn_app at all.
      await assert.rejects(
        scoped(self, (tx) => tx`delete from tip_counters where community_id = ${foreign} and year = ${y}`),
        /permission denied/,
      );
      await assert.rejects(
        scoped(self, (tx) => tx`insert into tip_counters (community_id, year, last) values (${foreign}, ${y + 1}, 1)`),
        /row-level security/,
      );
      // The reference statement itself, aimed at another community, is refused as well.
      await assert.rejects(
        scoped(self, (tx) => nextRef(tx, foreign)),
        /row-level security/,
      );
    }
    const all = await w.db.sql`select community_id, last from tip_counters where year = ${y} order by last`;
    assert.deepEqual(
      all.map((r) => [r.community_id, r.last]),
      [
        [w.b.id, 10],
        [w.c.id, 20],
      ],
    );
  });

  test('the county and its town count on the one counter of their community', async () => {
    const [before] = await w.db.sql<{ last: number }[]>`
      select last from tip_counters where community_id = ${w.b.id} and year = extract(year from now() at time zone 'Europe/Berlin')::int`;
    const start = before?.last ?? 0;
    const fromTown = await scoped(w.a.id, (tx) => nextRef(tx, w.b.id));
    const fromCounty = await scoped(w.b.id, (tx) => nextRef(tx, w.b.id));
    assert.match(fromTown, new RegExp(`-${String(start + 1).padStart(5, '0')}$`));
    assert.match(fromCounty, new RegExp(`-${String(start + 2).padStart(5, '0')}$`));
  });

  test('without a tenant set, bn_app sees and changes no counter', async () => {
    const rows = await w.db.sql.begin(async (tx) => {
      await tx`select set_config('role', 'bn_app', true)`;
      const seen = await tx`select count(*)::int as n from tip_counters`;
      const moved = await tx`update tip_counters set last = 0`;
      return [seen[0]!.n, moved.count];
    });
    assert.deepEqual(rows, [0, 0]);
  });
});
