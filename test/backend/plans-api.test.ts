// Plans through the HTTP API: import (multipart), list/get/update/delete for staff, the
// public reads with ETag, re-import with history, and the tenant wall.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { problem, world, type World } from './helpers.ts';
import { makeZip } from './plans/zip.ts';
import { syntheticPlan } from './plans/synthetic.ts';
import { assertInHamburg, fixtureXml, gmlPlanarArea } from './plans/gml.ts';
import turfArea from '@turf/area';

import { FIXTURES } from './plans/fixtures.ts';
import { one } from '../../backend/core/db.ts';

function form(bytes: Uint8Array, name: string): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return fd;
}

describe('plans API', () => {
  let w: World;
  const ids: Record<string, string> = {};

  before(async () => {
    w = await world();
  });
  after(async () => {
    await w?.close();
  });

  // Published at once: this file tests the public reads too (plans-publish.test.ts: the default).
  const importFile = (bytes: Uint8Array, name: string, key = w.a.sk, query = '?publish=true') => w.req(`/v1/staff/plans/import${query}`, { method: 'POST', key, body: form(bytes, name) });

  // BP_6.0.gml and BPlan002_5-4.gml are the same plan (same gml:id) in two XPlanGML
  // versions: tenant B gets the 5.4 file first, tenant A re-imports it over the 6.0 one below.
  for (const [file, name, features, tenant] of [
    ['BP_6.0.gml', 'BPlan002_6-0_SoapUI-XPlanManagerAPI', 8, 'a'],
    ['Eidelstedt_4_V4.zip', 'Eidelstedt 4', 31, 'a'],
    ['BPlan002_5-4.gml', 'BPlan002_5-4', 8, 'b'],
  ] as const) {
    it(`imports ${file} and returns the plan with its id`, async () => {
      const res = await importFile(readFileSync(FIXTURES + file), file, w[tenant].sk);
      const body = await res.json();
      assert.equal(res.status, 201, JSON.stringify(body));
      assert.equal(body.items.length, 1);
      assert.equal(body.items[0].name, name);
      assert.equal(body.items[0].featureCount, features);
      assert.equal(body.items[0].created, true);
      assert.match(body.items[0].id, /^[0-9a-f-]{36}$/);
      ids[file] = body.items[0].id;
    });
  }

  for (const [file, rechtsstand, date, tenant] of [
    ['BP_6.0.gml', 'Satzung', ['technHerstellDatum', '2021-07-01'], 'a'],
    ['Eidelstedt_4_V4.zip', 'In Kraft getreten', ['inkrafttretensDatum', '1973-10-16'], 'a'],
    ['BPlan002_5-4.gml', 'Satzung', ['technHerstellDatum', '2021-07-01'], 'b'],
  ] as const) {
    it(`stores ${file} as read: rechtsstand label, a date, contents, Geltungsbereich in Hamburg with the GML's area`, async () => {
      const p = await (await w.req(`/v1/staff/plans/${ids[file]}`, { key: w[tenant].sk })).json();
      assert.equal(p.rechtsstand.label, rechtsstand);
      assert.ok(p.dates.some((d: { field: string; date: string }) => d.field === date[0] && d.date === date[1]));
      assert.equal(p.contents.features.length, file.endsWith('.zip') ? 31 : 8);
      assertInHamburg(p.bbox);
      const planar = gmlPlanarArea(fixtureXml(readFileSync(FIXTURES + file), file));
      const area = turfArea(p.geltungsbereich);
      assert.ok(Math.abs(area - planar) / planar < 0.005, `${area} vs ${planar}`);
      assert.ok(Math.abs(p.areaM2 - planar) / planar < 0.005, `${p.areaM2} vs ${planar}`);
    });
  }

  it('refuses the syntax-error fixture with the element and line, storing nothing', async () => {
    const res = await importFile(readFileSync(FIXTURES + 'BP_6.0_syntaxErrors.gml'), 'BP_6.0_syntaxErrors.gml');
    const p = await problem(res, 422, 'INVALID_PLAN');
    assert.ok(
      p.errors?.some((e) => e.path === 'BP_Plan/planArtCode' && /Zeile 46/.test(e.message)),
      JSON.stringify(p.errors),
    );
    const list = await (await w.req('/v1/staff/plans', { key: w.a.sk })).json();
    assert.equal(list.total, 2);
  });

  it('answers hostile uploads with problems: XXE 422, PDF 415, 0 bytes 422, ../ names 422, missing field 422', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    await problem(await importFile(new TextEncoder().encode(xxe), 'x.gml'), 422, 'DTD_FORBIDDEN');
    await problem(await importFile(new TextEncoder().encode('%PDF-1.4\n%%EOF'), 'plan.gml'), 415, 'NOT_XPLAN');
    await problem(await importFile(new Uint8Array(0), 'empty.gml'), 422, 'EMPTY_FILE');
    const zip = makeZip([
      { name: 'xplan.gml', data: new TextEncoder().encode(syntheticPlan()) },
      { name: '../../etc/cron.d/x', data: new Uint8Array(1) },
    ]);
    await problem(await importFile(zip, 'evil.zip'), 422, 'ARCHIVE_PATH_TRAVERSAL');
    const p = await problem(await w.req('/v1/staff/plans/import', { method: 'POST', key: w.a.sk, body: new FormData() }), 422, 'VALIDATION_FAILED');
    assert.equal(p.errors?.[0]?.path, 'file');
  });

  it('limits the upload size: 413 from the body limit and from the importer', async () => {
    const before = process.env.BN_PLAN_MAX_BYTES;
    process.env.BN_PLAN_MAX_BYTES = '1000';
    try {
      await problem(await importFile(new Uint8Array(200_000).fill(60), 'huge.gml'), 413, 'PAYLOAD_TOO_LARGE');
      await problem(await importFile(new Uint8Array(10_000).fill(60), 'big.gml'), 413, 'FILE_TOO_LARGE');
    } finally {
      if (before === undefined) delete process.env.BN_PLAN_MAX_BYTES;
      else process.env.BN_PLAN_MAX_BYTES = before;
    }
  });

  it('needs a staff key to import', async () => {
    await problem(await importFile(readFileSync(FIXTURES + 'BP_6.0.gml'), 'BP_6.0.gml', w.a.pk), 403);
  });

  it('gets one plan for staff with both GeoJSONs, labels and dates', async () => {
    const res = await w.req(`/v1/staff/plans/${ids['Eidelstedt_4_V4.zip']}`, { key: w.a.sk });
    assert.equal(res.status, 200);
    const p = await res.json();
    assert.equal(p.rechtsstand.label, 'In Kraft getreten');
    assert.equal(p.stage, 'in-force');
    assert.ok(p.dates.some((d: { field: string; date: string }) => d.field === 'inkrafttretensDatum' && d.date === '1973-10-16'));
    assert.equal(p.geltungsbereich.type, 'Feature');
    assert.equal(p.contents.type, 'FeatureCollection');
    assert.equal(p.contents.features.length, 31);
    assert.ok(p.contents.legend.length > 3);
    assert.deepEqual(p.history, []);
    assert.ok(p.bbox[0] > 9.7 && p.bbox[2] < 10.3 && p.bbox[1] > 53.4 && p.bbox[3] < 53.7);
  });

  it('lists and filters (stage, type, text) with paging', async () => {
    const all = await (await w.req('/v1/staff/plans?pageSize=1', { key: w.a.sk })).json();
    assert.equal(all.total, 2);
    assert.equal(all.items.length, 1);
    const page2 = await (await w.req('/v1/staff/plans?pageSize=1&page=2', { key: w.a.sk })).json();
    assert.notEqual(page2.items[0].id, all.items[0].id);
    const inForce = await (await w.req('/v1/staff/plans?stage=in-force', { key: w.a.sk })).json();
    assert.deepEqual(
      inForce.items.map((p: { name: string }) => p.name),
      ['Eidelstedt 4'],
    );
    const text = await (await w.req('/v1/staff/plans?text=6-0', { key: w.a.sk })).json();
    assert.deepEqual(
      text.items.map((p: { name: string }) => p.name),
      ['BPlan002_6-0_SoapUI-XPlanManagerAPI'],
    );
    const fp = await (await w.req('/v1/staff/plans?type=FP', { key: w.a.sk })).json();
    assert.equal(fp.total, 0);
    const bad = await problem(await w.req('/v1/staff/plans?stage=nope', { key: w.a.sk }), 422, 'VALIDATION_FAILED');
    assert.equal(bad.errors?.[0]?.path, 'stage');
  });

  it('lets staff edit title, summary and participation dates; validates them', async () => {
    const id = ids['BP_6.0.gml'];
    const res = await w.req(`/v1/staff/plans/${id}`, {
      method: 'PATCH',
      key: w.a.sk,
      json: { title: 'Wohnen am Park', summary: 'Neue Wohnungen und ein Park.', participationStart: '2020-01-01', participationEnd: '2099-12-31' },
    });
    const p = await res.json();
    assert.equal(res.status, 200, JSON.stringify(p));
    assert.equal(p.title, 'Wohnen am Park');
    assert.equal(p.name, 'BPlan002_6-0_SoapUI-XPlanManagerAPI');
    assert.deepEqual(p.participation, { start: '2020-01-01', end: '2099-12-31', open: true, source: 'staff', statements: true });
    const bad = await problem(
      await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { participationStart: '2026-05-01', participationEnd: '2026-04-01' } }),
      422,
      'VALIDATION_FAILED',
    );
    assert.equal(bad.errors?.[0]?.path, 'participationEnd');
    await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { name: 'x' } }), 422, 'VALIDATION_FAILED');
  });

  it("re-importing the same plan (same gml:id, here its 5.4 edition) updates it, keeps the clerk's edits and records history", async () => {
    const id = ids['BP_6.0.gml'];
    // The 5.4 edition carries another name: the import asks before replacing.
    const ask = await problem(await importFile(readFileSync(FIXTURES + 'BPlan002_5-4.gml'), 'BPlan002_5-4.gml'), 409, 'PLAN_REPLACE_CONFIRM');
    assert.match(ask.detail ?? '', /BPlan002_6-0_SoapUI-XPlanManagerAPI.*BPlan002_5-4/);
    assert.equal((await (await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk })).json()).version, 1, 'nothing replaced');
    const res = await importFile(readFileSync(FIXTURES + 'BPlan002_5-4.gml'), 'BPlan002_5-4.gml', w.a.sk, '?publish=true&replace=true');
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual([body.items[0].id, body.items[0].created, body.items[0].version], [id, false, 2]);
    const xml = readFileSync(FIXTURES + 'BP_6.0.gml', 'utf8')
      .replace('<xplan:rechtsstand>3000</xplan:rechtsstand>', '<xplan:rechtsstand>4000</xplan:rechtsstand>')
      .replace('<xplan:technHerstellDatum>2021-07-01', '<xplan:technHerstellDatum>2020-01-01');
    const again = await (await importFile(new TextEncoder().encode(xml), 'BP_6.0-v3.gml', w.a.sk, '?replace=true')).json();
    assert.equal(again.items[0].version, 3);
    assert.match(again.items[0].warnings.join(' '), /älter/, 'an older file is flagged');
    const p = await (await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk })).json();
    assert.equal(p.rechtsstand.label, 'In Kraft getreten');
    assert.equal(p.xplanVersion, '6.0');
    assert.equal(p.title, 'Wohnen am Park');
    assert.deepEqual(
      p.history.map((h: { version: number; name: string; rechtsstand: string; sourceName: string }) => [h.version, h.name, h.rechtsstand, h.sourceName]),
      [
        [2, 'BPlan002_5-4', '3000', 'BPlan002_5-4.gml'],
        [1, 'BPlan002_6-0_SoapUI-XPlanManagerAPI', '3000', 'BP_6.0.gml'],
      ],
    );
    const list = await (await w.req('/v1/staff/plans', { key: w.a.sk })).json();
    assert.equal(list.total, 2, 'no duplicate');
  });

  it('re-importing by plan number (other gml:id) updates the same plan', async () => {
    const first = await (await importFile(new TextEncoder().encode(syntheticPlan({ gmlId: 'GML_a', nummer: 'B-17' })), 'a.gml')).json();
    const second = await (await importFile(new TextEncoder().encode(syntheticPlan({ gmlId: 'GML_b', nummer: 'B-17', rechtsstand: '3000' })), 'b.gml')).json();
    assert.equal(second.items[0].id, first.items[0].id);
    assert.equal(second.items[0].version, 2);
  });

  it('stores the documents of an XPlanArchiv and serves them safely', async () => {
    const extra = `<xplan:externeReferenz><xplan:XP_SpezExterneReferenz><xplan:referenzName>Begründung</xplan:referenzName><xplan:referenzURL>Begruendung.pdf</xplan:referenzURL><xplan:typ>1010</xplan:typ></xplan:XP_SpezExterneReferenz></xplan:externeReferenz>`;
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF');
    const zip = makeZip([
      { name: 'xplan.gml', data: new TextEncoder().encode(syntheticPlan({ gmlId: 'GML_docs', extraPlanXml: extra })) },
      { name: 'Begruendung.pdf', data: pdf },
      { name: 'evil.html', data: new TextEncoder().encode('<script>alert(1)</script>') },
    ]);
    const body = await (await importFile(zip, 'plan.zip')).json();
    const id = body.items[0].id;
    assert.equal(body.items[0].fileCount, 2);
    const p = await (await w.req(`/v1/plans/${id}`, { key: w.a.pk })).json();
    const ref = p.references.find((r: { typ: { code: string } }) => r.typ?.code === '1010');
    const file = p.files.find((f: { id: string }) => f.id === ref.fileId);
    assert.equal(file.mediaType, 'application/pdf');
    const res = await w.req(file.href, { key: w.a.pk });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'application/pdf');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), pdf);
    const html = p.files.find((f: { name: string }) => f.name === 'evil.html');
    const res2 = await w.req(html.href, { key: w.a.pk });
    assert.equal(res2.headers.get('Content-Type'), 'application/octet-stream');
    assert.match(res2.headers.get('Content-Disposition')!, /^attachment/);
    assert.match(res2.headers.get('Content-Security-Policy')!, /sandbox/);
    await res2.arrayBuffer();
  });

  it('public list and detail carry ETag, answer 304, and filter', async () => {
    const res = await w.req('/v1/plans?stage=in-force', { key: w.a.pk });
    assert.equal(res.status, 200);
    const etag = res.headers.get('ETag');
    assert.ok(etag && res.headers.get('Cache-Control'));
    const list = await res.json();
    assert.ok(list.items.every((p: { stage: string }) => p.stage === 'in-force'));
    const again = await w.req('/v1/plans?stage=in-force', { key: w.a.pk, headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const d = await w.req(`/v1/plans/${ids['Eidelstedt_4_V4.zip']}?key=${w.a.pk}`);
    assert.equal(d.status, 200);
    assert.ok(d.headers.get('ETag'));
    const plan = await d.json();
    assert.equal(plan.contents.features.length, 31);
    assert.equal(plan.geltungsbereich.geometry.type, 'Polygon');
    assert.equal('history' in plan, false, 'no staff fields in public');
  });

  it('another tenant cannot see, update, delete or download a plan (404), and its lists are empty', async () => {
    const id = ids['Eidelstedt_4_V4.zip'];
    for (const key of [w.b.sk, w.c.sk]) {
      await problem(await w.req(`/v1/staff/plans/${id}`, { key }), 404, 'NOT_FOUND');
      await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key, json: { title: 'gekapert' } }), 404, 'NOT_FOUND');
      await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'DELETE', key }), 404, 'NOT_FOUND');
      const list = await (await w.req('/v1/staff/plans', { key })).json();
      assert.ok(list.items.every((p: { id: string }) => p.id !== id));
    }
    // B holds its own copy of BPlan002 (same gml:id as A's plan): separate rows, each tenant sees its own.
    const bList = await (await w.req('/v1/staff/plans', { key: w.b.sk })).json();
    assert.deepEqual(
      bList.items.map((p: { id: string }) => p.id),
      [ids['BPlan002_5-4.gml']],
    );
    await problem(await w.req(`/v1/staff/plans/${ids['BPlan002_5-4.gml']}`, { key: w.a.sk }), 404, 'NOT_FOUND');
    await problem(await w.req(`/v1/plans/${id}`, { key: w.c.pk }), 404, 'NOT_FOUND');
    await problem(await w.req('/v1/plans/not-a-uuid', { key: w.a.pk }), 404, 'NOT_FOUND');
    const still = await (await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk })).json();
    assert.notEqual(still.title, 'gekapert');
  });

  it('answers 403 MODULE_DISABLED when the tenant does not offer plans', async () => {
    const res = await w.req(`/v1/admin/tenants/${w.c.slug}`, { method: 'PATCH', key: w.admin, json: { modules: ['tips'] } });
    assert.equal(res.status, 200, await res.text());
    w.forgetKeys();
    await problem(await w.req('/v1/plans', { key: w.c.pk }), 403, 'MODULE_DISABLED');
    await problem(await w.req('/v1/staff/plans', { key: w.c.sk }), 403, 'MODULE_DISABLED');
  });

  it('deletes a plan with its history', async () => {
    const id = ids['BP_6.0.gml'];
    const res = await w.req(`/v1/staff/plans/${id}`, { method: 'DELETE', key: w.a.sk });
    assert.equal(res.status, 204);
    await problem(await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk }), 404, 'NOT_FOUND');
    const { n } = one(await w.db.sql<{ n: number }[]>`select count(*)::int as n from plan_versions where plan_id = ${id}`);
    assert.equal(n, 0);
  });
});
