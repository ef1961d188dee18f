// Demo Kitas: the town's own and the county's, so the community-wide search shows both.
import type { Tx } from '../core/db.ts';
import { CLI_ACTOR } from '../core/audit.ts';
import type { TenantRow } from '../core/tenants.ts';
import { createFacility } from './staff-store.ts';
import type { FacilityCreate } from './facility-schema.ts';

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
