// Stellenangebote for staff: postings, applications per posting, §165 SGB IX, letters, ZIP.
// Every function runs inside the tenant's scoped transaction (tdb.tx) and writes its audit
// entry in the same transaction. Every view of an application is audited as well.
import yazl from 'yazl';
import type { Tx } from '../core/db.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { outboxInsert, type Mail } from '../core/mail.ts';
import { readUpload } from '../core/uploads.ts';
import {
  APPLICATION_TRANSITIONS,
  isFlagged,
  validThrough,
  type ApplicationStatus,
  type BulkReject,
  type Disability,
  type LetterTemplateInput,
  type PostingInput,
  type PostingUpdate,
  type StaffApplication,
  type StaffApplicationUpdate,
  type StaffEvent,
  type StaffPosting,
} from './schema.ts';
import { sanitizeDescription } from './sanitize.ts';
import { day, openAt, publicJob, type PostingRow } from './store.ts';
import { letterMail } from './mails.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What a role may see of applications: clerks everything, the representations the law's part. */
export type View = 'clerk' | 'participation';
export const viewOf = (roles: ReadonlySet<string>): View => (roles.has('jobs') ? 'clerk' : 'participation');

// ---------------------------------------------------------------- postings

function staffPosting(r: PostingRow & { open: boolean; applications: number }): StaffPosting {
  const { employer: _e, ...pub } = publicJob(r, { slug: '', name: '' });
  return {
    ...pub,
    validThrough: r.deadline ? validThrough(day(r.deadline)!) : null,
    published: r.published,
    open: r.open,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    applications: r.applications,
  };
}

const columns = (p: Partial<PostingInput>) => {
  const out: Record<string, unknown> = {};
  const map: Record<string, string> = {
    title: 'title',
    department: 'department',
    payScheme: 'pay_scheme',
    payGrade: 'pay_grade',
    employmentType: 'employment_type',
    hoursPerWeek: 'hours_per_week',
    salaryMin: 'salary_min',
    salaryMax: 'salary_max',
    salaryUnit: 'salary_unit',
    street: 'street',
    postalCode: 'postal_code',
    locality: 'locality',
    telecommute: 'telecommute',
    contactName: 'contact_name',
    contactEmail: 'contact_email',
    contactPhone: 'contact_phone',
    deadline: 'deadline',
    published: 'published',
  };
  for (const [k, col] of Object.entries(map)) if ((p as Record<string, unknown>)[k] !== undefined) out[col] = (p as Record<string, unknown>)[k];
  if (p.descriptionHtml !== undefined) {
    const html = sanitizeDescription(p.descriptionHtml);
    if (!html) throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'descriptionHtml', message: 'Describe the position.' }] });
    out.description_html = html;
  }
  return out;
};

async function postingRow(sql: Tx, tenantId: string, id: string, now: Date) {
  const [r] = await sql<(PostingRow & { open: boolean; applications: number })[]>`
    select j.*, ${openAt(sql, now)} as open,
           (select count(*)::int from job_applications a where a.tenant_id = j.tenant_id and a.posting_id = j.id) as applications
    from job_postings j where j.tenant_id = ${tenantId} and j.id = ${id}`;
  if (!r) throw notFound('posting');
  return r;
}

export async function listPostings(sql: Tx, tenantId: string, now: Date): Promise<StaffPosting[]> {
  const rows = await sql<(PostingRow & { open: boolean; applications: number })[]>`
    select j.*, ${openAt(sql, now)} as open,
           (select count(*)::int from job_applications a where a.tenant_id = j.tenant_id and a.posting_id = j.id) as applications
    from job_postings j where j.tenant_id = ${tenantId}
    order by j.created_at desc`;
  return rows.map(staffPosting);
}

export const getPosting = async (sql: Tx, tenantId: string, id: string, now: Date) => staffPosting(await postingRow(sql, tenantId, id, now));

export async function createPosting(sql: Tx, tenantId: string, input: PostingInput, actor: Actor, now: Date): Promise<StaffPosting> {
  const cols = { ...columns(input), tenant_id: tenantId, published_at: input.published ? now : null };
  const [r] = await sql<{ id: string }[]>`insert into job_postings ${sql(cols as never)} returning id`;
  await recordAudit(sql, tenantId, actor, 'jobs.posting.created', `posting:${r!.id}`, { published: input.published });
  return getPosting(sql, tenantId, r!.id, now);
}

export async function updatePosting(sql: Tx, tenantId: string, id: string, patch: PostingUpdate, actor: Actor, now: Date): Promise<StaffPosting> {
  const before = await postingRow(sql, tenantId, id, now);
  const cols: Record<string, unknown> = { ...columns(patch), updated_at: now };
  if (patch.published === true && !before.published) cols.published_at = now;
  const min = patch.salaryMin !== undefined ? patch.salaryMin : before.salary_min === null ? null : Number(before.salary_min);
  const max = patch.salaryMax !== undefined ? patch.salaryMax : before.salary_max === null ? null : Number(before.salary_max);
  if (min !== null && max !== null && min > max) {
    throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'salaryMax', message: 'The maximum is below the minimum.' }] });
  }
  await sql`update job_postings set ${sql(cols as never)} where tenant_id = ${tenantId} and id = ${id}`;
  const action = patch.published === true && !before.published ? 'jobs.posting.published' : patch.published === false && before.published ? 'jobs.posting.unpublished' : 'jobs.posting.updated';
  await recordAudit(sql, tenantId, actor, action, `posting:${id}`, { fields: Object.keys(patch) });
  return getPosting(sql, tenantId, id, now);
}

// ---------------------------------------------------------------- applications

interface AppRow {
  id: string;
  posting_id: string;
  ref: string;
  status: ApplicationStatus;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  street: string;
  postal_code: string;
  locality: string;
  cover_letter: string;
  documents: { id: string; name: string; size: number }[];
  disability: Disability;
  talent_pool: boolean;
  rating: number | null;
  invited_at: Date | null;
  rejection_reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

/**
 * What a role sees. The representations (§178 (2) SGB IX, personnel representation law) see
 * who applied, the decision-relevant documents and the §165 decision, never contact data,
 * ratings or internal notes. Withdrawn applications are no longer part of the procedure.
 */
function applicationView(r: AppRow, view: View, events?: StaffEvent[]): StaffApplication {
  const base: StaffApplication = {
    id: r.id,
    ref: r.ref,
    status: r.status,
    firstName: r.first_name,
    lastName: r.last_name,
    disability: r.disability,
    flagged: isFlagged(r.disability),
    invitedAt: iso(r.invited_at),
    rejectionReason: r.rejection_reason,
    coverLetter: r.cover_letter,
    documents: r.documents,
    createdAt: iso(r.created_at)!,
    decidedAt: iso(r.decided_at),
  };
  if (view === 'participation') return base;
  return {
    ...base,
    contact: { email: r.email, phone: r.phone, street: r.street, postalCode: r.postal_code, locality: r.locality },
    rating: r.rating,
    talentPool: r.talent_pool,
    ...(events ? { events } : {}),
  };
}

async function appRow(sql: Tx, tenantId: string, postingId: string, appId: string, view: View): Promise<AppRow> {
  const [r] = await sql<AppRow[]>`
    select * from job_applications where tenant_id = ${tenantId} and posting_id = ${postingId} and id = ${appId}
      and (${view === 'clerk'} or status <> 'withdrawn')`;
  if (!r) throw notFound('application');
  return r;
}

async function eventsOf(sql: Tx, tenantId: string, appId: string): Promise<StaffEvent[]> {
  const rows = await sql<{ at: Date; actor_name: string; type: StaffEvent['type']; status: ApplicationStatus | null; text: string | null }[]>`
    select at, actor_name, type, status, text from job_application_events
    where tenant_id = ${tenantId} and application_id = ${appId} order by seq`;
  return rows.map((e) => ({ at: iso(e.at)!, actor: e.actor_name, type: e.type, status: e.status, text: e.text }));
}

export async function listApplications(sql: Tx, tenantId: string, postingId: string, view: View, actor: Actor, now: Date): Promise<StaffApplication[]> {
  await postingRow(sql, tenantId, postingId, now);
  const rows = await sql<AppRow[]>`
    select * from job_applications where tenant_id = ${tenantId} and posting_id = ${postingId}
      and (${view === 'clerk'} or status <> 'withdrawn')
    order by created_at`;
  await recordAudit(sql, tenantId, actor, 'jobs.applications.viewed', `posting:${postingId}`, { view, count: rows.length });
  return rows.map((r) => applicationView(r, view));
}

export async function getApplication(sql: Tx, tenantId: string, postingId: string, appId: string, view: View, actor: Actor): Promise<StaffApplication> {
  const r = await appRow(sql, tenantId, postingId, appId, view);
  await recordAudit(sql, tenantId, actor, 'jobs.application.viewed', `application:${appId}`, { view });
  return applicationView(r, view, view === 'clerk' ? await eventsOf(sql, tenantId, appId) : undefined);
}

/** §165 SGB IX: a flagged applicant who was not invited can only be rejected with a reason. */
export function needsReason(r: Pick<AppRow, 'disability' | 'invited_at'>): boolean {
  return isFlagged(r.disability) && r.invited_at === null;
}

const REASON_MESSAGE = '§165 SGB IX: a severely disabled applicant (or one of equal status) must be invited unless obviously unsuitable; document why before rejecting without an invitation.';

export async function updateApplication(sql: Tx, tenantId: string, postingId: string, appId: string, patch: StaffApplicationUpdate, actor: Actor, now: Date): Promise<StaffApplication> {
  const r = await appRow(sql, tenantId, postingId, appId, 'clerk');
  const events: { type: string; status: string | null; text: string | null }[] = [];
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.status !== undefined && patch.status !== r.status) {
    if (!APPLICATION_TRANSITIONS[r.status].includes(patch.status)) {
      throw new ApiError('INVALID_TRANSITION', { detail: `An application that is "${r.status}" cannot become "${patch.status}".` });
    }
    if (patch.status === 'rejected' && needsReason(r) && !patch.reason) {
      throw new ApiError('VALIDATION_FAILED', { detail: REASON_MESSAGE, errors: [{ path: 'reason', message: REASON_MESSAGE }] });
    }
    set.status = patch.status;
    if (patch.status === 'invited') set.invited_at = now;
    if (patch.status === 'rejected' || patch.status === 'hired') set.decided_at = now;
    if (patch.status === 'rejected' && needsReason(r)) set.rejection_reason = patch.reason;
    events.push({ type: 'status', status: patch.status, text: patch.reason ?? null });
  }
  if (patch.rating !== undefined && patch.rating !== r.rating) {
    set.rating = patch.rating;
    events.push({ type: 'rating', status: null, text: patch.rating === null ? null : String(patch.rating) });
  }
  await sql`update job_applications set ${sql(set as never)} where tenant_id = ${tenantId} and id = ${appId}`;
  for (const e of events) {
    await sql`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, status, text)
              values (${tenantId}, ${appId}, ${actor.id}, ${actor.name}, ${e.type}, ${e.status}, ${e.text})`;
  }
  // The trail names what changed, never the reason's text (it may describe a person's health).
  await recordAudit(sql, tenantId, actor, 'jobs.application.updated', `application:${appId}`, {
    ...(set.status ? { status: set.status } : {}),
    ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
    ...(set.rejection_reason ? { reasonDocumented: true } : {}),
  });
  return getApplication(sql, tenantId, postingId, appId, 'clerk', actor);
}

export async function addNote(sql: Tx, tenantId: string, postingId: string, appId: string, text: string, actor: Actor): Promise<StaffApplication> {
  await appRow(sql, tenantId, postingId, appId, 'clerk');
  await sql`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, text)
            values (${tenantId}, ${appId}, ${actor.id}, ${actor.name}, 'note', ${text})`;
  await recordAudit(sql, tenantId, actor, 'jobs.application.note', `application:${appId}`);
  return getApplication(sql, tenantId, postingId, appId, 'clerk', actor);
}

// ---------------------------------------------------------------- letters

interface TemplateRow {
  id: string;
  kind: string;
  name: string;
  subject: string;
  body: string;
  created_at: Date;
  updated_at: Date;
}
const templateView = (t: TemplateRow) => ({ id: t.id, kind: t.kind, name: t.name, subject: t.subject, body: t.body, updatedAt: iso(t.updated_at) });

export async function listTemplates(sql: Tx, tenantId: string) {
  return (await sql<TemplateRow[]>`select * from job_letter_templates where tenant_id = ${tenantId} order by kind, name`).map(templateView);
}

export async function saveTemplate(sql: Tx, tenantId: string, id: string | null, t: LetterTemplateInput, actor: Actor) {
  const [row] = id
    ? await sql<TemplateRow[]>`update job_letter_templates set kind = ${t.kind}, name = ${t.name}, subject = ${t.subject}, body = ${t.body}, updated_at = now()
                               where tenant_id = ${tenantId} and id = ${id} returning *`
    : await sql<TemplateRow[]>`insert into job_letter_templates (tenant_id, kind, name, subject, body) values (${tenantId}, ${t.kind}, ${t.name}, ${t.subject}, ${t.body}) returning *`;
  if (!row) throw notFound('template');
  await recordAudit(sql, tenantId, actor, id ? 'jobs.template.updated' : 'jobs.template.created', `template:${row.id}`);
  return templateView(row);
}

export async function deleteTemplate(sql: Tx, tenantId: string, id: string, actor: Actor) {
  const done = await sql`delete from job_letter_templates where tenant_id = ${tenantId} and id = ${id}`;
  if (!done.count) throw notFound('template');
  await recordAudit(sql, tenantId, actor, 'jobs.template.deleted', `template:${id}`);
}

async function template(sql: Tx, tenantId: string, id: string): Promise<TemplateRow> {
  const [t] = await sql<TemplateRow[]>`select * from job_letter_templates where tenant_id = ${tenantId} and id = ${id}`;
  if (!t) throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'templateId', message: 'This letter template does not exist.' }] });
  return t;
}

function letter(t: TemplateRow, r: AppRow, title: string, employer: string): Mail {
  return letterMail({
    to: r.email,
    applicationId: r.id,
    subject: t.subject,
    body: t.body,
    employer,
    values: { firstName: r.first_name, lastName: r.last_name, title, ref: r.ref, employer },
  });
}

export async function sendLetter(sql: Tx, tenantId: string, employer: string, postingId: string, appId: string, templateId: string, actor: Actor, now: Date) {
  const posting = await postingRow(sql, tenantId, postingId, now);
  const r = await appRow(sql, tenantId, postingId, appId, 'clerk');
  const t = await template(sql, tenantId, templateId);
  await outboxInsert(sql, tenantId, [letter(t, r, posting.title, employer)]);
  await sql`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, text)
            values (${tenantId}, ${appId}, ${actor.id}, ${actor.name}, 'letter', ${t.name})`;
  await recordAudit(sql, tenantId, actor, 'jobs.application.letter', `application:${appId}`, { template: t.id });
  return getApplication(sql, tenantId, postingId, appId, 'clerk', actor);
}

/**
 * Rejects many applications at once, each with the template's letter through the outbox.
 * All or nothing: one application that cannot be rejected (wrong status, §165 reason
 * missing) refuses the whole batch with a field error naming it.
 */
export async function bulkReject(sql: Tx, tenantId: string, employer: string, postingId: string, body: BulkReject, actor: Actor, now: Date) {
  const posting = await postingRow(sql, tenantId, postingId, now);
  const t = await template(sql, tenantId, body.templateId);
  const ids = [...new Set(body.ids)];
  const rows = await sql<AppRow[]>`select * from job_applications where tenant_id = ${tenantId} and posting_id = ${postingId} and id = any(${ids}::uuid[])`;
  const errors = ids.flatMap((id, i) => {
    const r = rows.find((x) => x.id === id);
    if (!r) return [{ path: `ids.${i}`, message: 'This application does not exist.' }];
    if (!APPLICATION_TRANSITIONS[r.status].includes('rejected')) return [{ path: `ids.${i}`, message: `An application that is "${r.status}" cannot be rejected.` }];
    if (needsReason(r) && !body.reasons[id]) return [{ path: `reasons.${id}`, message: REASON_MESSAGE }];
    return [];
  });
  if (errors.length) throw new ApiError('VALIDATION_FAILED', { detail: 'Some applications cannot be rejected this way.', errors });
  for (const r of rows) {
    const reason = needsReason(r) ? body.reasons[r.id]! : null;
    await sql`update job_applications set status = 'rejected', decided_at = ${now}, updated_at = ${now}, rejection_reason = coalesce(${reason}, rejection_reason)
              where tenant_id = ${tenantId} and id = ${r.id}`;
    await sql`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, status, text)
              values (${tenantId}, ${r.id}, ${actor.id}, ${actor.name}, 'status', 'rejected', ${reason}),
                     (${tenantId}, ${r.id}, ${actor.id}, ${actor.name}, 'letter', null, ${t.name})`;
    await recordAudit(sql, tenantId, actor, 'jobs.application.updated', `application:${r.id}`, { status: 'rejected', bulk: true, ...(reason ? { reasonDocumented: true } : {}) });
  }
  await outboxInsert(
    sql,
    tenantId,
    rows.map((r) => letter(t, r, posting.title, employer)),
  );
  return { rejected: rows.length };
}

// ---------------------------------------------------------------- documents

export async function documentOf(sql: Tx, tenantId: string, postingId: string, appId: string, docId: string, view: View, actor: Actor) {
  const r = await appRow(sql, tenantId, postingId, appId, view);
  const doc = r.documents.find((d) => d.id === docId);
  if (!doc) throw notFound('document');
  const file = await readUpload(sql, tenantId, docId);
  if (!file) throw notFound('document');
  await recordAudit(sql, tenantId, actor, 'jobs.document.viewed', `application:${appId}`, { document: docId, view });
  return { name: doc.name, ...file };
}

/** Folder-safe text for a ZIP entry name. */
const safeName = (s: string) =>
  s
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);

/** Every document of a posting's applications (not withdrawn) as one ZIP: `<ref> <name>/<file>`. */
export async function documentsZip(sql: Tx, tenantId: string, postingId: string, actor: Actor, now: Date): Promise<{ bytes: Buffer; count: number }> {
  await postingRow(sql, tenantId, postingId, now);
  const rows = await sql<AppRow[]>`
    select * from job_applications where tenant_id = ${tenantId} and posting_id = ${postingId} and status <> 'withdrawn' order by ref`;
  const zip = new yazl.ZipFile();
  let count = 0;
  for (const r of rows) {
    const folder = safeName(`${r.ref} ${r.last_name}, ${r.first_name}`);
    const used = new Set<string>();
    for (const d of r.documents) {
      const file = await readUpload(sql, tenantId, d.id);
      if (!file) continue;
      let name = safeName(d.name);
      for (let i = 2; used.has(name); i++) name = safeName(d.name.replace(/(\.pdf)?$/i, ` (${i})$1`));
      used.add(name);
      zip.addBuffer(file.bytes, `${folder}/${name}`, { mtime: new Date(r.created_at), compress: false });
      count++;
    }
    zip.addBuffer(Buffer.from(r.cover_letter, 'utf8'), `${folder}/Anschreiben.txt`, { mtime: new Date(r.created_at) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  await recordAudit(sql, tenantId, actor, 'jobs.documents.exported', `posting:${postingId}`, { applications: rows.length, documents: count });
  return { bytes: Buffer.concat(chunks), count };
}
