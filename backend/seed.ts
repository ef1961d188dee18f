// The demo hosting community: a county and one town, with keys, and demo people to sign in
// as (a clerk per tenant, the town's administration, the hosting office). Seeded only into an
// empty embedded database (or when asked with --seed), never silently into a production database.
import * as v from 'valibot';
import { one, type Sql } from './core/db.ts';
import { TenantCreate } from './admin/schema.ts';
import { createKey, createTenant } from './admin/store.ts';
import { inviteUser } from './core/accounts.ts';
import { CLI_ACTOR } from './core/audit.ts';
import type { Role } from './core/roles.ts';
import { seedPlans } from './plans/seed.ts';
import { tenantDb } from './core/tenant-db.ts';
import type { TenantRow } from './core/tenants.ts';
import { seedKitas, seedRegistrations } from './kita/seed.ts';
import { seedJobs } from './jobs/seed.ts';
import { seedTips } from './tips/seed.ts';

export interface SeedPerson {
  name: string;
  email: string;
  roles: Role[];
  /** The tenant's name, or null for the hosting office. */
  where: string | null;
  /** What this person can do, German then English. */
  can: { de: string; en: string };
  /** The one-time link to set a password (valid for INVITE_DAYS). */
  link: string;
}

export interface SeedResult {
  admin: string;
  tenants: { slug: string; name: string; publishable: string; staff: string }[];
  people: SeedPerson[];
}

const CLERK_CAN = {
  de: 'bearbeitet Bürgertipps, Kita-Anmeldungen und Bauleitplanung in der Sachbearbeitung (/console)',
  en: 'works on citizen tips, daycare registrations and land-use plans in the staff console (/console)',
};
const TENANT_ADMIN_CAN = {
  de: 'lädt Mitarbeitende ein, vergibt Rollen, sieht das Protokoll (/console); Zwei-Faktor-Anmeldung nötig',
  en: 'invites staff, assigns roles, reads the audit trail (/console); needs a second factor',
};
const JOBS_CAN = {
  de: 'bearbeitet Stellenangebote und Bewerbungen (/console)',
  en: 'works on job postings and applications in the staff console (/console)',
};
const HOST_ADMIN_CAN = {
  de: 'legt Mandanten, Schlüssel und Benutzer aller Gemeinden an (/admin); Zwei-Faktor-Anmeldung nötig',
  en: "manages tenants, keys and every town's users in the admin console (/admin); needs a second factor",
};

export async function isEmpty(sql: Sql): Promise<boolean> {
  const r = one(await sql<{ n: number }[]>`select (select count(*) from tenants)::int + (select count(*) from api_keys)::int as n`);
  return r.n === 0;
}

/**
 * `publicUrl` is the API's origin as people open it: the sign-in links point there.
 * The invitations are mailed through the outbox too (to .example addresses: data/outbox/ without SMTP).
 */
export async function seedDemo(sql: Sql, demoOrigin: string, publicUrl = 'http://localhost:8787', options: { plans?: boolean } = {}): Promise<SeedResult> {
  const county = {
    slug: 'musterkreis',
    name: 'Landkreis Musterkreis',
    origins: [demoOrigin],
    privacyUrl: `${demoOrigin}/musterkreis/datenschutz.html`,
    accessibilityUrl: `${demoOrigin}/musterkreis/barrierefreiheit.html`,
    contactEmail: 'buergerservice@musterkreis.example',
    theme: { '--bn-color-primary': '#1d5c3a', '--bn-radius': '2px' },
    map: { center: [52.43, 10.02], zoom: 10 },
  };
  const town = {
    slug: 'beispielstadt',
    name: 'Gemeinde Beispielstadt',
    parent: 'musterkreis',
    origins: [demoOrigin],
    privacyUrl: `${demoOrigin}/beispielstadt/datenschutz.html`,
    accessibilityUrl: `${demoOrigin}/beispielstadt/barrierefreiheit.html`,
    contactEmail: 'rathaus@beispielstadt.example',
    theme: { '--bn-color-primary': '#0b4f8a', '--bn-radius': '8px' },
    map: { center: [52.4, 10.05], zoom: 13 },
  };
  const result: SeedResult = { admin: '', tenants: [], people: [] };
  const opts = { publicUrl, actor: CLI_ACTOR };
  const invite = async (p: Omit<SeedPerson, 'link'>, tenantId: string | null) => {
    const u = await inviteUser(sql, { all: true }, { email: p.email, name: p.name, roles: p.roles, tenantId }, opts);
    result.people.push({ ...p, link: u.invitationUrl });
  };
  for (const t of [county, town]) {
    const created = await createTenant(sql, v.parse(TenantCreate, t), CLI_ACTOR);
    const pk = await createKey(sql, { kind: 'publishable', tenant: created.slug, label: 'Website (Demo)' }, CLI_ACTOR);
    const sk = await createKey(sql, { kind: 'staff', tenant: created.slug, label: 'Anbindung (Demo)' }, CLI_ACTOR);
    result.tenants.push({ slug: created.slug, name: created.name, publishable: pk.key, staff: sk.key });
    const [row] = await sql<TenantRow[]>`select * from tenants where id = ${created.id}`;
    await tenantDb(sql, created.id).tx((tx) => seedKitas(tx, row!));
    const place = created.slug === 'beispielstadt' ? 'Beispielstadt' : 'Musterkreis';
    await invite({ name: `Sachbearbeitung ${place}`, email: `sachbearbeitung@${created.slug}.example`, roles: ['tips', 'kita', 'plans'], where: created.name, can: CLERK_CAN }, created.id);
    if (created.slug === 'beispielstadt') {
      await invite({ name: `Verwaltung ${place}`, email: `verwaltung@${created.slug}.example`, roles: ['tenant-admin'], where: created.name, can: TENANT_ADMIN_CAN }, created.id);
      await invite({ name: `Personalamt ${place}`, email: `personal@${created.slug}.example`, roles: ['jobs'], where: created.name, can: JOBS_CAN }, created.id);
      // Tips in every state, so the inbox, its filters and the public list show how they work.
      await seedTips(sql, row!);
      // Families' wishes, so the Kita office's ranking and the demand figures have something to show.
      await seedRegistrations(sql, row!);
    }
  }
  // Demo postings on both sites; the town shares its postings with the county's page.
  const ids = await sql<{ id: string; slug: string }[]>`select id, slug from tenants where slug in ('musterkreis', 'beispielstadt') order by slug`;
  await seedJobs(sql, ids, demoOrigin);
  await invite({ name: 'Hosting-Stelle (Demo)', email: 'hosting@buergernah.example', roles: ['host-admin'], where: null, can: HOST_ADMIN_CAN }, null);
  result.admin = (await createKey(sql, { kind: 'admin', label: 'Hosting office (first start)' }, CLI_ACTOR)).key;
  // The real XPlanGML fixtures, published; the town's draft open for statements.
  if (options.plans !== false) {
    const rows = await sql<{ id: string; slug: string }[]>`select id, slug from tenants where slug in ('musterkreis', 'beispielstadt')`;
    await seedPlans(sql, rows);
  }
  return result;
}
