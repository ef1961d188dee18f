// The embedded database's in-process wire (backend/core/db.ts PgliteWire): postgres.js speaks
// the PostgreSQL protocol to PGlite without a socket. Errors leave the session usable, a
// failed transaction leaves nothing, concurrent statements get their own answers, and a new
// connection (postgres.js recycles one after max_lifetime) finds the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWire, openDatabase } from '../../backend/core/db.ts';

test('statements, errors, transactions and concurrent statements through the in-process wire', async () => {
  const db = await openDatabase({ url: null, dataDir: 'memory://' });
  try {
    assert.equal(db.kind, 'pglite');
    assert.match(db.url, /^pglite:/, 'no TCP server is started for the process itself');
    await db.sql`create table t (a int primary key, b text)`;
    await db.sql.begin(async (tx) => {
      await tx`insert into t values (1, 'eins')`;
      await tx`insert into t values (2, ${'zwei'})`;
    });
    await assert.rejects(
      db.sql.begin(async (tx) => {
        await tx`insert into t values (3, 'drei')`;
        await tx`insert into t values (1, 'doppelt')`;
      }),
      /duplicate key/,
    );
    await assert.rejects(db.sql`select * from does_not_exist`, /does not exist/);
    assert.deepEqual(
      (await db.sql`select a, b from t order by a`).map((r) => [r.a, r.b]),
      [
        [1, 'eins'],
        [2, 'zwei'],
      ],
    );
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => db.sql`select ${i}::int as i, repeat('x', ${i * 1000}) as pad`));
    assert.deepEqual(
      answers.map((r) => [r[0]!.i, (r[0]!.pad as string).length]),
      Array.from({ length: 50 }, (_, i) => [i, i * 1000]),
    );
  } finally {
    await db.close();
  }
});

test('a new connection on the same PGlite (as postgres.js opens when it recycles one) sees the same data', async () => {
  const pg = await PGlite.create('memory://');
  const connect = (o: Record<string, unknown> = {}) => postgres({ max: 1, onnotice: () => {}, socket: () => new PgliteWire(pg), ...o } as never);
  const first = connect();
  await first`create table t (a int)`;
  await first`insert into t values (1), (2)`;
  assert.equal((await first`select count(*)::int as n from t`)[0]!.n, 2);
  await first.end();
  const second = connect();
  assert.equal((await second`select count(*)::int as n from t`)[0]!.n, 2);
  await second.end();
  await pg.close();
});
