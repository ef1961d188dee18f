// The importer: bytes (a .gml or an XPlanArchiv .zip) → plans, with every safety limit.
// Pure: no database, no network. Either all plans of a file come back, or an error.
import { readArchive, type ArchiveLimits } from './archive.ts';
import { SizeBudget, type SizeLimits } from './budget.ts';
import { Deadline, PlanImportError } from './errors.ts';
import { readPlan, type FileIndex } from './plan.ts';
import { checkPlanElement } from './structure.ts';
import type { ArchiveFile, ImportResult } from './types.ts';
import { isXPlanNs, versionOf } from './versions.ts';
import { decodeXml, gmlId, parseXml, type XNode } from './xml.ts';

export { PlanImportError } from './errors.ts';
export type * from './types.ts';

export interface ImportLimits extends ArchiveLimits, SizeLimits {
  maxBytes: number;
  timeBudgetMs: number;
}

export function limitsFromEnv(env: Record<string, string | undefined> = process.env): ImportLimits {
  const n = (k: string, d: number) => (env[k] && Number.isFinite(Number(env[k])) ? Number(env[k]) : d);
  return {
    maxBytes: n('BN_PLAN_MAX_BYTES', 50 * 1024 * 1024),
    maxEntries: n('BN_PLAN_MAX_ENTRIES', 500),
    maxUnpackedBytes: n('BN_PLAN_MAX_UNPACKED_BYTES', 200 * 1024 * 1024),
    maxRatio: n('BN_PLAN_MAX_RATIO', 200),
    timeBudgetMs: n('BN_PLAN_TIME_BUDGET_MS', 30_000),
    // The largest real fixture (Eidelstedt 4) has about 1,500 points and 31 features; a large
    // Flächennutzungsplan some ten thousand features. 250,000 points are ~6 MB of GeoJSON.
    maxPoints: n('BN_PLAN_MAX_POINTS', 250_000),
    maxFeatures: n('BN_PLAN_MAX_FEATURES', 25_000),
  };
}

const SUPPORTED_PLANS = new Set(['BP_Plan', 'FP_Plan']);
const PLAN_NAMES: Record<string, string> = {
  RP_Plan: 'Raumordnungsplan (RP_Plan)',
  LP_Plan: 'Landschaftsplan (LP_Plan)',
  SO_Plan: 'Plan nach Sonderrecht (SO_Plan)',
};

function sniff(bytes: Uint8Array): 'zip' | 'xml' | string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) return 'zip';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  if (head.startsWith('%PDF')) return 'ein PDF-Dokument / a PDF document';
  if (/^\uFEFF?\s*</.test(head.replace(/^\xEF\xBB\xBF/, '')) || bytes[0] === 0xff || bytes[0] === 0xfe) return 'xml';
  if (bytes[0] === 0x89 && head.slice(1, 4) === 'PNG') return 'ein PNG-Bild / a PNG image';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'ein JPEG-Bild / a JPEG image';
  return 'keine XML-Datei / not XML';
}

/** Collects features from gml:featureMember(s), wfs:member and nested FeatureCollections. */
function featuresOf(root: XNode): XNode[] {
  const out: XNode[] = [];
  for (const c of root.children) {
    if (c.name === 'featureMember' || c.name === 'member') out.push(...c.children);
    else if (c.name === 'featureMembers') out.push(...c.children);
  }
  return out.flatMap((f) => (f.name === 'FeatureCollection' || f.name === 'XPlanAuszug' ? featuresOf(f) : [f]));
}

function fileSrs(root: XNode): string | undefined {
  const env = root.children.find((c) => c.name === 'boundedBy')?.children[0];
  return env?.attrs.srsName;
}

/** Parses one XPlanGML document (text) into plans. */
export function importGml(xml: string, deadline: Deadline, files: ArchiveFile[] = [], budget?: SizeBudget): ImportResult {
  const root = parseXml(xml, budget);
  deadline.check();
  const features = featuresOf(root);
  const xplanNs = [root, ...features].find((n) => isXPlanNs(n.ns))?.ns;
  if (!xplanNs) {
    throw new PlanImportError('NOT_XPLAN', `Die Datei ist keine XPlanGML-Datei (Wurzelelement „${root.name}“). / The file is not XPlanGML.`);
  }
  const version = versionOf(xplanNs);
  const byId = new Map<string, XNode>();
  for (const f of features) {
    const id = gmlId(f);
    if (id) byId.set(id, f);
  }
  const idx: FileIndex = { byId, features, srs: fileSrs(root), budget };
  const planNodes = features.filter((f) => f.name.endsWith('_Plan') && isXPlanNs(f.ns));
  const ours = planNodes.filter((p) => SUPPORTED_PLANS.has(p.name));
  const others = planNodes.filter((p) => !SUPPORTED_PLANS.has(p.name));
  if (!planNodes.length) {
    throw new PlanImportError('NO_PLAN', 'Die Datei enthält keinen Plan (BP_Plan oder FP_Plan). / The file contains no plan.');
  }
  if (!ours.length) {
    const kinds = [...new Set(others.map((p) => PLAN_NAMES[p.name] ?? p.name))].join(', ');
    throw new PlanImportError(
      'UNSUPPORTED_PLAN_TYPE',
      `Die Datei enthält nur ${kinds}. Importiert werden Bebauungspläne (BP_Plan) und Flächennutzungspläne (FP_Plan). ` +
        `/ Only development plans (BP_Plan) and land-use plans (FP_Plan) can be imported; this file holds ${others.map((p) => p.name).join(', ')}.`,
    );
  }
  const issues = ours.flatMap(checkPlanElement);
  if (issues.length) {
    throw new PlanImportError('INVALID_PLAN', `Die Datei entspricht nicht dem XPlanGML-${version}-Standard; nichts wurde importiert. Erste Meldung: ${issues[0]?.message}`, issues);
  }
  const warnings = others.map((p) => `${PLAN_NAMES[p.name] ?? p.name} „${gmlId(p)}“ wurde übersprungen. / Skipped ${p.name}.`);
  const plans = ours.map((p) => readPlan(p, idx, version, deadline));
  if (files.length) linkFiles(plans, files);
  return { xplanVersion: version, plans, files, warnings };
}

function baseName(s: string): string {
  let t = s;
  try {
    t = decodeURIComponent(s);
  } catch {
    /* keep as is */
  }
  return t.split(/[\\/]/).pop()!.toLowerCase();
}

/** Points references to the archive entries that hold their documents. */
function linkFiles(plans: ImportResult['plans'], files: ArchiveFile[]): void {
  const byBase = new Map(files.map((f) => [baseName(f.name), f.name]));
  for (const p of plans) {
    for (const r of p.references) {
      const hit = r.url ? byBase.get(baseName(r.url)) : undefined;
      if (hit) r.file = hit;
    }
  }
}

/** Entry point for uploaded bytes of a .gml or .zip file. */
export async function importXPlan(bytes: Uint8Array, limits: ImportLimits = limitsFromEnv()): Promise<ImportResult> {
  const deadline = new Deadline(limits.timeBudgetMs);
  const budget = new SizeBudget({ maxPoints: limits.maxPoints ?? Infinity, maxFeatures: limits.maxFeatures ?? Infinity });
  if (bytes.byteLength === 0) throw new PlanImportError('EMPTY_FILE', 'Die Datei ist leer (0 Byte). / The file is empty.');
  if (bytes.byteLength > limits.maxBytes) {
    throw new PlanImportError('FILE_TOO_LARGE', `Die Datei ist größer als ${Math.round(limits.maxBytes / 1048576)} MB. / The file is too large.`);
  }
  const kind = sniff(bytes);
  if (kind === 'zip') {
    const entries = await readArchive(bytes, limits, deadline);
    const gmls = entries.filter((e) => /\.(gml|xml)$/i.test(e.name));
    const main = gmls.find((e) => baseName(e.name) === 'xplan.gml') ?? (gmls.length === 1 ? gmls[0] : undefined);
    if (!main) {
      throw new PlanImportError('ARCHIVE_INVALID', 'Das Archiv enthält keine Datei „xplan.gml“. / The archive holds no xplan.gml.');
    }
    return importGml(
      decodeXml(main.bytes),
      deadline,
      entries.filter((e) => e !== main),
      budget,
    );
  }
  if (kind !== 'xml') {
    throw new PlanImportError('NOT_XPLAN', `Die Datei ist ${kind}, keine XPlanGML-Datei (.gml) und kein XPlanArchiv (.zip). / Not an XPlanGML file.`);
  }
  return importGml(decodeXml(bytes), deadline, [], budget);
}
