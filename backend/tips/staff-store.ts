// Bürgertipps data access for staff: inbox, detail, changes with history and audit, notes,
// forwarding within the community, CSV export.
import { recordAudit, type Actor } from '../core/audit.ts';
import { clerksOf, staffDirectory } from '../core/accounts.ts';
import type { Sql, Tx } from '../core/db.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { enqueueMail } from '../core/mail.ts';
import type { TenantRow } from '../core/tenants.ts';
import { moveUploads } from '../core/uploads.ts';
import { newTipNotice, statusMail } from './mails.ts';
import {
  CLOSED_STATUSES,
  MAX_POINTS,
  MAX_SAVED_FILTERS,
  STATUS_TRANSITIONS,
  TIP_STATUSES,
  type ForwardTarget,
  type InboxPoints,
  type SavedFilter,
  type SavedFilterCreate,
  type StaffTip,
  type StaffTipEvent,
  type StaffTipQuery,
  type StaffTipSummary,
  type StaffTipUpdate,
  type TipBulk,
  type TipBulkResult,
  type TipStatus,
} from './schema.ts';
import { categoryLabel, tipsSettings } from './settings.ts';
import { publicTip, type TipRow } from './store.ts';

export type StaffLabels = Map<string, string>;

/** Names of the tenant's users and staff keys, for assignees and event authors. */
export const staffLabels = (sql: Sql, tenantId: string): Promise<StaffLabels> => staffDirectory(sql, tenantId);

/** Tips are assigned to people: the tenant's clerks of the tips module. */
export const assignableStaff = (sql: Sql, tenantId: string) => clerksOf(sql, tenantId, 'tips');

type Row = TipRow & { origin_slug: string | null; origin_name: string | null };

function summary(r: Row, labels: StaffLabels): StaffTipSummary {
  return {
    ...publicTip(r),
    id: r.id,
    photos: r.photos.map((p) => `/v1/staff/tips/${r.ref}/photos/${p}`),
    published: r.published,
    assignee: r.assignee ? { id: r.assignee, label: labels.get(r.assignee) ?? r.assignee } : null,
    contact: r.contact_name || r.contact_email ? { name: r.contact_name ?? '', email: r.contact_email ?? '' } : null,
    notify: r.notify,
    forwardedFrom: r.origin_slug ? { slug: r.origin_slug, name: r.origin_name ?? '' } : null,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    personalDataDeletedAt: r.personal_deleted_at ? new Date(r.personal_deleted_at).toISOString() : null,
    source: r.source,
  };
}

const ORDER: Record<StaffTipQuery['sort'], string> = {
  created: 't.created_at asc',
  '-created': 't.created_at desc',
  updated: 't.updated_at asc',
  '-updated': 't.updated_at desc',
  status: "array_position(array['new','acknowledged','in_progress','resolved','rejected'], t.status), t.created_at desc",
  support: 't.support_count asc',
  '-support': 't.support_count desc',
};

function where(tx: Tx, tenantId: string, q: Partial<StaffTipQuery>, opts: { ignoreStatus?: boolean } = {}) {
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
  return tx`
    where t.tenant_id = ${tenantId}
    ${q.status && !opts.ignoreStatus ? tx`and t.status = ${q.status}` : tx``}
    ${q.idleDays ? tx`and t.status <> all(${CLOSED_STATUSES as string[]}) and t.updated_at < now() - make_interval(days => ${q.idleDays}::int)` : tx``}
    ${q.kind ? tx`and t.kind = ${q.kind}` : tx``}
    ${q.category ? tx`and t.category = ${q.category}` : tx``}
    ${q.from ? tx`and t.created_at >= (${q.from}::date::timestamp at time zone 'Europe/Berlin')` : tx``}
    ${q.to ? tx`and t.created_at < ((${q.to}::date + 1)::timestamp at time zone 'Europe/Berlin')` : tx``}
    ${q.published ? tx`and t.published = ${q.published === 'true'}` : tx``}
    ${q.assignee === 'none' ? tx`and t.assignee is null` : q.assignee ? tx`and t.assignee = ${q.assignee}` : tx``}
    ${
      like
        ? tx`and (t.ref ilike ${like} or t.description ilike ${like} or t.address ilike ${like}
                     or t.contact_name ilike ${like} or t.contact_email ilike ${like})`
        : tx``
    }`;
}

const SELECT_ROW = (tx: Tx) => tx`select t.*, o.slug as origin_slug, o.name as origin_name from tips t left join tenants o on o.id = t.origin_tenant_id`;

export async function listStaff(tx: Tx, tenantId: string, q: StaffTipQuery, labels: StaffLabels) {
  const rows = await tx<(Row & { total: number })[]>`
    select t.*, o.slug as origin_slug, o.name as origin_name, count(*) over ()::int as total
    from tips t left join tenants o on o.id = t.origin_tenant_id
    ${where(tx, tenantId, q)}
    order by ${tx.unsafe(ORDER[q.sort])}, t.id
    limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`;
  let total = rows[0]?.total ?? 0;
  const byStatus = await tx<{ status: TipStatus; n: number }[]>`
    select t.status, count(*)::int as n from tips t ${where(tx, tenantId, q, { ignoreStatus: true })} group by t.status`;
  const counts = Object.fromEntries(TIP_STATUSES.map((st) => [st, byStatus.find((b) => b.status === st)?.n ?? 0])) as Record<TipStatus, number>;
  // A page past the end still says how many there are.
  if (!rows.length) total = q.status ? counts[q.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { items: rows.map((r) => summary(r, labels)), counts, total, page: q.page, pageSize: q.pageSize };
}

/** The inbox map: the filter's tips that have a pin, newest first, at most MAX_POINTS. */
export async function listPoints(tx: Tx, tenantId: string, q: Partial<StaffTipQuery>): Promise<InboxPoints> {
  const rows = await tx<{ ref: string; lat: number; lng: number; status: TipStatus; kind: string; category: string; total: number }[]>`
    select t.ref, t.lat, t.lng, t.status, t.kind, t.category, count(*) over ()::int as total from tips t
    ${where(tx, tenantId, q)} and t.lat is not null and t.lng is not null
    order by t.created_at desc, t.id limit ${MAX_POINTS}`;
  const total = rows[0]?.total ?? 0;
  return {
    items: rows.map((r) => ({ ref: r.ref, lat: r.lat, lng: r.lng, status: r.status, kind: r.kind as InboxPoints['items'][number]['kind'], category: r.category })),
    total,
    truncated: total > rows.length,
  };
}

async function rowByRef(tx: Tx, tenantId: string, ref: string, lock = false): Promise<Row> {
  const [r] = await tx<Row[]>`${SELECT_ROW(tx)} where t.tenant_id = ${tenantId} and t.ref = ${ref} ${lock ? tx`for update of t` : tx``}`;
  if (!r) throw notFound('tip');
  return r;
}

export async function getStaffTip(tx: Tx, tenantId: string, ref: string, labels: StaffLabels): Promise<StaffTip> {
  const r = await rowByRef(tx, tenantId, ref);
  const events = await tx<{ id: string; at: Date; actor: string; type: StaffTipEvent['type']; status: StaffTip['status'] | null; text: string | null; public: boolean }[]>`
    select id, at, actor, type, status, text, public from tip_events where tenant_id = ${tenantId} and tip_id = ${r.id} order by seq`;
  return {
    ...summary(r, labels),
    answers: r.answers,
    events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString(), actorLabel: labels.get(e.actor) ?? null })),
  };
}

const audit = (tx: Tx, tenantId: string, actor: Actor, action: string, subject: string, details: Record<string, unknown>) => recordAudit(tx, tenantId, actor, action, subject, details);

async function event(tx: Tx, tenantId: string, tipId: string, actor: Actor, type: StaffTipEvent['type'], e: { status?: string | null; text?: string | null; public: boolean }) {
  await tx`insert into tip_events (tenant_id, tip_id, actor, type, status, text, public)
           values (${tenantId}, ${tipId}, ${actor.id}, ${type}, ${e.status ?? null}, ${e.text ?? null}, ${e.public})`;
}

export async function updateStaffTip(tx: Tx, tenant: TenantRow, ref: string, u: StaffTipUpdate, actor: Actor, labels: StaffLabels): Promise<StaffTip> {
  await applyUpdate(tx, tenant, ref, u, actor, labels);
  return getStaffTip(tx, tenant.id, ref, labels);
}

/**
 * One action on many tips: one request, one transaction, each tip in its own savepoint, so a
 * tip that refuses (wrong status, gone) is reported and the others still change. Every tip
 * gets its own history and audit entry, as if changed alone.
 */
export async function bulkUpdate(tx: Tx, tenant: TenantRow, body: TipBulk, actor: Actor, labels: StaffLabels): Promise<TipBulkResult> {
  const { refs, ...u } = body;
  const results: TipBulkResult['results'] = [];
  for (const ref of refs) {
    try {
      await tx.savepoint((sp) => applyUpdate(sp, tenant, ref, u, actor, labels));
      results.push({ ref, ok: true });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      results.push({ ref, ok: false, code: err.code, message: err.errors?.[0]?.message ?? err.detail ?? err.message });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { results, done, failed: results.length - done };
}

async function applyUpdate(tx: Tx, tenant: TenantRow, ref: string, u: StaffTipUpdate, actor: Actor, labels: StaffLabels): Promise<void> {
  const r = await rowByRef(tx, tenant.id, ref, true);
  const changed: Record<string, unknown> = {};
  const notifyText: string[] = [];
  let newStatus = r.status;
  if (u.status !== undefined && u.status !== r.status) {
    if (!STATUS_TRANSITIONS[r.status].includes(u.status)) {
      throw new ApiError('INVALID_TRANSITION', {
        detail: `A tip that is ${r.status} can become ${STATUS_TRANSITIONS[r.status].join(', ')}.`,
      });
    }
    newStatus = u.status;
    const closed = CLOSED_STATUSES.includes(u.status);
    await tx`update tips set status = ${u.status}, closed_at = ${closed ? tx`now()` : null} where tenant_id = ${tenant.id} and id = ${r.id}`;
    await event(tx, tenant.id, r.id, actor, 'status', { status: u.status, text: u.reason || null, public: true });
    changed.status = { from: r.status, to: u.status };
    if (u.reason) notifyText.push(u.reason);
  }
  // Every non-empty answer is sent, the same text again too (the console asks first); clearing
  // an answer that is already empty is no change.
  if (u.publicAnswer !== undefined && (u.publicAnswer || r.public_answer !== null)) {
    await tx`update tips set public_answer = ${u.publicAnswer || null} where tenant_id = ${tenant.id} and id = ${r.id}`;
    if (u.publicAnswer) {
      await event(tx, tenant.id, r.id, actor, 'answer', { text: u.publicAnswer, public: true });
      notifyText.push(u.publicAnswer);
    }
    changed.publicAnswer = u.publicAnswer ? (u.publicAnswer === r.public_answer ? 'repeated' : 'sent') : 'cleared';
  }
  if (u.description !== undefined && u.description !== r.description) {
    await tx`update tips set description = ${u.description} where tenant_id = ${tenant.id} and id = ${r.id}`;
    await event(tx, tenant.id, r.id, actor, 'note', { text: 'Beschreibung bearbeitet · description edited', public: false });
    changed.description = true;
  }
  if (u.published !== undefined && u.published !== r.published) {
    await tx`update tips set published = ${u.published} where tenant_id = ${tenant.id} and id = ${r.id}`;
    await event(tx, tenant.id, r.id, actor, u.published ? 'published' : 'unpublished', { public: false });
    changed.published = u.published;
  }
  if (u.assignee !== undefined && u.assignee !== r.assignee) {
    if (u.assignee !== null && !labels.has(u.assignee)) {
      throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'assignee', message: 'Not a staff member of this municipality.' }] });
    }
    await tx`update tips set assignee = ${u.assignee} where tenant_id = ${tenant.id} and id = ${r.id}`;
    await event(tx, tenant.id, r.id, actor, 'assigned', { text: u.assignee ? (labels.get(u.assignee) ?? u.assignee) : null, public: false });
    // The audit names people in words, as they were called at the time.
    changed.assignee = u.assignee ? { id: u.assignee, name: labels.get(u.assignee) ?? '' } : null;
  }
  if (Object.keys(changed).length) {
    await tx`update tips set updated_at = now() where tenant_id = ${tenant.id} and id = ${r.id}`;
    await audit(tx, tenant.id, actor, 'tip.update', r.ref, changed);
    if (r.notify && r.contact_email && (changed.status || notifyText.length)) {
      const s = tipsSettings(tenant);
      await enqueueMail(
        tx,
        tenant.id,
        statusMail({
          to: r.contact_email,
          tipId: r.id,
          ref: r.ref,
          status: newStatus,
          text: notifyText.join('\n\n') || null,
          tenantName: tenant.name,
          statusPageUrl: s.statusPageUrl,
        }),
      );
    }
  }
}

export async function addNote(tx: Tx, tenantId: string, ref: string, text: string, actor: Actor, labels: StaffLabels): Promise<StaffTip> {
  const r = await rowByRef(tx, tenantId, ref, true);
  await event(tx, tenantId, r.id, actor, 'note', { text, public: false });
  await tx`update tips set updated_at = now() where tenant_id = ${tenantId} and id = ${r.id}`;
  await audit(tx, tenantId, actor, 'tip.note', r.ref, {});
  return getStaffTip(tx, tenantId, ref, labels);
}

/** The community's other tenants that offer tips and are enabled: where a tip may go. */
export async function forwardTargets(sql: Sql, from: TenantRow): Promise<ForwardTarget[]> {
  const community = from.parent_id ?? from.id;
  return sql<ForwardTarget[]>`
    select slug, name from tenants
    where coalesce(parent_id, id) = ${community} and id <> ${from.id} and enabled and 'tips' = any(modules)
    order by parent_id nulls first, name, slug`;
}

/**
 * Moves a tip, its history and photos to another tenant of the same community. Needs both
 * tenants' rows, so it is one system transaction with explicit checks instead of RLS.
 */
export async function forwardTip(sql: Sql, from: TenantRow, ref: string, toSlug: string, note: string | undefined, actor: Actor, consoleUrl?: string) {
  return sql.begin(async (tx) => {
    const [tip] = await tx<TipRow[]>`select * from tips where tenant_id = ${from.id} and ref = ${ref} for update`;
    if (!tip) throw notFound('tip');
    const [to] = await tx<TenantRow[]>`select * from tenants where slug = ${toSlug}`;
    const community = from.parent_id ?? from.id;
    if (!to || to.id === from.id || !to.enabled || !to.modules.includes('tips') || (to.parent_id ?? to.id) !== community) {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'A tip can be forwarded only to another municipality of the same community.',
        errors: [{ path: 'tenant', message: 'Choose a municipality of your community.' }],
      });
    }
    // tip_events follow through their ON UPDATE CASCADE foreign key.
    await tx`update tips set tenant_id = ${to.id}, origin_tenant_id = coalesce(origin_tenant_id, ${from.id}),
                             assignee = null, updated_at = now()
             where tenant_id = ${from.id} and id = ${tip.id}`;
    await moveUploads(tx, from.id, to.id, tip.photos);
    await event(tx, to.id, tip.id, actor, 'forwarded', { text: `${from.name} → ${to.name}`, public: true });
    if (note) await event(tx, to.id, tip.id, actor, 'note', { text: note, public: false });
    await audit(tx, from.id, actor, 'tip.forward', tip.ref, { to: { slug: to.slug, name: to.name } });
    await audit(tx, to.id, actor, 'tip.forwarded-in', tip.ref, { from: { slug: from.slug, name: from.name } });
    const staffTo = tipsSettings(to).notifyEmail ?? to.contact_email;
    if (staffTo) {
      await enqueueMail(
        tx,
        to.id,
        newTipNotice({
          to: staffTo,
          tipId: tip.id,
          ref: tip.ref,
          kind: tip.kind,
          category: categoryLabel(tipsSettings(from), tip.category),
          address: tip.address,
          lat: tip.lat,
          lng: tip.lng,
          description: tip.description,
          tenantName: to.name,
          forwardedFrom: from.name,
          consoleUrl,
        }),
      );
    }
    return { ref: tip.ref, tenantId: to.id, tenant: { slug: to.slug, name: to.name } };
  });
}

export async function photoOf(tx: Tx, tenantId: string, ref: string, photoId: string): Promise<boolean> {
  const [r] = await tx`select 1 from tips where tenant_id = ${tenantId} and ref = ${ref} and ${photoId}::uuid = any(photos)`;
  return !!r;
}

// ---------------------------------------------------------------- CSV for German Excel

/** A cell Excel would read as a formula gets a leading apostrophe; quotes are doubled. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n']/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const STATUS_DE: Record<string, string> = { new: 'Neu', acknowledged: 'Eingegangen', in_progress: 'In Bearbeitung', resolved: 'Erledigt', rejected: 'Abgelehnt' };
const KIND_DE: Record<string, string> = { idee: 'Idee', beschwerde: 'Beschwerde', schaden: 'Schadensmeldung' };
const deDateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
const dateDe = (d: Date | null) => (d ? deDateTime.format(new Date(d)) : '');
const numDe = (n: number | null) => (n === null ? '' : n.toFixed(6).replace('.', ','));

export async function exportCsv(tx: Tx, tenant: TenantRow, q: Partial<StaffTipQuery>, labels: StaffLabels): Promise<string> {
  const tenantId = tenant.id;
  const settings = tipsSettings(tenant);
  const rows = await tx<Row[]>`
    select t.*, null as origin_slug, null as origin_name from tips t ${where(tx, tenantId, q)}
    order by t.created_at desc limit 50000`;
  const head = [
    'Referenz',
    'Art',
    'Kategorie',
    'Status',
    'Beschreibung',
    'Adresse',
    'Breite',
    'Länge',
    'Name',
    'E-Mail',
    'Veröffentlicht',
    'Öffentliche Antwort',
    'Zuständig',
    'Unterstützungen',
    'Eingegangen',
    'Geändert',
    'Abgeschlossen',
  ];
  const lines = [head.map(csvCell).join(';')];
  for (const r of rows) {
    lines.push(
      [
        r.ref,
        KIND_DE[r.kind],
        categoryLabel(settings, r.category).de,
        STATUS_DE[r.status],
        r.description,
        r.address,
        numDe(r.lat),
        numDe(r.lng),
        r.contact_name,
        r.contact_email,
        r.published ? 'ja' : 'nein',
        r.public_answer,
        r.assignee ? (labels.get(r.assignee) ?? '') : '',
        r.support_count,
        dateDe(r.created_at),
        dateDe(r.updated_at),
        dateDe(r.closed_at),
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  // The BOM makes Excel read UTF-8 (umlauts); CRLF is what it writes itself.
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- saved filters (per person)

type FilterRow = { id: string; name: string; query: Record<string, string>; created_at: Date };
const filterJson = (r: FilterRow): SavedFilter => ({ id: r.id, name: r.name, query: r.query, createdAt: new Date(r.created_at).toISOString() });

export async function listFilters(tx: Tx, tenantId: string, owner: string): Promise<SavedFilter[]> {
  const rows = await tx<FilterRow[]>`
    select id, name, query, created_at from tip_filters where tenant_id = ${tenantId} and owner = ${owner} order by lower(name), id`;
  return rows.map(filterJson);
}

/** Saves a filter under its name; the same name again replaces the old one. */
export async function saveFilter(tx: Tx, tenantId: string, owner: string, f: SavedFilterCreate): Promise<{ filter: SavedFilter; created: boolean }> {
  const [count] = await tx<{ n: number }[]>`
    select count(*)::int as n from tip_filters where tenant_id = ${tenantId} and owner = ${owner} and name <> ${f.name}`;
  if ((count?.n ?? 0) >= MAX_SAVED_FILTERS) {
    throw new ApiError('TOO_MANY_FILTERS', {
      detail: `At most ${MAX_SAVED_FILTERS} saved filters per person.`,
      errors: [{ path: 'name', message: `At most ${MAX_SAVED_FILTERS} saved filters per person; delete one first.` }],
    });
  }
  const [r] = await tx<(FilterRow & { created: boolean })[]>`
    insert into tip_filters (tenant_id, owner, name, query) values (${tenantId}, ${owner}, ${f.name}, ${tx.json(f.query)})
    on conflict (tenant_id, owner, name) do update set query = excluded.query
    returning id, name, query, created_at, (xmax = 0) as created`;
  if (!r) throw new Error('saveFilter: no row returned');
  return { filter: filterJson(r), created: r.created };
}

export async function deleteFilter(tx: Tx, tenantId: string, owner: string, id: string): Promise<void> {
  const r = await tx`delete from tip_filters where tenant_id = ${tenantId} and owner = ${owner} and id = ${id}`;
  if (!r.count) throw notFound('filter');
}
