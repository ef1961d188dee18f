// Stellenangebote: public reads, the application, its status view and withdrawal. Tenant
// tables are reached inside tenant-scoped transactions (RLS). A county's page lists its towns'
// published postings where a town allows it (settings.jobs.shareWithCounty; policy
// community_read in migration 0012); an application to such a posting through the county's
// page is written in a system transaction that names both tenants explicitly, as tips do.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql, Tx } from '../core/db.ts';
import { recordAudit } from '../core/audit.ts';
import { ApiError, notFound, type FieldError } from '../core/errors.ts';
import { outboxInsert, type Mail } from '../core/mail.ts';
import { tenantDb } from '../core/tenant-db.ts';
import type { TenantRow } from '../core/tenants.ts';
import { berlinYear } from '../core/time.ts';
import { claimUploads, moveUploads } from '../core/uploads.ts';
import {
  DOCUMENT_TYPES,
  MAX_DOCUMENT_BYTES,
  MAX_TOTAL_DOCUMENT_BYTES,
  isFlagged,
  validThrough,
  type ApplicationCreated,
  type ApplicationInput,
  type ApplicationStatusView,
  type JobListQuery,
  type JobPage,
  type PublicJob,
} from './schema.ts';
import { jobsSettings } from './settings.ts';
import { flaggedNotice, newApplicationNotice, receiptMail } from './mails.ts';

export interface PostingRow {
  tenant_id: string;
  id: string;
  title: string;
  description_html: string;
  department: string;
  pay_scheme: PublicJob['payScheme'];
  pay_grade: string;
  employment_type: PublicJob['employmentType'];
  hours_per_week: string | null;
  salary_min: string | null;
  salary_max: string | null;
  salary_unit: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  street: string;
  postal_code: string;
  locality: string;
  telecommute: boolean;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  deadline: string | null;
  published: boolean;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest();
const iso = (d: Date | string) => new Date(d).toISOString();
const num = (s: string | null) => (s === null ? null : Number(s));

/** Deadline as a plain day (the driver may hand a date back as Date or string). */
export const day = (d: string | Date | null): string | null =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function publicJob(r: PostingRow, employer: { slug: string; name: string }): PublicJob {
  const deadline = day(r.deadline);
  const min = num(r.salary_min);
  const max = num(r.salary_max);
  const contact = r.contact_name || r.contact_email || r.contact_phone ? { name: r.contact_name, email: r.contact_email, phone: r.contact_phone } : null;
  return {
    id: r.id,
    title: r.title,
    descriptionHtml: r.description_html,
    department: r.department,
    payScheme: r.pay_scheme,
    payGrade: r.pay_grade,
    employmentType: r.employment_type,
    hoursPerWeek: num(r.hours_per_week),
    salary: min === null && max === null ? null : { min, max, unit: r.salary_unit, currency: 'EUR' },
    location: { street: r.street, postalCode: r.postal_code, locality: r.locality, country: 'DE' },
    telecommute: r.telecommute,
    contact,
    deadline,
    validThrough: deadline ? validThrough(deadline) : null,
    datePosted: iso(r.published_at ?? r.created_at),
    employer,
  };
}

/**
 * The tenants whose published postings a tenant's page lists: itself, and its towns that
 * share with their county. The same rule is the RLS policy community_read.
 */
const visible = (sql: Tx, tenantId: string) => sql`
  (j.tenant_id = ${tenantId} or j.tenant_id in (
    select t.id from tenants t where t.parent_id = ${tenantId} and 'jobs' = any(t.modules) and t.enabled
      and coalesce(t.settings -> 'jobs' ->> 'shareWithCounty', 'false') = 'true'))`;

/** Open: published, and the deadline day (Europe/Berlin) has not ended at `now`. */
export const openAt = (sql: Tx, now: Date) => sql`j.published and (j.deadline is null or ((j.deadline + 1)::timestamp at time zone 'Europe/Berlin') > ${now})`;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

type Row = PostingRow & { employer_slug: string; employer_name: string };

/** A page of open postings, and the instant the next of them closes (when the answer changes by itself). */
export async function listPublic(sql: Tx, tenantId: string, q: JobListQuery, now: Date): Promise<{ page: JobPage; nextClose: Date | null }> {
  const filters = [sql`true`];
  if (q.employer) filters.push(sql`t.slug = ${q.employer}`);
  if (q.department) filters.push(sql`j.department = ${q.department}`);
  if (q.payScheme) filters.push(sql`j.pay_scheme = ${q.payScheme}`);
  if (q.payGrade) filters.push(sql`j.pay_grade = ${q.payGrade}`);
  if (q.employmentType) filters.push(q.employmentType === 'full_or_part_time' ? sql`j.employment_type = 'full_or_part_time'` : sql`j.employment_type in (${q.employmentType}, 'full_or_part_time')`);
  if (q.location) filters.push(sql`j.locality = ${q.location}`);
  if (q.withDeadline) filters.push(sql`j.deadline is not null`);
  if (q.q) {
    const p = like(q.q);
    filters.push(sql`(j.title ilike ${p} or j.department ilike ${p} or j.description_html ilike ${p} or j.locality ilike ${p})`);
  }
  const where = filters.reduce((a, b) => sql`${a} and ${b}`);
  const offset = (q.page - 1) * q.pageSize;
  const rows = await sql<(Row & { total: number })[]>`
    select j.*, t.slug as employer_slug, t.name as employer_name, count(*) over ()::int as total
    from job_postings j join tenants t on t.id = j.tenant_id
    where ${visible(sql, tenantId)} and ${openAt(sql, now)} and ${where}
    order by j.deadline asc nulls last, j.published_at desc, j.id
    limit ${q.pageSize} offset ${offset}`;
  const [facets] = await sql<{ employers: { slug: string; name: string }[] | null; departments: string[] | null; grades: string[] | null; places: string[] | null; next_close: Date | null }[]>`
    select (select jsonb_agg(distinct jsonb_build_object('slug', t.slug, 'name', t.name))) as employers,
           min((j.deadline + 1)::timestamp at time zone 'Europe/Berlin') as next_close,
           array_agg(distinct j.department) filter (where j.department <> '') as departments,
           array_agg(distinct j.pay_grade) filter (where j.pay_grade <> '') as grades,
           array_agg(distinct j.locality) as places
    from job_postings j join tenants t on t.id = j.tenant_id
    where ${visible(sql, tenantId)} and ${openAt(sql, now)}`;
  const sort = (a: string[] | null | undefined) => (a ?? []).sort((x, y) => x.localeCompare(y, 'de'));
  const page: JobPage = {
    items: rows.map((r) => publicJob(r, { slug: r.employer_slug, name: r.employer_name })),
    total: rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    facets: {
      employers: (facets?.employers ?? []).sort((a, b) => a.name.localeCompare(b.name, 'de')),
      departments: sort(facets?.departments),
      payGrades: sort(facets?.grades),
      locations: sort(facets?.places),
    },
  };
  return { page, nextClose: facets?.next_close ? new Date(facets.next_close) : null };
}

const closed = () => new ApiError('POSTING_CLOSED', { detail: 'The application deadline of this position has passed; it no longer takes applications.' });

/** A posting this tenant's page shows; 404 unless published and visible, 410 after its deadline. */
export async function findPublic(sql: Tx, tenantId: string, id: string, now: Date): Promise<{ row: PostingRow; job: PublicJob }> {
  const [r] = await sql<(Row & { open: boolean })[]>`
    select j.*, t.slug as employer_slug, t.name as employer_name, ${openAt(sql, now)} as open
    from job_postings j join tenants t on t.id = j.tenant_id
    where j.id = ${id} and j.published and ${visible(sql, tenantId)}`;
  if (!r) throw notFound('posting');
  if (!r.open) throw closed();
  return { row: r, job: publicJob(r, { slug: r.employer_slug, name: r.employer_name }) };
}

/** Atom 1.0 feed of the open postings (for aggregators). */
export function atomFeed(page: JobPage, opts: { tenant: Pick<TenantRow, 'slug' | 'name'>; selfUrl: string; pageUrl: string | null; now: Date }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const link = (id: string) => {
    if (!opts.pageUrl) return null;
    const u = new URL(opts.pageUrl);
    u.searchParams.set('bn-job', id);
    return u.toString();
  };
  const updated =
    page.items
      .map((j) => j.datePosted)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00.000Z';
  const entries = page.items.map((j) => {
    const href = link(j.id);
    const facts = [j.employer.name, j.department, j.payGrade, j.location.locality, j.deadline ? `Bewerbungsfrist / deadline ${j.deadline}` : ''].filter(Boolean).join(' · ');
    return `  <entry>
    <id>urn:uuid:${j.id}</id>
    <title>${esc(j.title)}</title>
    <updated>${j.datePosted}</updated>
    <published>${j.datePosted}</published>
    <author><name>${esc(j.employer.name)}</name></author>${href ? `\n    <link rel="alternate" type="text/html" href="${esc(href)}"/>` : ''}
    <summary>${esc(facts)}</summary>
    <content type="html">${esc(j.descriptionHtml)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <id>urn:buergernah:jobs:${esc(opts.tenant.slug)}</id>
  <title>Stellenangebote – ${esc(opts.tenant.name)}</title>
  <updated>${page.items.length ? updated : opts.now.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${esc(opts.selfUrl)}"/>${opts.pageUrl ? `\n  <link rel="alternate" type="text/html" href="${esc(opts.pageUrl)}"/>` : ''}
  <generator>Bürgernah</generator>
${entries.join('\n')}
</feed>
`;
}

// ---------------------------------------------------------------- applications

/** Next reference of a tenant (BW-2026-00003), inside the application's transaction. */
export async function nextRef(sql: Tx, tenantId: string, now: Date): Promise<string> {
  const y = berlinYear(now);
  const [row] = await sql<{ last: number }[]>`
    insert into job_counters (tenant_id, year, last) values (${tenantId}, ${y}, 1)
    on conflict (tenant_id, year) do update set last = job_counters.last + 1
    returning last`;
  return `BW-${y}-${String(row!.last).padStart(5, '0')}`;
}

export const APPLICANT = { id: 'applicant', name: 'Bewerber/in · applicant' };

export async function createApplication(sql: Sql, tenant: TenantRow, postingId: string, input: ApplicationInput, now: Date): Promise<ApplicationCreated> {
  // Where the posting lives: the tenant itself, or a town sharing with this county.
  const { row: posting, job } = await tenantDb(sql, tenant.id).tx((tx) => findPublic(tx, tenant.id, postingId, now));
  const [owner] = await sql<TenantRow[]>`select * from tenants where id = ${posting.tenant_id}`;
  const target = owner!;
  const settings = jobsSettings(target);
  const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (target.id === tenant.id ? tenantDb(sql, tenant.id).tx(fn) : (sql.begin(fn) as Promise<T>));
  const token = randomBytes(24).toString('base64url');
  const id = randomUUID();
  const created = await run(async (tx) => {
    const ids = input.documents.map((d) => d.id);
    const files = await claimUploads(tx, tenant.id, ids, { path: 'documents', types: DOCUMENT_TYPES });
    const errors: FieldError[] = [];
    files.forEach((f, i) => {
      if (f.size > MAX_DOCUMENT_BYTES) errors.push({ path: `documents.${i}.id`, message: `A document may be at most ${MAX_DOCUMENT_BYTES / 1_000_000} MB.` });
    });
    const total = files.reduce((s, f) => s + f.size, 0);
    if (total > MAX_TOTAL_DOCUMENT_BYTES) errors.push({ path: 'documents', message: `All documents together may be at most ${MAX_TOTAL_DOCUMENT_BYTES / 1_000_000} MB.` });
    if (errors.length) throw new ApiError('VALIDATION_FAILED', { detail: 'Some documents are too large.', errors });
    if (target.id !== tenant.id) await moveUploads(tx, tenant.id, target.id, ids);
    const documents = input.documents.map((d, i) => ({ id: d.id, name: d.name.toLowerCase().endsWith('.pdf') ? d.name : `${d.name}.pdf`, size: files[i]!.size }));
    const ref = await nextRef(tx, target.id, now);
    const mails: Mail[] = [
      receiptMail({
        to: input.email,
        applicationId: id,
        ref,
        token,
        title: posting.title,
        employer: target.name,
        pageUrl: settings.pageUrl || null,
        lang: input.lang,
        name: `${input.firstName} ${input.lastName}`,
      }),
    ];
    const staffTo = settings.notifyEmail || posting.contact_email || target.contact_email;
    if (staffTo) mails.push(newApplicationNotice({ to: staffTo, applicationId: id, ref, title: posting.title, employer: target.name }));
    if (isFlagged(input.disability)) {
      for (const to of [settings.representativeEmail, settings.staffCouncilEmail]) {
        if (to) mails.push(flaggedNotice({ to, applicationId: id, ref, title: posting.title, employer: target.name }));
      }
    }
    const [r] = await tx<{ created_at: Date }[]>`
      insert into job_applications (tenant_id, id, posting_id, ref, token_hash, first_name, last_name, email, phone, street, postal_code, locality,
                                    cover_letter, documents, disability, talent_pool, lang)
      values (${target.id}, ${id}, ${posting.id}, ${ref}, ${hashToken(token)}, ${input.firstName}, ${input.lastName}, ${input.email}, ${input.phone},
              ${input.street}, ${input.postalCode}, ${input.locality}, ${input.coverLetter}, ${tx.json(documents)}, ${input.disability},
              ${input.talentPool}, ${input.lang})
      returning created_at`;
    await tx`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, status)
             values (${target.id}, ${id}, ${APPLICANT.id}, ${APPLICANT.name}, 'status', 'received')`;
    await outboxInsert(tx, target.id, mails);
    // No personal data in the trail: the posting and the application's id.
    await recordAudit(tx, target.id, APPLICANT, 'jobs.application.received', `application:${id}`, { posting: posting.id, flagged: isFlagged(input.disability) });
    return { ref, createdAt: iso(r!.created_at) };
  });
  void job;
  return { ref: created.ref, token, status: 'received', createdAt: created.createdAt };
}

/** The application behind a reference and token, for any tenant of its community; 404 otherwise. */
export async function findByToken(sql: Sql, tenant: TenantRow, ref: string, token: string) {
  const [hit] = await sql<{ tenant_id: string; id: string; community: string }[]>`
    select a.tenant_id, a.id, coalesce(t.parent_id, t.id) as community
    from job_applications a join tenants t on t.id = a.tenant_id
    where a.token_hash = ${hashToken(token)} and a.ref = ${ref}`;
  if (!hit || hit.community !== (tenant.parent_id ?? tenant.id)) throw notFound('application');
  return { tenantId: hit.tenant_id, id: hit.id };
}

const WITHDRAWABLE = ['received', 'in_review', 'invited'];

export async function statusView(sql: Tx, tenantId: string, id: string): Promise<ApplicationStatusView> {
  const [r] = await sql<{ ref: string; status: ApplicationStatusView['status']; posting_id: string; title: string; slug: string; name: string; created_at: Date; updated_at: Date }[]>`
    select a.ref, a.status, a.posting_id, j.title, t.slug, t.name, a.created_at, a.updated_at
    from job_applications a join job_postings j on j.tenant_id = a.tenant_id and j.id = a.posting_id join tenants t on t.id = a.tenant_id
    where a.tenant_id = ${tenantId} and a.id = ${id}`;
  if (!r) throw notFound('application');
  return {
    ref: r.ref,
    status: r.status,
    posting: { id: r.posting_id, title: r.title },
    employer: { slug: r.slug, name: r.name },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    canWithdraw: WITHDRAWABLE.includes(r.status),
  };
}

export async function withdraw(sql: Tx, tenantId: string, id: string, now: Date): Promise<void> {
  const done = await sql`
    update job_applications set status = 'withdrawn', decided_at = ${now}, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = any(${WITHDRAWABLE})`;
  if (!done.count) {
    throw new ApiError('NOT_WITHDRAWABLE', { detail: 'This application has been decided or withdrawn already.' });
  }
  await sql`insert into job_application_events (tenant_id, application_id, actor, actor_name, type, status)
            values (${tenantId}, ${id}, ${APPLICANT.id}, ${APPLICANT.name}, 'status', 'withdrawn')`;
  await recordAudit(sql, tenantId, APPLICANT, 'jobs.application.withdrawn', `application:${id}`);
}
