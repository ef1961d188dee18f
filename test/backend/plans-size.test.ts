// Issue 8, item 2: the size model of plan imports and the stored public representation.
// - points and features are limited per import (BN_PLAN_MAX_POINTS / _FEATURES), counted
//   while parsing, for every way a file writes coordinates and for densified arcs; over a
//   limit → 413 PLAN_TOO_LARGE naming count and limit, in the API, the CLI and the child
//   process, and nothing is stored;
// - GET /v1/plans/{id} serves bytes stored at import: strong ETag, 304, gzip and br that
//   decode to the same JSON; rebuilt after edits, on the day participation flips, and
//   lazily for rows imported before migration 0006;
// - list items carry a simplified outline: fewer points, the same bounding box.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { problem, world, type World } from './helpers.ts';
import { syntheticPlan } from './plans/synthetic.ts';
import { importXPlan, limitsFromEnv, PlanImportError } from '../../backend/plans/xplan/index.ts';
import { runImport } from '../../backend/plans/xplan/run.ts';
import { plansCli } from '../../backend/plans/cli.ts';
import { pickEncoding } from '../../backend/plans/routes.ts';
import { one } from '../../backend/core/db.ts';
import { berlinToday } from '../../backend/core/time.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const SRS = 'EPSG:25832';
const X = 565000;
const Y = 5935000;

// Synthetic plans: the Geltungsbereich (a square with a hole) has 10 points; every content
// feature 5. Features are the plan, its Bereich and the contents.
const pointsOf = (features: number) => 10 + 5 * features;
const featuresOf = (features: number) => 2 + features;

async function refusal(p: Promise<unknown>): Promise<PlanImportError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PlanImportError) return err;
    throw err;
  }
  assert.fail('the import was accepted');
}

const limits = (o: { maxPoints?: number; maxFeatures?: number }) => ({ ...limitsFromEnv({}), ...o });

/** A Geltungsbereich written in another coordinate notation (a 100 m square, 5 positions). */
const ring = (inner: string) => `<gml:Polygon srsName="${SRS}"><gml:exterior><gml:LinearRing>${inner}</gml:LinearRing></gml:exterior></gml:Polygon>`;
const corners = [
  [X, Y],
  [X + 100, Y],
  [X + 100, Y + 100],
  [X, Y + 100],
  [X, Y],
];
const NOTATIONS: Record<string, { gml: string; points: number }> = {
  'gml:posList': { gml: ring(`<gml:posList>${corners.flat().join(' ')}</gml:posList>`), points: 5 },
  'gml:posList in 3D (srsDimension on the Polygon)': {
    gml: `<gml:Polygon srsName="${SRS}" srsDimension="3"><gml:exterior><gml:LinearRing><gml:posList>${corners.map((c) => `${c.join(' ')} 12.5`).join(' ')}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`,
    points: 5,
  },
  'gml:pos elements': { gml: ring(corners.map((c) => `<gml:pos>${c.join(' ')}</gml:pos>`).join('')), points: 5 },
  'gml:coordinates': { gml: ring(`<gml:coordinates>${corners.map((c) => c.join(',')).join(' ')}</gml:coordinates>`), points: 5 },
  'a densified circle (1 position in the file, 181 in GeoJSON)': {
    gml:
      `<gml:Polygon srsName="${SRS}"><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:CircleByCenterPoint numArc="1">` +
      `<gml:pos>${X + 500} ${Y + 500}</gml:pos><gml:radius uom="m">100</gml:radius></gml:CircleByCenterPoint></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>`,
    points: 1 + 181,
  },
};

describe('plan size limits in the importer', () => {
  it('admits a plan of exactly the limits and refuses one point or one feature more, naming count and limit', async () => {
    const xml = enc(syntheticPlan({ features: 10 }));
    const exact = { maxPoints: pointsOf(10), maxFeatures: featuresOf(10) };
    const ok = await importXPlan(xml, limits(exact));
    assert.equal(ok.plans[0]!.contents.features.length, 10);

    const p = await refusal(importXPlan(xml, limits({ ...exact, maxPoints: exact.maxPoints - 1 })));
    assert.equal(p.code, 'PLAN_TOO_LARGE');
    assert.match(p.message, new RegExp(`${pointsOf(10)} points \\(coordinates\\) counted by line \\d+, the limit is ${pointsOf(10) - 1} \\(BN_PLAN_MAX_POINTS\\)`));
    assert.deepEqual(
      p.issues.map((i) => i.path),
      ['BN_PLAN_MAX_POINTS'],
    );

    const f = await refusal(importXPlan(xml, limits({ ...exact, maxFeatures: exact.maxFeatures - 1 })));
    assert.equal(f.code, 'PLAN_TOO_LARGE');
    assert.match(f.message, new RegExp(`${featuresOf(10)} features counted by line \\d+, the limit is ${featuresOf(10) - 1} \\(BN_PLAN_MAX_FEATURES\\)`));
  });

  for (const [name, { gml, points }] of Object.entries(NOTATIONS)) {
    it(`counts the points of ${name}`, async () => {
      const xml = enc(syntheticPlan({ geltungsbereich: gml }));
      await importXPlan(xml, limits({ maxPoints: points }));
      const p = await refusal(importXPlan(xml, limits({ maxPoints: points - 1 })));
      assert.equal(p.code, 'PLAN_TOO_LARGE');
    });
  }

  it('stops early: parsing ends at the first feature over the limit, long before the end of a large file', async () => {
    const xml = enc(syntheticPlan({ features: 20_000 }));
    const p = await refusal(importXPlan(xml, limits({ maxFeatures: 100 })));
    const line = p.issues[0]!.line!;
    assert.ok(line < 200, `stopped at line ${line}`);
  });

  it('refuses an arc whose angle would densify into millions of points before building them', async () => {
    const arc =
      `<gml:Polygon srsName="${SRS}"><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:ArcByCenterPoint numArc="1">` +
      `<gml:pos>${X + 500} ${Y + 500}</gml:pos><gml:radius uom="m">100</gml:radius><gml:startAngle uom="deg">0</gml:startAngle>` +
      `<gml:endAngle uom="deg">1000000000</gml:endAngle></gml:ArcByCenterPoint></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>`;
    const p = await refusal(importXPlan(enc(syntheticPlan({ geltungsbereich: arc })), limits({})));
    assert.equal(p.code, 'PLAN_TOO_LARGE');
  });

  it('reads the limits from the environment, with defaults that admit the largest real fixture many times over', () => {
    const l = limitsFromEnv({ BN_PLAN_MAX_POINTS: '1234', BN_PLAN_MAX_FEATURES: '56' });
    assert.equal(l.maxPoints, 1234);
    assert.equal(l.maxFeatures, 56);
    const d = limitsFromEnv({});
    // Eidelstedt 4 (the largest fixture): 1,314 points and 56 features.
    assert.ok(d.maxPoints >= 10 * 1314 && d.maxFeatures >= 10 * 56);
  });

  it('applies them in the import child process too', async () => {
    const xml = enc(syntheticPlan({ features: 10 }));
    const p = await refusal(runImport(xml, limits({ maxPoints: pointsOf(10) - 1 })));
    assert.equal(p.code, 'PLAN_TOO_LARGE');
    const ok = await runImport(xml, limits({ maxPoints: pointsOf(10) }));
    assert.equal(ok.plans.length, 1);
  });
});

function form(bytes: Uint8Array, name: string): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return fd;
}

/** Runs fn with the import limits set in the environment, as an operator would. */
async function withLimits<T>(l: { points?: number; features?: number }, fn: () => Promise<T>): Promise<T> {
  const old = { p: process.env.BN_PLAN_MAX_POINTS, f: process.env.BN_PLAN_MAX_FEATURES };
  if (l.points !== undefined) process.env.BN_PLAN_MAX_POINTS = String(l.points);
  if (l.features !== undefined) process.env.BN_PLAN_MAX_FEATURES = String(l.features);
  try {
    return await fn();
  } finally {
    for (const [k, v] of [
      ['BN_PLAN_MAX_POINTS', old.p],
      ['BN_PLAN_MAX_FEATURES', old.f],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A Geltungsbereich with many points along a square's edges (±0.5 m zigzag), for the outline. */
function jaggedSquare(perSide: number): string {
  const pts: number[][] = [];
  const side = 800;
  const step = side / perSide;
  for (let s = 0; s < 4; s++) {
    for (let i = 0; i < perSide; i++) {
      const t = i * step;
      const off = i % 2 ? 0.5 : 0;
      const corners: [number, number][] = [
        [X + t, Y + off],
        [X + side - off, Y + t],
        [X + side - t, Y + side - off],
        [X + off, Y + side - t],
      ];
      pts.push(corners[s]!);
    }
  }
  pts.push(pts[0]!);
  return ring(`<gml:posList>${pts.flat().join(' ')}</gml:posList>`);
}

const count = (g: { type: string; coordinates: unknown }) => JSON.stringify(g.coordinates).split('],[').length;

describe('plan sizes and the stored public representation, through the API and the CLI', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(async () => {
    await w?.close();
  });

  const importFile = (bytes: Uint8Array, key = w.a.sk) => w.req('/v1/staff/plans/import?publish=true', { method: 'POST', key, body: form(bytes, 'plan.gml') });
  const total = async (key: string) => (await (await w.req('/v1/staff/plans', { key })).json()).total as number;

  it('refuses a plan one point or one feature over the limit with 413 PLAN_TOO_LARGE, storing nothing; just under imports', async () => {
    const xml = enc(syntheticPlan({ features: 7, gmlId: 'GML_size_api', name: 'Größe' }));
    const before = await total(w.b.sk);
    for (const l of [{ points: pointsOf(7) - 1 }, { features: featuresOf(7) - 1 }]) {
      const res = await withLimits(l, () => importFile(xml, w.b.sk));
      const p = await problem(res, 413, 'PLAN_TOO_LARGE');
      const [limit, env] = l.points ? [l.points, 'BN_PLAN_MAX_POINTS'] : [l.features!, 'BN_PLAN_MAX_FEATURES'];
      assert.match(p.detail!, new RegExp(`${limit + 1} [a-z ()]+ counted by line \\d+, the limit is ${limit} \\(${env}\\)`));
      assert.equal(p.errors?.[0]?.path, env);
      assert.equal(await total(w.b.sk), before);
    }
    const ok = await withLimits({ points: pointsOf(7), features: featuresOf(7) }, () => importFile(xml, w.b.sk));
    assert.equal(ok.status, 201, await ok.clone().text());
    assert.equal(await total(w.b.sk), before + 1);
  });

  it('the CLI refuses the same way, with the code and the limit, storing nothing', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-size-'));
    const file = path.join(dir, 'plan.gml');
    fs.writeFileSync(file, syntheticPlan({ features: 3, gmlId: 'GML_size_cli' }));
    try {
      let stdout = '';
      const before = await total(w.c.sk);
      const code = await withLimits({ features: featuresOf(3) - 1 }, () =>
        plansCli(['import', '--tenant', w.c.slug, file, '--json', '--publish'], w.db.sql, {}, { stdout: (s) => (stdout += s), stderr: () => {} }),
      );
      assert.equal(code, 1);
      const out = JSON.parse(stdout);
      assert.equal(out.error.code, 'PLAN_TOO_LARGE');
      assert.match(out.error.detail, /BN_PLAN_MAX_FEATURES/);
      assert.equal(await total(w.c.sk), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The plan these tests read, imported once per file by whichever test asks first (each also runs alone). */
  let imported: Promise<string> | undefined;
  const planId = () =>
    (imported ??= (async () => {
      const res = await importFile(enc(syntheticPlan({ features: 50, gmlId: 'GML_size_rep', geltungsbereich: jaggedSquare(100) })));
      assert.equal(res.status, 201);
      return (await res.json()).items[0].id as string;
    })());
  const get = async (headers: Record<string, string> = {}) => w.req(`/v1/plans/${await planId()}`, { key: w.a.pk, headers });

  it('serves the stored JSON with a strong ETag and 304 on If-None-Match', async () => {
    const id = await planId();
    const a = await get({ 'Accept-Encoding': 'identity' });
    assert.equal(a.status, 200);
    const etag = a.headers.get('ETag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(a.headers.get('Content-Encoding'), null);
    assert.match(a.headers.get('Vary') ?? '', /Accept-Encoding/);
    const plan = await a.json();
    assert.equal(plan.id, id);
    assert.equal(plan.contents.features.length, 50);
    const b = await get();
    assert.equal(b.headers.get('ETag'), etag);
    const nm = await get({ 'If-None-Match': `W/"other", ${etag}` });
    assert.equal(nm.status, 304);
    assert.equal(nm.headers.get('ETag'), etag);
    assert.equal((await nm.arrayBuffer()).byteLength, 0);
    const miss = await get({ 'If-None-Match': '"something-else"' });
    assert.equal(miss.status, 200);
  });

  it('sends gzip and br by Accept-Encoding, each decoding to the same JSON as identity, under one ETag', async () => {
    const plain = await get({ 'Accept-Encoding': 'identity' });
    const text = await plain.text();
    for (const [accept, encoding, decode] of [
      ['gzip', 'gzip', gunzipSync],
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['br;q=0, gzip;q=0.8', 'gzip', gunzipSync],
    ] as const) {
      const res = await get({ 'Accept-Encoding': accept });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('Content-Encoding'), encoding, accept);
      assert.equal(res.headers.get('ETag'), plain.headers.get('ETag'));
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(Number(res.headers.get('Content-Length')), bytes.byteLength);
      assert.ok(bytes.byteLength < text.length / 3, `${encoding}: ${bytes.byteLength} of ${text.length}`);
      assert.equal(decode(bytes).toString('utf8'), text);
    }
  });

  it('picks the encoding the client accepts, br first, never one it refuses', () => {
    assert.equal(pickEncoding(undefined), 'identity');
    assert.equal(pickEncoding('identity'), 'identity');
    assert.equal(pickEncoding('gzip;q=0, br;q=0'), 'identity');
    assert.equal(pickEncoding('GZIP'), 'gzip');
    assert.equal(pickEncoding('*'), 'gzip');
    assert.equal(pickEncoding('deflate, br;q=0.5'), 'br');
  });

  it('builds the representation again when a clerk edits the plan: new ETag, new title', async () => {
    const id = await planId();
    const old = (await get()).headers.get('ETag');
    const patch = await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { title: 'Neuer Titel' } });
    assert.equal(patch.status, 200);
    const res = await get({ 'If-None-Match': old! });
    assert.equal(res.status, 200);
    assert.notEqual(res.headers.get('ETag'), old);
    assert.equal((await res.json()).title, 'Neuer Titel');
  });

  it('builds it again on the first read from the day participation opens or closes', async () => {
    const id = await planId();
    const today = berlinToday();
    const patch = await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { participationStart: '2020-01-01', participationEnd: today } });
    assert.equal(patch.status, 200);
    const [row] = await w.db.sql<{ valid_until: string }[]>`select valid_until::text from plan_public where plan_id = ${id}`;
    assert.ok(row);
    assert.ok(row.valid_until > today, `valid until ${row.valid_until}`);
    const open = await get();
    assert.equal((await open.json()).participation.open, true);
    // The day after the end, as the stored row sees it: its validity has run out.
    await w.db.sql`update plan_public set valid_until = ${today}::date, body = ${Buffer.from('{"stale":true}')} where plan_id = ${id}`;
    const again = await get({ 'Accept-Encoding': 'identity' });
    const body = await again.json();
    assert.equal(body.id, id);
    assert.equal(again.headers.get('ETag'), open.headers.get('ETag'));
  });

  it('builds outline and representation lazily for a plan stored before migration 0006', async () => {
    const id = await planId();
    const expected = await (await get({ 'Accept-Encoding': 'identity' })).text();
    await w.db.sql`delete from plan_public where plan_id = ${id}`;
    await w.db.sql`update plans set outline = null where id = ${id}`;
    const list = await (await w.req('/v1/plans', { key: w.a.pk })).json();
    assert.ok(list.items.find((p: { id: string }) => p.id === id).outline);
    const { outline } = one(await w.db.sql<{ outline: unknown }[]>`select outline from plans where id = ${id}`);
    assert.ok(outline, 'the outline was stored on the first listing');
    const res = await get({ 'Accept-Encoding': 'identity' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), expected);
    const { n } = one(await w.db.sql<{ n: number }[]>`select count(*)::int as n from plan_public where plan_id = ${id}`);
    assert.equal(n, 1);
  });

  it('lists plans with a simplified outline: fewer points than the Geltungsbereich, the same bounding box', async () => {
    const id = await planId();
    const detail = await (await get()).json();
    const list = await (await w.req('/v1/plans', { key: w.a.pk })).json();
    const item = list.items.find((p: { id: string }) => p.id === id);
    assert.equal(item.geltungsbereich, undefined);
    assert.equal(item.contents, undefined);
    assert.equal(item.outline.type, 'Polygon');
    const full = count(detail.geltungsbereich.geometry);
    const simple = count(item.outline);
    assert.ok(full >= 400 && simple < full / 10, `${simple} of ${full} points`);
    const lons = item.outline.coordinates[0].map((c: number[]) => c[0]);
    const lats = item.outline.coordinates[0].map((c: number[]) => c[1]);
    const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    // 5 m tolerance: 0.0001° is about 7 m of longitude and 11 m of latitude here.
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(box[i]! - item.bbox[i]) < 1e-4, `bbox[${i}] ${box[i]} vs ${item.bbox[i]}`);
    // The hole survives too.
    assert.equal(item.outline.coordinates.length, detail.geltungsbereich.geometry.coordinates.length);
  });

  it("another tenant's plan id is a 404 on the stored representation too", async () => {
    const id = await planId();
    const res = await w.req(`/v1/plans/${id}`, { key: w.b.pk });
    await problem(res, 404, 'NOT_FOUND');
  });
});
