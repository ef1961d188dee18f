// Issue 13 item 16: an imported plan is not public until staff publish it (API, PATCH, CLI
// --publish); the import warns about a Gemeindeschlüssel that is not the tenant's; a
// re-import replacing a plan of another name needs `replace`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plansCli } from '../../backend/plans/cli.ts';
import { problem, world, type World } from './helpers.ts';
import { makeZip } from './plans/zip.ts';
import { syntheticPlan } from './plans/synthetic.ts';

const enc = (s: string) => new TextEncoder().encode(s);
function form(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

describe('plans: publishing, Gemeindeschlüssel, replace', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(async () => {
    await w?.close();
  });
  const importFile = (bytes: Uint8Array, name: string, fields: Record<string, string> = {}, query = '') =>
    w.req(`/v1/staff/plans/import${query}`, { method: 'POST', key: w.a.sk, body: form(bytes, name, fields) });
  const publicList = async () => (await (await w.req('/v1/plans', { key: w.a.pk })).json()) as { items: { id: string }[]; total: number };

  /** The plan both publishing tests look at, imported unpublished with a document; once per file. */
  let imported: Promise<{ id: string; fileId: string; published: boolean; staff: { published: boolean; files: { id: string }[] } }> | undefined;
  const importedPlan = () =>
    (imported ??= (async () => {
      const pdf = enc('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF');
      const zip = makeZip([
        { name: 'xplan.gml', data: enc(syntheticPlan({ gmlId: 'GML_pub', nummer: 'P-1', name: 'Am Markt' })) },
        { name: 'Begruendung.pdf', data: pdf },
      ]);
      const res = await importFile(zip, 'p.zip');
      const body = await res.json();
      assert.equal(res.status, 201, JSON.stringify(body));
      const id: string = body.items[0].id;
      const staff = await (await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk })).json();
      return { id, fileId: staff.files[0].id as string, published: body.items[0].published as boolean, staff };
    })());

  it('keeps an imported plan out of the public API (list, detail, documents) until staff publish it', async () => {
    const { id, fileId, published, staff } = await importedPlan();
    assert.equal(published, false);
    assert.equal(staff.published, false);
    assert.equal((await publicList()).total, 0);
    await problem(await w.req(`/v1/plans/${id}`, { key: w.a.pk }), 404, 'NOT_FOUND');
    await problem(await w.req(`/v1/plans/${id}/files/${fileId}`, { key: w.a.pk }), 404, 'NOT_FOUND');
    assert.equal((await w.req(`/v1/staff/plans/${id}/files/${fileId}`, { key: w.a.sk })).status, 200, 'staff see the documents');
  });

  it('publishes with PATCH {published:true} and withdraws with false', async () => {
    const { id, fileId } = await importedPlan();
    const res = await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { published: true } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).published, true);
    assert.deepEqual(
      (await publicList()).items.map((p) => p.id),
      [id],
    );
    const pub = await w.req(`/v1/plans/${id}`, { key: w.a.pk });
    assert.equal(pub.status, 200);
    assert.equal((await pub.json()).published, true);
    assert.equal((await w.req(`/v1/plans/${id}/files/${fileId}`, { key: w.a.pk })).status, 200);
    await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { published: false } });
    await problem(await w.req(`/v1/plans/${id}`, { key: w.a.pk }), 404, 'NOT_FOUND');
    await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { published: 'yes' } }), 422, 'VALIDATION_FAILED');
  });

  it('publishes at import with the publish field or query, and a re-import keeps a published plan public', async () => {
    const a = await (await importFile(enc(syntheticPlan({ gmlId: 'GML_now', nummer: 'P-2', name: 'Sofort' })), 'a.gml', { publish: 'true' })).json();
    assert.equal(a.items[0].published, true);
    const b = await (await importFile(enc(syntheticPlan({ gmlId: 'GML_q', nummer: 'P-3', name: 'Query' })), 'b.gml', {}, '?publish=true')).json();
    assert.equal(b.items[0].published, true);
    const again = await (await importFile(enc(syntheticPlan({ gmlId: 'GML_now', nummer: 'P-2', name: 'Sofort', rechtsstand: '3000' })), 'a.gml')).json();
    assert.deepEqual([again.items[0].version, again.items[0].published], [2, true]);
    assert.equal((await publicList()).total, 2);
    await problem(await importFile(enc(syntheticPlan({ gmlId: 'GML_x' })), 'x.gml', { publish: 'maybe' }), 422, 'VALIDATION_FAILED');
  });

  it('asks before a re-import replaces a plan of another name (409 PLAN_REPLACE_CONFIRM), replaces with replace=true', async () => {
    assert.equal((await importFile(enc(syntheticPlan({ gmlId: 'GML_first', nummer: 'P-4', name: 'Zuerst' })), 'f.gml')).status, 201);
    const other = enc(syntheticPlan({ gmlId: 'GML_other', nummer: 'P-4', name: 'Ganz anderer Plan' }));
    const p = await problem(await importFile(other, 'o.gml'), 409, 'PLAN_REPLACE_CONFIRM');
    assert.match(p.detail ?? '', /„Zuerst“.*„Ganz anderer Plan“/);
    const list = await (await w.req('/v1/staff/plans?text=Zuerst', { key: w.a.sk })).json();
    assert.equal(list.items[0].version, 1, 'nothing was replaced');
    const ok = await (await importFile(other, 'o.gml', { replace: 'true' })).json();
    assert.deepEqual([ok.items[0].name, ok.items[0].version], ['Ganz anderer Plan', 2]);
  });

  it("warns when the plan's Gemeindeschlüssel is not the tenant's (settings), and not when it is", async () => {
    await problem(await w.req('/v1/staff/plans/settings', { method: 'PUT', key: w.a.sk, json: { gemeindeschluessel: ['03x'] } }), 422, 'VALIDATION_FAILED');
    const put = await w.req('/v1/staff/plans/settings', { method: 'PUT', key: w.a.sk, json: { gemeindeschluessel: ['03359'] } });
    assert.equal(put.status, 200);
    assert.deepEqual(await (await w.req('/v1/staff/plans/settings', { key: w.a.sk })).json(), { gemeindeschluessel: ['03359'] });
    const foreign = await (await importFile(enc(syntheticPlan({ gmlId: 'GML_hh', name: 'Hamburg-Plan' })), 'hh.gml')).json();
    assert.match(foreign.items[0].warnings.join(' '), /Gemeindeschlüssel des Plans \(02000000\) gehört nicht zu diesem Mandanten \(03359\)/);
    await w.req('/v1/staff/plans/settings', { method: 'PUT', key: w.a.sk, json: { gemeindeschluessel: ['02000000'] } });
    const own = await (await importFile(enc(syntheticPlan({ gmlId: 'GML_hh2', name: 'Hamburg-Plan 2' })), 'hh2.gml')).json();
    assert.ok(!own.items[0].warnings.some((x: string) => /Gemeindeschlüssel/.test(x)), own.items[0].warnings.join(' '));
  });

  it('CLI: imports unpublished by default, --publish publishes, --replace is needed for another name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-plans-'));
    const file = (name: string, xml: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, xml);
      return f;
    };
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await plansCli(args, w.db.sql, {}, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      return { code, stdout, stderr };
    };
    const a = await run(['import', '--tenant', w.c.slug, file('a.gml', syntheticPlan({ gmlId: 'GML_cli', nummer: 'C-1', name: 'Eins' }))]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /nicht veröffentlicht \/ not published \(--publish\)/);
    const b = await run(['import', '--tenant', w.c.slug, file('b.gml', syntheticPlan({ gmlId: 'GML_cli2', nummer: 'C-2', name: 'Zwei' })), '--publish', '--json']);
    assert.equal(JSON.parse(b.stdout).items[0].published, true);
    const pub = await (await w.req('/v1/plans', { key: w.c.pk })).json();
    assert.deepEqual(
      pub.items.map((p: { name: string }) => p.name),
      ['Zwei'],
    );
    const other = file('c.gml', syntheticPlan({ gmlId: 'GML_cli', nummer: 'C-1', name: 'Anders' }));
    const refused = await run(['import', '--tenant', w.c.slug, other, '--json']);
    assert.equal(refused.code, 1);
    const err = JSON.parse(refused.stdout).error;
    assert.equal(err.code, 'PLAN_REPLACE_CONFIRM');
    assert.match(err.detail, /--replace/);
    const ok = await run(['import', '--tenant', w.c.slug, other, '--replace', '--json']);
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(JSON.parse(ok.stdout).items[0].name, 'Anders');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
