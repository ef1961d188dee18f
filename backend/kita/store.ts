// Kita data access for families: facilities of the community, registration, the tracking
// view, offers accepted or declined, changes, withdrawal, drafts. Every tenant table is reached
// inside a tenant-scoped transaction (RLS, migration 0011); the only system queries are the
// token lookup (before the registration's tenant is known, checked against the key's community)
// and the reference counter.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql, Tx } from '../core/db.ts';
import { ApiError, notFound, type ErrorCode, type FieldError } from '../core/errors.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import { enqueueMail, outboxInsert, type Mail } from '../core/mail.ts';
import { tenantDb } from '../core/tenant-db.ts';
import type { TenantRow } from '../core/tenants.ts';
import { berlinToday, berlinYear } from '../core/time.ts';
import { confirmationMail, withdrawalMail, wishWithdrawnNotice } from './mails.ts';
import {
  ageGroupAt,
  checkRegistration,
  draftLink,
  type AgeGroup,
  type DraftData,
  type Guardian,
  type KitaPublicSettings,
  type Light,
  type RegistrationCreated,
  type RegistrationCreateOutput,
  type RegistrationState,
  type RegistrationStatus,
} from './schema.ts';
import type { PublicFacility, StaffFacility } from './facility-schema.ts';
import { kitaSettings } from './settings.ts';

export const CITIZEN: Actor = { id: 'citizen', name: 'Familie / family' };

export const hashToken = (token: string) => createHash('sha256').update(token).digest();
const iso = (d: Date | string) => new Date(d).toISOString();
const day = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
export const communityOf = (t: Pick<TenantRow, 'id' | 'parent_id'>) => t.parent_id ?? t.id;

/** A 422 whose messages are "Deutsch · English". */
export const invalid = (errors: FieldError[]) => new ApiError('VALIDATION_FAILED', { detail: 'Einige Angaben fehlen oder sind ungültig. · Some fields are missing or invalid.', errors });

// ---------------------------------------------------------------- facilities

export interface FacilityRow {
  tenant_id: string;
  id: string;
  community_id: string;
  name: string;
  provider: string;
  address: string;
  lat: number | null;
  lng: number | null;
  age_groups: AgeGroup[];
  care_hours: number[];
  opening_hours: string;
  concepts: string[];
  languages: string[];
  accessible: boolean;
  accessibility: string;
  photo: string | null;
  capacity: Partial<Record<AgeGroup, number>>;
  light: Light;
  email: string | null;
  active: boolean;
  staff: string[];
  created_at: Date;
  updated_at: Date;
  town_slug: string;
  town_name: string;
  town_settings: TenantRow['settings'];
}

function facilityBase(f: FacilityRow) {
  return {
    id: f.id,
    town: { slug: f.town_slug, name: f.town_name },
    name: f.name,
    provider: f.provider,
    address: f.address,
    lat: f.lat,
    lng: f.lng,
    ageGroups: f.age_groups,
    careHours: f.care_hours,
    openingHours: f.opening_hours,
    concepts: f.concepts,
    languages: f.languages,
    accessible: f.accessible,
    accessibility: f.accessibility,
    capacity: f.capacity,
    light: f.light,
  };
}

export const takesWishesFrom = (f: Pick<FacilityRow, 'tenant_id' | 'town_settings'>, tenantId: string) => f.tenant_id === tenantId || kitaSettings({ settings: f.town_settings }).acceptOutside;

export function publicFacility(f: FacilityRow, keyTenantId: string): PublicFacility {
  return { ...facilityBase(f), photo: f.photo ? `/v1/kita/facilities/${f.id}/photo` : null, takesWishes: takesWishesFrom(f, keyTenantId) };
}

export function staffFacility(f: FacilityRow): StaffFacility {
  return {
    ...facilityBase(f),
    photo: f.photo ? `/v1/kita/facilities/${f.id}/photo` : null,
    email: f.email,
    active: f.active,
    staff: f.staff ?? [],
    createdAt: iso(f.created_at),
    updatedAt: iso(f.updated_at),
  };
}

const facilitySelect = (tx: Tx) => tx`
  select f.*, t.slug as town_slug, t.name as town_name, t.settings as town_settings
  from kita_facilities f join tenants t on t.id = f.tenant_id`;

/** The community's active Kitas (RLS shows exactly the community's rows). */
export async function listCommunityFacilities(tx: Tx, community: string, q: { town?: string; age?: AgeGroup }): Promise<FacilityRow[]> {
  return tx<FacilityRow[]>`
    ${facilitySelect(tx)}
    where f.community_id = ${community} and f.active and t.enabled and 'kita' = any(t.modules)
      ${q.town ? tx`and t.slug = ${q.town}` : tx``}
      ${q.age ? tx`and ${q.age} = any(f.age_groups)` : tx``}
    order by t.name, f.name, f.id`;
}

export async function facilityInCommunity(tx: Tx, community: string, id: string): Promise<FacilityRow | null> {
  const [f] = await tx<FacilityRow[]>`${facilitySelect(tx)} where f.community_id = ${community} and f.id = ${id} and f.active`;
  return f ?? null;
}

export async function publicSettingsOf(sql: Sql, tenant: TenantRow): Promise<KitaPublicSettings> {
  const s = kitaSettings(tenant);
  const towns = await sql<{ slug: string; name: string }[]>`
    select slug, name from tenants where coalesce(parent_id, id) = ${communityOf(tenant)} and enabled order by parent_id nulls first, name`;
  return { maxWishes: s.maxWishes, leadTimeMonths: s.leadTimeMonths, draftDays: s.draftDays, towns: [...towns], privacyUrl: tenant.privacy_url };
}

// ---------------------------------------------------------------- references

/**
 * Next KA-YYYY-NNNNN of the community, taken inside the registration's transaction after every
 * check passed, right before the one insert statement: the counter row is held only for that
 * statement and the commit (registrations of one community queue there for about a millisecond
 * on PostgreSQL), no refused registration leaves a gap, and the rush saves a transaction of its
 * own per registration (the opening-day benchmark, bench/kita.ts).
 */
export async function nextRef(tx: Tx, communityId: string): Promise<string> {
  const y = berlinYear();
  const [row] = await tx<{ last: number }[]>`
    insert into kita_counters (community_id, year, last) values (${communityId}, ${y}, 1)
    on conflict (community_id, year) do update set last = kita_counters.last + 1
    returning last`;
  return `KA-${y}-${String(row!.last).padStart(5, '0')}`;
}

// ---------------------------------------------------------------- registration

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
/** Same child = same first and last name and birth date; a digest, so the check reads no names. */
export const dupKey = (first: string, last: string, birth: string) =>
  createHash('sha256')
    .update(`${norm(first)}|${norm(last)}|${birth}`)
    .digest('base64url')
    .slice(0, 32);

/** Checks the wishes against the community's Kitas; field errors "wishes.N". */
function checkWishes(input: RegistrationCreateOutput, facilities: FacilityRow[], tenantId: string): FieldError[] {
  const errors: FieldError[] = [];
  const group = ageGroupAt(input.child.birthDate, input.startDate);
  input.wishes.forEach((id, i) => {
    const f = facilities.find((x) => x.id === id);
    const path = `wishes.${i}`;
    if (!f) errors.push({ path, message: 'Diese Kita gibt es in unserem Verbund nicht. · This Kita is not part of our community.' });
    else if (!takesWishesFrom(f, tenantId)) {
      errors.push({ path, message: `${f.name} nimmt nur Familien aus ${f.town_name} auf. · ${f.name} only takes families from ${f.town_name}.` });
    } else if (!f.age_groups.includes(group)) {
      errors.push({ path, message: `${f.name} betreut diese Altersgruppe nicht. · ${f.name} does not care for this age group.` });
    }
  });
  return errors;
}

export async function createRegistration(sql: Sql, tenant: TenantRow, input: RegistrationCreateOutput, now = new Date()): Promise<RegistrationCreated> {
  const settings = kitaSettings(tenant);
  const community = communityOf(tenant);
  const errors: FieldError[] = checkRegistration(input, settings, berlinToday(now));
  const token = randomBytes(24).toString('base64url');
  const id = randomUUID();
  const child = input.child;
  const email = input.guardians[0]!.email;
  // Checks, reference and the insert in one transaction: a refusal (thrown) rolls back and
  // leaves nothing, not even a used number.
  return tenantDb(sql, tenant.id).tx(async (tx) => {
    const [facilities, towns] = await Promise.all([
      tx<FacilityRow[]>`${facilitySelect(tx)} where f.community_id = ${community} and f.active and f.id = any(${input.wishes}::uuid[])`,
      tx<{ slug: string }[]>`select slug from tenants where coalesce(parent_id, id) = ${community}`,
    ]);
    errors.push(...checkWishes(input, facilities, tenant.id));
    if (input.residence && !towns.some((t) => t.slug === input.residence)) {
      errors.push({ path: 'residence', message: 'Diese Gemeinde gehört nicht zu unserem Verbund. · This municipality is not part of our community.' });
    }
    if (errors.length) throw invalid(errors);
    const ref = await nextRef(tx, community);
    const mails: Mail[] = [
      confirmationMail({
        to: email,
        registrationId: id,
        ref,
        token,
        tenantName: tenant.name,
        statusPageUrl: settings.statusPageUrl,
        wishes: input.wishes.map((w) => facilities.find((f) => f.id === w)!.name),
      }),
    ];
    const wishes = input.wishes.map((facilityId, i) => ({ tenant_id: facilities.find((f) => f.id === facilityId)!.tenant_id, facility_id: facilityId, rank: i + 1 }));
    // Registration, wishes, mail and audit in one statement: one round trip in the transaction.
    const [r] = await tx<{ created_at: Date }[]>`
      with r as (
        insert into kita_registrations (tenant_id, id, community_id, ref, token_hash, child_first_name, child_last_name, birth_date,
          special_needs, guardians, email, hardship_reason, birth_year, expected, start_date, care_hours, age_group, residence,
          both_working, hardship, siblings, lang, dup_key)
        values (${tenant.id}, ${id}, ${community}, ${ref}, ${hashToken(token)}, ${child.firstName}, ${child.lastName}, ${child.birthDate},
          ${child.specialNeeds || null}, ${tx.json(input.guardians as never)}, ${email}, ${input.hardship ? input.hardshipReason : null},
          ${Number(child.birthDate.slice(0, 4))}, ${child.expected}, ${input.startDate}, ${input.careHours},
          ${ageGroupAt(child.birthDate, input.startDate)}, ${input.residence || null},
          ${input.guardians.every((g) => g.working)}, ${input.hardship}, ${input.siblings}::uuid[], ${input.lang},
          ${dupKey(child.firstName, child.lastName, child.birthDate)})
        returning id, created_at),
      w as (
        insert into kita_wishes (tenant_id, registration_id, facility_id, registration_tenant_id, community_id, rank)
        select x.tenant_id, r.id, x.facility_id, ${tenant.id}, ${community}, x.rank
        from r, jsonb_to_recordset(${tx.json(wishes)}) as x(tenant_id uuid, facility_id uuid, rank int)),
      m as (${outboxInsert(tx, tenant.id, mails)}),
      a as (insert into audit_log (tenant_id, actor, actor_name, action, subject, details)
            values (${tenant.id}, ${CITIZEN.id}, ${CITIZEN.name}, 'kita.registration.created', ${ref}, ${tx.json({ wishes: input.wishes.length })}))
      select created_at from r`;
    return { ref, token, state: 'active' as const, createdAt: iso(r!.created_at) };
  });
}

// ---------------------------------------------------------------- the family's view

export interface Found {
  tenantId: string;
  id: string;
  ref: string;
}

/**
 * The registration behind a tracking token. The key's tenant must be in the registration's
 * community: a link from the town's page works on the county's page too.
 */
export async function findByToken(sql: Sql, keyTenant: TenantRow, ref: string, token: string): Promise<Found> {
  const [hit] = await sql<{ tenant_id: string; id: string; ref: string; community_id: string }[]>`
    select tenant_id, id, ref, community_id from kita_registrations where token_hash = ${hashToken(token)}`;
  if (!hit || hit.ref !== ref || hit.community_id !== communityOf(keyTenant)) throw notFound('registration');
  return { tenantId: hit.tenant_id, id: hit.id, ref: hit.ref };
}

interface RegRow {
  tenant_id: string;
  id: string;
  community_id: string;
  ref: string;
  state: RegistrationState;
  child_first_name: string | null;
  child_last_name: string | null;
  birth_date: Date | string | null;
  special_needs: string | null;
  guardians: Guardian[] | null;
  email: string | null;
  hardship_reason: string | null;
  birth_year: number;
  expected: boolean;
  start_date: Date | string;
  care_hours: number;
  age_group: AgeGroup;
  residence: string | null;
  both_working: boolean;
  hardship: boolean;
  siblings: string[];
  lang: string;
  dup_key: string | null;
  created_at: Date;
  closed_at: Date | null;
}
export type { RegRow };

/** A `date` column as a calendar day (postgres.js parses it as UTC midnight). */
export const asDay = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export async function statusView(tx: Tx, f: Found): Promise<RegistrationStatus> {
  const [r] = await tx<RegRow[]>`select * from kita_registrations where tenant_id = ${f.tenantId} and id = ${f.id}`;
  if (!r) throw notFound('registration');
  const wishes = await tx<{ rank: number; facility_id: string; name: string; town: string; state: RegistrationStatus['wishes'][number]['state'] }[]>`
    select w.rank, w.facility_id, fa.name, t.name as town, w.state
    from kita_wishes w join kita_facilities fa on fa.tenant_id = w.tenant_id and fa.id = w.facility_id join tenants t on t.id = w.tenant_id
    where w.registration_tenant_id = ${f.tenantId} and w.registration_id = ${f.id} order by w.rank`;
  const offers = await tx<{ id: string; facility_id: string; name: string; deadline: Date | string; state: RegistrationStatus['offers'][number]['state']; created_at: Date }[]>`
    select o.id, o.facility_id, fa.name, o.deadline, o.state, o.created_at
    from kita_offers o join kita_facilities fa on fa.tenant_id = o.tenant_id and fa.id = o.facility_id
    where o.registration_tenant_id = ${f.tenantId} and o.registration_id = ${f.id} order by o.created_at desc`;
  return {
    ref: r.ref,
    state: r.state,
    child: { firstName: r.child_first_name, birthDate: r.birth_date === null ? null : asDay(r.birth_date), expected: r.expected },
    startDate: asDay(r.start_date),
    careHours: r.care_hours,
    createdAt: iso(r.created_at),
    wishes: wishes.map((w) => ({ rank: w.rank, facility: { id: w.facility_id, name: w.name, town: w.town }, state: w.state })),
    offers: offers.map((o) => ({ id: o.id, facility: { id: o.facility_id, name: o.name }, deadline: asDay(o.deadline), state: o.state, createdAt: iso(o.created_at) })),
    canChange: r.state === 'active',
  };
}

const conflict = (code: ErrorCode, de: string, en: string) => new ApiError(code, { detail: `${de} · ${en}` });

async function lockRegistration(tx: Tx, f: Found): Promise<RegRow> {
  const [r] = await tx<RegRow[]>`select * from kita_registrations where tenant_id = ${f.tenantId} and id = ${f.id} for update`;
  if (!r) throw notFound('registration');
  return r;
}

/** Mails to the Kitas whose wishes a change withdrew, written in the registration's tenant outbox. */
async function noticeKitas(tx: Tx, f: Found, facilityIds: string[], reason: 'placed' | 'withdrawn') {
  if (!facilityIds.length) return;
  const rows = await tx<{ name: string; email: string | null; contact_email: string | null; settings: TenantRow['settings']; tenant_name: string }[]>`
    select fa.name, fa.email, t.contact_email, t.settings, t.name as tenant_name
    from kita_facilities fa join tenants t on t.id = fa.tenant_id where fa.id = any(${facilityIds}::uuid[])`;
  const mails = rows.flatMap((k) => {
    const to = k.email ?? kitaSettings(k).notifyEmail ?? k.contact_email;
    return to ? [wishWithdrawnNotice({ to, registrationId: f.id, ref: f.ref, tenantName: k.tenant_name, facility: k.name, reason })] : [];
  });
  if (mails.length) await tx`${outboxInsert(tx, f.tenantId, mails)}`;
}

/**
 * The family accepts an offer: the offer and its wish are accepted, every other wish of the
 * child in every tenant of the community is withdrawn, those Kitas are told — one transaction.
 */
export async function acceptOffer(tx: Tx, f: Found, offerId: string, today: string): Promise<void> {
  const reg = await lockRegistration(tx, f);
  const [o] = await tx<{ tenant_id: string; facility_id: string; state: string; deadline: Date | string }[]>`
    select tenant_id, facility_id, state, deadline from kita_offers
    where registration_tenant_id = ${f.tenantId} and registration_id = ${f.id} and id = ${offerId} for update`;
  if (!o) throw notFound('offer');
  checkOpen(o, today);
  if (reg.state !== 'active') throw conflict('OFFER_CLOSED', 'Die Anmeldung ist abgeschlossen.', 'The registration is closed.');
  await tx`update kita_offers set state = 'accepted', decided_at = now() where tenant_id = ${o.tenant_id} and id = ${offerId}`;
  const withdrawn = await tx<{ facility_id: string }[]>`
    update kita_wishes set state = case when facility_id = ${o.facility_id} then 'accepted' else 'withdrawn' end, updated_at = now()
    where registration_tenant_id = ${f.tenantId} and registration_id = ${f.id}
      and (facility_id = ${o.facility_id} or state in ('waiting', 'offered'))
    returning facility_id, state`;
  await tx`update kita_registrations set state = 'placed', placed_facility_id = ${o.facility_id}, closed_at = now(), updated_at = now()
           where tenant_id = ${f.tenantId} and id = ${f.id}`;
  await noticeKitas(
    tx,
    f,
    withdrawn.map((w) => w.facility_id).filter((id) => id !== o.facility_id),
    'placed',
  );
  await recordAudit(tx, f.tenantId, CITIZEN, 'kita.offer.accepted', f.ref, { offer: offerId, facility: o.facility_id });
}

function checkOpen(o: { state: string; deadline: Date | string }, today: string) {
  if (o.state === 'withdrawn') throw conflict('OFFER_WITHDRAWN', 'Die Kita hat dieses Angebot zurückgezogen.', 'The Kita withdrew this offer.');
  if (o.state === 'expired' || (o.state === 'open' && asDay(o.deadline) < today)) {
    throw conflict('OFFER_EXPIRED', `Die Frist für dieses Angebot ist am ${asDay(o.deadline)} abgelaufen.`, `This offer's deadline passed on ${asDay(o.deadline)}.`);
  }
  if (o.state !== 'open') throw conflict('OFFER_CLOSED', 'Über dieses Angebot ist schon entschieden.', 'This offer has been decided already.');
}

export async function declineOffer(tx: Tx, f: Found, offerId: string, today: string): Promise<void> {
  await lockRegistration(tx, f);
  const [o] = await tx<{ tenant_id: string; facility_id: string; state: string; deadline: Date | string }[]>`
    select tenant_id, facility_id, state, deadline from kita_offers
    where registration_tenant_id = ${f.tenantId} and registration_id = ${f.id} and id = ${offerId} for update`;
  if (!o) throw notFound('offer');
  checkOpen(o, today);
  await tx`update kita_offers set state = 'declined', decided_at = now() where tenant_id = ${o.tenant_id} and id = ${offerId}`;
  await tx`update kita_wishes set state = 'declined', updated_at = now()
           where tenant_id = ${o.tenant_id} and registration_id = ${f.id} and facility_id = ${o.facility_id}`;
  await recordAudit(tx, f.tenantId, CITIZEN, 'kita.offer.declined', f.ref, { offer: offerId, facility: o.facility_id });
}

export async function withdrawRegistration(tx: Tx, f: Found, tenantName: string): Promise<void> {
  const reg = await lockRegistration(tx, f);
  if (reg.state !== 'active') throw conflict('REGISTRATION_CLOSED', 'Die Anmeldung ist schon abgeschlossen.', 'The registration is closed already.');
  await tx`update kita_offers set state = 'withdrawn', decided_at = now()
           where registration_tenant_id = ${f.tenantId} and registration_id = ${f.id} and state = 'open'`;
  const withdrawn = await tx<{ facility_id: string }[]>`
    update kita_wishes set state = 'withdrawn', updated_at = now()
    where registration_tenant_id = ${f.tenantId} and registration_id = ${f.id} and state in ('waiting', 'offered')
    returning facility_id`;
  await tx`update kita_registrations set state = 'withdrawn', closed_at = now(), updated_at = now() where tenant_id = ${f.tenantId} and id = ${f.id}`;
  await noticeKitas(
    tx,
    f,
    withdrawn.map((w) => w.facility_id),
    'withdrawn',
  );
  if (reg.email) await enqueueMail(tx, f.tenantId, withdrawalMail({ to: reg.email, registrationId: f.id, ref: f.ref, tenantName }));
  await recordAudit(tx, f.tenantId, CITIZEN, 'kita.registration.withdrawn', f.ref);
}

export async function changeRegistration(tx: Tx, f: Found, change: { startDate?: string; careHours?: number }, today: string): Promise<void> {
  const reg = await lockRegistration(tx, f);
  if (reg.state !== 'active') throw conflict('REGISTRATION_CLOSED', 'Die Anmeldung ist schon abgeschlossen.', 'The registration is closed already.');
  const start = change.startDate ?? asDay(reg.start_date);
  const birth = reg.birth_date === null ? `${reg.birth_year}-01-01` : asDay(reg.birth_date);
  const errors: FieldError[] = [];
  if (change.startDate !== undefined && start < birth) errors.push({ path: 'startDate', message: 'Der Betreuungsbeginn liegt vor der Geburt. · The start date is before the birth date.' });
  if (change.startDate !== undefined && start < today) errors.push({ path: 'startDate', message: 'Der Betreuungsbeginn liegt in der Vergangenheit. · The start date is in the past.' });
  if (errors.length) throw invalid(errors);
  await tx`update kita_registrations set start_date = ${start}, care_hours = ${change.careHours ?? reg.care_hours},
             age_group = ${ageGroupAt(birth, start)}, updated_at = now()
           where tenant_id = ${f.tenantId} and id = ${f.id}`;
  await recordAudit(tx, f.tenantId, CITIZEN, 'kita.registration.changed', f.ref, { fields: Object.keys(change) });
}

// ---------------------------------------------------------------- drafts

export async function createDraft(
  sql: Sql,
  tenant: TenantRow,
  input: { email: string; data: DraftData; pageUrl: string; lang: 'de' | 'en'; replaces?: { id: string; token: string } },
): Promise<{ id: string; expiresAt: string }> {
  if (!tenant.origins.includes(new URL(input.pageUrl).origin)) {
    throw invalid([{ path: 'pageUrl', message: 'Diese Seite gehört nicht zu Ihrer Gemeinde. · This page does not belong to the municipality.' }]);
  }
  const s = kitaSettings(tenant);
  const token = randomBytes(24).toString('base64url');
  const id = randomUUID();
  const link = draftLink(input.pageUrl, id, token);
  return tenantDb(sql, tenant.id).tx(async (tx) => {
    if (input.replaces) {
      await tx`delete from kita_drafts where tenant_id = ${tenant.id} and id = ${input.replaces.id} and token_hash = ${hashToken(input.replaces.token)}`;
    }
    const [r] = await tx<{ expires_at: Date }[]>`
      insert into kita_drafts (tenant_id, id, token_hash, email, data, expires_at)
      values (${tenant.id}, ${id}, ${hashToken(token)}, ${input.email}, ${tx.json(input.data as never)}, now() + make_interval(days => ${s.draftDays}))
      returning expires_at`;
    const until = day(r!.expires_at)!;
    await enqueueMail(tx, tenant.id, {
      to: input.email,
      ref: `kita-draft:${id}`,
      subject: 'Ihre Kita-Anmeldung: später fortsetzen · Continue your daycare registration later',
      text:
        `Guten Tag,\n\nmit diesem Link setzen Sie Ihre Kita-Anmeldung fort (gültig bis ${until}):\n${link}\n` +
        `\nHello,\n\nthis link continues your daycare registration (valid until ${until}):\n${link}\n` +
        '\nWenn Sie das nicht waren, ignorieren Sie diese Nachricht. · If this was not you, ignore this message.\n' +
        `\n-- \n${tenant.name}\n`,
    });
    return { id, expiresAt: iso(r!.expires_at) };
  });
}

export async function readDraft(sql: Sql, tenant: TenantRow, id: string, token: string): Promise<{ data: DraftData; expiresAt: string }> {
  const [r] = await tenantDb(sql, tenant.id).tx(
    (tx) => tx<{ data: DraftData; expires_at: Date }[]>`
    select data, expires_at from kita_drafts
    where tenant_id = ${tenant.id} and id = ${id} and token_hash = ${hashToken(token)} and expires_at > now()`,
  );
  if (!r) {
    throw new ApiError('NOT_FOUND', {
      detail: 'Diesen Entwurf gibt es nicht oder er ist abgelaufen. · This draft does not exist or has expired.',
    });
  }
  return { data: r.data, expiresAt: iso(r.expires_at) };
}
