// `buergernah plans import|list` on the database, with --json printing exactly one object.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { createTenant } from '../../backend/admin/store.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { TenantCreate } from '../../backend/admin/schema.ts';
import { plansCli } from '../../backend/plans/cli.ts';
import { freshDatabase, type TestDb } from './db.ts';

import { FIXTURES } from './plans/fixtures.ts';

describe('plans CLI', () => {
  let db: TestDb;
  before(async () => {
    db = await freshDatabase();
    await createTenant(db.sql, v.parse(TenantCreate, { slug: 'hamburg', name: 'Hamburg', origins: ['https://hamburg.example'] }), CLI_ACTOR);
  });
  after(async () => {
    await db?.close();
  });

  async function run(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await plansCli(args, db.sql, {}, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  }

  it('imports a file and prints one JSON object with --json', async () => {
    const r = await run(['import', '--tenant', 'hamburg', FIXTURES + 'Eidelstedt_4_V4.zip', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.items[0].name, 'Eidelstedt 4');
    assert.equal(out.items[0].featureCount, 31);
    assert.equal(out.xplanVersion, '4.1');
  });

  it('prints a readable line without --json, and updates on re-import', async () => {
    const r = await run(['import', '--tenant', 'hamburg', FIXTURES + 'Eidelstedt_4_V4.zip']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Aktualisiert \/ updated \(v2\): Eidelstedt 4/);
  });

  it("lists the tenant's plans", async () => {
    const r = await run(['list', '--tenant', 'hamburg', '--json']);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.items.map((p: { name: string; version: number }) => [p.name, p.version]),
      [['Eidelstedt 4', 2]],
    );
  });

  it("exits 1 with the importer's messages for a broken file", async () => {
    const r = await run(['import', '--tenant', 'hamburg', FIXTURES + 'BP_6.0_syntaxErrors.gml', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.error.code, 'INVALID_PLAN');
    assert.ok(out.error.errors.some((e: { path: string }) => e.path === 'BP_Plan/planArtCode'));
  });

  it('exits 2 on wrong usage and 1 on an unknown tenant', async () => {
    assert.equal((await run(['import', '--tenant', 'hamburg'])).code, 2);
    assert.equal((await run(['import', '--tenant', 'nowhere', FIXTURES + 'BP_6.0.gml'])).code, 1);
  });
});
