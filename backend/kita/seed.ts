// Demo Kitas: the town's own and the county's, so the community-wide search shows both; and a
// few families' registrations for the town's Kitas.
import * as v from 'valibot';
import type { Sql, Tx } from '../core/db.ts';
import { berlinToday } from '../core/time.ts';
import { CLI_ACTOR } from '../core/audit.ts';
import type { TenantRow } from '../core/tenants.ts';
import { createFacility } from './staff-store.ts';
import type { FacilityCreate } from './facility-schema.ts';
import { addMonths, RegistrationCreate } from './schema.ts';
import { createRegistration } from './store.ts';

const KITAS: Record<string, FacilityCreate[]> = {
  beispielstadt: [
    {
      name: 'Kita Sonnenblume',
      provider: 'Gemeinde Beispielstadt',
      address: 'Schulstraße 3, Beispielstadt',
      lat: 52.401,
      lng: 10.048,
      ageGroups: ['krippe', 'kindergarten'],
      careHours: [25, 35, 45],
      openingHours: 'Mo–Fr 7:00–17:00',
      concepts: ['offenes Konzept', 'Bewegung'],
      languages: ['Deutsch', 'Türkisch'],
      accessible: true,
      capacity: { krippe: 15, kindergarten: 50 },
      light: 'yellow',
      email: 'sonnenblume@beispielstadt.example',
    },
    {
      name: 'Ev. Kindergarten St. Marien',
      provider: 'Ev.-luth. Kirchengemeinde St. Marien',
      address: 'Kirchplatz 1, Beispielstadt',
      lat: 52.399,
      lng: 10.053,
      ageGroups: ['kindergarten'],
      careHours: [25, 35],
      openingHours: 'Mo–Fr 7:30–14:00',
      concepts: ['religionspädagogisch'],
      languages: ['Deutsch'],
      capacity: { kindergarten: 75 },
      light: 'red',
    },
    {
      name: 'Waldkindergarten Eulennest',
      provider: 'Eulennest e. V.',
      address: 'Am Forsthaus, Beispielstadt',
      lat: 52.41,
      lng: 10.06,
      ageGroups: ['kindergarten'],
      careHours: [25],
      openingHours: 'Mo–Fr 8:00–13:00',
      concepts: ['Waldkita'],
      languages: ['Deutsch', 'Englisch'],
      capacity: { kindergarten: 20 },
      light: 'green',
    },
    {
      name: 'Hort an der Grundschule',
      provider: 'Gemeinde Beispielstadt',
      address: 'Schulstraße 5, Beispielstadt',
      lat: 52.4015,
      lng: 10.0485,
      ageGroups: ['hort'],
      careHours: [15, 25],
      openingHours: 'Mo–Fr 11:30–17:00',
      languages: ['Deutsch'],
      accessible: true,
      capacity: { hort: 60 },
      light: 'green',
    },
  ],
  musterkreis: [
    {
      name: 'Kreis-Kita Am Moor',
      provider: 'Landkreis Musterkreis',
      address: 'Moorweg 12, Am Moor',
      lat: 52.45,
      lng: 9.98,
      ageGroups: ['krippe', 'kindergarten'],
      careHours: [25, 35, 45],
      openingHours: 'Mo–Fr 6:30–17:30',
      concepts: ['Montessori'],
      languages: ['Deutsch', 'Polnisch'],
      accessible: true,
      capacity: { krippe: 20, kindergarten: 40 },
      light: 'green',
      email: 'kita-am-moor@musterkreis.example',
    },
    {
      name: 'DRK-Kita Regenbogen',
      provider: 'DRK Kreisverband',
      address: 'Hauptstraße 40, Musterhausen',
      lat: 52.47,
      lng: 10.1,
      ageGroups: ['krippe'],
      careHours: [35, 45],
      openingHours: 'Mo–Fr 7:00–16:00',
      languages: ['Deutsch'],
      capacity: { krippe: 30 },
      light: 'yellow',
    },
  ],
};

export async function seedKitas(tx: Tx, tenant: TenantRow): Promise<number> {
  const list = KITAS[tenant.slug] ?? [];
  for (const k of list) await createFacility(tx, tenant, k, CLI_ACTOR);
  return list.length;
}

/** Demo families: the child's first name and age in months today (the care starts in three), care hours, whether the guardians work. */
const FAMILIES: { child: string; parent: string; months: number; hours: number; working: boolean; hardship?: string; wishes: string[] }[] = [
  { child: 'Mia', parent: 'Eva Schulz', months: 14, hours: 35, working: true, wishes: ['Kita Sonnenblume', 'Kreis-Kita Am Moor'] },
  { child: 'Noah', parent: 'Jan Becker', months: 36, hours: 45, working: true, wishes: ['Ev. Kindergarten St. Marien', 'Waldkindergarten Eulennest', 'Kita Sonnenblume'] },
  { child: 'Emilia', parent: 'Aylin Demir', months: 11, hours: 25, working: false, wishes: ['Kita Sonnenblume', 'DRK-Kita Regenbogen'] },
  {
    child: 'Paul',
    parent: 'Sandra Wolf',
    months: 40,
    hours: 35,
    working: false,
    hardship: 'Alleinerziehend, Pflege eines Angehörigen',
    wishes: ['Waldkindergarten Eulennest', 'Ev. Kindergarten St. Marien'],
  },
  { child: 'Lina', parent: 'Tobias Krüger', months: 20, hours: 45, working: true, wishes: ['Kita Sonnenblume', 'Kreis-Kita Am Moor'] },
];

/** A name as the local part of an address (Krüger → krueger). */
const mailName = (name: string) => name.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

/**
 * Registrations of demo families for the town's (and the county's) Kitas, through the same checks and numbering
 * as a family's own, so the office's ranking and the demand statistics show how they work.
 */
export async function seedRegistrations(sql: Sql, tenant: TenantRow, now = new Date()): Promise<number> {
  // Wishes may name the county's Kitas too (the community's registration is one).
  const kitas = await sql<{ id: string; name: string }[]>`select id, name from kita_facilities where tenant_id in (${tenant.id}, ${tenant.parent_id ?? tenant.id})`;
  const idOf = (name: string) => kitas.find((k) => k.name === name)?.id;
  const today = berlinToday(now);
  let made = 0;
  for (const f of FAMILIES) {
    const wishes = f.wishes.map(idOf).filter((id): id is string => !!id);
    if (!wishes.length) continue;
    const [firstName = '', lastName = ''] = f.parent.split(' ');
    const input = v.parse(RegistrationCreate, {
      wishes,
      child: { firstName: f.child, lastName, birthDate: addMonths(today, -f.months), expected: false, specialNeeds: '' },
      startDate: addMonths(today, 3),
      careHours: f.hours,
      guardians: [{ firstName, lastName, email: `${mailName(firstName)}.${mailName(lastName)}@familie.example`, phone: '', address: 'Beispielstadt', working: f.working }],
      residence: tenant.slug,
      hardship: !!f.hardship,
      hardshipReason: f.hardship ?? '',
      siblings: [],
      consent: true,
    });
    await createRegistration(sql, tenant, input, now);
    made++;
  }
  return made;
}
