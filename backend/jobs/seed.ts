// Demo postings for the "Stellenangebote" pages of both demo sites: the county's own, and the
// town's (shared with the county's page). Deadlines are relative to the day of seeding so the
// demo always has open positions.
import * as v from 'valibot';
import type { Sql } from '../core/db.ts';
import { CLI_ACTOR } from '../core/audit.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { PostingCreate, type PostingCreate as PostingBody } from './schema.ts';
import { addDays, berlinToday } from '../core/time.ts';
import { createPosting } from './staff-store.ts';
import { saveJobsSettings } from './settings.ts';
import { DEFAULT_JOBS_SETTINGS } from './schema.ts';

const inDays = (now: Date, days: number) => addDays(berlinToday(now), days);

const TOWN: (now: Date) => PostingBody[] = (now) => [
  {
    title: 'Sachbearbeiter/in Bauordnung (m/w/d)',
    descriptionHtml:
      '<h2>Ihre Aufgaben</h2><ul><li>Prüfung von Bauanträgen und Bauvoranfragen</li><li>Beratung von Bauherrinnen und Architekten</li><li>Ortstermine</li></ul>' +
      '<h2>Ihr Profil</h2><p>Abgeschlossenes Studium (Bachelor) der Architektur oder des Bauingenieurwesens, oder Verwaltungsfachwirt/in mit Erfahrung im Baurecht.</p>' +
      '<h2>Wir bieten</h2><p>Unbefristete Stelle, Gleitzeit, mobiles Arbeiten an bis zu zwei Tagen pro Woche.</p>',
    department: 'Bauamt',
    payScheme: 'tvoed',
    payGrade: 'EG 10',
    employmentType: 'full_or_part_time',
    hoursPerWeek: 39,
    salaryMin: 3900,
    salaryMax: 5600,
    street: 'Marktplatz 1',
    postalCode: '21398',
    locality: 'Beispielstadt',
    contactName: 'Frau Jansen, Personalamt',
    contactEmail: 'personal@beispielstadt.example',
    contactPhone: '04131 123-45',
    deadline: inDays(now, 28),
    published: true,
  },
  {
    title: 'Erzieherin / Erzieher für die Kita Sonnenschein (m/w/d)',
    descriptionHtml:
      '<p>Für unsere Kita Sonnenschein (Krippe und Kindergarten, 85 Plätze) suchen wir Verstärkung.</p>' +
      '<h2>Ihre Aufgaben</h2><ul><li>Bildung, Erziehung und Betreuung von Kindern von 1 bis 6 Jahren</li><li>Zusammenarbeit mit Eltern</li></ul>' +
      '<h2>Ihr Profil</h2><p>Staatlich anerkannte Erzieherin / staatlich anerkannter Erzieher oder vergleichbare Qualifikation.</p>',
    department: 'Kindertagesstätten',
    payScheme: 'tvoed',
    payGrade: 'S 8a',
    employmentType: 'part_time',
    hoursPerWeek: 30,
    salaryMin: 2700,
    salaryMax: 3400,
    street: 'Lindenweg 4',
    postalCode: '21398',
    locality: 'Beispielstadt',
    contactName: 'Herr Okafor, Kitaleitung',
    contactEmail: 'kita-sonnenschein@beispielstadt.example',
    contactPhone: '',
    deadline: null,
    published: true,
  },
  {
    title: 'Verwaltungsinspektor/in Bürgerbüro (m/w/d)',
    descriptionHtml: '<p>Beamtenverhältnis auf Probe mit dem Ziel der Lebenszeitverbeamtung.</p><h2>Ihre Aufgaben</h2><ul><li>Melde-, Pass- und Ausweiswesen</li><li>Gewerbeangelegenheiten</li></ul>',
    department: 'Bürgerbüro',
    payScheme: 'besoldung',
    payGrade: 'A 9',
    employmentType: 'full_time',
    hoursPerWeek: 40,
    street: 'Marktplatz 1',
    postalCode: '21398',
    locality: 'Beispielstadt',
    contactName: 'Frau Jansen, Personalamt',
    contactEmail: 'personal@beispielstadt.example',
    deadline: inDays(now, 14),
    published: true,
  },
];

const COUNTY: (now: Date) => PostingBody[] = (now) => [
  {
    title: 'Sozialarbeiter/in im Allgemeinen Sozialen Dienst (m/w/d)',
    descriptionHtml:
      '<p>Der Fachdienst Jugend sucht für den Allgemeinen Sozialen Dienst (ASD) eine engagierte Fachkraft.</p>' +
      '<h2>Ihre Aufgaben</h2><ul><li>Beratung von Familien</li><li>Hilfeplanung nach SGB VIII</li><li>Wahrnehmung des Schutzauftrags (§ 8a SGB VIII)</li></ul>' +
      '<h2>Ihr Profil</h2><p>Bachelor Soziale Arbeit mit staatlicher Anerkennung.</p>',
    department: 'Fachdienst Jugend',
    payScheme: 'tvoed',
    payGrade: 'S 14',
    employmentType: 'full_or_part_time',
    hoursPerWeek: 39,
    salaryMin: 3800,
    salaryMax: 5400,
    street: 'Kreishausplatz 1',
    postalCode: '21335',
    locality: 'Kreisstadt',
    contactName: 'Fachdienst Personal',
    contactEmail: 'personal@musterkreis.example',
    deadline: inDays(now, 21),
    published: true,
  },
  {
    title: 'Straßenwärter/in für die Kreisstraßenmeisterei (m/w/d)',
    descriptionHtml:
      '<h2>Ihre Aufgaben</h2><ul><li>Unterhaltung der Kreisstraßen</li><li>Winterdienst im Schichtsystem</li></ul><h2>Ihr Profil</h2><p>Ausbildung als Straßenwärter/in, Führerschein Klasse CE.</p>',
    department: 'Straßenmeisterei',
    payScheme: 'tvoed',
    payGrade: 'EG 5',
    employmentType: 'full_time',
    hoursPerWeek: 39,
    salaryMin: 2900,
    salaryMax: 3500,
    street: 'Am Bauhof 3',
    postalCode: '21357',
    locality: 'Nordheim',
    contactName: 'Fachdienst Personal',
    contactEmail: 'personal@musterkreis.example',
    deadline: inDays(now, 35),
    published: true,
  },
  {
    title: 'IT-Sicherheitsbeauftragte/r (m/w/d)',
    descriptionHtml: '<p>Sie verantworten die Informationssicherheit der Kreisverwaltung nach BSI IT-Grundschutz. Die Stelle kann vollständig im Homeoffice ausgeübt werden.</p>',
    department: 'Fachdienst IT',
    payScheme: 'tvoed',
    payGrade: 'EG 12',
    employmentType: 'full_time',
    hoursPerWeek: 39,
    salaryMin: 4600,
    salaryMax: 6600,
    street: 'Kreishausplatz 1',
    postalCode: '21335',
    locality: 'Kreisstadt',
    telecommute: true,
    contactName: 'Fachdienst Personal',
    contactEmail: 'personal@musterkreis.example',
    deadline: inDays(now, 42),
    published: true,
  },
];

export async function seedJobs(sql: Sql, tenants: { id: string; slug: string }[], demoOrigin: string, now = new Date()): Promise<number> {
  let n = 0;
  for (const t of tenants) {
    const town = t.slug === 'beispielstadt';
    const postings = (town ? TOWN : COUNTY)(now);
    await tenantDb(sql, t.id).tx(async (tx, tenantId) => {
      for (const p of postings) {
        await createPosting(tx, tenantId, v.parse(PostingCreate, p), CLI_ACTOR, now);
        n++;
      }
    });
    await saveJobsSettings(
      sql,
      t.id,
      {
        ...DEFAULT_JOBS_SETTINGS,
        shareWithCounty: town,
        pageUrl: `${demoOrigin}/${t.slug}/stellen.html`,
        notifyEmail: `personal@${t.slug}.example`,
        representativeEmail: `sbv@${t.slug}.example`,
        staffCouncilEmail: `personalrat@${t.slug}.example`,
      },
      CLI_ACTOR,
      ['demo'],
    );
  }
  return n;
}
