// The Kita benchmark's world, seeded inside bench/server.ts when BN_BENCH_KITA=1 (no bench*()
// export: bench/run.ts does not run this file): a county and 12 towns with 3 Kitas each, and
// registrations made ready before a run (a solved ALTCHA of the family's town, and a body that
// wishes Kitas across the community), so a run measures only the server's side.
import * as v from 'valibot';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Sql } from '../backend/core/db.ts';
import { newChallenge } from '../backend/core/altcha.ts';
import { CLI_ACTOR } from '../backend/core/audit.ts';
import { createKey, createTenant } from '../backend/admin/store.ts';
import { TenantCreate } from '../backend/admin/schema.ts';
import { tenantDb } from '../backend/core/tenant-db.ts';
import type { TenantRow } from '../backend/core/tenants.ts';
import { createFacility } from '../backend/kita/staff-store.ts';
import { berlinToday } from '../backend/core/time.ts';
import { addMonths } from '../backend/kita/schema.ts';

export interface KitaWorld {
  tenants: { id: string; slug: string; key: string; kitas: string[] }[];
}

/** One prepared POST /v1/kita/registrations: the town's publishable key, X-Altcha and the body. */
export interface KitaRequest {
  key: string;
  altcha: string;
  body: string;
}

export const KITA_TOWNS = 12;
const KITAS_PER_TENANT = 3;

export async function seedKitaWorld(sql: Sql, origin: string): Promise<KitaWorld> {
  const tenants: KitaWorld['tenants'] = [];
  for (let i = 0; i <= KITA_TOWNS; i++) {
    const slug = i === 0 ? 'kreis' : `stadt-${i}`;
    const t = await createTenant(sql, v.parse(TenantCreate, { slug, name: i === 0 ? 'Landkreis' : `Stadt ${i}`, origins: [origin], ...(i && { parent: 'kreis' }) }), CLI_ACTOR);
    const { key } = await createKey(sql, { kind: 'publishable', tenant: slug, label: 'bench' }, CLI_ACTOR);
    const [row] = await sql<TenantRow[]>`select * from tenants where id = ${t.id}`;
    const kitas: string[] = [];
    for (let k = 0; k < KITAS_PER_TENANT; k++) {
      const f = await tenantDb(sql, t.id).tx((tx) =>
        createFacility(
          tx,
          row!,
          { name: `Kita ${slug}-${k}`, provider: 'Träger', address: 'Weg 1', lat: 52.4 + i / 100, lng: 10 + k / 100, ageGroups: ['krippe', 'kindergarten'], careHours: [25, 35, 45] },
          CLI_ACTOR,
        ),
      );
      kitas.push(f.id);
    }
    tenants.push({ id: t.id, slug, key, kitas });
  }
  return { tenants };
}

let made = 0;

/** n registrations of families of the 12 towns, each with up to three wishes across the community. */
export async function kitaRequests(sql: Sql, world: KitaWorld, n: number): Promise<KitaRequest[]> {
  const all = world.tenants.flatMap((t) => t.kitas);
  const today = berlinToday();
  const out: KitaRequest[] = [];
  for (let j = 0; j < n; j++) {
    const i = made++;
    const t = world.tenants[1 + (i % KITA_TOWNS)]!;
    const challenge = await newChallenge(sql, t.id);
    const solution = await solveChallenge({ challenge, deriveKey });
    const wishes = [t.kitas[i % KITAS_PER_TENANT]!, all[(i * 7) % all.length]!, all[(i * 13 + 5) % all.length]!].filter((w, k, a) => a.indexOf(w) === k);
    const body = {
      wishes,
      child: { firstName: `Kind${i}`, lastName: 'Muster', birthDate: addMonths(today, -12 - (i % 30)), expected: false },
      startDate: addMonths(today, 8),
      careHours: 35,
      guardians: [{ firstName: 'Eva', lastName: 'Muster', email: `eva${i}@example.org`, address: 'Hauptstraße 1', working: i % 2 === 0 }],
      residence: t.slug,
      consent: true,
    };
    out.push({ key: t.key, altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'), body: JSON.stringify(body) });
  }
  return out;
}

export async function kitaCount(sql: Sql): Promise<number> {
  return (await sql<{ n: number }[]>`select count(*)::int as n from kita_registrations`)[0]!.n;
}
