// Demo plans: the real XPlanGML fixtures (../shared/fixtures/xplan beside the repository, or
// BN_XPLAN_FIXTURES) imported and published at the first start; the town's draft is open for
// statements from three days ago for a lawful period. Missing fixtures: no demo plans.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ACTOR } from '../core/audit.ts';
import type { Sql } from '../core/db.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { log } from '../core/log.ts';
import { setParticipation } from './participation.ts';
import { addDays, berlinToday } from '../core/time.ts';
import { minimumEnd } from './schema.ts';
import { savePlans } from './store.ts';
import { runImport } from './xplan/run.ts';

export const DEMO_FIXTURES = process.env.BN_XPLAN_FIXTURES ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'xplan');

/** Which fixture goes to which demo tenant; `open`: a participation period runs now. */
const DEMO: { slug: string; file: string; open?: boolean; title?: string; summary?: string }[] = [
  {
    slug: 'beispielstadt',
    file: 'BP_6.0.gml',
    open: true,
    title: 'Wohnen am Mühlenteich (Entwurf)',
    summary: 'Neue Wohnhäuser mit bis zu zwei Vollgeschossen und ein öffentlicher Grünzug am Teich.',
  },
  { slug: 'beispielstadt', file: 'Eidelstedt_4_V4.zip' },
  { slug: 'musterkreis', file: 'BPlan002_5-4.gml' },
];

export async function seedPlans(sql: Sql, tenants: { id: string; slug: string }[], now = new Date(), dir = DEMO_FIXTURES): Promise<number> {
  if (!fs.existsSync(dir)) {
    log.info({ dir }, 'demo plans skipped: no XPlanGML fixtures found');
    return 0;
  }
  let n = 0;
  const today = berlinToday(now);
  for (const d of DEMO) {
    const t = tenants.find((x) => x.slug === d.slug);
    const file = path.join(dir, d.file);
    if (!t || !fs.existsSync(file)) continue;
    const result = await runImport(fs.readFileSync(file));
    await tenantDb(sql, t.id).tx(async (tx, tenantId) => {
      const items = await savePlans(tx, tenantId, result, { sourceName: d.file, actor: CLI_ACTOR, publish: true, replace: true });
      for (const item of items) {
        if (d.title || d.summary) {
          await tx`update plans set title = ${d.title ?? null}, summary = ${d.summary ?? null} where tenant_id = ${tenantId} and id = ${item.id}`;
        }
        if (d.open) {
          const start = addDays(today, -3);
          await setParticipation(
            tx,
            tenantId,
            item.id,
            {
              start,
              end: addDays(minimumEnd(start), 14),
              newPeriod: false,
              webAddress: null,
              otherAccess: 'Bauamt im Rathaus, Zimmer 3.02 (Mo–Fr 8–12 Uhr), mit öffentlichem Lesegerät',
              environmental: ['Umweltbericht mit Aussagen zu Boden, Wasser, Tieren und Pflanzen', 'Schalltechnische Untersuchung (Verkehrslärm)'],
            },
            CLI_ACTOR,
            today,
          );
        }
        n++;
      }
    });
  }
  return n;
}
