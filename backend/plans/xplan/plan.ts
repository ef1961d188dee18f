// One BP_Plan / FP_Plan element → ParsedPlan: metadata with code labels, dates, the
// Geltungsbereich in WGS84, external references, and the plan contents of its Bereiche.
import type { SizeBudget } from './budget.ts';
import * as CL from './codelists.ts';
import { buildContents, isPresentation } from './contents.ts';
import { PlanImportError, type Deadline } from './errors.ts';
import { readGeometryProperty, type Geometry } from './geometry.ts';
import { areaM2 as equalArea, bboxOf } from './measure.ts';
import type { CodeValue, ExternalReference, Gemeinde, ParsedPlan, PlanDate, PlanKind, Period } from './types.ts';
import { child, childText, childrenNamed, gmlId, hrefId, type XNode } from './xml.ts';

const DATE_LABELS: Record<string, string> = {
  aufstellungsbeschlussDatum: 'Aufstellungsbeschluss',
  auslegungsStartDatum: 'Beginn der Veröffentlichung (Auslegung)',
  auslegungsEndDatum: 'Ende der Veröffentlichung (Auslegung)',
  veroeffentlichungsStartDatum: 'Beginn der Veröffentlichung',
  veroeffentlichungsEndDatum: 'Ende der Veröffentlichung',
  traegerbeteiligungsStartDatum: 'Beginn der Behördenbeteiligung (TÖB)',
  traegerbeteiligungsEndDatum: 'Ende der Behördenbeteiligung (TÖB)',
  satzungsbeschlussDatum: 'Satzungsbeschluss',
  rechtsverordnungsDatum: 'Rechtsverordnung',
  inkrafttretensDatum: 'Inkrafttreten',
  ausfertigungsDatum: 'Ausfertigung',
  veraenderungssperreDatum: 'Veränderungssperre',
  veraenderungssperreBeschlussDatum: 'Beschluss der Veränderungssperre',
  veraenderungssperreEndDatum: 'Ende der Veränderungssperre',
  aenderungenBisDatum: 'Änderungen berücksichtigt bis',
  entwurfsbeschlussDatum: 'Entwurfsbeschluss',
  planbeschlussDatum: 'Planbeschluss',
  wirksamkeitsDatum: 'Wirksamkeit',
  genehmigungsDatum: 'Genehmigung',
  untergangsDatum: 'Untergang',
  technHerstellDatum: 'Technische Herstellung des Plans',
};

export interface FileIndex {
  /** Features by gml:id. */
  byId: Map<string, XNode>;
  features: XNode[];
  /** srsName from the file's envelope: default for geometries without their own. */
  srs: string | undefined;
  /** Points added by densifying arcs count against the import's size budget. */
  budget?: SizeBudget;
}

const code = (list: CL.CodeList, c: string | undefined): CodeValue | null => (c === undefined ? null : { code: c, label: CL.label(list, c)! });

function dateOnly(s: string): string {
  return s.slice(0, 10);
}

function datesOf(plan: XNode): PlanDate[] {
  const out: PlanDate[] = [];
  const visit = (n: XNode) => {
    for (const c of n.children) {
      if (c.name.endsWith('Datum') && c.text && c.children.length === 0) {
        out.push({ field: c.name, label: DATE_LABELS[c.name] ?? c.name, date: dateOnly(c.text) });
      } else if (c.name === 'veraenderungssperre' && c.children[0]) visit(c.children[0]);
    }
  };
  visit(plan);
  for (const vm of childrenNamed(plan, 'verfahrensMerkmale')) {
    const m = vm.children[0];
    const d = m && childText(m, 'datum');
    if (m && d) out.push({ field: 'verfahrensMerkmal', label: childText(m, 'vermerk') ?? 'Verfahrensvermerk', date: dateOnly(d) });
  }
  return out;
}

function periodsOf(plan: XNode): Period[] {
  const pair = (kind: Period['kind'], label: string, startEl: string, endEl: string): Period[] => {
    const starts = childrenNamed(plan, startEl).map((n) => dateOnly(n.text));
    const ends = childrenNamed(plan, endEl).map((n) => dateOnly(n.text));
    const out: Period[] = [];
    for (let i = 0; i < Math.max(starts.length, ends.length); i++) out.push({ kind, label, start: starts[i], end: ends[i] });
    return out;
  };
  return [
    ...pair('auslegung', 'Veröffentlichung (Auslegung)', 'auslegungsStartDatum', 'auslegungsEndDatum'),
    ...pair('auslegung', 'Veröffentlichung', 'veroeffentlichungsStartDatum', 'veroeffentlichungsEndDatum'),
    ...pair('traegerbeteiligung', 'Behördenbeteiligung (TÖB)', 'traegerbeteiligungsStartDatum', 'traegerbeteiligungsEndDatum'),
  ];
}

function gemeindenOf(plan: XNode): Gemeinde[] {
  return childrenNamed(plan, 'gemeinde').flatMap((g) => {
    const x = g.children[0];
    if (!x) return [];
    const out: Gemeinde = {};
    const ags = childText(x, 'ags');
    const rs = childText(x, 'rs');
    const name = childText(x, 'gemeindeName');
    const ortsteil = childText(x, 'ortsteilName');
    if (ags) out.ags = ags;
    if (rs) out.rs = rs;
    if (name) out.name = name;
    if (ortsteil) out.ortsteil = ortsteil;
    return [out];
  });
}

/** One XP_ExterneReferenz / XP_SpezExterneReferenz element. */
function reference(ref: XNode, typCode: string | undefined, featureId?: string): ExternalReference | null {
  const url = childText(ref, 'referenzURL');
  const name = childText(ref, 'referenzName');
  if (!url && !name) return null;
  const typ = childText(ref, 'typ') ?? typCode;
  const out: ExternalReference = { typ: typ ? { code: typ, label: CL.label(CL.EXTERNE_REFERENZ_TYP, typ)! } : null };
  if (name) out.name = name;
  if (url) out.url = url;
  const mt = childText(ref, 'referenzMimeType');
  if (mt) out.mediaType = mt;
  const desc = childText(ref, 'beschreibung');
  if (desc) out.description = desc;
  const d = childText(ref, 'datum');
  if (d) out.date = dateOnly(d);
  if (featureId) out.featureId = featureId;
  return out;
}

function referencesOf(owner: XNode, featureId?: string): ExternalReference[] {
  const out: ExternalReference[] = [];
  for (const c of owner.children) {
    let typ: string | undefined;
    if (c.name === 'externeReferenz') typ = undefined;
    else if (CL.REF_PROPERTY_TYP[c.name]) typ = CL.REF_PROPERTY_TYP[c.name];
    else continue;
    const inner = c.children[0];
    // 4.x wraps a list in XP_SpezExterneReferenz / XP_ExterneReferenz; some writers nest once more.
    if (!inner) continue;
    const r = reference(inner, typ, featureId);
    if (r) out.push(r);
  }
  return out;
}

function rasterReferences(bereich: XNode, byId: Map<string, XNode>): ExternalReference[] {
  const out: ExternalReference[] = [];
  const rasters = [...childrenNamed(bereich, 'rasterBasis'), ...childrenNamed(bereich, 'rasterAenderung')]
    .map((r) => r.children[0] ?? (hrefId(r) ? byId.get(hrefId(r)!) : undefined))
    .filter((r): r is XNode => !!r);
  for (const r of [bereich, ...rasters]) {
    for (const scan of childrenNamed(r, 'refScan')) {
      const inner = scan.children[0];
      const ref = inner && reference(inner, undefined);
      if (ref) out.push({ ...ref, typ: ref.typ ?? { code: 'raster', label: 'Planzeichnung (Rasterbild)' } });
    }
  }
  return out;
}

function geltungsbereich(plan: XNode, srs: string | undefined, where: string, budget?: SizeBudget): Geometry {
  const prop = child(plan, 'raeumlicherGeltungsbereich')!;
  const g = readGeometryProperty(prop, { srs, where: `${where}/raeumlicherGeltungsbereich`, budget });
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    throw new PlanImportError('INVALID_PLAN', `Der räumliche Geltungsbereich von ${where} (Zeile ${prop.line}) muss eine Fläche sein. / The plan boundary must be a surface.`, [
      { path: `${where}/raeumlicherGeltungsbereich`, line: prop.line, message: `erwartet Polygon/MultiSurface, gefunden ${g?.type ?? 'nichts'}` },
    ]);
  }
  return g;
}

const BEREICH_CONTENT = ['planinhalt', 'inhaltBPlan', 'inhaltFPlan', 'fachobjekt'];
const BACK_REFS = ['gehoertZuBereich', 'gehoertZuBP_Bereich', 'gehoertZuFP_Bereich'];

/** Content features of a plan: referenced from its Bereiche, or pointing back to them. */
function contentNodes(plan: XNode, idx: FileIndex): { node: XNode; nachrichtlich: boolean }[] {
  const planId = gmlId(plan);
  const bereiche = new Map<string, XNode>();
  for (const b of childrenNamed(plan, 'bereich')) {
    const target = b.children[0] ?? (hrefId(b) ? idx.byId.get(hrefId(b)!) : undefined);
    if (target) bereiche.set(gmlId(target) ?? `inline-${bereiche.size}`, target);
  }
  for (const f of idx.features) {
    if (!/_Bereich$/.test(f.name)) continue;
    const back = child(f, 'gehoertZuPlan');
    if (back && hrefId(back) === planId && gmlId(f)) bereiche.set(gmlId(f)!, f);
  }
  const seen = new Map<string, { node: XNode; nachrichtlich: boolean }>();
  const add = (n: XNode | undefined, nachrichtlich: boolean) => {
    if (!n || isPresentation(n.name) || /_(Plan|Bereich)$/.test(n.name)) return;
    const id = gmlId(n) ?? `anon-${seen.size}`;
    if (!seen.has(id)) seen.set(id, { node: n, nachrichtlich });
  };
  for (const b of bereiche.values()) {
    for (const c of b.children) {
      const nachr = c.name === 'nachrichtlich';
      if (!nachr && !BEREICH_CONTENT.includes(c.name)) continue;
      add(c.children[0] ?? (hrefId(c) ? idx.byId.get(hrefId(c)!) : undefined), nachr);
    }
  }
  const ids = new Set(bereiche.keys());
  for (const f of idx.features) {
    for (const c of f.children) {
      if (BACK_REFS.includes(c.name) && ids.has(hrefId(c) ?? '')) add(f, false);
      else if (c.name === 'gehoertNachrichtlichZuBereich' && ids.has(hrefId(c) ?? '')) add(f, true);
    }
  }
  return [...seen.values()];
}

export function readPlan(plan: XNode, idx: FileIndex, version: string, deadline: Deadline): ParsedPlan {
  const kind = plan.name.slice(0, 2) as PlanKind;
  const id = gmlId(plan) ?? '';
  const warnings: string[] = [];
  const srs = plan.children.find((c) => c.name === 'boundedBy')?.children[0]?.attrs.srsName ?? idx.srs;
  const geom = geltungsbereich(plan, srs, plan.name, idx.budget);
  const areaM2 = Math.round(equalArea(geom) * 10) / 10;

  const planArtList = kind === 'BP' ? CL.BP_PLANART : CL.FP_PLANART;
  const planArt = childrenNamed(plan, 'planArt').map((n) => code(planArtList, n.text)!);
  for (const p of planArt) if (!planArtList[p.code]) warnings.push(`Unbekannte Planart ${p.code} / unknown plan type code`);
  const rs = childText(plan, 'rechtsstand');
  const rechtsstand = code(kind === 'BP' ? CL.BP_RECHTSSTAND : CL.FP_RECHTSSTAND, rs);
  if (rs && rechtsstand?.label.startsWith('Schlüssel')) warnings.push(`Unbekannter Rechtsstand ${rs} / unknown legal status code`);

  const bereichNodes = childrenNamed(plan, 'bereich')
    .map((b) => b.children[0] ?? (hrefId(b) ? idx.byId.get(hrefId(b)!) : undefined))
    .filter((b): b is XNode => !!b);
  // 6.0 moved `verfahren` from BP_Plan to BP_Bereich.
  const verfahrenCode = childText(plan, 'verfahren') ?? bereichNodes.map((b) => childText(b, 'verfahren')).find(Boolean);
  const verfahren = code(kind === 'BP' ? CL.BP_VERFAHREN : CL.FP_VERFAHREN, verfahrenCode);

  const nodes = contentNodes(plan, idx);
  if (!bereichNodes.length) warnings.push('Der Plan hat keinen Bereich und damit keine Planinhalte. / The plan has no Bereich, hence no contents.');
  const contents = buildContents(nodes, srs, deadline, idx.budget);

  const references = [...referencesOf(plan), ...bereichNodes.flatMap((b) => [...referencesOf(b), ...rasterReferences(b, idx.byId)]), ...nodes.flatMap(({ node }) => referencesOf(node, gmlId(node)))];

  const out: ParsedPlan = {
    gmlId: id,
    kind,
    xplanVersion: version,
    name: childText(plan, 'name')!,
    gemeinden: gemeindenOf(plan),
    planArt,
    rechtsstand,
    verfahren,
    dates: datesOf(plan),
    periods: periodsOf(plan),
    geltungsbereich: { type: 'Feature', geometry: geom, properties: { areaM2 } },
    bbox: bboxOf(geom),
    areaM2,
    contents,
    references,
    warnings,
  };
  const nummer = childText(plan, 'nummer');
  if (nummer) out.nummer = nummer;
  const beschreibung = childText(plan, 'beschreibung');
  if (beschreibung) out.beschreibung = beschreibung;
  return out;
}
