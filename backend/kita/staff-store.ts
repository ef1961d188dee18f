// Kita data access for staff: their tenant's facilities, the ranked wishes for them, offers,
// statistics and exports. Runs inside the staff tenant's scoped transaction: RLS shows the
// tenant's own facilities, wishes and offers, and the registrations that wish them.
import ExcelJS from 'exceljs';
import type { Tx } from '../core/db.ts';
import { ApiError, notFound, type FieldError } from '../core/errors.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import { enqueueMail } from '../core/mail.ts';
import { claimUploads } from '../core/uploads.ts';
import type { TenantRow } from '../core/tenants.ts';
import { offerMail } from './mails.ts';
import { explain, rank } from './ranking.ts';
import { addDays } from '../core/time.ts';
import type { KitaStatistics, OfferState, StaffWish, WishState } from './schema.ts';
import type { FacilityCreate, StaffFacility } from './facility-schema.ts';
import { mayOffer, type KitaScope } from './scope.ts';
import { kitaSettings } from './settings.ts';
import { asDay, communityOf, invalid, staffFacility, type FacilityRow, type RegRow } from './store.ts';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

type FacilityInput = Partial<Omit<FacilityCreate, 'ageGroups'> & { ageGroups: string[] }>;

async function ownFacility(tx: Tx, tenantId: string, id: string): Promise<FacilityRow> {
  const [f] = await tx<FacilityRow[]>`
    select f.*, t.slug as town_slug, t.name as town_name, t.settings as town_settings
    from kita_facilities f join tenants t on t.id = f.tenant_id where f.tenant_id = ${tenantId} and f.id = ${id}`;
  if (!f) throw notFound('facility');
  return f;
}

export async function listFacilities(tx: Tx, tenantId: string): Promise<StaffFacility[]> {
  const rows = await tx<FacilityRow[]>`
    select f.*, t.slug as town_slug, t.name as town_name, t.settings as town_settings
    from kita_facilities f join tenants t on t.id = f.tenant_id where f.tenant_id = ${tenantId} order by f.name, f.id`;
  return rows.map(staffFacility);
}

export const getFacility = async (tx: Tx, tenantId: string, id: string) => staffFacility(await ownFacility(tx, tenantId, id));

const columns = (b: FacilityInput) => {
  const map: Record<string, unknown> = {
    name: b.name,
    provider: b.provider,
    address: b.address,
    lat: b.lat,
    lng: b.lng,
    age_groups: b.ageGroups,
    care_hours: b.careHours,
    opening_hours: b.openingHours,
    concepts: b.concepts,
    languages: b.languages,
    accessible: b.accessible,
    accessibility: b.accessibility,
    photo: b.photo,
    capacity: b.capacity,
    light: b.light,
    email: b.email,
    active: b.active,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as Record<string, never>;
};

export async function createFacility(tx: Tx, tenant: TenantRow, b: FacilityInput, actor: Actor): Promise<StaffFacility> {
  if (b.photo) await claimUploads(tx, tenant.id, [b.photo], { path: 'photo', types: PHOTO_TYPES });
  const cols = { ...columns(b), tenant_id: tenant.id, community_id: communityOf(tenant) } as unknown as Record<string, never>;
  if (cols.capacity) cols.capacity = tx.json(cols.capacity) as never;
  const [r] = await tx<{ id: string }[]>`insert into kita_facilities ${tx(cols)} returning id`;
  if (b.staff?.length) await tx`update kita_facilities set staff = ${b.staff}::uuid[] where tenant_id = ${tenant.id} and id = ${r!.id}`;
  await recordAudit(tx, tenant.id, actor, 'kita.facility.created', r!.id, { name: b.name });
  return getFacility(tx, tenant.id, r!.id);
}

export async function updateFacility(tx: Tx, tenantId: string, id: string, b: FacilityInput, actor: Actor): Promise<StaffFacility> {
  const before = await ownFacility(tx, tenantId, id);
  if (b.photo && b.photo !== before.photo) await claimUploads(tx, tenantId, [b.photo], { path: 'photo', types: PHOTO_TYPES });
  const cols = columns(b);
  if (Object.keys(cols).length) {
    if ('capacity' in cols) (cols as Record<string, unknown>).capacity = tx.json(cols.capacity);
    await tx`update kita_facilities set ${tx(cols)}, updated_at = now() where tenant_id = ${tenantId} and id = ${id}`;
  }
  if (b.staff) await tx`update kita_facilities set staff = ${b.staff}::uuid[], updated_at = now() where tenant_id = ${tenantId} and id = ${id}`;
  await recordAudit(tx, tenantId, actor, 'kita.facility.updated', id, { fields: Object.keys(b) });
  return getFacility(tx, tenantId, id);
}

/** Sets (or with null removes) a Kita's photo; the previous photo's bytes are deleted. */
export async function replacePhoto(tx: Tx, tenantId: string, id: string, upload: string | null, before: StaffFacility, actor: Actor): Promise<StaffFacility> {
  const [old] = await tx<{ photo: string | null }[]>`select photo from kita_facilities where tenant_id = ${tenantId} and id = ${id} for update`;
  await tx`update kita_facilities set photo = ${upload}, updated_at = now() where tenant_id = ${tenantId} and id = ${id}`;
  if (old?.photo && old.photo !== upload) await tx`delete from uploads where tenant_id = ${tenantId} and id = ${old.photo}`;
  await recordAudit(tx, tenantId, actor, upload ? 'kita.facility.photo' : 'kita.facility.photo.removed', id, { name: before.name });
  return getFacility(tx, tenantId, id);
}

export async function deleteFacility(tx: Tx, tenantId: string, id: string, actor: Actor): Promise<void> {
  await ownFacility(tx, tenantId, id);
  const [w] = await tx`select 1 from kita_wishes where tenant_id = ${tenantId} and facility_id = ${id} limit 1`;
  if (w) {
    throw new ApiError('FACILITY_IN_USE', {
      detail: 'Für diese Kita gibt es Wünsche; bitte stattdessen deaktivieren. · This Kita has wishes; deactivate it instead.',
    });
  }
  await tx`delete from kita_facilities where tenant_id = ${tenantId} and id = ${id}`;
  await recordAudit(tx, tenantId, actor, 'kita.facility.deleted', id);
}

// ---------------------------------------------------------------- ranked wishes

type WishRow = RegRow & {
  facility_id: string;
  facility_name: string;
  rank: number;
  wish_state: WishState;
  offer_id: string | null;
  offer_deadline: Date | null;
  offer_state: OfferState | null;
  open_offer: boolean;
  duplicate: boolean;
};

/**
 * The wishes for the tenant's Kitas (one facility, or all: the central view), each Kita's list
 * ranked by the tenant's weights with every child's points explained.
 */
export async function listWishes(tx: Tx, tenant: TenantRow, q: { facilityId?: string; state?: WishState }, scope: KitaScope): Promise<StaffWish[]> {
  const community = communityOf(tenant);
  const rows = await tx<WishRow[]>`
    select r.*, w.facility_id, fa.name as facility_name, w.rank, w.state as wish_state,
           o.id as offer_id, o.deadline as offer_deadline, o.state as offer_state,
           kita_open_offer_elsewhere(r.id) as open_offer,
           coalesce(r.dup_key is not null and kita_duplicates(r.dup_key) > 1, false) as duplicate
    from kita_wishes w
    join kita_registrations r on r.tenant_id = w.registration_tenant_id and r.id = w.registration_id
    join kita_facilities fa on fa.tenant_id = w.tenant_id and fa.id = w.facility_id
    left join lateral (
      select id, deadline, state from kita_offers o
      where o.tenant_id = w.tenant_id and o.registration_id = w.registration_id and o.facility_id = w.facility_id
      order by o.created_at desc limit 1) o on true
    where w.tenant_id = ${tenant.id}
      ${q.facilityId ? tx`and w.facility_id = ${q.facilityId}` : tx``}
      ${scope.facilities ? tx`and w.facility_id = any(${scope.facilities}::uuid[])` : tx``}
      ${q.state ? tx`and w.state = ${q.state}` : tx``}`;
  const towns = new Set((await tx<{ slug: string }[]>`select slug from tenants where coalesce(parent_id, id) = ${community}`).map((r) => r.slug));
  const weights = kitaSettings(tenant).weights;
  const scored = rows.map((r) => {
    const { points, lines } = explain(
      {
        registrationId: r.id,
        facilityId: r.facility_id,
        facilityTown: tenant.slug,
        facilityIsCounty: tenant.id === community,
        residence: r.residence,
        communityTowns: towns,
        siblings: r.siblings,
        bothWorking: r.both_working,
        hardship: r.hardship,
        birthDate: r.birth_date === null ? null : asDay(r.birth_date),
        birthYear: r.birth_year,
        startDate: asDay(r.start_date),
        createdAt: r.created_at,
      },
      weights,
    );
    return { r, points, lines, createdAt: r.created_at, registrationId: r.id };
  });
  const byFacility = new Map<string, typeof scored>();
  for (const s of scored) byFacility.set(s.r.facility_id, [...(byFacility.get(s.r.facility_id) ?? []), s]);
  const out: StaffWish[] = [];
  for (const list of [...byFacility.values()].sort((a, b) => a[0]!.r.facility_name.localeCompare(b[0]!.r.facility_name))) {
    rank(list).forEach(
      ({ r, points, lines }, i) =>
        void out.push({
          registrationId: r.id,
          ref: r.ref,
          facility: { id: r.facility_id, name: r.facility_name },
          rank: r.rank,
          state: r.wish_state,
          points,
          explanation: lines,
          position: i + 1,
          child: {
            firstName: r.child_first_name,
            lastName: r.child_last_name,
            birthDate: r.birth_date === null ? null : asDay(r.birth_date),
            expected: r.expected,
            specialNeeds: r.special_needs,
          },
          ageGroup: r.age_group,
          startDate: asDay(r.start_date),
          careHours: r.care_hours,
          residence: r.residence,
          guardians: r.guardians,
          hardshipReason: r.hardship_reason,
          registrationState: r.state,
          createdAt: r.created_at.toISOString(),
          duplicate: r.duplicate,
          openOffer: r.open_offer,
          offer: r.offer_id ? { id: r.offer_id, deadline: asDay(r.offer_deadline!), state: r.offer_state! } : null,
          mayOffer: mayOffer(scope, r.facility_id),
        }),
    );
  }
  return out;
}

// ---------------------------------------------------------------- offers

const ONE_OPEN = 'kita_offers_one_open';

/** Is this error the one-open-offer index refusing a second open offer? */
export const isOfferOpenViolation = (err: unknown) => (err as { code?: string }).code === '23505' && (err as { constraint_name?: string }).constraint_name === ONE_OPEN;

export const offerOpen = () =>
  new ApiError('OFFER_OPEN', {
    detail: 'Das Kind hat schon ein offenes Platzangebot in unserem Verbund. · The child already holds an open offer in our community.',
  });

export async function createOffer(
  tx: Tx,
  tenant: TenantRow,
  b: { registrationId: string; facilityId: string; deadline?: string },
  actor: Actor,
  today: string,
): Promise<{ id: string; registrationId: string; facilityId: string; deadline: string; state: 'open' }> {
  const settings = kitaSettings(tenant);
  const facility = await ownFacility(tx, tenant.id, b.facilityId);
  const [reg] = await tx<(RegRow & { reg_settings: TenantRow['settings']; reg_tenant_name: string })[]>`
    select r.*, t.settings as reg_settings, t.name as reg_tenant_name
    from kita_registrations r join tenants t on t.id = r.tenant_id where r.id = ${b.registrationId}`;
  if (!reg) throw notFound('registration');
  const [wish] = await tx<{ state: WishState }[]>`
    select state from kita_wishes where tenant_id = ${tenant.id} and registration_id = ${reg.id} and facility_id = ${facility.id} for update`;
  if (!wish) {
    throw invalid([{ path: 'facilityId', message: 'Das Kind hat diese Kita nicht gewünscht. · The child did not wish this Kita.' }]);
  }
  const deadline = b.deadline ?? addDays(today, settings.offerDays);
  const errors: FieldError[] = [];
  if (deadline < today) errors.push({ path: 'deadline', message: 'Die Frist liegt in der Vergangenheit. · The deadline is in the past.' });
  if (errors.length) throw invalid(errors);
  if (reg.state !== 'active' || !['waiting', 'expired', 'declined'].includes(wish.state)) {
    if (wish.state === 'offered') throw offerOpen();
    throw new ApiError('WISH_CLOSED', {
      detail: 'Das Kind wartet nicht mehr auf diese Kita. · The child no longer waits for this Kita.',
    });
  }
  // The partial unique index decides between concurrent offers anywhere in the community.
  const [o] = await tx<{ id: string }[]>`
    insert into kita_offers (tenant_id, registration_id, facility_id, registration_tenant_id, community_id, deadline, created_by)
    values (${tenant.id}, ${reg.id}, ${facility.id}, ${reg.tenant_id}, ${reg.community_id}, ${deadline}, ${actor.id})
    returning id`;
  await tx`update kita_wishes set state = 'offered', updated_at = now()
           where tenant_id = ${tenant.id} and registration_id = ${reg.id} and facility_id = ${facility.id}`;
  if (reg.email) {
    await enqueueMail(
      tx,
      tenant.id,
      offerMail({
        to: reg.email,
        registrationId: reg.id,
        ref: reg.ref,
        tenantName: tenant.name,
        facility: facility.name,
        deadline,
        statusPageUrl: kitaSettings({ settings: reg.reg_settings }).statusPageUrl,
      }),
    );
  }
  await recordAudit(tx, tenant.id, actor, 'kita.offer.created', reg.ref, { offer: o!.id, facility: facility.id, deadline });
  return { id: o!.id, registrationId: reg.id, facilityId: facility.id, deadline, state: 'open' };
}

export async function withdrawOffer(tx: Tx, tenantId: string, id: string, actor: Actor, may: (facilityId: string) => void): Promise<void> {
  const [o] = await tx<{ registration_id: string; facility_id: string; state: OfferState }[]>`
    select registration_id, facility_id, state from kita_offers where tenant_id = ${tenantId} and id = ${id} for update`;
  if (!o) throw notFound('offer');
  may(o.facility_id);
  if (o.state !== 'open') throw new ApiError('OFFER_CLOSED', { detail: 'Das Angebot ist nicht mehr offen. · The offer is no longer open.' });
  await tx`update kita_offers set state = 'withdrawn', decided_at = now() where tenant_id = ${tenantId} and id = ${id}`;
  await tx`update kita_wishes set state = 'waiting', updated_at = now()
           where tenant_id = ${tenantId} and registration_id = ${o.registration_id} and facility_id = ${o.facility_id}`;
  await recordAudit(tx, tenantId, actor, 'kita.offer.withdrawn', id);
}

// ---------------------------------------------------------------- statistics

/** Demand for the tenant's Kitas: registrations wishing any of them, counted (anonymous). */
export async function statistics(tx: Tx, tenantId: string): Promise<KitaStatistics> {
  const rows = await tx<{ dim: string; key: string | null; count: number }[]>`
    with regs as (
      select distinct r.tenant_id, r.id, r.birth_year, r.age_group, r.care_hours, r.residence, r.state
      from kita_wishes w join kita_registrations r on r.tenant_id = w.registration_tenant_id and r.id = w.registration_id
      where w.tenant_id = ${tenantId})
    select 'birthYear' as dim, birth_year::text as key, count(*)::int as count from regs group by 2
    union all select 'ageGroup', age_group, count(*)::int from regs group by 2
    union all select 'careHours', care_hours::text, count(*)::int from regs group by 2
    union all select 'town', coalesce(t.name, nullif(regs.residence, ''), ''), count(*)::int
              from regs left join tenants t on t.slug = regs.residence group by 2
    union all select 'state', state, count(*)::int from regs group by 2
    order by 1, 2`;
  const dim = (d: string) => rows.filter((r) => r.dim === d).map((r) => ({ key: r.key ?? '-', count: r.count }));
  return {
    total: dim('state').reduce((s, r) => s + r.count, 0),
    byBirthYear: dim('birthYear'),
    byAgeGroup: dim('ageGroup'),
    byCareHours: dim('careHours'),
    byTown: dim('town'),
    byState: dim('state'),
  };
}

const DIMENSIONS: [keyof Omit<KitaStatistics, 'total'>, string][] = [
  ['byBirthYear', 'Geburtsjahr / birth year'],
  ['byAgeGroup', 'Altersgruppe / age group'],
  ['byCareHours', 'Betreuungsstunden / care hours'],
  ['byTown', 'Wohnort / town'],
  ['byState', 'Stand / state'],
];

/** A cell Excel would not read as a formula. */
const safeCell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function statisticsCsv(s: KitaStatistics): string {
  const lines = ['Merkmal / dimension;Wert / value;Anzahl / count'];
  for (const [k, label] of DIMENSIONS) for (const r of s[k]) lines.push(`${label};${safeCell(r.key).replace(/[;"\n]/g, ' ')};${r.count}`);
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function statisticsXlsx(s: KitaStatistics, tenantName: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bürgernah';
  wb.title = `Kita-Nachfrage ${tenantName}`;
  for (const [k, label] of DIMENSIONS) {
    const sheet = wb.addWorksheet(label.split(' / ')[0]!);
    sheet.columns = [
      { header: label, key: 'key', width: 32 },
      { header: 'Anzahl / count', key: 'count', width: 16 },
    ];
    for (const r of s[k]) sheet.addRow({ key: safeCell(r.key), count: r.count });
    sheet.getRow(1).font = { bold: true };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
