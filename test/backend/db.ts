// A fresh, migrated database per test file: PGlite in memory, or — when DATABASE_URL is
// set — a new database on that PostgreSQL server, dropped again afterwards.
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../backend/core/db.ts';
import { migrate } from '../../backend/core/migrate.ts';

export interface TestDb extends Database {
  /** 'pglite' or 'postgres', for test names. */
  label: string;
}

/** `onQuery`: sees every statement's text (see OpenOptions). */
export async function freshDatabase(opts: { onQuery?: (query: string) => void } = {}): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ url: null, dataDir: 'memory://', onQuery: opts.onQuery });
    await migrate(db.sql);
    return { ...db, label: 'pglite' };
  }
  const name = `bn_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), max: 10, onQuery: opts.onQuery });
  await migrate(db.sql);
  return {
    ...db,
    label: 'postgres',
    async close() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
