// Kita-Anmeldung: every request shape, the rules between fields, and the answer types, shared
// by the widgets (client-side validation) and the backend. Pure valibot, no server imports.
// The Kitas themselves (facility, team) are in facility-schema.ts.
//
// Messages are bilingual, "Deutsch · English": the API sends both (a problem a family reads
// in either language), a widget shows its language's half through `pickLang()`.
import * as v from 'valibot';
import { IsoDay, OptionalText, parseIsoDate, safeTree, Text } from '../core/schema.ts';

export const AGE_GROUPS = ['krippe', 'kindergarten', 'hort'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const REGISTRATION_STATES = ['active', 'placed', 'withdrawn'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];
export const WISH_STATES = ['waiting', 'offered', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type WishState = (typeof WISH_STATES)[number];
export const OFFER_STATES = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

/** The half of a "Deutsch · English" message for a language. */
export function pickLang(message: string, lang: string): string {
  const i = message.indexOf(' · ');
  if (i < 0) return message;
  return lang.startsWith('de') ? message.slice(0, i) : message.slice(i + 3);
}

const M = {
  // The words of the widgets' own required check (widgets/core/form-messages*.ts): one wording in every form.
  required: 'Bitte füllen Sie dieses Feld aus. · Please fill in this field.',
  date: 'Bitte ein echtes Datum wie 2026-08-01 angeben. · Use a real date like 2026-08-01.',
  facility: 'Keine gültige Kita. · Not a valid Kita.',
  wishesMin: 'Bitte mindestens eine Kita wählen. · Choose at least one Kita.',
  wishTwice: 'Jede Kita nur einmal wählen. · Choose each Kita only once.',
  startBeforeBirth: 'Der Betreuungsbeginn liegt vor der Geburt. · The start date is before the birth date.',
  careHours: 'Betreuungsstunden zwischen 10 und 60 pro Woche. · Care hours between 10 and 60 a week.',
  email: 'Bitte eine gültige E-Mail-Adresse angeben. · Enter a valid e-mail address.',
  hardshipReason: 'Bitte den Härtefall kurz begründen. · Please give a short reason for the hardship.',
  sibling: 'Geschwister nur bei einer gewünschten Kita angeben. · Siblings count only at a wished Kita.',
  consent: 'Bitte der Datenschutzerklärung zustimmen. · Please agree to the privacy notice.',
  guardians: 'Ein oder zwei Sorgeberechtigte. · One or two guardians.',
  ref: 'Eine Referenz sieht aus wie KA-2026-00017. · A reference looks like KA-2026-00017.',
  token: 'Kein gültiger Zugangscode. · Not a valid access code.',
} as const;
export const KITA_MESSAGES = M;

// Building blocks of the module's schemas (facility-schema.ts uses them too).
export const Uuid = (message: string = M.facility) => v.pipe(v.string(), v.uuid(message));
const Day = IsoDay(M.date);
export const Slug = v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Keine Gemeinde. · Not a municipality.'));
export const Email = v.pipe(v.string(), v.trim(), v.maxLength(254, M.email), v.email(M.email));
const OptionalEmail = v.pipe(v.string(), v.trim(), v.maxLength(254, M.email), v.union([v.literal(''), v.pipe(v.string(), v.email(M.email))], M.email));

// ---------------------------------------------------------------- dates and ages

/** Whole months between two calendar days (b after a → positive). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma, da] = a.split('-').map(Number) as [number, number, number];
  const [yb, mb, db] = b.split('-').map(Number) as [number, number, number];
  return (yb - ya) * 12 + (mb - ma) - (db < da ? 1 : 0);
}

/** Age group on the wished start: under 3 Krippe, under 6 Kindergarten, then Hort. */
export function ageGroupAt(birthDate: string, startDate: string): AgeGroup {
  const months = monthsBetween(birthDate, startDate);
  return months < 36 ? 'krippe' : months < 72 ? 'kindergarten' : 'hort';
}

/** Adds months to a calendar day (clamped to the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- settings

export const Weights = v.object({
  /** Family lives in the Kita's town (or anywhere in the county, for the county's Kitas). */
  residence: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  /** A sibling already attends the Kita. */
  sibling: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  /** Urgency: both guardians (or the single guardian) work. */
  bothWorking: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  /** Urgency: hardship, with a reason. */
  hardship: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  /** Per full year of age on the wished start (older children first). */
  agePerYear: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
});
export type Weights = v.InferOutput<typeof Weights>;

export const KitaSettings = v.object({
  /** Most wishes a family may rank. */
  maxWishes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)),
  /** How far before the expected birth a child may be registered, in months. */
  leadTimeMonths: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24)),
  /** Default offer deadline, days. */
  offerDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)),
  /** Personal data kept after placement or withdrawal, days. */
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
  /** Resume links of "Später fortsetzen" expire after, days. */
  draftDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60)),
  /** Whether this tenant's Kitas take wishes from families of other towns of the community. */
  acceptOutside: v.boolean(),
  /** Who allocates: each Kita, or the youth office centrally. */
  allocation: v.picklist(['facility', 'central']),
  weights: Weights,
  /** Where staff notices go (else the facility's or the tenant's contact address). */
  notifyEmail: v.nullable(Email),
  /** The page with <bn-kita-status>; mails link to it with the tracking fragment. */
  statusPageUrl: v.nullable(v.pipe(v.string(), v.url(), v.maxLength(500))),
});
export type KitaSettings = v.InferOutput<typeof KitaSettings>;
export const KitaSettingsUpdate = v.pipe(v.partial(KitaSettings), safeTree());

export const DEFAULT_KITA_SETTINGS: KitaSettings = {
  maxWishes: 5,
  leadTimeMonths: 12,
  offerDays: 14,
  retentionDays: 183,
  draftDays: 14,
  acceptOutside: true,
  allocation: 'facility',
  weights: { residence: 10, sibling: 8, bothWorking: 5, hardship: 12, agePerYear: 2 },
  notifyEmail: null,
  statusPageUrl: null,
};

/** GET /v1/kita/settings: what the form needs to know. */
export interface KitaPublicSettings {
  maxWishes: number;
  leadTimeMonths: number;
  draftDays: number;
  /** Towns of the community (for the residence question and the town filter). */
  towns: { slug: string; name: string }[];
  privacyUrl: string | null;
}

// ---------------------------------------------------------------- registration

export const Guardian = v.object({
  firstName: Text(100, M.required),
  lastName: Text(100, M.required),
  email: v.optional(OptionalEmail, ''),
  phone: v.optional(v.pipe(OptionalText(40), v.regex(/^[0-9+()/ -]*$/, 'Nur Ziffern, +, /, - und Leerzeichen. · Digits, +, /, - and spaces only.')), ''),
  address: Text(300, M.required),
  working: v.optional(v.boolean(), false),
});
export type Guardian = v.InferOutput<typeof Guardian>;

export const Child = v.object({
  firstName: Text(100, M.required),
  lastName: Text(100, M.required),
  /** Birth date, or the expected date when `expected`. */
  birthDate: Day,
  expected: v.optional(v.boolean(), false),
  /** Sensitive: seen by staff only, deleted with the rest. */
  specialNeeds: v.optional(OptionalText(2000), ''),
});

export const RegistrationFields = {
  /** Facility ids, most wished first. */
  wishes: v.pipe(v.array(Uuid()), v.minLength(1, M.wishesMin), v.maxLength(20)),
  child: Child,
  startDate: Day,
  careHours: v.pipe(v.number(M.careHours), v.integer(M.careHours), v.minValue(10, M.careHours), v.maxValue(60, M.careHours)),
  guardians: v.pipe(v.array(Guardian), v.minLength(1, M.guardians), v.maxLength(2, M.guardians)),
  /** Town of the community the family lives in (slug); '' = elsewhere. */
  residence: v.optional(v.union([v.literal(''), Slug]), ''),
  hardship: v.optional(v.boolean(), false),
  hardshipReason: v.optional(OptionalText(2000), ''),
  /** Wished facilities a sibling already attends. */
  siblings: v.optional(v.pipe(v.array(Uuid()), v.maxLength(20)), []),
  note: v.optional(OptionalText(1000), ''),
  lang: v.optional(v.picklist(['de', 'en']), 'de'),
};

const RegistrationObject = v.object({ ...RegistrationFields, consent: v.literal(true, M.consent) });
type RegistrationOut = v.InferOutput<typeof RegistrationObject>;

/** The rules between fields, one place for the widget's steps and the API. */
export const RegistrationCreate = v.pipe(
  RegistrationObject,
  safeTree(),
  v.forward(
    v.check((r: RegistrationOut) => new Set(r.wishes).size === r.wishes.length, M.wishTwice),
    ['wishes'],
  ),
  v.forward(
    v.check((r: RegistrationOut) => !parseIsoDate(r.child.birthDate) || !parseIsoDate(r.startDate) || r.startDate >= r.child.birthDate, M.startBeforeBirth),
    ['startDate'],
  ),
  v.forward(
    v.check((r: RegistrationOut) => !r.hardship || r.hardshipReason.length > 0, M.hardshipReason),
    ['hardshipReason'],
  ),
  v.forward(
    v.check((r: RegistrationOut) => r.siblings.every((x) => r.wishes.includes(x)), M.sibling),
    ['siblings'],
  ),
  v.forward(
    v.check((r: RegistrationOut) => !!r.guardians[0]?.email, M.email),
    ['guardians', 0, 'email'],
  ),
);
export type RegistrationCreate = v.InferInput<typeof RegistrationCreate>;
export type RegistrationCreateOutput = v.InferOutput<typeof RegistrationCreate>;

/**
 * The tenant's rules over a registration, pure (the form checks them in its steps too).
 * `today` is Germany's calendar day. Returns field errors.
 */
export function checkRegistration(
  r: { wishes: string[]; child: { birthDate: string; expected?: boolean }; startDate: string },
  s: Pick<KitaSettings, 'maxWishes' | 'leadTimeMonths'>,
  today: string,
): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (r.wishes.length > s.maxWishes) {
    errors.push({ path: 'wishes', message: `Höchstens ${s.maxWishes} Wünsche. · At most ${s.maxWishes} wishes.` });
  }
  const latest = addMonths(today, s.leadTimeMonths);
  if (r.child.birthDate > latest) {
    errors.push({
      path: 'child.birthDate',
      message: `Anmeldung höchstens ${s.leadTimeMonths} Monate vor der Geburt. · Registration at most ${s.leadTimeMonths} months before birth.`,
    });
  } else if (r.child.birthDate > today && !r.child.expected) {
    errors.push({ path: 'child.birthDate', message: 'Das Geburtsdatum liegt in der Zukunft: bitte „erwartet“ ankreuzen. · The birth date is in the future: tick "expected".' });
  }
  if (r.startDate < today) errors.push({ path: 'startDate', message: 'Der Betreuungsbeginn liegt in der Vergangenheit. · The start date is in the past.' });
  if (ageGroupAt(r.child.birthDate, r.startDate) === 'hort' && monthsBetween(r.child.birthDate, r.startDate) >= 14 * 12) {
    errors.push({ path: 'startDate', message: 'Betreuung bis 14 Jahre. · Care is for children up to 14.' });
  }
  return errors;
}

/** A reference like KA-2026-00017. */
export const KitaRef = v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^KA-\d{4}-\d{5,}$/, M.ref));
export const Token = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,64}$/, M.token));
export const StatusQuery = v.object({ ref: KitaRef, token: Token });
export const StatusAction = v.pipe(v.object({ ref: KitaRef, token: Token }), safeTree());
export const StatusChange = v.pipe(
  v.object({ ref: KitaRef, token: Token, startDate: v.optional(Day), careHours: v.optional(RegistrationFields.careHours) }),
  safeTree(),
  v.check((c) => c.startDate !== undefined || c.careHours !== undefined, 'Nichts zu ändern. · Nothing to change.'),
);

export interface RegistrationCreated {
  ref: string;
  /** Secret: shown once, needed with the reference for the status view. */
  token: string;
  state: RegistrationState;
  createdAt: string;
}

/** The family's view (GET /v1/kita/registrations/status). */
export interface RegistrationStatus {
  ref: string;
  state: RegistrationState;
  child: { firstName: string | null; birthDate: string | null; expected: boolean };
  startDate: string;
  careHours: number;
  createdAt: string;
  wishes: { rank: number; facility: { id: string; name: string; town: string }; state: WishState }[];
  offers: { id: string; facility: { id: string; name: string }; deadline: string; state: OfferState; createdAt: string }[];
  canChange: boolean;
}

/** `#bn-kita=REF.TOKEN`: in the fragment, so it never reaches a server log. */
export function trackingLink(pageUrl: string, ref: string, token: string): string {
  const u = new URL(pageUrl);
  u.hash = `bn-kita=${encodeURIComponent(ref)}.${encodeURIComponent(token)}`;
  return u.toString();
}
export function parseTrackingHash(hash: string): { ref: string; token: string } | null {
  const m = /(?:^#|&)bn-kita=(KA-\d{4}-\d{5,})\.([A-Za-z0-9_-]{20,64})/.exec(hash);
  return m ? { ref: m[1]!, token: m[2]! } : null;
}

// ---------------------------------------------------------------- drafts ("Später fortsetzen")

/** What a draft may hold: the form's fields, any subset, nothing else. */
export const DraftData = v.pipe(
  v.partial(
    v.strictObject({
      step: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
      wishes: v.pipe(v.array(Uuid()), v.maxLength(20)),
      child: v.partial(v.strictObject({ firstName: OptionalText(100), lastName: OptionalText(100), birthDate: OptionalText(10), expected: v.boolean(), specialNeeds: OptionalText(2000) })),
      startDate: OptionalText(10),
      careHours: v.union([v.literal(''), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60))]),
      guardians: v.pipe(
        v.array(
          v.partial(
            v.strictObject({
              firstName: OptionalText(100),
              lastName: OptionalText(100),
              email: OptionalText(254),
              phone: OptionalText(40),
              address: OptionalText(300),
              working: v.boolean(),
            }),
          ),
        ),
        v.maxLength(2),
      ),
      residence: OptionalText(48),
      hardship: v.boolean(),
      hardshipReason: OptionalText(2000),
      siblings: v.pipe(v.array(Uuid()), v.maxLength(20)),
      note: OptionalText(1000),
    }),
  ),
);
export type DraftData = v.InferOutput<typeof DraftData>;

export const DraftCreate = v.pipe(
  v.object({
    email: Email,
    data: DraftData,
    /** The page the resume link leads back to: one of the tenant's origins. */
    pageUrl: v.pipe(v.string(), v.url('Keine Adresse. · Not an address.'), v.maxLength(500)),
    lang: v.optional(v.picklist(['de', 'en']), 'de'),
    /** A resumed draft this one replaces (deleted). */
    replaces: v.optional(v.object({ id: Uuid('Kein Entwurf. · Not a draft.'), token: Token })),
  }),
  safeTree(),
);
export const DraftQuery = v.object({ id: Uuid('Kein Entwurf. · Not a draft.'), token: Token });

export function draftLink(pageUrl: string, id: string, token: string): string {
  const u = new URL(pageUrl);
  u.hash = `bn-kita-draft=${id}.${token}`;
  return u.toString();
}
export function parseDraftHash(hash: string): { id: string; token: string } | null {
  const m = /(?:^#|&)bn-kita-draft=([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,64})/.exec(hash);
  return m ? { id: m[1]!, token: m[2]! } : null;
}

// ---------------------------------------------------------------- staff

export const StaffRegistrationQuery = v.object({
  facilityId: v.optional(Uuid()),
  state: v.optional(v.picklist(WISH_STATES)),
});

export const OfferCreate = v.pipe(
  v.object({
    registrationId: Uuid('Keine Anmeldung. · Not a registration.'),
    facilityId: Uuid(),
    deadline: v.optional(Day),
  }),
  safeTree(),
);

export interface PointLine {
  criterion: 'residence' | 'sibling' | 'bothWorking' | 'hardship' | 'age' | 'registered';
  points: number;
  /** "Deutsch · English". */
  text: string;
}

export interface StaffWish {
  registrationId: string;
  ref: string;
  facility: { id: string; name: string };
  rank: number;
  state: WishState;
  points: number;
  explanation: PointLine[];
  /** Position in the facility's list (1 = first). */
  position: number;
  child: { firstName: string | null; lastName: string | null; birthDate: string | null; expected: boolean; specialNeeds: string | null };
  ageGroup: AgeGroup;
  startDate: string;
  careHours: number;
  residence: string | null;
  guardians: Guardian[] | null;
  hardshipReason: string | null;
  registrationState: RegistrationState;
  createdAt: string;
  /** Another active registration of the community has the same child name and birth date. */
  duplicate: boolean;
  /** The child holds an open offer somewhere in the community. */
  openOffer: boolean;
  offer: { id: string; deadline: string; state: OfferState } | null;
  /** Whether the caller may make or withdraw this Kita's offer (role and kita.allocation). */
  mayOffer: boolean;
}

/** What the calling account acts for (GET /v1/staff/kita/registrations → scope). */
export interface KitaScopeView {
  allocation: 'facility' | 'central';
  /** The Kitas this account is staff of; null: the office, every Kita of the tenant. */
  facilities: string[] | null;
}

export interface KitaStatistics {
  total: number;
  byBirthYear: { key: string; count: number }[];
  byAgeGroup: { key: string; count: number }[];
  byCareHours: { key: string; count: number }[];
  /** By the family's town, named as people read it ('' for a place outside the community). */
  byTown: { key: string; count: number }[];
  byState: { key: string; count: number }[];
}
