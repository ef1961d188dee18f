// Stellenangebote und Bewerbungen: every request shape and the public answer types, shared by
// the widget (client-side validation) and the backend. Pure valibot, no server imports: it
// goes into the browser bundle. Messages are English; the widget translates by field path.
import * as v from 'valibot';
import { IsoDay, OptionalText, safeTree, Text } from '../core/schema.ts';
import { berlinOffsetMinutes } from '../core/time.ts';

export const PAY_SCHEMES = ['tvoed', 'besoldung', 'other'] as const;
export type PayScheme = (typeof PAY_SCHEMES)[number];
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'full_or_part_time'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export const SALARY_UNITS = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;

export const APPLICATION_STATUSES = ['received', 'in_review', 'invited', 'rejected', 'hired', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Statuses after which the retention clock runs. */
export const DECIDED_STATUSES: readonly ApplicationStatus[] = ['rejected', 'hired', 'withdrawn'];

/** Which status may follow which (staff). received → in review → invited → rejected / hired. */
export const APPLICATION_TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  received: ['in_review', 'invited', 'rejected'],
  in_review: ['invited', 'rejected'],
  invited: ['rejected', 'hired'],
  rejected: [],
  hired: [],
  withdrawn: [],
};

/** §2 SGB IX: severely disabled, or of equal status (Gleichstellung). */
export const DISABILITY = ['severe', 'equal', 'none', 'undisclosed'] as const;
export type Disability = (typeof DISABILITY)[number];
export const isFlagged = (d: Disability) => d === 'severe' || d === 'equal';

/** Documents: PDF only; per file and in total. */
export const DOCUMENT_TYPES = ['application/pdf'] as const;
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 5_000_000;
export const MAX_TOTAL_DOCUMENT_BYTES = 15_000_000;
export const MAX_COVER_LETTER = 10_000;
export const MAX_DESCRIPTION_HTML = 50_000;

const Uuid = v.pipe(v.string(), v.uuid('Not a valid id.'));
export const IdParam = v.object({ id: Uuid });
export const AppParam = v.object({ id: Uuid, appId: Uuid });
export const DocParam = v.object({ id: Uuid, appId: Uuid, docId: Uuid });

/** A reference like BW-2026-00003. */
export const ApplicationRef = v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^BW-\d{4}-\d{5,}$/, 'A reference looks like BW-2026-00003.'));
const Token = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,64}$/, 'Not an access code.'));
const Email = v.pipe(v.string(), v.trim(), v.maxLength(254), v.email('Enter a valid e-mail address.'));
const OptionalEmail = v.pipe(v.string(), v.trim(), v.maxLength(254), v.union([v.literal(''), v.pipe(v.string(), v.email('Enter a valid e-mail address.'))], 'Enter a valid e-mail address.'));
const Phone = v.pipe(OptionalText(40), v.regex(/^[0-9 +()/-]*$/, 'Use digits, spaces and + ( ) / - only.'));
const PostalCode = v.pipe(OptionalText(10), v.regex(/^[0-9A-Za-z -]*$/, 'Not a postal code.'));
const Money = v.pipe(v.number('Enter an amount.'), v.minValue(0), v.maxValue(1_000_000));

// ---------------------------------------------------------------- day boundary

/** The instant a deadline day (`2026-05-31`) ends in Europe/Berlin: the next day's 00:00 there. */
export function deadlineEnds(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // The offset at that local midnight (a DST switch never happens at midnight in Berlin).
  const guess = new Date(midnightUtc - 60 * 60_000);
  return new Date(midnightUtc - berlinOffsetMinutes(guess) * 60_000);
}

/** `validThrough` for JSON-LD: the last second of the deadline day with Berlin's offset. */
export function validThrough(day: string): string {
  const end = new Date(deadlineEnds(day).getTime() - 1000);
  const off = berlinOffsetMinutes(end);
  const local = new Date(end.getTime() + off * 60_000).toISOString().slice(0, 19);
  return `${local}+${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- staff: postings

const postingFields = {
  title: Text(200, 'Enter a job title.'),
  /** Rich text (HTML); the server keeps only safe markup (headings, lists, emphasis, links). */
  descriptionHtml: v.pipe(
    v.string(),
    v.maxLength(MAX_DESCRIPTION_HTML, `At most ${MAX_DESCRIPTION_HTML} characters.`),
    v.check((s) => s.trim().length > 0, 'Describe the position.'),
  ),
  department: OptionalText(200),
  payScheme: v.picklist(PAY_SCHEMES, 'Choose TVöD, Besoldung or other.'),
  payGrade: v.pipe(OptionalText(40), v.regex(/^[\p{L}\p{N} .,/-]*$/u, 'A pay grade looks like "EG 9a" or "A 11".')),
  employmentType: v.picklist(EMPLOYMENT_TYPES, 'Choose full time, part time or both.'),
  hoursPerWeek: v.nullable(v.pipe(v.number('Enter the weekly hours.'), v.minValue(1), v.maxValue(60))),
  salaryMin: v.nullable(Money),
  salaryMax: v.nullable(Money),
  salaryUnit: v.picklist(SALARY_UNITS),
  street: OptionalText(200),
  postalCode: PostalCode,
  locality: Text(120, 'Enter the place of work.'),
  telecommute: v.boolean(),
  contactName: OptionalText(200),
  contactEmail: OptionalEmail,
  contactPhone: Phone,
  deadline: v.nullable(IsoDay()),
  published: v.boolean(),
};

const SALARY_ORDER = 'The maximum is below the minimum.';
const salaryOk = (p: { salaryMin?: number | null; salaryMax?: number | null }) => p.salaryMin == null || p.salaryMax == null || p.salaryMin <= p.salaryMax;

export const PostingCreate = v.pipe(
  v.object({
    title: postingFields.title,
    descriptionHtml: postingFields.descriptionHtml,
    department: v.optional(postingFields.department, ''),
    payScheme: v.optional(postingFields.payScheme, 'tvoed'),
    payGrade: v.optional(postingFields.payGrade, ''),
    employmentType: v.optional(postingFields.employmentType, 'full_time'),
    hoursPerWeek: v.optional(postingFields.hoursPerWeek, null),
    salaryMin: v.optional(postingFields.salaryMin, null),
    salaryMax: v.optional(postingFields.salaryMax, null),
    salaryUnit: v.optional(postingFields.salaryUnit, 'MONTH'),
    street: v.optional(postingFields.street, ''),
    postalCode: v.optional(postingFields.postalCode, ''),
    locality: postingFields.locality,
    telecommute: v.optional(postingFields.telecommute, false),
    contactName: v.optional(postingFields.contactName, ''),
    contactEmail: v.optional(postingFields.contactEmail, ''),
    contactPhone: v.optional(postingFields.contactPhone, ''),
    deadline: v.optional(postingFields.deadline, null),
    published: v.optional(postingFields.published, false),
  }),
  safeTree(),
  v.forward(
    v.check((p) => salaryOk(p), SALARY_ORDER),
    ['salaryMax'],
  ),
);
export type PostingCreate = v.InferInput<typeof PostingCreate>;
export type PostingInput = v.InferOutput<typeof PostingCreate>;

export const PostingUpdate = v.pipe(
  v.partial(v.object(postingFields)),
  safeTree(),
  v.check((p) => Object.keys(p).length > 0, 'Change at least one field.'),
  v.forward(
    v.check((p) => salaryOk(p), SALARY_ORDER),
    ['salaryMax'],
  ),
);
export type PostingUpdate = v.InferOutput<typeof PostingUpdate>;

export const JobsSettingsUpdate = v.pipe(
  v.partial(
    v.object({
      /** A town's postings appear on its county's page as well. */
      shareWithCounty: v.boolean(),
      /** Months a rejected application is kept after the decision (AGG claim periods). */
      rejectedMonths: v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(24)),
      /** Months an application in the talent pool (applicant's consent) is kept. */
      talentPoolMonths: v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(36)),
      /** Months a hired applicant's application stays in the module (then it goes to the personnel file). */
      hiredMonths: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24)),
      /** Where new applications are announced; and the two representations §164 SGB IX names. */
      notifyEmail: OptionalEmail,
      representativeEmail: OptionalEmail,
      staffCouncilEmail: OptionalEmail,
      /** The page with <bn-job-listings>; receipts link to the status view there. */
      pageUrl: v.union([v.literal(''), v.pipe(v.string(), v.maxLength(500), v.url('Enter a full https:// address.'), v.startsWith('http'))]),
    }),
  ),
  safeTree(),
);
export type JobsSettingsUpdate = v.InferOutput<typeof JobsSettingsUpdate>;
export type JobsSettings = Required<JobsSettingsUpdate>;
export const DEFAULT_JOBS_SETTINGS: JobsSettings = {
  shareWithCounty: false,
  rejectedMonths: 6,
  talentPoolMonths: 24,
  hiredMonths: 6,
  notifyEmail: '',
  representativeEmail: '',
  staffCouncilEmail: '',
  pageUrl: '',
};

// ---------------------------------------------------------------- public reads

const flag = v.optional(
  v.pipe(
    v.picklist(['true', 'false', '1', '0']),
    v.transform((s) => s === 'true' || s === '1'),
  ),
);
export const JobListQuery = v.object({
  employer: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,48}$/, 'Not a tenant name.'))),
  department: v.optional(OptionalText(200)),
  payScheme: v.optional(v.picklist(PAY_SCHEMES)),
  payGrade: v.optional(OptionalText(40)),
  employmentType: v.optional(v.picklist(EMPLOYMENT_TYPES)),
  location: v.optional(OptionalText(120)),
  q: v.optional(OptionalText(200)),
  /** Only postings with a deadline (all listed postings are still open). */
  withDeadline: flag,
  page: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(10_000)), '1'),
  pageSize: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(100)), '50'),
});
export type JobListQuery = v.InferOutput<typeof JobListQuery>;

export interface PublicJob {
  id: string;
  title: string;
  /** Sanitised HTML (headings, paragraphs, lists, emphasis, links). */
  descriptionHtml: string;
  department: string;
  payScheme: PayScheme;
  payGrade: string;
  employmentType: EmploymentType;
  hoursPerWeek: number | null;
  salary: { min: number | null; max: number | null; unit: (typeof SALARY_UNITS)[number]; currency: 'EUR' } | null;
  location: { street: string; postalCode: string; locality: string; country: 'DE' };
  telecommute: boolean;
  contact: { name: string; email: string; phone: string } | null;
  deadline: string | null;
  /** End of the deadline day, Europe/Berlin (ISO 8601 with offset). */
  validThrough: string | null;
  datePosted: string;
  employer: { slug: string; name: string };
}

export interface JobPage {
  items: PublicJob[];
  total: number;
  page: number;
  pageSize: number;
  /** Values the filters offer (from every open posting, not just this page). */
  facets: { employers: { slug: string; name: string }[]; departments: string[]; payGrades: string[]; locations: string[] };
}

// ---------------------------------------------------------------- applications

export const DocumentRef = v.object({
  id: Uuid,
  name: v.pipe(
    Text(200, 'Name the file.'),
    v.transform((s) => s.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')),
  ),
});

export const ApplicationCreate = v.pipe(
  v.object({
    firstName: Text(100, 'Enter your first name.'),
    lastName: Text(100, 'Enter your last name.'),
    email: Email,
    phone: v.optional(Phone, ''),
    street: v.optional(OptionalText(200), ''),
    postalCode: v.optional(PostalCode, ''),
    locality: v.optional(OptionalText(120), ''),
    coverLetter: Text(MAX_COVER_LETTER, 'Write a cover letter.'),
    documents: v.pipe(
      v.array(DocumentRef),
      v.minLength(1, 'Add at least one PDF document.'),
      v.maxLength(MAX_DOCUMENTS, `At most ${MAX_DOCUMENTS} documents.`),
      v.check((d) => new Set(d.map((x) => x.id)).size === d.length, 'A document is listed twice.'),
    ),
    disability: v.optional(v.picklist(DISABILITY), 'undisclosed'),
    talentPool: v.optional(v.boolean(), false),
    consent: v.literal(true, 'Please agree to the privacy notice.'),
    lang: v.optional(v.picklist(['de', 'en']), 'de'),
  }),
  safeTree(),
);
export type ApplicationCreate = v.InferInput<typeof ApplicationCreate>;
export type ApplicationInput = v.InferOutput<typeof ApplicationCreate>;

export interface ApplicationCreated {
  ref: string;
  /** Secret: shown once; with the reference it opens the status view. */
  token: string;
  status: ApplicationStatus;
  createdAt: string;
}

export const ApplicationStatusQuery = v.object({ ref: ApplicationRef, token: Token });
export const ApplicationWithdraw = v.pipe(v.object({ ref: ApplicationRef, token: Token }), safeTree());

export interface ApplicationStatusView {
  ref: string;
  status: ApplicationStatus;
  posting: { id: string; title: string };
  employer: { slug: string; name: string };
  createdAt: string;
  updatedAt: string;
  canWithdraw: boolean;
}

/** Status link: `#bn-job-status=REF.TOKEN` on the tenant's job page (never sent to a server). */
export function statusLink(pageUrl: string, ref: string, token: string): string {
  const u = new URL(pageUrl);
  u.hash = `bn-job-status=${encodeURIComponent(ref)}.${encodeURIComponent(token)}`;
  return u.toString();
}

export function parseStatusHash(hash: string): { ref: string; token: string } | null {
  const m = /(?:^#|&)bn-job-status=(BW-\d{4}-\d{5,})\.([A-Za-z0-9_-]{20,64})/.exec(hash);
  return m ? { ref: m[1]!, token: m[2]! } : null;
}

// ---------------------------------------------------------------- staff: applications

export const StaffApplicationUpdate = v.pipe(
  v.object({
    status: v.optional(v.picklist(APPLICATION_STATUSES.filter((s) => s !== 'withdrawn') as Exclude<ApplicationStatus, 'withdrawn'>[])),
    /** §165 SGB IX: required when rejecting a severely disabled applicant who was not invited. */
    reason: v.optional(Text(2000)),
    rating: v.optional(v.nullable(v.pipe(v.number(), v.integer('A whole number of stars.'), v.minValue(1), v.maxValue(5)))),
  }),
  safeTree(),
  v.check((u) => u.status !== undefined || u.rating !== undefined, 'Change the status or the rating.'),
);
export type StaffApplicationUpdate = v.InferOutput<typeof StaffApplicationUpdate>;

export const StaffNote = v.pipe(v.object({ text: Text(4000, 'Write a note.') }), safeTree());

export const LETTER_KINDS = ['rejection', 'invitation', 'other'] as const;
export const LetterTemplateCreate = v.pipe(
  v.object({
    kind: v.picklist(LETTER_KINDS),
    name: Text(120, 'Name the template.'),
    subject: Text(200, 'Enter a subject.'),
    /** Plain text with {{firstName}} {{lastName}} {{title}} {{ref}} {{employer}}. */
    body: Text(10_000, 'Write the letter.'),
  }),
  safeTree(),
);
export type LetterTemplateInput = v.InferOutput<typeof LetterTemplateCreate>;
export const LETTER_PLACEHOLDERS = ['firstName', 'lastName', 'title', 'ref', 'employer'] as const;

export const SendLetter = v.pipe(v.object({ templateId: Uuid }), safeTree());

export const BulkReject = v.pipe(
  v.object({
    ids: v.pipe(v.array(Uuid), v.minLength(1, 'Choose applications.'), v.maxLength(500)),
    templateId: Uuid,
    /** §165 SGB IX reasons, by application id. */
    reasons: v.optional(v.record(Uuid, Text(2000)), {}),
  }),
  safeTree(),
);
export type BulkReject = v.InferOutput<typeof BulkReject>;

export interface StaffPosting extends Omit<PublicJob, 'employer' | 'validThrough'> {
  validThrough: string | null;
  published: boolean;
  open: boolean;
  createdAt: string;
  updatedAt: string;
  applications: number;
}

export interface StaffEvent {
  at: string;
  actor: string;
  type: 'status' | 'note' | 'rating' | 'letter';
  status: ApplicationStatus | null;
  text: string | null;
}

/** What each role sees of an application. */
export interface StaffApplication {
  id: string;
  ref: string;
  status: ApplicationStatus;
  firstName: string;
  lastName: string;
  disability: Disability;
  /** §165 SGB IX: severely disabled or of equal status. */
  flagged: boolean;
  invitedAt: string | null;
  rejectionReason: string | null;
  coverLetter: string;
  documents: { id: string; name: string; size: number }[];
  createdAt: string;
  decidedAt: string | null;
  /** Clerks only (role `jobs`). */
  contact?: { email: string; phone: string; street: string; postalCode: string; locality: string };
  rating?: number | null;
  talentPool?: boolean;
  events?: StaffEvent[];
}
