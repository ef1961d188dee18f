// Demo tips for the town: the inbox and the public list as they look after a few weeks — new
// ones waiting (two of them longer than a week), some in progress with a public answer, one
// resolved, one rejected with its reason. Made through the same store functions as real ones
// (reference numbers, history, mails to the town's outbox), then moved back in time.
import * as v from 'valibot';
import type { Sql } from '../core/db.ts';
import { CLI_ACTOR } from '../core/audit.ts';
import { tenantDb } from '../core/tenant-db.ts';
import type { TenantRow } from '../core/tenants.ts';
import { StaffTipUpdate, TipCreate } from './schema.ts';
import { staffLabels, updateStaffTip } from './staff-store.ts';
import { createTip } from './store.ts';

interface Sample {
  tip: v.InferInput<typeof TipCreate>;
  /** What staff did with it (omitted: still new and unpublished). */
  staff?: v.InferInput<typeof StaffTipUpdate>;
  daysAgo: number;
}

/** Places in Beispielstadt around the demo map's centre (52.40, 10.05). */
const at = (address: string, lat: number, lng: number) => ({ address, lat, lng });

const SAMPLES: Sample[] = [
  {
    tip: {
      kind: 'schaden',
      category: 'beleuchtung',
      description: 'Die Straßenlaterne vor Hausnummer 12 flackert seit Tagen und bleibt nachts ganz aus. Der Gehweg ist dann stockdunkel.',
      location: at('Lindenallee 12', 52.4012, 10.0468),
      answers: { mastnummer: 'L-0417' },
      consent: true,
    },
    staff: { status: 'in_progress', published: true, publicAnswer: 'Danke für den Hinweis! Der Bauhof tauscht das Leuchtmittel in dieser Woche.' },
    daysAgo: 6,
  },
  {
    tip: {
      kind: 'schaden',
      category: 'strasse',
      description: 'Tiefes Schlagloch am Rand der Fahrbahn, Radfahrer müssen auf die Straßenmitte ausweichen.',
      location: at('Bahnhofstraße 3', 52.3985, 10.0531),
      consent: true,
    },
    staff: { status: 'acknowledged', published: true },
    daysAgo: 3,
  },
  {
    tip: {
      kind: 'beschwerde',
      category: 'muell',
      description: 'Am Wertstoffcontainer wurden Sperrmüll und alte Reifen abgeladen.',
      location: at('Am Sportplatz', 52.4047, 10.0562),
      consent: true,
    },
    staff: { status: 'resolved', published: true, publicAnswer: 'Der Sperrmüll und die Reifen wurden am Montag abgeholt.' },
    daysAgo: 14,
  },
  {
    tip: {
      kind: 'schaden',
      category: 'gruen',
      description: 'Ein großer Ast ist abgebrochen und hängt über dem Sandkasten des Spielplatzes.',
      location: at('Spielplatz Stadtpark', 52.4024, 10.0442),
      consent: true,
    },
    staff: { status: 'in_progress', published: true, publicAnswer: 'Der Spielplatz ist abgesperrt; die Baumpflege kommt morgen früh.' },
    daysAgo: 1,
  },
  {
    tip: {
      kind: 'schaden',
      category: 'verkehr',
      description: 'Das Schild „Vorfahrt gewähren“ an der Einmündung ist umgefahren und liegt im Graben.',
      location: at('Mühlenweg / Feldstraße', 52.3961, 10.0588),
      consent: true,
    },
    daysAgo: 9,
  },
  {
    tip: {
      kind: 'idee',
      category: 'gruen',
      description: 'Mehr Sitzbänke im Stadtpark, besonders am Teich – viele ältere Leute würden dort gern eine Pause machen.',
      consent: true,
    },
    daysAgo: 12,
  },
  {
    tip: {
      kind: 'schaden',
      category: 'gehweg',
      description: 'Eine Gehwegplatte ist angehoben, Stolpergefahr direkt vor dem Eingang der Grundschule.',
      location: at('Schulstraße 5', 52.3998, 10.0497),
      consent: true,
    },
    daysAgo: 2,
  },
  {
    tip: {
      kind: 'beschwerde',
      category: 'sonstiges',
      description: 'Auf dem Nachbargrundstück wird jeden Sonntag Rasen gemäht.',
      consent: true,
    },
    staff: {
      status: 'rejected',
      reason: 'Lärm an Sonn- und Feiertagen ist Sache des Ordnungsamts des Landkreises; bitte wenden Sie sich dorthin.',
    },
    daysAgo: 4,
  },
];

export async function seedTips(sql: Sql, town: TenantRow): Promise<void> {
  const labels = await staffLabels(sql, town.id);
  for (const s of SAMPLES) {
    const { ref } = await createTip(sql, town, v.parse(TipCreate, s.tip), { source: 'web', ip: '127.0.0.1' });
    const staff = s.staff;
    if (staff) await tenantDb(sql, town.id).tx((tx) => updateStaffTip(tx, town, ref, v.parse(StaffTipUpdate, staff), CLI_ACTOR, labels));
    // Back in time, the tip with its history: the "untouched for" filter and the dates read true.
    const days = s.daysAgo;
    await sql`
      with t as (
        update tips set created_at = created_at - make_interval(days => ${days}), updated_at = updated_at - make_interval(days => ${days}),
                        closed_at = closed_at - make_interval(days => ${days})
        where tenant_id = ${town.id} and ref = ${ref} returning id)
      update tip_events e set at = e.at - make_interval(days => ${days}) from t where e.tip_id = t.id`;
  }
}
