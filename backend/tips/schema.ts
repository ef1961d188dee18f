// Bürgertipps: every request shape and the public answer types, shared by the widgets
// (client-side validation) and the backend. Pure valibot: no server imports, it goes into
// the browser bundle. Messages are English; the widgets translate by field path and kind.
import * as v from 'valibot';
import { IsoDate, OptionalText, safeTree, Text } from '../core/schema.ts';

export const TIP_KINDS = ['idee', 'beschwerde', 'schaden'] as const;
export type TipKind = (typeof TIP_KINDS)[number];

export const TIP_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'rejected'] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];
/** Statuses after which the retention clock runs and a citizen may re-open (resolved only). */
export const CLOSED_STATUSES: readonly TipStatus[] = ['resolved', 'rejected'];

/** Which status may follow which (staff). Same status is no change; re-opening goes back to in_progress. */
export const STATUS_TRANSITIONS: Record<TipStatus, readonly TipStatus[]> = {
  new: ['acknowledged', 'in_progress', 'resolved', 'rejected'],
  acknowledged: ['in_progress', 'resolved', 'rejected'],
  in_progress: ['acknowledged', 'resolved', 'rejected'],
  resolved: ['in_progress'],
  rejected: ['in_progress'],
};

export const MAX_PHOTOS = 3;
export const MAX_DESCRIPTION = 4000;
/** Upload size cap of POST /v1/uploads, in bytes. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Radius of the duplicate offer for damage reports, metres. */
export const NEARBY_METERS = 50;

// ---------------------------------------------------------------- building blocks

// Texts are core/schema.ts `Text`/`OptionalText` (no NUL, no lone surrogate); `safeTree()` at
// the end of each body schema catches strings in records and arrays too.
const text = Text;

/** A text in German, optionally English (the widget falls back to German). */
export const Localized = v.object({
  de: text(2000),
  en: v.optional(OptionalText(2000)),
});
export type Localized = v.InferOutput<typeof Localized>;

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Use lowercase letters, digits and hyphens.'));
const Uuid = v.pipe(v.string(), v.uuid('Not a valid id.'));
const TenantSlug = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Not a tenant name.'));

/** A reference like BT-2026-00042. */
export const TipRef = v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^BT-\d{4}-\d{5,}$/, 'A reference looks like BT-2026-00042.'));

export const Location = v.pipe(
  v.object({
    lat: v.optional(v.nullable(v.pipe(v.number('Latitude must be a number.'), v.minValue(-90), v.maxValue(90)))),
    lng: v.optional(v.nullable(v.pipe(v.number('Longitude must be a number.'), v.minValue(-180), v.maxValue(180)))),
    address: v.optional(v.nullable(OptionalText(300))),
  }),
  // The address works without the map (keyboard, screen reader): either a pin or an address.
  v.forward(
    v.check((l) => (l.lat != null && l.lng != null) || (!!l.address && l.address.length > 0), 'Place a pin on the map or enter an address.'),
    ['address'],
  ),
  v.forward(
    v.check((l) => (l.lat == null) === (l.lng == null), 'Latitude and longitude go together.'),
    ['lng'],
  ),
);
export type Location = v.InferOutput<typeof Location>;

export const Contact = v.object({
  name: v.optional(OptionalText(200), ''),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254), v.union([v.literal(''), v.pipe(v.string(), v.email('Enter a valid e-mail address.'))], 'Enter a valid e-mail address.')), ''),
});
export type Contact = v.InferOutput<typeof Contact>;

/** Answers to a category's extra questions, by question id. */
export const Answers = v.record(Id, v.union([v.pipe(v.string(), v.maxLength(1000)), v.number(), v.boolean(), v.array(v.pipe(v.string(), v.maxLength(200)))]));

// ---------------------------------------------------------------- citizen submission

export const TipCreate = v.pipe(
  v.object({
    kind: v.picklist(TIP_KINDS, 'Choose idea, complaint or damage report.'),
    category: v.pipe(v.string('Choose a category.'), v.nonEmpty('Choose a category.'), v.maxLength(48)),
    description: text(MAX_DESCRIPTION, 'Describe your tip.'),
    location: v.optional(v.nullable(Location)),
    photos: v.optional(v.pipe(v.array(Uuid), v.maxLength(MAX_PHOTOS, `At most ${MAX_PHOTOS} photos.`)), []),
    contact: v.optional(v.nullable(Contact)),
    notify: v.optional(v.boolean(), false),
    consent: v.literal(true, 'Please agree to the privacy notice.'),
    answers: v.optional(Answers, {}),
    /** The page language, for the confirmation e-mail. */
    lang: v.optional(v.picklist(['de', 'en']), 'de'),
  }),
  safeTree(),
  v.forward(
    v.check((t) => t.kind !== 'schaden' || !!t.location, 'A damage report needs a location.'),
    ['location'],
  ),
  v.forward(
    v.check((t) => !t.notify || !!t.contact?.email, 'Enter your e-mail address to be notified.'),
    ['contact', 'email'],
  ),
);
export type TipCreate = v.InferInput<typeof TipCreate>;
export type TipCreateOutput = v.InferOutput<typeof TipCreate>;

/** Answer of POST /v1/tips (201). */
export interface TipCreated {
  ref: string;
  /** Secret: shown once, needed with the reference for the status view. */
  token: string;
  status: TipStatus;
  /** Where the tip went (a category may name the responsible tenant of the community). */
  tenant: { slug: string; name: string };
  createdAt: string;
}

export const TipStatusQuery = v.object({ ref: TipRef, token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,64}$/, 'Not a tracking token.')) });

export const TipReopen = v.pipe(
  v.object({
    ref: TipRef,
    token: TipStatusQuery.entries.token,
    reason: text(2000, 'Tell us what is still wrong.'),
  }),
  safeTree(),
);
export type TipReopen = v.InferInput<typeof TipReopen>;

export { parseTrackingHash, trackingLink } from './tracking.ts';

// ---------------------------------------------------------------- public reads

const PageQuery = {
  page: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(10_000)), '1'),
  pageSize: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(100)), '20'),
};

export const TipListQuery = v.object({
  kind: v.optional(v.picklist(TIP_KINDS)),
  category: v.optional(v.pipe(v.string(), v.maxLength(48))),
  status: v.optional(v.picklist(TIP_STATUSES)),
  ...PageQuery,
});

export const NearbyQuery = v.object({
  lat: v.pipe(v.string(), v.toNumber(), v.minValue(-90), v.maxValue(90)),
  lng: v.pipe(v.string(), v.toNumber(), v.minValue(-180), v.maxValue(180)),
  category: v.optional(v.pipe(v.string(), v.maxLength(48))),
});

/** A published tip: never any personal data (no contact, no notes, no assignee). */
export interface PublicTip {
  ref: string;
  kind: TipKind;
  category: string;
  description: string;
  location: { lat: number | null; lng: number | null; address: string | null } | null;
  status: TipStatus;
  publicAnswer: string | null;
  /** Image URLs relative to the API base (append ?key=… for <img>). */
  photos: string[];
  supportCount: number;
  createdAt: string;
  updatedAt: string;
  /** Only in /v1/tips/nearby. */
  distance?: number;
}

export interface PublicTipPage {
  items: PublicTip[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TipHistoryEntry {
  at: string;
  type: 'created' | 'status' | 'answer' | 'forwarded' | 'reopened';
  status: TipStatus | null;
  /** Public answer or rejection reason; never an internal note. */
  text: string | null;
}

/** The citizen's own view (GET /v1/tips/status?ref&token). */
export interface TipStatusView extends Omit<PublicTip, 'distance'> {
  tenant: { slug: string; name: string };
  published: boolean;
  history: TipHistoryEntry[];
  canReopen: boolean;
}

// ---------------------------------------------------------------- tenant settings (tenants.settings.tips)

export const Question = v.object({
  id: Id,
  label: Localized,
  type: v.picklist(['text', 'number', 'boolean', 'select']),
  required: v.optional(v.boolean(), false),
  options: v.optional(v.array(v.object({ value: Id, label: Localized })), []),
});
export type Question = v.InferOutput<typeof Question>;

export const CategoryConfig = v.object({
  id: Id,
  label: Localized,
  hint: v.optional(v.nullable(Localized), null),
  /** Kinds this category is offered for. */
  kinds: v.pipe(v.array(v.picklist(TIP_KINDS)), v.minLength(1, 'Offer the category for at least one kind.')),
  questions: v.optional(v.pipe(v.array(Question), v.maxLength(10)), []),
  /** When set, the form stops and shows this (e.g. "Gas smell: call 112"). */
  emergency: v.optional(v.nullable(Localized), null),
  /** Tenant slug of the community responsible for this category (tips go there directly). */
  responsible: v.optional(v.nullable(TenantSlug), null),
});
export type CategoryConfig = v.InferOutput<typeof CategoryConfig>;

export const ResponseTemplate = v.object({
  id: Id,
  status: v.picklist(TIP_STATUSES),
  title: text(200),
  text: Localized,
});
export type ResponseTemplate = v.InferOutput<typeof ResponseTemplate>;

export const TipsSettings = v.object({
  kinds: v.pipe(v.array(v.picklist(TIP_KINDS)), v.minLength(1, 'Offer at least one kind.')),
  categories: v.pipe(v.array(CategoryConfig), v.maxLength(40, 'At most 40 categories.')),
  /** May a citizen submit without name and e-mail? */
  anonymousAllowed: v.boolean(),
  /** Days after closing until personal data is deleted. */
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
  /** Accept submissions through Open311 (apps). */
  open311: v.boolean(),
  /**
   * Open311 reads (services, requests, tokens) need the `api_key` of a publishable key. Off by
   * default: they show only published tips, the same as <bn-tip-list>, and are rate limited.
   */
  open311RequireKey: v.optional(v.boolean(), false),
  /** New-tip notices go here; null: the tenant's contact e-mail. */
  notifyEmail: v.nullable(v.pipe(v.string(), v.trim(), v.email('Enter a valid e-mail address.'))),
  templates: v.pipe(v.array(ResponseTemplate), v.maxLength(100)),
  /** The tenant's page with <bn-tip-status>; e-mails link there with trackingLink(). */
  statusPageUrl: v.nullable(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2000),
      v.check((s) => /^https?:\/\//.test(s) && URL.canParse(s), 'Enter a full web address starting with https://'),
    ),
  ),
});
export type TipsSettings = v.InferOutput<typeof TipsSettings>;

/** PUT /v1/staff/tips/settings takes any subset. */
export const TipsSettingsUpdate = v.pipe(v.partial(TipsSettings), safeTree());

/** GET /v1/tips/categories: what the form needs. */
export interface TipsPublicSettings {
  kinds: TipKind[];
  categories: CategoryConfig[];
  anonymousAllowed: boolean;
  maxPhotos: number;
  maxUploadBytes: number;
  photoTypes: readonly string[];
}

/**
 * Rules that depend on the tenant's settings; the server applies them after the schema, the
 * form may call the same function. Returns valibot-like issues with dot paths.
 */
export function checkAgainstSettings(t: TipCreateOutput, s: Pick<TipsSettings, 'kinds' | 'categories' | 'anonymousAllowed'>): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (!s.kinds.includes(t.kind)) errors.push({ path: 'kind', message: 'This kind of tip is not offered here.' });
  const cat = s.categories.find((c) => c.id === t.category);
  if (!cat?.kinds.includes(t.kind)) errors.push({ path: 'category', message: 'Choose one of the offered categories.' });
  else {
    if (cat.emergency) errors.push({ path: 'category', message: 'This is an emergency: please call the number shown.' });
    for (const q of cat.questions) {
      const a = t.answers[q.id];
      const empty = a === undefined || a === '' || (Array.isArray(a) && a.length === 0);
      if (q.required && empty) errors.push({ path: `answers.${q.id}`, message: 'This field is required.' });
      else if (!empty && q.type === 'select' && !q.options.some((o) => o.value === a)) errors.push({ path: `answers.${q.id}`, message: 'Choose one of the options.' });
      else if (!empty && q.type === 'number' && typeof a !== 'number') errors.push({ path: `answers.${q.id}`, message: 'Enter a number.' });
      else if (!empty && q.type === 'boolean' && typeof a !== 'boolean') errors.push({ path: `answers.${q.id}`, message: 'Answer yes or no.' });
    }
    for (const id of Object.keys(t.answers)) {
      if (!cat.questions.some((q) => q.id === id)) errors.push({ path: `answers.${id}`, message: 'Unknown question.' });
    }
  }
  if (!s.anonymousAllowed) {
    if (!t.contact?.name) errors.push({ path: 'contact.name', message: 'Enter your name.' });
    if (!t.contact?.email) errors.push({ path: 'contact.email', message: 'Enter your e-mail address.' });
  }
  return errors;
}

// ---------------------------------------------------------------- staff

const SORTS = ['created', '-created', 'updated', '-updated', 'status', 'support', '-support'] as const;
const DateQ = IsoDate();

/** Days a tip may sit unchanged before the "idle" filter shows it (1 to 3650). */
export const MAX_IDLE_DAYS = 3650;

/**
 * The inbox filter, as query strings: what GET /v1/staff/tips takes besides paging, and what a
 * saved filter stores. `assignee=me` is the signed-in person (or key); `idleDays=N` shows open
 * tips unchanged for more than N days.
 */
export const InboxFilterFields = {
  status: v.optional(v.picklist(TIP_STATUSES)),
  kind: v.optional(v.picklist(TIP_KINDS)),
  category: v.optional(v.pipe(v.string(), v.maxLength(48))),
  /** Created on or after (date or timestamp). */
  from: v.optional(DateQ),
  /** Created before the end of this date. */
  to: v.optional(DateQ),
  /** Full text over reference, description, address and contact. */
  q: v.optional(OptionalText(200)),
  /** A staff member's id (`user:<uuid>` or a staff key id), "me" (who asks) or "none". */
  assignee: v.optional(v.pipe(v.string(), v.maxLength(48))),
  published: v.optional(v.picklist(['true', 'false'])),
  /** Open tips not changed for more than this many days. */
  idleDays: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'Enter a number of days.'), v.toNumber(), v.integer(), v.minValue(1, 'At least 1 day.'), v.maxValue(MAX_IDLE_DAYS, `At most ${MAX_IDLE_DAYS} days.`)),
  ),
};

export const StaffTipQuery = v.object({
  ...InboxFilterFields,
  sort: v.optional(v.picklist(SORTS), '-created'),
  ...PageQuery,
});
export type StaffTipQuery = v.InferOutput<typeof StaffTipQuery>;

/** GET /v1/staff/tips/points: the same filters, no paging (the inbox map). */
export const InboxPointsQuery = v.object({ ...InboxFilterFields, sort: v.optional(v.picklist(SORTS), '-created') });
/** At most this many pins on the inbox map; `truncated` says when there were more. */
export const MAX_POINTS = 2000;

export interface InboxPoint {
  ref: string;
  lat: number;
  lng: number;
  status: TipStatus;
  kind: TipKind;
  category: string;
}

export interface InboxPoints {
  items: InboxPoint[];
  /** Tips of the filter with a place on the map (may exceed items.length). */
  total: number;
  truncated: boolean;
}

/** A saved filter's query: the filter fields as strings, validated like the inbox query. */
const SavedQuery = v.pipe(
  v.record(v.string(), v.string()),
  v.check((q) => Object.keys(q).every((k) => k === 'sort' || k in InboxFilterFields), 'Unknown filter field.'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const r = v.safeParse(v.object({ ...InboxFilterFields, sort: v.optional(v.picklist(SORTS)) }), dataset.value);
    if (!r.success) for (const i of r.issues) addIssue({ message: i.message });
  }),
);

/** POST /v1/staff/tips/filters: saves (or replaces, by name) one of the person's filters. */
export const SavedFilterCreate = v.pipe(v.object({ name: text(80, 'Give the filter a name.'), query: SavedQuery }), safeTree());
export type SavedFilterCreate = v.InferOutput<typeof SavedFilterCreate>;
/** Each person keeps at most this many saved filters. */
export const MAX_SAVED_FILTERS = 30;

export interface SavedFilter {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

/** The assignee (`user:<uuid>`, see GET /v1/staff/tips/assignees), or null. */
function optionalAssignee() {
  return v.optional(v.nullable(v.pipe(v.string(), v.regex(/^(?:user:[0-9a-f-]{36}|key_[0-9A-Za-z]{16})$/, 'Not a staff member.'))));
}

/** PATCH /v1/staff/tips/:ref: any subset; a rejection needs a reason. */
export const StaffTipUpdate = v.pipe(
  v.object({
    status: v.optional(v.picklist(TIP_STATUSES, 'Not a status.')),
    /** Shown to the citizen with the rejection or status change. */
    reason: v.optional(OptionalText(2000)),
    /**
     * A public answer: each non-empty one is sent (history entry, mail to the citizen who asked
     * for them), even the same text again; the console asks before a repeat. Null or '' clears it.
     */
    publicAnswer: v.optional(v.nullable(OptionalText(4000))),
    /** Moderation: the public text, e.g. with a name or phone number removed before publishing. */
    description: v.optional(text(MAX_DESCRIPTION, 'Describe the tip.')),
    published: v.optional(v.boolean()),
    /** The assignee (`user:<uuid>`, see GET /v1/staff/tips/assignees), or null. */
    assignee: optionalAssignee(),
  }),
  v.forward(
    v.check((u) => u.status !== 'rejected' || !!u.reason, 'Give a reason for the rejection.'),
    ['reason'],
  ),
  v.check((u) => Object.values(u).some((x) => x !== undefined), 'Nothing to change.'),
  safeTree(),
);
export type StaffTipUpdate = v.InferOutput<typeof StaffTipUpdate>;

/** The changes a bulk action may make: the PATCH fields that make sense for many tips. */
export const MAX_BULK = 100;
export const TipBulk = v.pipe(
  v.object({
    refs: v.pipe(
      v.array(TipRef),
      v.minLength(1, 'Select at least one tip.'),
      v.maxLength(MAX_BULK, `At most ${MAX_BULK} tips at once.`),
      v.check((refs) => new Set(refs).size === refs.length, 'Each tip only once.'),
    ),
    status: v.optional(v.picklist(TIP_STATUSES, 'Not a status.')),
    reason: v.optional(OptionalText(2000)),
    published: v.optional(v.boolean()),
    assignee: optionalAssignee(),
  }),
  v.forward(
    v.check((u) => u.status !== 'rejected' || !!u.reason, 'Give a reason for the rejection.'),
    ['reason'],
  ),
  v.check((u) => u.status !== undefined || u.published !== undefined || u.assignee !== undefined, 'Nothing to change.'),
  safeTree(),
);
export type TipBulk = v.InferOutput<typeof TipBulk>;

/** POST /v1/staff/tips/bulk answers per tip: done, or why not (the others still happened). */
export interface TipBulkResult {
  results: { ref: string; ok: boolean; code?: string; message?: string }[];
  done: number;
  failed: number;
}

/** A tenant of the community that offers tips: where a tip can be forwarded. */
export interface ForwardTarget {
  slug: string;
  name: string;
}

export const StaffNote = v.pipe(v.object({ text: text(4000, 'Write a note.') }), safeTree());
export const StaffForward = v.pipe(v.object({ tenant: TenantSlug, note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))) }), safeTree());

export interface StaffTipEvent {
  id: string;
  at: string;
  /** Staff key id, "citizen" or "system". */
  actor: string;
  actorLabel: string | null;
  type: 'created' | 'status' | 'answer' | 'note' | 'published' | 'unpublished' | 'assigned' | 'forwarded' | 'reopened';
  status: TipStatus | null;
  text: string | null;
  public: boolean;
}

export interface StaffTip extends Omit<PublicTip, 'distance' | 'photos'> {
  id: string;
  published: boolean;
  assignee: { id: string; label: string } | null;
  contact: { name: string; email: string } | null;
  notify: boolean;
  answers: Record<string, unknown>;
  /** Photo URLs under /v1/staff/tips/:ref/photos/:id (fetch with the staff key). */
  photos: string[];
  forwardedFrom: { slug: string; name: string } | null;
  closedAt: string | null;
  personalDataDeletedAt: string | null;
  source: 'web' | 'open311';
  events: StaffTipEvent[];
}

export type StaffTipSummary = Omit<StaffTip, 'events' | 'answers'>;

export interface StaffTipPage {
  items: StaffTipSummary[];
  /** Tips per status for the same filter without its status (the status tabs' numbers). */
  counts: Record<TipStatus, number>;
  total: number;
  page: number;
  pageSize: number;
}
