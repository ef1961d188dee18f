// Bürgertipps data access for citizens: submission, public reads, the tracking view, support
// and re-open. Tenant tables are reached inside tenant-scoped transactions (RLS); the only
// system queries are the token lookup and a category routed to another tenant of the
// community, both with explicit tenant checks.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { one, type Sql, type Tx } from '../core/db.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { enqueueMail, outboxInsert, type Mail } from '../core/mail.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { berlinYear } from '../core/time.ts';
import type { TenantRow } from '../core/tenants.ts';
import { claimUploads, moveUploads } from '../core/uploads.ts';
import { confirmationMail, newTipNotice, reopenedNotice } from './mails.ts';
import {
  CLOSED_STATUSES,
  NEARBY_METERS,
  PHOTO_TYPES,
  checkAgainstSettings,
  type PublicTip,
  type PublicTipPage,
  type TipCreateOutput,
  type TipCreated,
  type TipHistoryEntry,
  type TipKind,
  type TipStatus,
  type TipStatusView,
} from './schema.ts';
import { categoryLabel, tipsSettings } from './settings.ts';

export interface TipRow {
  tenant_id: string;
  id: string;
  ref: string;
  kind: TipKind;
  category: string;
  description: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
  photos: string[];
  answers: Record<string, unknown>;
  contact_name: string | null;
  contact_email: string | null;
  notify: boolean;
  lang: string;
  status: TipStatus;
  public_answer: string | null;
  published: boolean;
  assignee: string | null;
  support_count: number;
  source: 'web' | 'open311';
  origin_tenant_id: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  personal_deleted_at: Date | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** IP-derived data: keyed hash, deleted with the rest of the personal data at retention. */
export const ipHash = (ip: string, tenantId: string) =>
  createHmac('sha256', process.env.BN_IP_SALT ?? tenantId)
    .update(ip)
    .digest('base64url')
    .slice(0, 22);

const iso = (d: Date | string) => new Date(d).toISOString();

/** What anyone may see: no contact, no notes, no assignee, no answers to extra questions. */
export function publicTip(r: TipRow): PublicTip {
  return {
    ref: r.ref,
    kind: r.kind,
    category: r.category,
    description: r.description,
    location: r.lat === null && r.address === null ? null : { lat: r.lat, lng: r.lng, address: r.address },
    status: r.status,
    publicAnswer: r.public_answer,
    photos: r.photos.map((p) => `/v1/tips/${r.ref}/photos/${p}`),
    supportCount: r.support_count,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/**
 * Next reference of the community, in its own statement before the submission's
 * transaction: the counter row would otherwise serialise a community's submissions on their
 * commits. This commit does not wait for the disk (synchronous_commit off): any tip using the
 * number commits durably later in the same WAL, so a crash cannot hand a number out twice.
 * A submission that fails afterwards leaves a gap, as a sequence would.
 * It runs as the server's role; bn_app may count too, but only on its own community's row
 * (row-level security keyed on the community, migration 0007).
 */
export async function nextRef(sql: Sql | Tx, communityId: string): Promise<string> {
  const y = berlinYear();
  const { last } = one(
    await sql<{ last: number }[]>`
    insert into tip_counters (community_id, year, last)
    select ${communityId}, ${y}, 1 from (select set_config('synchronous_commit', 'off', true)) as fast
    on conflict (community_id, year) do update set last = tip_counters.last + 1
    returning last`,
  );
  return `BT-${y}-${String(last).padStart(5, '0')}`;
}

type TenantLite = Pick<TenantRow, 'id' | 'slug' | 'name' | 'parent_id' | 'contact_email' | 'settings'>;

export async function createTip(sql: Sql, tenant: TenantRow, input: TipCreateOutput, opts: { source: 'web' | 'open311'; ip: string; consoleUrl?: string }): Promise<TipCreated> {
  const settings = tipsSettings(tenant);
  const errors = checkAgainstSettings(input, settings);
  if (errors.length) throw new ApiError('VALIDATION_FAILED', { detail: 'Some fields are missing or invalid.', errors });
  const category = settings.categories.find((c) => c.id === input.category)!;
  const community = tenant.parent_id ?? tenant.id;

  // A category may name the tenant of the community that is responsible for it.
  let target: TenantLite = tenant;
  if (category.responsible && category.responsible !== tenant.slug) {
    const [t] = await sql<TenantLite[]>`
      select id, slug, name, parent_id, contact_email, settings from tenants
      where slug = ${category.responsible} and enabled and 'tips' = any(modules) and coalesce(parent_id, id) = ${community}`;
    if (t) target = t;
  }
  const token = randomBytes(24).toString('base64url');
  const contact = input.contact && (input.contact.name || input.contact.email) ? input.contact : null;
  const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (target.id === tenant.id ? tenantDb(sql, tenant.id).tx(fn) : (sql.begin(fn) as Promise<T>));

  const id = randomUUID();
  const targetSettings = target.id === tenant.id ? settings : tipsSettings(target);
  const loc = input.location ?? null;
  const ref = await nextRef(sql, community);
  const row = await run(async (tx) => {
    if (input.photos.length) {
      await claimUploads(tx, tenant.id, input.photos, { path: 'photos', types: PHOTO_TYPES });
      if (target.id !== tenant.id) await moveUploads(tx, tenant.id, target.id, input.photos);
    }
    const mails: Mail[] = [];
    if (contact?.email) {
      mails.push(
        confirmationMail({
          to: contact.email,
          tipId: id,
          ref,
          token,
          tenantName: target.name,
          statusPageUrl: settings.statusPageUrl,
          notify: input.notify,
        }),
      );
    }
    const staffTo = targetSettings.notifyEmail ?? target.contact_email;
    if (staffTo) {
      mails.push(
        newTipNotice({
          to: staffTo,
          tipId: id,
          ref,
          kind: input.kind,
          category: categoryLabel(settings, input.category),
          address: loc?.address || null,
          lat: loc?.lat ?? null,
          lng: loc?.lng ?? null,
          description: input.description,
          tenantName: target.name,
          forwardedFrom: target.id === tenant.id ? undefined : tenant.name,
          consoleUrl: opts.consoleUrl,
        }),
      );
    }
    // Tip, first history entry and the mails in one statement: one round trip in the transaction.
    return one(
      await tx<{ created_at: Date }[]>`
      with t as (
        insert into tips (tenant_id, id, ref, token_hash, kind, category, description, lat, lng, address, photos, answers,
                          contact_name, contact_email, notify, lang, ip_hash, source, origin_tenant_id)
        values (${target.id}, ${id}, ${ref}, ${hashToken(token)}, ${input.kind}, ${input.category}, ${input.description},
                ${loc?.lat ?? null}, ${loc?.lng ?? null}, ${loc?.address || null}, ${input.photos}::uuid[], ${tx.json(input.answers as never)},
                ${contact?.name || null}, ${contact?.email || null}, ${input.notify && !!contact?.email}, ${input.lang},
                ${ipHash(opts.ip, target.id)}, ${opts.source}, ${target.id === tenant.id ? null : tenant.id})
        returning id, created_at),
      e as (
        insert into tip_events (tenant_id, tip_id, actor, type, status, public)
        select ${target.id}, t.id, 'citizen', 'created', 'new', true from t)
      ${mails.length ? tx`, m as (${outboxInsert(tx, target.id, mails)})` : tx``}
      select created_at from t`,
    );
  });
  return { ref, token, status: 'new', tenant: { slug: target.slug, name: target.name }, createdAt: iso(row.created_at) };
}

export async function listPublic(tx: Tx, tenantId: string, f: { kind?: string; category?: string; status?: string; page: number; pageSize: number }): Promise<PublicTipPage> {
  const rows = await tx<(TipRow & { total: number })[]>`
    select *, count(*) over ()::int as total from tips
    where tenant_id = ${tenantId} and published
      ${f.kind ? tx`and kind = ${f.kind}` : tx``}
      ${f.category ? tx`and category = ${f.category}` : tx``}
      ${f.status ? tx`and status = ${f.status}` : tx``}
    order by created_at desc, id
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`;
  let total = rows[0]?.total ?? 0;
  if (!rows.length && f.page > 1) {
    ({ total } = one(await tx<{ total: number }[]>`select count(*)::int as total from tips where tenant_id = ${tenantId} and published`));
  }
  return { items: rows.map(publicTip), total, page: f.page, pageSize: f.pageSize };
}

/** Open published tips within NEARBY_METERS (haversine), for the duplicate offer. */
export async function nearby(tx: Tx, tenantId: string, q: { lat: number; lng: number; category?: string }): Promise<PublicTip[]> {
  const dLat = NEARBY_METERS / 111_320;
  const dLng = NEARBY_METERS / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const rows = await tx<(TipRow & { distance: number })[]>`
    select * from (
      select *, 2 * 6371000 * asin(sqrt(
        power(sin(radians(lat - ${q.lat}) / 2), 2) +
        cos(radians(${q.lat})) * cos(radians(lat)) * power(sin(radians(lng - ${q.lng}) / 2), 2))) as distance
      from tips
      where tenant_id = ${tenantId} and published and status <> all(${CLOSED_STATUSES as string[]})
        and lat between ${q.lat - dLat} and ${q.lat + dLat} and lng between ${q.lng - dLng} and ${q.lng + dLng}
        ${q.category ? tx`and category = ${q.category}` : tx``}
    ) t where distance <= ${NEARBY_METERS}
    order by distance limit 10`;
  return rows.map((r) => ({ ...publicTip(r), distance: Math.round(r.distance) }));
}

/**
 * Finds the tip behind a tracking token. The key's tenant must be in the tip's community:
 * a link handed out by the town keeps working after the tip moved to the county.
 */
export async function findByToken(sql: Sql, keyTenant: TenantRow, ref: string, token: string): Promise<{ tenantId: string; id: string; tenant: { slug: string; name: string } }> {
  const [hit] = await sql<{ tenant_id: string; id: string; ref: string; slug: string; name: string; root: string }[]>`
    select t.tenant_id, t.id, t.ref, n.slug, n.name, coalesce(n.parent_id, n.id) as root
    from tips t join tenants n on n.id = t.tenant_id where t.token_hash = ${hashToken(token)}`;
  if (!hit || hit.ref !== ref || hit.root !== (keyTenant.parent_id ?? keyTenant.id)) throw notFound('tip');
  return { tenantId: hit.tenant_id, id: hit.id, tenant: { slug: hit.slug, name: hit.name } };
}

export async function statusView(tx: Tx, tenantId: string, id: string, tenant: { slug: string; name: string }): Promise<TipStatusView> {
  const [r] = await tx<TipRow[]>`select * from tips where tenant_id = ${tenantId} and id = ${id}`;
  if (!r) throw notFound('tip');
  const events = await tx<{ at: Date; type: TipHistoryEntry['type']; status: TipStatus | null; text: string | null }[]>`
    select at, type, status, text from tip_events
    where tenant_id = ${tenantId} and tip_id = ${id} and public order by seq`;
  const pub = publicTip(r);
  return {
    ...pub,
    // The citizen sees their own photos through the status route, not the public one.
    photos: [],
    tenant,
    published: r.published,
    history: events.map((e) => ({ at: iso(e.at), type: e.type, status: e.status, text: e.text })),
    canReopen: r.status === 'resolved',
  };
}

export async function reopen(tx: Tx, tenantId: string, id: string, reason: string, consoleUrl?: string): Promise<void> {
  const [r] = await tx<{ status: TipStatus; ref: string; name: string; contact_email: string | null; settings: TenantRow['settings'] }[]>`
    select t.status, t.ref, n.name, n.contact_email, n.settings from tips t join tenants n on n.id = t.tenant_id
    where t.tenant_id = ${tenantId} and t.id = ${id} for update of t`;
  if (!r) throw notFound('tip');
  if (r.status !== 'resolved') {
    throw new ApiError('NOT_REOPENABLE', { detail: 'Only a report marked as resolved can be re-opened.' });
  }
  await tx`update tips set status = 'in_progress', closed_at = null, updated_at = now() where tenant_id = ${tenantId} and id = ${id}`;
  await tx`insert into tip_events (tenant_id, tip_id, actor, type, status, text, public)
           values (${tenantId}, ${id}, 'citizen', 'reopened', 'in_progress', ${reason}, true)`;
  const staffTo = tipsSettings(r).notifyEmail ?? r.contact_email;
  if (staffTo) await enqueueMail(tx, tenantId, reopenedNotice({ to: staffTo, tipId: id, ref: r.ref, reason, tenantName: r.name, consoleUrl }));
}

export async function support(tx: Tx, tenantId: string, ref: string): Promise<{ ref: string; supportCount: number }> {
  const [r] = await tx<{ support_count: number }[]>`
    update tips set support_count = support_count + 1
    where tenant_id = ${tenantId} and ref = ${ref} and published and status <> all(${CLOSED_STATUSES as string[]})
    returning support_count`;
  if (!r) throw notFound('tip');
  return { ref, supportCount: r.support_count };
}

/** The id of a photo of a published tip (public route), or null. */
export async function publicPhoto(tx: Tx, tenantId: string, ref: string, photoId: string): Promise<boolean> {
  const [r] = await tx`select 1 from tips where tenant_id = ${tenantId} and ref = ${ref} and published and ${photoId}::uuid = any(photos)`;
  return !!r;
}
