// Bauleitplanung: request shapes and the public answer types, shared by the future viewer
// widget and the backend. Pure valibot, no server imports: it goes into the browser bundle.
import * as v from 'valibot';
import { IsoDay, OptionalText, safeTree, Text } from '../core/schema.ts';
import { addDays } from '../core/time.ts';

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
    /** Public on the town's website (GET /v1/plans) or only in the console. */
    published: v.optional(v.boolean('Use true or false.')),
  }),
  v.forward(
    v.check((u) => !u.participationStart || !u.participationEnd || u.participationEnd >= u.participationStart, 'The end of the participation period lies before its start.'),
    ['participationEnd'],
  ),
);
export type PlanUpdate = v.InferOutput<typeof PlanUpdate>;

const pageNumber = (max: number, fallback: string) => v.optional(v.pipe(v.string(), v.toNumber(), v.integer('Use a whole number.'), v.minValue(1), v.maxValue(max)), fallback);

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
  /**
   * True while a period opened by staff runs: only then does POST /v1/plans/{id}/statements
   * take statements (dates read from the file alone are information, not an opened period).
   */
  statements: boolean;
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
  /** False until staff publish the plan; unpublished plans are missing from the public API. */
  published: boolean;
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
  /** Public on the website: new plans only when imported with publish. */
  published: boolean;
  warnings: string[];
}

/** Options of POST /v1/staff/plans/import (multipart fields or query) and of the CLI. */
export const ImportOptions = v.object({
  publish: v.optional(v.picklist(['true', 'false'], 'Use true or false.'), 'false'),
  replace: v.optional(v.picklist(['true', 'false'], 'Use true or false.'), 'false'),
});

export interface ImportAnswer {
  items: ImportedPlan[];
  xplanVersion: string;
  warnings: string[];
}

// ---------------------------------------------------------------- participation (§3(2) BauGB)

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The last day of a one-month period that begins with `start` (the start day counts, § 187(2)
 * BGB): the day before the corresponding day of the next month (§ 188(2) BGB), or the last day
 * of that month when it has no such day (§ 188(3) BGB). 1 March → 31 March; 31 January → 28/29 February.
 */
export function oneMonthEnd(start: string): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  if (d > daysIn(ny, nm)) return dayOf(ny, nm, daysIn(ny, nm));
  return addDays(dayOf(ny, nm, d), -1);
}

/** At least this many calendar days, whatever the month (§ 3(2) BauGB). */
export const MIN_PERIOD_DAYS = 30;

/** The earliest lawful last day of a publication period starting on `start`: one month, never fewer than 30 days. */
export function minimumEnd(start: string): string {
  const month = oneMonthEnd(start);
  const days = addDays(start, MIN_PERIOD_DAYS - 1);
  return [month, days].sort().at(-1)!;
}

/** Whether `day` lies within the period, both ends included. */
export const withinPeriod = (day: string, p: { start: string; end: string }) => p.start <= day && day <= p.end;

/** PUT /v1/staff/plans/{id}/participation */
export const ParticipationPut = v.pipe(
  v.strictObject({
    start: IsoDay(),
    end: IsoDay(),
    /** Start a new period even though the plan did not change (otherwise: a re-imported, changed draft does). */
    newPeriod: v.optional(v.boolean('Use true or false.'), false),
    webAddress: v.optional(
      v.nullable(
        v.pipe(
          OptionalText(500),
          v.check((s) => s === '' || /^https?:\/\/\S+$/.test(s), 'Use a web address starting with https://.'),
        ),
      ),
    ),
    otherAccess: v.optional(v.nullable(OptionalText(500))),
    environmental: v.optional(v.pipe(v.array(Text(300)), v.maxLength(30, 'At most 30 entries.'))),
  }),
  safeTree(),
  v.forward(
    v.check((p) => p.end >= p.start, 'The end lies before the start.'),
    ['end'],
  ),
);
export type ParticipationPut = v.InferOutput<typeof ParticipationPut>;

export interface Period {
  id: string;
  seq: number;
  start: string;
  end: string;
  planVersion: number;
  open: boolean;
  webAddress: string | null;
  otherAccess: string | null;
  environmental: string[];
  statementCount: number;
}

export interface ParticipationState {
  /** The latest period (the one a new statement goes to), or null. */
  current: Period | null;
  periods: Period[];
  /** Earliest lawful end for the current start, for the console's hint. */
  minimumEnd: string | null;
}

export const STATEMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_ATTACHMENTS = 10;
export const MAX_STATEMENT_CHARS = 20_000;
const Uuid = v.pipe(v.string(), v.uuid('Not a valid id.'));
const Email = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254), v.union([v.literal(''), v.pipe(v.string(), v.email('Enter a valid e-mail address.'))], 'Enter a valid e-mail address.')), '');
const Point = v.object({
  lat: v.pipe(v.number('Latitude must be a number.'), v.minValue(-90, 'Latitude lies between -90 and 90.'), v.maxValue(90, 'Latitude lies between -90 and 90.')),
  lng: v.pipe(v.number('Longitude must be a number.'), v.minValue(-180, 'Longitude lies between -180 and 180.'), v.maxValue(180, 'Longitude lies between -180 and 180.')),
});

/**
 * POST /v1/plans/{id}/statements. Text is plain text: HTML in it is kept as typed and never
 * rendered as markup. A name (with postal address or e-mail) is optional; without one the
 * statement is anonymous and its result cannot be sent.
 */
export const StatementCreate = v.pipe(
  v.object({
    text: Text(MAX_STATEMENT_CHARS, 'Write your statement.'),
    point: v.optional(v.nullable(Point)),
    place: v.optional(OptionalText(300), ''),
    attachments: v.optional(v.pipe(v.array(Uuid), v.maxLength(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments.`)), []),
    name: v.optional(OptionalText(200), ''),
    email: Email,
    address: v.optional(OptionalText(300), ''),
    /** "I name no other persons in my statement." */
    noOtherPersons: v.optional(v.boolean('Use true or false.'), false),
    consent: v.literal(true, 'Please agree to the privacy notice.'),
    lang: v.optional(v.picklist(['de', 'en']), 'de'),
  }),
  safeTree(),
  v.forward(
    v.check((s) => !s.email || !!s.name, 'Enter your name too, or leave the e-mail address out.'),
    ['name'],
  ),
);
export type StatementCreate = v.InferInput<typeof StatementCreate>;
export type StatementCreateOutput = v.InferOutput<typeof StatementCreate>;

export interface StatementReceipt {
  ref: string;
  receivedOn: string;
  period: { start: string; end: string };
  named: boolean;
  /** The point lies outside the Geltungsbereich: accepted, staff see the note. */
  outsideArea: boolean;
}

export const STATEMENT_CHANNELS = ['online', 'paper', 'email', 'letter', 'minutes'] as const;
export const DECISIONS = ['followed', 'partly', 'not-followed', 'noted'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, [string, string]> = {
  followed: ['wird berücksichtigt', 'taken into account'],
  partly: ['wird teilweise berücksichtigt', 'partly taken into account'],
  'not-followed': ['wird nicht berücksichtigt', 'not taken into account'],
  noted: ['wird zur Kenntnis genommen', 'noted'],
};
export const CHANNEL_LABELS: Record<(typeof STATEMENT_CHANNELS)[number], [string, string]> = {
  online: ['online', 'online'],
  paper: ['Papier', 'paper'],
  email: ['E-Mail', 'e-mail'],
  letter: ['Brief', 'letter'],
  minutes: ['zur Niederschrift', 'in person (minutes)'],
};

/** POST /v1/staff/plans/{id}/statements: a late, paper or e-mailed statement entered by staff. */
export const StaffStatementCreate = v.pipe(
  v.object({
    text: Text(MAX_STATEMENT_CHARS, 'Enter the statement.'),
    receivedOn: IsoDay(),
    channel: v.picklist(['paper', 'email', 'letter', 'minutes'], 'Use paper, email, letter or minutes.'),
    point: v.optional(v.nullable(Point)),
    place: v.optional(OptionalText(300), ''),
    name: v.optional(OptionalText(200), ''),
    email: Email,
    address: v.optional(OptionalText(300), ''),
  }),
  safeTree(),
);
export type StaffStatementCreate = v.InferOutput<typeof StaffStatementCreate>;

const Tag = v.pipe(v.string(), v.trim(), v.nonEmpty('A tag may not be empty.'), v.maxLength(40, 'At most 40 characters.'));

/** PATCH /v1/staff/plans/{id}/statements/{ref} */
export const StatementUpdate = v.pipe(
  v.strictObject({
    tags: v.optional(v.pipe(v.array(Tag), v.maxLength(20, 'At most 20 tags.'))),
    proposal: v.optional(v.nullable(OptionalText(20_000))),
    decision: v.optional(v.nullable(v.picklist(DECISIONS, `Use one of: ${DECISIONS.join(', ')}.`))),
    decisionNote: v.optional(v.nullable(OptionalText(5000))),
  }),
  safeTree(),
);
export type StatementUpdate = v.InferOutput<typeof StatementUpdate>;

/** `POST /v1/staff/plans/{id}/statements/notify`: the period whose result notices to send (default: the current one). */
export const NotifyBody = v.object({ period: v.optional(v.pipe(v.string(), v.uuid('Not a valid id.'))) });

export const StatementQuery = v.object({
  period: v.optional(Uuid),
  tag: v.optional(v.pipe(v.string(), v.maxLength(40))),
  names: v.optional(v.picklist(['true', 'false'], 'Use true or false.'), 'true'),
});

export interface StaffStatement {
  id: string;
  ref: string;
  periodId: string;
  periodSeq: number;
  text: string;
  point: { lat: number; lng: number } | null;
  place: string | null;
  outsideArea: boolean;
  attachments: { id: string; contentType: string; size: number; href: string }[];
  name: string | null;
  email: string | null;
  address: string | null;
  noOtherPersons: boolean;
  channel: (typeof STATEMENT_CHANNELS)[number];
  late: boolean;
  receivedOn: string;
  tags: string[];
  proposal: string | null;
  decision: Decision | null;
  decisionNote: string | null;
  notifiedAt: string | null;
  createdAt: string;
}

// ---------------------------------------------------------------- settings

/** A Gemeindeschlüssel (AGS, 8 digits) or a prefix of one (Land 2, Kreis 5 digits). */
const Ags = v.pipe(v.string(), v.trim(), v.regex(/^\d{2,12}$/, 'Use the digits of an official municipality key (AGS), e.g. 03359028.'));

/** GET/PUT /v1/staff/plans/settings */
export const PlansSettings = v.strictObject({
  /** The plans of this tenant name one of these keys (or keys starting with them); the import warns otherwise. */
  gemeindeschluessel: v.optional(v.pipe(v.array(Ags), v.maxLength(200, 'At most 200 keys.')), []),
});
export type PlansSettings = v.InferOutput<typeof PlansSettings>;
