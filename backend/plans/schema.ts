// Bauleitplanung: request shapes and the public answer types, shared by the future viewer
// widget and the backend. Pure valibot, no server imports: it goes into the browser bundle.
import * as v from 'valibot';

export const PLAN_KINDS = ['BP', 'FP'] as const;
export type PlanKindCode = (typeof PLAN_KINDS)[number];

/**
 * Coarse procedure stage for filters, derived from the XPlanung Rechtsstand:
 * draft (Aufstellung … Behördenbeteiligung), participation (frühzeitige Öffentlichkeits-
 * beteiligung, Veröffentlichung/Auslegung), adopted (Satzung / Plan), in-force (In Kraft /
 * wirksam), expired (aufgehoben, außer Kraft, untergegangen), unknown (no Rechtsstand).
 */
export const PLAN_STAGES = ['draft', 'participation', 'adopted', 'in-force', 'expired', 'unknown'] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

export function stageOf(rechtsstand: string | null | undefined): PlanStage {
  switch (rechtsstand) {
    case undefined:
    case null:
      return 'unknown';
    case '2200':
    case '2400':
      return 'participation';
    case '3000':
      return 'adopted';
    case '4000':
      return 'in-force';
    default:
      if (['1000', '2000', '2100', '2250', '2300'].includes(rechtsstand)) return 'draft';
      if (/^(4500|5000|4500\d|5000\d)$/.test(rechtsstand)) return 'expired';
      return 'unknown';
  }
}

const isoDate = v.pipe(v.string(), v.isoDate('Use a date like 2026-03-01.'));

/** PATCH /v1/staff/plans/:id — the fields a clerk edits; null clears one. */
export const PlanUpdate = v.pipe(
  v.strictObject({
    title: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.nonEmpty('Leave it out or use null to clear.'), v.maxLength(300, 'At most 300 characters.')))),
    summary: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(4000, 'At most 4000 characters.')))),
    participationStart: v.optional(v.nullable(isoDate)),
    participationEnd: v.optional(v.nullable(isoDate)),
  }),
  v.forward(
    v.check(
      (u) => !u.participationStart || !u.participationEnd || u.participationEnd >= u.participationStart,
      'The end of the participation period lies before its start.',
    ),
    ['participationEnd'],
  ),
);
export type PlanUpdate = v.InferOutput<typeof PlanUpdate>;

const pageNumber = (max: number, fallback: string) =>
  v.optional(v.pipe(v.string(), v.toNumber(), v.integer('Use a whole number.'), v.minValue(1), v.maxValue(max)), fallback);

/** Query of GET /v1/plans and GET /v1/staff/plans. */
export const PlanListQuery = v.object({
  stage: v.optional(v.picklist(PLAN_STAGES, `Use one of: ${PLAN_STAGES.join(', ')}.`)),
  type: v.optional(v.picklist(PLAN_KINDS, 'Use BP or FP.')),
  text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'At most 100 characters.'))),
  page: pageNumber(100_000, '1'),
  pageSize: pageNumber(100, '20'),
});
export type PlanListQuery = v.InferOutput<typeof PlanListQuery>;

// ---------------------------------------------------------------- answers (types only)

export interface CodeValue {
  code: string;
  label: string;
}

export interface Participation {
  start: string | null;
  end: string | null;
  /** True while today lies within the period. */
  open: boolean;
  /** 'staff' when a clerk set the dates, 'file' when they come from the XPlanGML. */
  source: 'staff' | 'file';
}

export interface PlanSummary {
  id: string;
  kind: PlanKindCode;
  kindLabel: string;
  name: string;
  /** Clerk's title, else the plan name. */
  title: string;
  nummer: string | null;
  summary: string | null;
  stage: PlanStage;
  rechtsstand: CodeValue | null;
  planArt: CodeValue[];
  gemeinde: { ags?: string; name?: string; ortsteil?: string }[];
  /** [west, south, east, north] in WGS84. */
  bbox: [number, number, number, number];
  /**
   * The Geltungsbereich simplified for lists and overview maps (GeoJSON Polygon or
   * MultiPolygon, WGS84, Douglas–Peucker with ~5 m tolerance). The full shape is in PlanDetail.
   */
  outline: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  areaM2: number;
  participation: Participation | null;
  version: number;
  updatedAt: string;
}

export interface PlanFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  /** Path below the API base, e.g. /v1/plans/{id}/files/{fileId}. */
  href: string;
}

export interface PlanReference {
  typ: CodeValue | null;
  name?: string;
  url?: string;
  mediaType?: string;
  description?: string;
  date?: string;
  featureId?: string;
  /** Id of the stored file when the archive held this document. */
  fileId?: string;
}

export interface PlanDetail extends PlanSummary {
  beschreibung: string | null;
  verfahren: CodeValue | null;
  dates: { field: string; label: string; date: string }[];
  periods: { kind: string; label: string; start?: string; end?: string }[];
  references: PlanReference[];
  files: PlanFile[];
  xplanVersion: string;
  gmlId: string;
  importedAt: string;
  /** GeoJSON Feature (Polygon/MultiPolygon) of the Geltungsbereich. */
  geltungsbereich: { type: 'Feature'; geometry: unknown; properties: { areaM2: number } };
  /** GeoJSON FeatureCollection of the plan contents, with a `legend` member. */
  contents: { type: 'FeatureCollection'; features: unknown[]; legend: { key: string; label: string; category: string; count: number }[] };
}

export interface StaffPlanDetail extends PlanDetail {
  warnings: string[];
  sourceName: string | null;
  history: { version: number; name: string; rechtsstand: string | null; importedAt: string; replacedAt: string; sourceName: string | null }[];
}

export interface ImportedPlan {
  id: string;
  name: string;
  kind: PlanKindCode;
  /** false when an existing plan (same gml:id or number) was updated. */
  created: boolean;
  version: number;
  featureCount: number;
  fileCount: number;
  warnings: string[];
}

export interface ImportAnswer {
  items: ImportedPlan[];
  xplanVersion: string;
  warnings: string[];
}
