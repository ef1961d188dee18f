// §3(2) BauGB participation: publication periods and the statements made in them. Every
// function takes the tenant-scoped transaction (RLS applies) and filters by tenant_id too.
// "Today" is always the caller's: the server clock (`c.get('now')()`) as a Europe/Berlin day.
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../core/audit.ts';
import type { Tx } from '../core/db.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { outboxInsert, type Mail } from '../core/mail.ts';
import { addDays } from '../core/time.ts';
import { claimUploads } from '../core/uploads.ts';
import type { Geometry, Position } from './xplan/geometry.ts';
import { receiptMail, resultMail } from './mails.ts';
import {
  minimumEnd,
  STATEMENT_TYPES,
  withinPeriod,
  type ParticipationPut,
  type ParticipationState,
  type Period,
  type StaffStatement,
  type StaffStatementCreate,
  type StatementCreateOutput,
  type StatementReceipt,
  type StatementUpdate,
} from './schema.ts';
import { buildPublic, isUuid } from './store.ts';

interface PeriodRow {
  id: string;
  seq: number;
  start_date: string;
  end_date: string;
  plan_version: number;
  web_address: string | null;
  other_access: string | null;
  environmental: string[];
  statement_count: number;
}

const PERIOD_COLUMNS = (sql: Tx) => sql`
  p.id, p.seq, p.start_date::text, p.end_date::text, p.plan_version, p.web_address, p.other_access, p.environmental,
  (select count(*)::int from plan_statements s where s.tenant_id = p.tenant_id and s.period_id = p.id) as statement_count`;

const period = (r: PeriodRow, today: string): Period => ({
  id: r.id,
  seq: r.seq,
  start: r.start_date,
  end: r.end_date,
  planVersion: r.plan_version,
  open: withinPeriod(today, { start: r.start_date, end: r.end_date }),
  webAddress: r.web_address,
  otherAccess: r.other_access,
  environmental: r.environmental,
  statementCount: r.statement_count,
});

export async function periodsOf(sql: Tx, tenantId: string, planId: string, today: string): Promise<Period[]> {
  const rows = await sql<PeriodRow[]>`
    select ${PERIOD_COLUMNS(sql)} from plan_periods p where p.tenant_id = ${tenantId} and p.plan_id = ${planId} order by p.seq`;
  return rows.map((r) => period(r, today));
}

export async function participationState(sql: Tx, tenantId: string, planId: string, today: string): Promise<ParticipationState | null> {
  if (!isUuid(planId)) return null;
  const [plan] = await sql`select 1 from plans where tenant_id = ${tenantId} and id = ${planId}`;
  if (!plan) return null;
  const periods = await periodsOf(sql, tenantId, planId, today);
  const current = periods.at(-1) ?? null;
  return { current, periods, minimumEnd: current ? minimumEnd(current.start) : null };
}

/** The legal minimum, in one place for PUT …/participation and PATCH participation dates. */
export function checkPeriod(start: string, end: string, paths = { start: 'start', end: 'end' }): void {
  if (end < start) {
    throw new ApiError('VALIDATION_FAILED', {
      detail: 'Some fields are missing or invalid.',
      errors: [{ path: paths.end, message: 'The end lies before the start.' }],
    });
  }
  const min = minimumEnd(start);
  if (end < min) {
    const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
    throw new ApiError('PERIOD_TOO_SHORT', {
      detail:
        `Die Veröffentlichungsfrist muss einen Monat, mindestens 30 Tage dauern (§ 3 Abs. 2 BauGB, §§ 187 Abs. 2, 188 Abs. 2 BGB): ` +
        `bei Beginn am ${start} frühestens bis einschließlich ${min}. Angegeben: ${days} Tage. / The publication period must last ` +
        `one month and at least 30 days: starting ${start}, it ends on ${min} at the earliest (given: ${days} days).`,
      errors: [{ path: paths.end, message: `The earliest lawful end is ${min}.` }],
    });
  }
}

/**
 * Opens or changes the publication period. The latest period is changed in place unless the
 * plan changed since (a re-imported, changed draft: § 4a(3) BauGB) or `newPeriod` asks for
 * one; then a new period starts and the previous one ends the day before, its statements
 * staying with it. Null: no such plan.
 */
export async function setParticipation(
  sql: Tx,
  tenantId: string,
  planId: string,
  body: ParticipationPut,
  actor: Actor,
  today: string,
  paths?: { start: string; end: string },
): Promise<ParticipationState | null> {
  if (!isUuid(planId)) return null;
  const [plan] = await sql<{ version: number }[]>`select version from plans where tenant_id = ${tenantId} and id = ${planId} for update`;
  if (!plan) return null;
  checkPeriod(body.start, body.end, paths);
  const [latest] = await sql<PeriodRow[]>`
    select ${PERIOD_COLUMNS(sql)} from plan_periods p where p.tenant_id = ${tenantId} and p.plan_id = ${planId} order by p.seq desc limit 1`;
  const extra = {
    ...(body.webAddress !== undefined ? { web_address: body.webAddress || null } : {}),
    ...(body.otherAccess !== undefined ? { other_access: body.otherAccess || null } : {}),
    ...(body.environmental !== undefined ? { environmental: body.environmental } : {}),
  };
  const fresh = !latest || body.newPeriod || latest.plan_version !== plan.version;
  if (fresh) {
    if (latest && body.start <= latest.start_date) {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'Some fields are missing or invalid.',
        errors: [{ path: 'start', message: `A new period starts after the previous one (which began ${latest.start_date}).` }],
      });
    }
    if (latest && latest.end_date >= body.start) {
      await sql`update plan_periods set end_date = ${addDays(body.start, -1)}, updated_at = now()
                where tenant_id = ${tenantId} and id = ${latest.id}`;
    }
    await sql`insert into plan_periods ${sql({
      tenant_id: tenantId,
      id: randomUUID(),
      plan_id: planId,
      seq: (latest?.seq ?? 0) + 1,
      start_date: body.start,
      end_date: body.end,
      plan_version: plan.version,
      web_address: null,
      other_access: null,
      environmental: latest?.environmental ?? [],
      ...(latest ? { web_address: latest.web_address, other_access: latest.other_access } : {}),
      ...extra,
    })}`;
  } else {
    await sql`update plan_periods set ${sql({ start_date: body.start, end_date: body.end, ...extra })}, updated_at = now()
              where tenant_id = ${tenantId} and id = ${latest.id}`;
  }
  await sql`update plans set participation_start = ${body.start}, participation_end = ${body.end}, updated_at = now()
            where tenant_id = ${tenantId} and id = ${planId}`;
  await buildPublic(sql, tenantId, planId, today);
  await recordAudit(sql, tenantId, actor, 'plan.participation', planId, { start: body.start, end: body.end, newPeriod: fresh });
  return participationState(sql, tenantId, planId, today);
}

/** Clears the current period (PATCH with null dates): only while no statement was made in it. */
export async function clearParticipation(sql: Tx, tenantId: string, planId: string): Promise<void> {
  const [latest] = await sql<PeriodRow[]>`
    select ${PERIOD_COLUMNS(sql)} from plan_periods p where p.tenant_id = ${tenantId} and p.plan_id = ${planId} order by p.seq desc limit 1`;
  if (latest?.statement_count) {
    throw new ApiError('PERIOD_HAS_STATEMENTS', {
      detail: 'Statements were made in this period; it cannot be removed. Change its dates instead.',
    });
  }
  if (latest) await sql`delete from plan_periods where tenant_id = ${tenantId} and id = ${latest.id}`;
  const [prev] = await sql<PeriodRow[]>`
    select ${PERIOD_COLUMNS(sql)} from plan_periods p where p.tenant_id = ${tenantId} and p.plan_id = ${planId} order by p.seq desc limit 1`;
  await sql`update plans set participation_start = ${prev?.start_date ?? null}, participation_end = ${prev?.end_date ?? null}
            where tenant_id = ${tenantId} and id = ${planId}`;
}

// ── statements ────────────────────────────────────────────────────────────────────────────

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** A reference a person can read out on the phone: ST-XXXX-XXXX (no 0/O, 1/I). */
export function newRef(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return `ST-${s.slice(0, 4)}-${s.slice(4)}`;
}

function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies in a GeoJSON Polygon or MultiPolygon (holes excluded). */
export function pointInArea(p: Position, g: Geometry): boolean {
  const inPolygon = (rings: Position[][]) => !!rings[0] && inRing(p, rings[0]) && !rings.slice(1).some((h) => inRing(p, h));
  if (g.type === 'Polygon') return inPolygon(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.some(inPolygon);
  return false;
}

const closed = (detail: string) => new ApiError('PARTICIPATION_CLOSED', { detail });

const fmt = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

interface PlanLite {
  id: string;
  title: string;
  kind: 'BP' | 'FP';
  nummer: string | null;
  geometry: Geometry;
}

async function planFor(sql: Tx, tenantId: string, planId: string, publicOnly: boolean): Promise<PlanLite> {
  if (!isUuid(planId)) throw notFound('plan');
  const [plan] = await sql<PlanLite[]>`
    select id, coalesce(title, name) as title, kind, nummer, geltungsbereich->'geometry' as geometry
    from plans where tenant_id = ${tenantId} and id = ${planId} ${publicOnly ? sql`and published` : sql``}`;
  if (!plan) throw notFound('plan');
  return plan;
}

/** A keyed hash of the client address: enough to spot floods, deleted with the statement. */
const ipHash = (ip: string, tenantId: string) =>
  createHmac('sha256', process.env.BN_IP_SALT ?? tenantId)
    .update(ip)
    .digest('base64url')
    .slice(0, 22);

/** A citizen's statement through the website. Refused (409 PARTICIPATION_CLOSED) outside a running period. */
export async function createStatement(sql: Tx, tenant: { id: string; name: string }, planId: string, input: StatementCreateOutput, opts: { today: string; ip: string }): Promise<StatementReceipt> {
  const plan = await planFor(sql, tenant.id, planId, true);
  const [p] = await sql<{ id: string; start_date: string; end_date: string }[]>`
    select id, start_date::text, end_date::text from plan_periods
    where tenant_id = ${tenant.id} and plan_id = ${planId} and start_date <= ${opts.today} and end_date >= ${opts.today}
    order by seq desc limit 1`;
  if (!p) {
    const [last] = await sql<{ start_date: string; end_date: string }[]>`
      select start_date::text, end_date::text from plan_periods where tenant_id = ${tenant.id} and plan_id = ${planId} order by seq desc limit 1`;
    if (last && opts.today < last.start_date) {
      throw closed(`Stellungnahmen sind ab ${fmt(last.start_date)} möglich. / Statements can be made from ${last.start_date}.`);
    }
    if (last) {
      throw closed(
        `Die Frist für Stellungnahmen endete am ${fmt(last.end_date)}; die Unterlagen bleiben einsehbar. ` + `/ The period for statements ended on ${last.end_date}; the documents stay available.`,
      );
    }
    throw closed('Zu diesem Plan läuft keine Beteiligung. / This plan is not open for statements.');
  }
  await claimUploads(sql, tenant.id, input.attachments, { path: 'attachments', types: STATEMENT_TYPES });
  const point = input.point ?? null;
  const outside = !!point && !pointInArea([point.lng, point.lat], plan.geometry);
  const ref = newRef();
  const named = !!input.name;
  const id = randomUUID();
  const mails: Mail[] = [];
  if (input.email) {
    mails.push(
      receiptMail({
        to: input.email,
        statementId: id,
        ref,
        planTitle: plan.title,
        tenantName: tenant.name,
        end: p.end_date,
        named,
      }),
    );
  }
  await sql`
    with s as (
      insert into plan_statements ${sql({
        tenant_id: tenant.id,
        id,
        plan_id: planId,
        period_id: p.id,
        ref,
        text: input.text,
        lat: point?.lat ?? null,
        lng: point?.lng ?? null,
        place: input.place || null,
        outside_area: outside,
        attachments: input.attachments,
        name: input.name || null,
        email: input.email || null,
        address: input.address || null,
        no_other_persons: input.noOtherPersons,
        channel: 'online',
        late: false,
        received_on: opts.today,
        lang: input.lang,
        ip_hash: ipHash(opts.ip, tenant.id),
      })} returning id)
    ${mails.length ? sql`, m as (${outboxInsert(sql, tenant.id, mails)})` : sql``}
    select id from s`;
  return { ref, receivedOn: opts.today, period: { start: p.start_date, end: p.end_date }, named, outsideArea: outside };
}

/** A statement staff enter: on paper, by letter or e-mail, or late; it joins the period it was received in or after. */
export async function staffStatement(sql: Tx, tenantId: string, planId: string, input: StaffStatementCreate, actor: Actor): Promise<StaffStatement> {
  const plan = await planFor(sql, tenantId, planId, false);
  const [p] = await sql<{ id: string; end_date: string }[]>`
    select id, end_date::text from plan_periods
    where tenant_id = ${tenantId} and plan_id = ${planId} and start_date <= ${input.receivedOn}
    order by seq desc limit 1`;
  if (!p) {
    throw new ApiError('VALIDATION_FAILED', {
      detail: 'Some fields are missing or invalid.',
      errors: [{ path: 'receivedOn', message: 'No publication period had begun on this day.' }],
    });
  }
  const point = input.point ?? null;
  const id = randomUUID();
  await sql`insert into plan_statements ${sql({
    tenant_id: tenantId,
    id,
    plan_id: planId,
    period_id: p.id,
    ref: newRef(),
    text: input.text,
    lat: point?.lat ?? null,
    lng: point?.lng ?? null,
    place: input.place || null,
    outside_area: !!point && !pointInArea([point.lng, point.lat], plan.geometry),
    name: input.name || null,
    email: input.email || null,
    address: input.address || null,
    channel: input.channel,
    late: input.receivedOn > p.end_date,
    received_on: input.receivedOn,
    created_by: actor.name,
  })}`;
  await recordAudit(sql, tenantId, actor, 'plan.statement.enter', planId, { statement: id, channel: input.channel });
  return (await statementsOf(sql, tenantId, planId, { id }))[0]!;
}

interface StatementRow {
  id: string;
  ref: string;
  period_id: string;
  seq: number;
  text: string;
  lat: number | null;
  lng: number | null;
  place: string | null;
  outside_area: boolean;
  attachments: string[];
  name: string | null;
  email: string | null;
  address: string | null;
  no_other_persons: boolean;
  channel: StaffStatement['channel'];
  late: boolean;
  received_on: string;
  tags: string[];
  proposal: string | null;
  decision: StaffStatement['decision'];
  decision_note: string | null;
  notified_at: Date | null;
  created_at: Date;
  files: { id: string; contentType: string; size: number }[] | null;
}

export async function statementsOf(sql: Tx, tenantId: string, planId: string, f: { period?: string; tag?: string; id?: string; ref?: string } = {}): Promise<StaffStatement[]> {
  const rows = await sql<StatementRow[]>`
    select s.id, s.ref, s.period_id, p.seq, s.text, s.lat, s.lng, s.place, s.outside_area, s.attachments, s.name, s.email,
           s.address, s.no_other_persons, s.channel, s.late, s.received_on::text, s.tags, s.proposal, s.decision,
           s.decision_note, s.notified_at, s.created_at,
           (select json_agg(json_build_object('id', u.id, 'contentType', u.content_type, 'size', u.size) order by array_position(s.attachments, u.id))
            from uploads u where u.tenant_id = s.tenant_id and u.id = any(s.attachments)) as files
    from plan_statements s join plan_periods p on p.tenant_id = s.tenant_id and p.id = s.period_id
    where s.tenant_id = ${tenantId} and s.plan_id = ${planId}
      ${f.period ? sql`and s.period_id = ${f.period}` : sql``}
      ${f.tag ? sql`and ${f.tag} = any(s.tags)` : sql``}
      ${f.id ? sql`and s.id = ${f.id}` : sql``}
      ${f.ref ? sql`and s.ref = ${f.ref}` : sql``}
    order by p.seq, s.received_on, s.created_at, s.id`;
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    periodId: r.period_id,
    periodSeq: r.seq,
    text: r.text,
    point: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
    place: r.place,
    outsideArea: r.outside_area,
    attachments: (r.files ?? []).map((a) => ({ ...a, href: `/v1/staff/plans/${planId}/statements/${r.ref}/attachments/${a.id}` })),
    name: r.name,
    email: r.email,
    address: r.address,
    noOtherPersons: r.no_other_persons,
    channel: r.channel,
    late: r.late,
    receivedOn: r.received_on,
    tags: r.tags,
    proposal: r.proposal,
    decision: r.decision,
    decisionNote: r.decision_note,
    notifiedAt: r.notified_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function updateStatement(sql: Tx, tenantId: string, planId: string, ref: string, patch: StatementUpdate, actor: Actor): Promise<StaffStatement | null> {
  if (!isUuid(planId) || !/^ST-[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(ref)) return null;
  const cols: Record<string, unknown> = {};
  if (patch.tags !== undefined) cols.tags = [...new Set(patch.tags)];
  if (patch.proposal !== undefined) cols.proposal = patch.proposal || null;
  if (patch.decision !== undefined) cols.decision = patch.decision;
  if (patch.decisionNote !== undefined) cols.decision_note = patch.decisionNote || null;
  const rows = Object.keys(cols).length
    ? await sql`update plan_statements set ${sql(cols as Record<string, string>)}, updated_at = now()
                where tenant_id = ${tenantId} and plan_id = ${planId} and ref = ${ref} returning id`
    : await sql`select id from plan_statements where tenant_id = ${tenantId} and plan_id = ${planId} and ref = ${ref}`;
  if (!rows.length) return null;
  await recordAudit(sql, tenantId, actor, 'plan.statement.update', planId, { ref, fields: Object.keys(patch) });
  return (await statementsOf(sql, tenantId, planId, { ref }))[0] ?? null;
}

/** The attachment of a statement (staff only), or null. */
export async function statementAttachment(sql: Tx, tenantId: string, planId: string, ref: string, uploadId: string) {
  if (!isUuid(planId) || !isUuid(uploadId)) return null;
  const [row] = await sql<{ content_type: string; bytes: Buffer }[]>`
    select u.content_type, u.bytes from plan_statements s join uploads u on u.tenant_id = s.tenant_id and u.id = ${uploadId}
    where s.tenant_id = ${tenantId} and s.plan_id = ${planId} and s.ref = ${ref} and ${uploadId}::uuid = any(s.attachments)`;
  return row ?? null;
}

// ── Abwägung: export, result notices, announcement ───────────────────────────────────────

export interface PlanHead {
  title: string;
  kindLabel: string;
  kind: 'BP' | 'FP';
  nummer: string | null;
}

/** Plan head and the chosen period (default: the latest). Throws 404 for an unknown plan or period. */
export async function planAndPeriod(sql: Tx, tenantId: string, planId: string, periodId: string | undefined, today: string) {
  if (!isUuid(planId)) throw notFound('plan');
  const [plan] = await sql<PlanHead[]>`
    select coalesce(title, name) as title, kind, nummer,
           case kind when 'BP' then 'Bebauungsplan' else 'Flächennutzungsplan' end as "kindLabel"
    from plans where tenant_id = ${tenantId} and id = ${planId}`;
  if (!plan) throw notFound('plan');
  const periods = await periodsOf(sql, tenantId, planId, today);
  const period = periodId ? periods.find((p) => p.id === periodId) : periods.at(-1);
  if (periodId && !period) throw notFound('period');
  return { plan, period: period ?? null };
}

/**
 * The result notice (§ 3(2) sentence 6 BauGB) to every named submitter with an e-mail address
 * whose statement has a decision and was not told yet, through the outbox. Named submitters
 * without e-mail are counted: they get a letter.
 */
export async function notifyResults(sql: Tx, tenant: { id: string; name: string }, planId: string, periodId: string, actor: Actor) {
  const [plan] = await sql<{ title: string }[]>`select coalesce(title, name) as title from plans where tenant_id = ${tenant.id} and id = ${planId}`;
  if (!plan) throw notFound('plan');
  const rows = await sql<{ id: string; ref: string; name: string | null; email: string | null; decision: StaffStatement['decision']; proposal: string | null; decision_note: string | null }[]>`
    select id, ref, name, email, decision, proposal, decision_note from plan_statements
    where tenant_id = ${tenant.id} and plan_id = ${planId} and period_id = ${periodId} and notified_at is null and name is not null
    for update`;
  const ready = rows.filter((r) => r.decision && r.email);
  const mails = ready.map((r) =>
    resultMail({
      to: r.email!,
      statementId: r.id,
      ref: r.ref,
      planTitle: plan.title,
      tenantName: tenant.name,
      name: r.name!,
      decision: r.decision!,
      proposal: r.proposal,
      decisionNote: r.decision_note,
    }),
  );
  if (mails.length) {
    await sql`
      with m as (${outboxInsert(sql, tenant.id, mails)})
      update plan_statements set notified_at = now() where tenant_id = ${tenant.id} and id = any(${ready.map((r) => r.id)}::uuid[])`;
  }
  const byPost = rows.filter((r) => r.decision && !r.email).map((r) => ({ ref: r.ref, name: r.name }));
  await recordAudit(sql, tenant.id, actor, 'plan.statement.notify', planId, { period: periodId, sent: mails.length });
  return { sent: mails.length, byPost, undecided: rows.filter((r) => !r.decision).length };
}
