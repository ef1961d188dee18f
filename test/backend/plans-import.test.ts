// The XPlanGML importer on its own (no database): every real fixture, every CRS spelling,
// curves and holes, and crafted hostile files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import turfArea from '@turf/area';
import proj4 from 'proj4';
import { importXPlan, limitsFromEnv, PlanImportError, type ImportLimits } from '../../backend/plans/xplan/index.ts';
import { runImport } from '../../backend/plans/xplan/run.ts';
import { makeZip } from './plans/zip.ts';
import { assertInHamburg, fixtureXml, gmlPlanarArea } from './plans/gml.ts';
import { syntheticPlan } from './plans/synthetic.ts';

import { FIXTURES } from './plans/fixtures.ts';
const enc = (s: string) => new TextEncoder().encode(s);
const limits = (o: Partial<ImportLimits> = {}): ImportLimits => ({ ...limitsFromEnv({}), ...o });

async function refused(bytes: Uint8Array, code: string, l = limits()): Promise<PlanImportError> {
  try {
    await importXPlan(bytes, l);
  } catch (err) {
    assert.ok(err instanceof PlanImportError, `expected PlanImportError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected refusal with ${code}`);
}

function inHamburg(bbox: number[]) {
  assertInHamburg(bbox);
}

const fixtures = [
  { file: 'BP_6.0.gml', name: 'BPlan002_6-0_SoapUI-XPlanManagerAPI', version: '6.0', rechtsstand: 'Satzung', date: ['technHerstellDatum', '2021-07-01'], features: 8 },
  { file: 'BPlan002_5-4.gml', name: 'BPlan002_5-4', version: '5.4', rechtsstand: 'Satzung', date: ['technHerstellDatum', '2021-07-01'], features: 8 },
  { file: 'Eidelstedt_4_V4.zip', name: 'Eidelstedt 4', version: '4.1', rechtsstand: 'In Kraft getreten', date: ['inkrafttretensDatum', '1973-10-16'], features: 31 },
];

describe('XPlanGML importer: real fixtures', () => {
  for (const fx of fixtures) {
    it(`imports ${fx.file}`, async () => {
      const bytes = readFileSync(FIXTURES + fx.file);
      const xml = fixtureXml(bytes, fx.file);
      const { plans, xplanVersion } = await importXPlan(bytes, limits());
      assert.equal(xplanVersion, fx.version);
      assert.equal(plans.length, 1);
      const p = plans[0];
      assert.ok(p);
      assert.equal(p.name, fx.name);
      assert.equal(p.kind, 'BP');
      assert.equal(p.rechtsstand?.label, fx.rechtsstand);
      assert.deepEqual(p.planArt, [{ code: '1000', label: 'Bebauungsplan' }]);
      assert.equal(p.gemeinden[0]!.ags, '02000000');
      assert.ok(
        p.dates.some((d) => d.field === fx.date[0] && d.date === fx.date[1]),
        JSON.stringify(p.dates),
      );
      assert.equal(p.contents.features.length, fx.features);
      assert.ok(p.contents.legend.length > 0);
      inHamburg(p.bbox);
      const planar = gmlPlanarArea(xml);
      const turf = turfArea(p.geltungsbereich as never);
      assert.ok(Math.abs(turf - planar) / planar < 0.005, `turf ${turf} vs GML ${planar}`);
      assert.ok(Math.abs(p.areaM2 - planar) / planar < 0.002, `areaM2 ${p.areaM2} vs GML ${planar}`);
    });
  }

  it('labels plan contents for a legend (Art der baulichen Nutzung, GRZ, GFZ, Z, Bauweise)', async () => {
    const { plans } = await importXPlan(readFileSync(FIXTURES + 'Eidelstedt_4_V4.zip'), limits());
    const ge = plans[0]!.contents.features.find((f) => f.properties.label === 'GE – Gewerbegebiet');
    assert.ok(ge);
    assert.deepEqual(
      { GRZ: ge.properties.attrs.GRZ, GFZ: ge.properties.attrs.GFZ, Z: ge.properties.attrs.Z, bauweise: ge.properties.attrs.bauweise },
      { GRZ: 0.8, GFZ: 2.4, Z: 6, bauweise: 'geschlossene Bauweise' },
    );
    assert.equal(ge.geometry?.type, 'Polygon');
    const nachrichtlich = plans[0]!.contents.features.filter((f) => f.properties.nachrichtlich);
    assert.equal(nachrichtlich.length, 2);
    assert.equal(plans[0]!.gemeinden[0]!.ortsteil, 'Bezirk Eimsbüttel Ortsteil 320');
    const lines = plans[0]!.contents.features.filter((f) => f.geometry?.type === 'LineString');
    assert.ok(lines.length >= 11, 'Baugrenzen and Straßenbegrenzungslinien are lines');
  });

  it('keeps codes and labels: verfahren from BP_Plan (5.4) and from BP_Bereich (6.0), references with type', async () => {
    for (const f of ['BPlan002_5-4.gml', 'BP_6.0.gml']) {
      const { plans } = await importXPlan(readFileSync(FIXTURES + f), limits());
      assert.deepEqual(plans[0]!.verfahren, { code: '1000', label: 'Normalverfahren' });
      assert.equal(plans[0]!.references[0]!.typ?.code, '3100');
      assert.ok(plans[0]!.references[0]!.typ?.label.length);
    }
  });

  it('refuses BP_6.0_syntaxErrors.gml naming the element, its line and what was expected', async () => {
    const err = await refused(readFileSync(FIXTURES + 'BP_6.0_syntaxErrors.gml'), 'INVALID_PLAN');
    const unknown = err.issues.find((i) => i.path === 'BP_Plan/planArtCode');
    assert.ok(unknown, JSON.stringify(err.issues));
    assert.equal(unknown.line, 46);
    assert.match(unknown.message, /planArtCode.*nicht erlaubt.*planArt/);
    const missing = err.issues.find((i) => i.path === 'BP_Plan/planArt');
    assert.ok(missing);
    assert.match(missing.message, /Pflichtelement „planArt“ fehlt/);
  });
});

describe('XPlanGML importer: geometry and CRS', () => {
  const hamburgUtm: [number, number] = [565000, 5935000];
  const ref = proj4('EPSG:25832', 'EPSG:4326').forward(hamburgUtm.slice() as [number, number]);

  for (const srs of ['EPSG:25832', 'urn:ogc:def:crs:EPSG::25832', 'http://www.opengis.net/def/crs/EPSG/0/25832', 'urn:adv:crs:ETRS89_UTM32', 'urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH']) {
    it(`understands srsName ${srs}`, async () => {
      const { plans } = await importXPlan(enc(syntheticPlan({ srsName: srs })), limits());
      const exterior = (plans[0]!.geltungsbereich.geometry as { coordinates: number[][][] }).coordinates[0];
      assert.ok(exterior);
      assert.ok(
        exterior.some(([lon = NaN, lat = NaN]) => Math.abs(lon - ref[0]) < 1e-6 && Math.abs(lat - ref[1]) < 1e-6),
        `${ref} is a corner`,
      );
      inHamburg(plans[0]!.bbox);
      // 1 km square with a 500 m hole.
      assert.ok(Math.abs(plans[0]!.areaM2 - 750_000) / 750_000 < 0.002, String(plans[0]!.areaM2));
      assert.equal(plans[0]!.geltungsbereich.geometry.type, 'Polygon');
      assert.equal((plans[0]!.geltungsbereich.geometry.coordinates as unknown[]).length, 2, 'exterior + interior ring');
    });
  }

  for (const [srs, epsg] of [
    ['EPSG:31467', 31467],
    ['urn:adv:crs:DE_DHDN_3GK3', 31467],
    ['EPSG:31468', 31468],
    ['EPSG:25833', 25833],
    ['EPSG:3857', 3857],
  ] as const) {
    it(`reprojects ${srs} into Hamburg`, async () => {
      const [x, y] = proj4('EPSG:4326', `EPSG:${epsg}`).forward([10.0, 53.55]);
      const { plans } = await importXPlan(enc(syntheticPlan({ srsName: srs, origin: [Math.round(x), Math.round(y)] })), limits());
      inHamburg(plans[0]!.bbox);
      assert.ok(Math.abs(plans[0]!.bbox[0] - 10.0) < 0.002 && Math.abs(plans[0]!.bbox[1] - 53.55) < 0.002, String(plans[0]!.bbox));
    });
  }

  it('reads EPSG:4326 in URN form as latitude, longitude', async () => {
    const ring = '53.55 10.0 53.55 10.01 53.56 10.01 53.56 10.0 53.55 10.0';
    const g = `<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>${ring}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;
    const { plans } = await importXPlan(enc(syntheticPlan({ srsName: 'urn:ogc:def:crs:EPSG::4326', geltungsbereich: g })), limits());
    assert.deepEqual(plans[0]!.bbox, [10.0, 53.55, 10.01, 53.56]);
  });

  it('approximates a Circle and an arc ring within 0.5 % of the true area', async () => {
    const [x, y] = hamburgUtm;
    const circle = `<gml:Curve><gml:segments><gml:Circle><gml:posList>${x + 100} ${y} ${x} ${y + 100} ${x - 100} ${y}</gml:posList></gml:Circle></gml:segments></gml:Curve>`;
    const g1 = `<gml:Polygon srsName="EPSG:25832"><gml:exterior><gml:Ring><gml:curveMember>${circle}</gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>`;
    const r1 = await importXPlan(enc(syntheticPlan({ geltungsbereich: g1 })), limits());
    const circleArea = Math.PI * 100 * 100;
    assert.ok(Math.abs(r1.plans[0]!.areaM2 - circleArea) / circleArea < 0.005, String(r1.plans[0]!.areaM2));
    // Half disc: an Arc over the top, closed by a LineStringSegment along the diameter.
    const half =
      `<gml:Surface srsName="EPSG:25832"><gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments>` +
      `<gml:Arc><gml:posList>${x + 100} ${y} ${x} ${y + 100} ${x - 100} ${y}</gml:posList></gml:Arc>` +
      `<gml:LineStringSegment><gml:posList>${x - 100} ${y} ${x + 100} ${y}</gml:posList></gml:LineStringSegment>` +
      `</gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>`;
    const r2 = await importXPlan(enc(syntheticPlan({ geltungsbereich: half })), limits());
    assert.ok(Math.abs(r2.plans[0]!.areaM2 - circleArea / 2) / (circleArea / 2) < 0.005, String(r2.plans[0]!.areaM2));
  });

  it('turns a MultiSurface of two polygons into a MultiPolygon', async () => {
    const [x, y] = hamburgUtm;
    const poly = (dx: number) =>
      `<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>${x + dx} ${y} ${x + dx + 10} ${y} ${x + dx + 10} ${y + 10} ${x + dx} ${y + 10} ${x + dx} ${y}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>`;
    const g = `<gml:MultiSurface srsName="EPSG:25832">${poly(0)}${poly(100)}</gml:MultiSurface>`;
    const { plans } = await importXPlan(enc(syntheticPlan({ geltungsbereich: g })), limits());
    assert.equal(plans[0]!.geltungsbereich.geometry.type, 'MultiPolygon');
    assert.ok(Math.abs(plans[0]!.areaM2 - 200) < 1);
  });

  it('refuses an unknown CRS with its name', async () => {
    const err = await refused(enc(syntheticPlan({ srsName: 'EPSG:2056' })), 'UNSUPPORTED_CRS');
    assert.match(err.message, /EPSG:2056/);
  });

  it('imports an FP_Plan with FP labels, and the participation periods of a plan', async () => {
    const { plans } = await importXPlan(enc(syntheticPlan({ planType: 'FP_Plan', rechtsstand: '4000' })), limits());
    assert.equal(plans[0]!.kind, 'FP');
    assert.deepEqual(plans[0]!.rechtsstand, { code: '4000', label: 'Wirksam' });
    assert.deepEqual(plans[0]!.planArt[0], { code: '1000', label: 'Flächennutzungsplan' });
    const ausl = plans[0]!.periods.filter((p) => p.kind === 'auslegung');
    assert.deepEqual(
      ausl.map((p) => [p.start, p.end]),
      [
        ['2024-03-01', '2024-04-02'],
        ['2024-09-01', '2024-10-02'],
      ],
    );
  });
});

describe('XPlanGML importer: refusals and hostile files', () => {
  it('refuses an RP_Plan with a clear message', async () => {
    const err = await refused(enc(syntheticPlan({ planType: 'RP_Plan' })), 'UNSUPPORTED_PLAN_TYPE');
    assert.match(err.message, /Raumordnungsplan/);
  });

  it('imports all plans of a file or none: one broken plan refuses the whole file', async () => {
    const two = syntheticPlan().replace(
      '</xplan:BP_Plan></gml:featureMember>',
      '</xplan:BP_Plan></gml:featureMember><gml:featureMember><xplan:BP_Plan gml:id="GML_second"><xplan:name>Zweiter Plan</xplan:name></xplan:BP_Plan></gml:featureMember>',
    );
    const err = await refused(enc(two), 'INVALID_PLAN');
    assert.deepEqual(err.issues.map((i) => i.path).sort(), ['BP_Plan/gemeinde', 'BP_Plan/planArt', 'BP_Plan/raeumlicherGeltungsbereich']);
  });

  it('reads ISO-8859-1 files as declared', async () => {
    const xml = syntheticPlan({ name: 'Grünzug Süd' }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const { plans } = await importXPlan(new Uint8Array(Buffer.from(xml, 'latin1')), limits());
    assert.equal(plans[0]!.name, 'Grünzug Süd');
  });

  it('refuses XPlanGML versions outside 4.1–6.0', async () => {
    const err = await refused(enc(syntheticPlan({ version: '6.1' })), 'UNSUPPORTED_VERSION');
    assert.match(err.message, /6\.1/);
  });

  it('reports malformed XML with line and column', async () => {
    const xml = syntheticPlan().replace('</xplan:name>', '</xplan:nam>');
    const err = await refused(enc(xml), 'XML_MALFORMED');
    assert.equal(err.issues[0]!.line, 5);
    assert.ok(err.issues[0]!.column! > 0);
    assert.match(err.message, /Zeile 5, Spalte \d+/);
  });

  it('refuses XXE (external entity) without reading anything', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/5/4"><xplan:name>&xxe;</xplan:name></xplan:XPlanAuszug>`;
    const err = await refused(enc(xml), 'DTD_FORBIDDEN');
    assert.equal(err.issues[0]!.line, 2);
    assert.doesNotMatch(JSON.stringify(err), /root:/);
  });

  it('refuses billion laughs (entity expansion) at once', async () => {
    let dtd = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]><lolz>&lol9;</lolz>`;
    const t = performance.now();
    await refused(enc(xml), 'DTD_FORBIDDEN');
    assert.ok(performance.now() - t < 500);
  });

  it('refuses absurdly deep nesting before any recursive step sees it', async () => {
    const deep = '<gml:MultiSurface>'.repeat(5000) + '</gml:MultiSurface>'.repeat(5000);
    const err = await refused(enc(syntheticPlan({ geltungsbereich: deep })), 'XML_MALFORMED');
    assert.match(err.message, /verschachtelt/);
  });

  it('refuses a 0-byte file', async () => {
    await refused(new Uint8Array(0), 'EMPTY_FILE');
  });

  it('refuses a PDF renamed to .gml, saying it is a PDF', async () => {
    const err = await refused(enc('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF'), 'NOT_XPLAN');
    assert.match(err.message, /PDF/);
  });

  it('refuses XML that is not XPlanGML', async () => {
    await refused(enc('<?xml version="1.0"?><html><body/></html>'), 'NOT_XPLAN');
  });

  it('refuses a file over the size limit before parsing', async () => {
    await refused(enc(syntheticPlan()), 'FILE_TOO_LARGE', limits({ maxBytes: 1000 }));
  });

  it('stops at the time budget', async () => {
    await refused(enc(syntheticPlan({ features: 3000 })), 'TIME_BUDGET_EXCEEDED', limits({ timeBudgetMs: 1 }));
  });

  it('imports an XPlanArchiv and keeps its documents, linked to the references', async () => {
    const extra = `<xplan:externeReferenz><xplan:XP_SpezExterneReferenz><xplan:referenzName>Begründung</xplan:referenzName><xplan:referenzURL>docs/Begruendung.pdf</xplan:referenzURL><xplan:typ>1010</xplan:typ></xplan:XP_SpezExterneReferenz></xplan:externeReferenz>`;
    const pdf = enc('%PDF-1.7\n%%EOF');
    const zip = makeZip([
      { name: 'xplan.gml', data: enc(syntheticPlan({ extraPlanXml: extra })) },
      { name: 'docs/Begruendung.pdf', data: pdf },
      { name: 'plan.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    const r = await importXPlan(zip, limits());
    assert.deepEqual(r.files.map((f) => f.name).sort(), ['docs/Begruendung.pdf', 'plan.png']);
    const ref = r.plans[0]!.references.find((x) => x.typ?.code === '1010');
    assert.equal(ref?.typ?.label, 'Begründung');
    assert.equal(ref?.file, 'docs/Begruendung.pdf');
  });

  it('refuses a ZIP bomb by its compression ratio before inflating', async () => {
    const zip = makeZip([{ name: 'xplan.gml', data: new Uint8Array(20_000_000) }]);
    assert.ok(zip.length < 100_000);
    const err = await refused(zip, 'ARCHIVE_TOO_LARGE');
    assert.match(err.message, /ZIP-Bombe/);
  });

  it('refuses an archive whose unpacked size exceeds the limit', async () => {
    const big = new Uint8Array(3_000_000).map((_, i) => (i * 7919) % 251);
    const zip = makeZip([
      { name: 'a.bin', data: big },
      { name: 'b.bin', data: big },
    ]);
    await refused(zip, 'ARCHIVE_TOO_LARGE', limits({ maxUnpackedBytes: 5_000_000 }));
  });

  it('refuses an archive that lies about its sizes', async () => {
    const zip = makeZip([{ name: 'xplan.gml', data: new Uint8Array(5_000_000), declaredSize: 100 }]);
    await refused(zip, 'ARCHIVE_INVALID', limits({ maxRatio: 1e9 }));
  });

  it('refuses an archive with too many entries', async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({ name: `f${i}.txt`, data: enc('x'), store: true }));
    await refused(makeZip(entries), 'ARCHIVE_TOO_LARGE');
  });

  for (const name of ['../evil.gml', 'docs/../../evil.pdf', '/etc/passwd', 'C:/x.gml', '..\\evil.gml']) {
    it(`refuses the archive entry name ${name}`, async () => {
      const zip = makeZip([
        { name: 'xplan.gml', data: enc(syntheticPlan()) },
        { name, data: enc('x') },
      ]);
      await refused(zip, 'ARCHIVE_PATH_TRAVERSAL');
    });
  }
});

describe('XPlanGML importer: child process with hard limits', () => {
  it('imports in a child process like in process', async () => {
    const r = await runImport(readFileSync(FIXTURES + 'Eidelstedt_4_V4.zip'), limits());
    assert.equal(r.plans[0]!.name, 'Eidelstedt 4');
    assert.equal(r.plans[0]!.contents.features.length, 31);
  });

  it("passes the importer's refusal through with its issues", async () => {
    try {
      await runImport(readFileSync(FIXTURES + 'BP_6.0_syntaxErrors.gml'), limits());
      assert.fail('expected a refusal');
    } catch (err) {
      assert.ok(err instanceof PlanImportError);
      assert.equal(err.code, 'INVALID_PLAN');
      assert.equal(err.issues.find((i) => i.path === 'BP_Plan/planArtCode')?.line, 46);
    }
  });

  it('stops an import hard at its time limit, even inside one long synchronous step', async () => {
    const big = enc(syntheticPlan({ features: 20000 }));
    const t = performance.now();
    await assert.rejects(runImport(big, limits(), { hardTimeoutMs: 100 }), (e: unknown) => e instanceof PlanImportError && e.code === 'TIME_BUDGET_EXCEEDED');
    assert.ok(performance.now() - t < 2000);
  });

  it('stops an import that needs more memory than allowed', async () => {
    const big = enc(syntheticPlan({ features: 10000 }));
    await assert.rejects(runImport(big, limits(), { maxMemoryMb: 16, hardTimeoutMs: 60_000 }), (e: unknown) => e instanceof PlanImportError && e.code === 'RESOURCE_LIMIT_EXCEEDED');
  });
});
