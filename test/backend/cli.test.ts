// The hosting office's CLI contract: commands, --json output, exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

const root = path.resolve(import.meta.dirname, '..', '..');
const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'test', LOG_LEVEL: 'silent' };
let cleanup = async () => {};

before(async () => {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `bn_test_cli_${randomBytes(4).toString('hex')}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-cli-'));
    env.BN_DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
});
after(() => cleanup());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'backend', 'cli.js'), ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const json = (r: { stdout: string }) => {
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON object: ${r.stdout}`);
  return JSON.parse(lines[0]);
};

test('tenants create / list / update', async () => {
  const county = await cli('tenants', 'create', '--slug', 'musterkreis', '--name', 'Landkreis Musterkreis', '--origin', 'https://www.musterkreis.example', '--json');
  assert.equal(county.code, 0, county.stderr);
  assert.equal(json(county).slug, 'musterkreis');
  const town = await cli('tenants', 'create', '--slug', 'beispielstadt', '--name', 'Gemeinde Beispielstadt', '--origin', 'https://www.beispielstadt.example', '--origin', 'https://beispielstadt.example', '--parent', 'musterkreis', '--json');
  assert.equal(town.code, 0, town.stderr);
  assert.deepEqual(json(town).origins, ['https://www.beispielstadt.example', 'https://beispielstadt.example']);
  assert.equal(json(town).parent, 'musterkreis');

  const list = await cli('tenants', 'list', '--json');
  assert.deepEqual(json(list).items.map((t: { slug: string }) => t.slug), ['beispielstadt', 'musterkreis']);
  const text = await cli('tenants', 'list');
  assert.match(text.stdout, /beispielstadt\s+Gemeinde Beispielstadt\s+\(community: musterkreis\)/);

  const upd = await cli('tenants', 'update', 'beispielstadt', '--name', 'Stadt Beispielstadt', '--add-origin', 'https://neu.example', '--remove-origin', 'https://beispielstadt.example', '--json');
  assert.equal(upd.code, 0, upd.stderr);
  assert.equal(json(upd).name, 'Stadt Beispielstadt');
  assert.deepEqual(json(upd).origins, ['https://www.beispielstadt.example', 'https://neu.example']);
});

test('clear errors and non-zero exits', async () => {
  const dup = await cli('tenants', 'create', '--slug', 'musterkreis', '--name', 'X');
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /exists already/);
  const bad = await cli('tenants', 'create', '--slug', 'x', '--name', 'X', '--origin', 'www.x.de', '--json');
  assert.equal(bad.code, 1);
  assert.equal(json(bad).error.code, 'VALIDATION_FAILED');
  assert.equal(json(bad).error.errors[0].path, 'origins.0');
  const missing = await cli('tenants', 'update', 'gibtsnicht', '--name', 'X');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does not exist/);
  const usage = await cli('tenants', 'explode');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Unknown command/);
  const flag = await cli('keys', 'list', '--bogus');
  assert.equal(flag.code, 2);
  const kind = await cli('keys', 'create', '--tenant', 'musterkreis', '--kind', 'root', '--json');
  assert.equal(kind.code, 1);
  assert.equal(json(kind).error.errors[0].path, 'kind');
});

test('keys create / list / rotate / revoke', async () => {
  const pk = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'publishable', '--label', 'Website', '--json');
  assert.equal(pk.code, 0, pk.stderr);
  const created = json(pk);
  assert.match(created.key, /^bn_pk_[0-9A-Za-z]{28}$/);
  const sk = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--label', 'Erika Musterfrau');
  assert.equal(sk.code, 0);
  assert.match(sk.stdout, /bn_sk_[0-9A-Za-z]{28}/);
  assert.match(sk.stdout, /shown only once/);
  const ak = json(await cli('keys', 'create', '--admin', '--label', 'Hosting office', '--json'));
  assert.equal(ak.kind, 'admin');
  assert.equal(ak.tenant, null);

  const list = json(await cli('keys', 'list', '--tenant', 'beispielstadt', '--json'));
  assert.equal(list.items.length, 2);
  assert.ok(!JSON.stringify(list).includes(sk.stdout.match(/bn_sk_\w+/)![0]), 'no staff secret in lists');

  const rotated = json(await cli('keys', 'rotate', created.id, '--grace-hours', '2', '--json'));
  assert.match(rotated.key, /^bn_pk_/);
  assert.notEqual(rotated.key, created.key);
  assert.equal(rotated.previous.id, created.id);
  assert.equal(rotated.previous.status, 'expiring');

  const revoked = json(await cli('keys', 'revoke', rotated.id, '--json'));
  assert.equal(revoked.status, 'revoked');
  const again = await cli('keys', 'rotate', rotated.id);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /revoked key cannot be rotated/);
  const unknown = await cli('keys', 'revoke', 'key_0000000000000000', '--json');
  assert.equal(unknown.code, 1);
  assert.equal(json(unknown).error.code, 'NOT_FOUND');
});
