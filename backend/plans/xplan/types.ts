// What the importer produces: plain data, no database, ready to store and to send as JSON.
import type { BBox, Geometry } from './geometry.ts';

export type PlanKind = 'BP' | 'FP';

export interface CodeValue {
  code: string;
  label: string;
}

export interface Gemeinde {
  ags?: string;
  rs?: string;
  name?: string;
  ortsteil?: string;
}

export interface PlanDate {
  /** XPlanGML property, e.g. `inkrafttretensDatum`. */
  field: string;
  label: string;
  /** ISO date YYYY-MM-DD. */
  date: string;
}

export interface Period {
  kind: 'auslegung' | 'traegerbeteiligung';
  label: string;
  start?: string;
  end?: string;
}

export interface ExternalReference {
  typ: CodeValue | null;
  name?: string;
  url?: string;
  mediaType?: string;
  description?: string;
  date?: string;
  /** gml:id of the plan content object carrying it; absent for the plan's own references. */
  featureId?: string;
  /** Name of the archive entry holding the document, when the XPlanArchiv contains it. */
  file?: string;
}

export interface ContentProperties {
  id: string;
  class: string;
  classLabel: string;
  category: string;
  label: string;
  legendKey: string;
  rechtscharakter?: string;
  nachrichtlich: boolean;
  attrs: Record<string, string | number | boolean>;
}

export interface ContentFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry | null;
  properties: ContentProperties;
}

export interface LegendEntry {
  key: string;
  label: string;
  category: string;
  count: number;
}

export interface ContentCollection {
  type: 'FeatureCollection';
  features: ContentFeature[];
  legend: LegendEntry[];
}

export interface ParsedPlan {
  gmlId: string;
  kind: PlanKind;
  xplanVersion: string;
  name: string;
  nummer?: string;
  beschreibung?: string;
  gemeinden: Gemeinde[];
  planArt: CodeValue[];
  rechtsstand: CodeValue | null;
  verfahren: CodeValue | null;
  dates: PlanDate[];
  periods: Period[];
  geltungsbereich: { type: 'Feature'; geometry: Geometry; properties: { areaM2: number } };
  bbox: BBox;
  areaM2: number;
  contents: ContentCollection;
  references: ExternalReference[];
  warnings: string[];
}

export interface ArchiveFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportResult {
  xplanVersion: string;
  plans: ParsedPlan[];
  /** Documents and raster images found inside an XPlanArchiv (empty for a bare .gml). */
  files: ArchiveFile[];
  warnings: string[];
}
