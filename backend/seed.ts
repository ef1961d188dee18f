// The demo hosting community: a county and one town, with keys. Seeded only into an empty
// embedded database (or when asked with --seed), never silently into a production database.
import * as v from 'valibot';
import type { Sql } from './core/db.ts';
import { TenantCreate } from './admin/schema.ts';
import { createKey, createTenant } from './admin/store.ts';

export interface SeedResult {
  admin: string;
  tenants: { slug: string; name: string; publishable: string; staff: string }[];
}

export async function isEmpty(sql: Sql): Promise<boolean> {
  const [r] = await sql<{ n: number }[]>`select (select count(*) from tenants)::int + (select count(*) from api_keys)::int as n`;
  return r.n === 0;
}

export async function seedDemo(sql: Sql, demoOrigin: string): Promise<SeedResult> {
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
  const result: SeedResult = { admin: '', tenants: [] };
  for (const t of [county, town]) {
    const created = await createTenant(sql, v.parse(TenantCreate, t));
    const pk = await createKey(sql, { kind: 'publishable', tenant: created.slug, label: 'Website (Demo)' });
    const sk = await createKey(sql, { kind: 'staff', tenant: created.slug, label: 'Sachbearbeitung (Demo)' });
    result.tenants.push({ slug: created.slug, name: created.name, publishable: pk.key, staff: sk.key });
  }
  result.admin = (await createKey(sql, { kind: 'admin', label: 'Hosting office (first start)' })).key;
  return result;
}
