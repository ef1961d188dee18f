// Two processes starting together migrate exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../backend/core/db.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const script = `
  import { openDatabase } from './backend/core/db.ts';
  import { migrate } from './backend/core/migrate.ts';
  const db = await openDatabase();
  try { const applied = await migrate(db.sql); console.log(JSON.stringify({ applied })); }
  catch (e) { console.log(JSON.stringify({ error: e.message })); process.exitCode = 3; }
  finally { await db.close(); }`;

function runMigrate(env: Record<string, string | undefined>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const merged: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'test' };
    for (const [k, val] of Object.entries(env)) {
      if (val === undefined) delete merged[k];
      else merged[k] = val;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: merged });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const base = process.env.DATABASE_URL;

// Registered only in the PostgreSQL pass of the suite (npm test runs the backend tests twice).
if (base)
  test('PostgreSQL: two processes migrating at once apply each migration once', async () => {
    const name = `bn_test_mig_${randomBytes(4).toString('hex')}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      const url = new URL(base!);
      url.pathname = `/${name}`;
      const [one, two] = await Promise.all([runMigrate({ DATABASE_URL: url.toString() }), runMigrate({ DATABASE_URL: url.toString() })]);
      assert.equal(one.code, 0, one.out);
      assert.equal(two.code, 0, two.out);
      const applied = [JSON.parse(one.out).applied, JSON.parse(two.out).applied];
      const total = applied[0].length + applied[1].length;
      const files = fs.readdirSync(path.join(root, 'backend', 'migrations')).filter((f) => f.endsWith('.sql'));
      assert.equal(total, files.length, 'every migration applied by exactly one process');
      const db = postgres(url.toString(), { max: 1 });
      const [row] = await db`select count(*)::int as n from bn_migrations`;
      assert.equal(row?.n, files.length);
      await db.end();
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

test('embedded database: a second process gets a clear message instead of corrupting the data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-lock-'));
  const held = await openDatabase({ url: null, dataDir: dir });
  try {
    const other = await runMigrate({ DATABASE_URL: undefined, BN_DATA_DIR: dir });
    assert.notEqual(other.code, 0);
    assert.match(other.out, /in use by process \d+/);
  } finally {
    await held.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('embedded database: a stale lock of a dead process is taken over, migrations run once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-lock-'));
  fs.writeFileSync(path.join(dir, 'buergernah.lock'), '999999');
  try {
    const first = await runMigrate({ DATABASE_URL: undefined, BN_DATA_DIR: dir });
    assert.equal(first.code, 0, first.out);
    assert.ok(JSON.parse(first.out).applied.length > 0);
    const second = await runMigrate({ DATABASE_URL: undefined, BN_DATA_DIR: dir });
    assert.deepEqual(JSON.parse(second.out).applied, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
