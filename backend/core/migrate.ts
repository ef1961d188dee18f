// Ordered SQL files from backend/migrations/, applied once each under an advisory lock so
// that several processes starting together migrate exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './db.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
const LOCK = 7_402_117; // arbitrary, fixed: "bn" migrations

export async function migrate(sql: Sql): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    // Transaction-scoped lock: released on commit or rollback, also if this process dies.
    await tx`select pg_advisory_xact_lock(${LOCK})`;
    await tx`create table if not exists bn_migrations (
      name text primary key, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ name: string }[]>`select name from bn_migrations`).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.unsafe(fs.readFileSync(path.join(dir, file), 'utf8'));
      await tx`insert into bn_migrations (name) values (${file})`;
      applied.push(file);
    }
  });
  return applied;
}
