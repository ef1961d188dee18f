// The benchmark's server process (started by bench/http.ts, pinned to one core): the real
// application on PGlite in a temp dir with one seeded tenant, and beside it on another port a
// bare Hono app with the baselines — a JSON route of the config's size class, an HTTP insert
// of the same tip row POST /v1/tips stores, and a route sending back bytes stored once (the
// answer of a real list, for a baseline of its size). BN_BENCH_JOBS seeds open postings,
// BN_BENCH_TIPS published tips. It prints one JSON line (BenchTarget) and then
// answers the parent over IPC: { op: 'cpu' } → µs of CPU this process used (process.cpuUsage),
// { op: 'altcha', n } → n solved ALTCHA payloads for POST /v1/tips, made before a run so the
// run measures only the server's side. With BN_BENCH_KITA=1 it also seeds the Kita world
// (bench/kita-world.ts): { op: 'kita', n } → n prepared registrations, { op: 'kitaCount' } →
// registrations stored.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve as listen } from '@hono/node-server';
import { Hono } from 'hono';
import * as v from 'valibot';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { openDatabase } from '../backend/core/db.ts';
import { migrate } from '../backend/core/migrate.ts';
import { createApp } from '../backend/app.ts';
import { createKey, createTenant } from '../backend/admin/store.ts';
import { TenantCreate } from '../backend/admin/schema.ts';
import { CLI_ACTOR } from '../backend/core/audit.ts';
import { newChallenge } from '../backend/core/altcha.ts';
import { hashToken } from '../backend/tips/store.ts';
import type { BenchTarget, IpcReply, IpcRequest } from './http.ts';
import { BENCH_TIP } from './tip.ts';
import type { TenantRow } from '../backend/core/tenants.ts';

// PGlite in a temp dir (what `npm start` uses), or with BN_BENCH_DATABASE_URL a fresh database
// on that PostgreSQL server (then the server's CPU figure is Node's alone).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-bench-'));
const pgUrl = process.env.BN_BENCH_DATABASE_URL;
if (pgUrl) process.env.DATABASE_URL = pgUrl;
const db = pgUrl ? await (await import('../test/backend/db.ts')).freshDatabase() : await openDatabase({ url: undefined, dataDir: dir });
await migrate(db.sql);
const origin = 'https://www.beispielstadt.example';
const tenant = await createTenant(
  db.sql,
  v.parse(TenantCreate, {
    slug: 'beispielstadt',
    name: 'Gemeinde Beispielstadt',
    origins: [origin],
    theme: { '--bn-color-primary': '#0b6e4f', '--bn-radius': '12px' },
    map: { center: [52.4, 10.05], zoom: 13 },
    privacyUrl: `${origin}/datenschutz`,
    accessibilityUrl: `${origin}/barrierefreiheit`,
    contactEmail: 'rathaus@beispielstadt.example',
  }),
  CLI_ACTOR,
);
const { key } = await createKey(db.sql, { kind: 'publishable', tenant: 'beispielstadt', label: 'bench' }, CLI_ACTOR);

// Plans to read (bench/plans.ts): a file path, or `synthetic:<features>`; imported the server's way.
const plans: Record<string, string> = {};
for (const spec of (process.env.BN_BENCH_PLANS ?? '').split('\n').filter(Boolean)) {
  const { runImport } = await import('../backend/plans/xplan/run.ts');
  const { savePlans } = await import('../backend/plans/store.ts');
  const { tenantDb } = await import('../backend/core/tenant-db.ts');
  const { syntheticPlan } = await import('../test/backend/plans/synthetic.ts');
  const bytes = spec.startsWith('synthetic:') ? new TextEncoder().encode(syntheticPlan({ features: Number(spec.slice(10)) })) : new Uint8Array(fs.readFileSync(spec));
  const result = await runImport(bytes);
  const items = await tenantDb(db.sql, tenant.id).tx((sql, tenantId) => savePlans(sql, tenantId, result, { sourceName: path.basename(spec), actor: { id: 'bench', name: 'bench' }, publish: true }));
  plans[spec] = items[0]!.id;
}

// Open postings for bench/jobs.ts (BN_BENCH_JOBS = how many), each with its own deadline day.
let job: string | undefined;
const jobCount = Number(process.env.BN_BENCH_JOBS ?? 0);
if (jobCount > 0) {
  const { PostingCreate } = await import('../backend/jobs/schema.ts');
  const { createPosting } = await import('../backend/jobs/staff-store.ts');
  const { tenantDb } = await import('../backend/core/tenant-db.ts');
  const now = new Date();
  await tenantDb(db.sql, tenant.id).tx(async (tx, tenantId) => {
    for (let i = 0; i < jobCount; i++) {
      const p = await createPosting(
        tx,
        tenantId,
        v.parse(PostingCreate, {
          title: `Sachbearbeitung ${i + 1} (m/w/d)`,
          descriptionHtml:
            '<h2>Ihre Aufgaben</h2><ul><li>Prüfung von Anträgen</li><li>Beratung</li></ul><h2>Ihr Profil</h2><p>Abgeschlossene Ausbildung als Verwaltungsfachangestellte/r oder vergleichbar.</p>',
          department: ['Bauamt', 'Hauptamt', 'Ordnungsamt', 'Kämmerei'][i % 4],
          payGrade: `EG ${5 + (i % 8)}`,
          employmentType: i % 2 ? 'full_time' : 'part_time',
          hoursPerWeek: 39,
          salaryMin: 3000,
          salaryMax: 4500,
          locality: 'Beispielstadt',
          deadline: new Date(now.getTime() + (10 + i) * 86_400_000).toISOString().slice(0, 10),
          published: true,
        }),
        CLI_ACTOR,
        now,
      );
      job ??= p.id;
    }
  });
}
// The Kita rush (bench/kita.ts): a county and 12 towns with their Kitas.
const kitaWorldModule = process.env.BN_BENCH_KITA === '1' ? await import('./kita-world.ts') : null;
const kitaWorld = kitaWorldModule ? await kitaWorldModule.seedKitaWorld(db.sql, origin) : null;

const app = createApp({ db });

// Published tips for the public list (BN_BENCH_TIPS, bench/tips.ts), submitted the server's way.
const tipCount = Number(process.env.BN_BENCH_TIPS ?? 0);
if (tipCount) {
  const { createTip } = await import('../backend/tips/store.ts');
  const { TipCreate } = await import('../backend/tips/schema.ts');
  const [row] = await db.sql<TenantRow[]>`select * from tenants where id = ${tenant.id}`;
  for (let i = 0; i < tipCount; i++) {
    const t = await createTip(db.sql, row!, v.parse(TipCreate, BENCH_TIP), { source: 'web', ip: '127.0.0.1' });
    await db.sql`update tips set published = true, public_answer = 'Wir kümmern uns.' where ref = ${t.ref}`;
  }
}

// Same JSON size class as /v1/config, so the ratio compares routing + work, not bytes.
const bareBody = {
  tenant: { id: '00000000-0000-0000-0000-000000000000', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
  modules: ['tips', 'kita', 'jobs', 'plans'],
  languages: ['de', 'en'],
};
let bareRefs = 0;
// Bytes the parent stores once (e.g. the real answer of GET /v1/jobs), sent back as a route
// with nothing behind it: the baseline for an answer of that size.
let stored = '{}';
const bare = new Hono()
  .get('/json', (c) => c.json(bareBody))
  .put('/stored', async (c) => {
    stored = await c.req.text();
    return c.body(null, 204);
  })
  .get('/stored', (c) => c.body(stored, 200, { 'Content-Type': 'application/json; charset=utf-8' }))
  // The bare insert: the same row POST /v1/tips stores, one autocommit statement as the
  // connecting role, the reference from a counter in memory, no checks.
  .post('/insert', async (c) => {
    const t = (await c.req.json()) as typeof BENCH_TIP;
    const ref = `BT-1999-${String(++bareRefs).padStart(7, '0')}`;
    const [row] = await db.sql<{ created_at: Date }[]>`
      insert into tips (tenant_id, ref, token_hash, kind, category, description, lat, lng, address, contact_name, contact_email, notify)
      values (${tenant.id}, ${ref}, ${hashToken(randomUUID())}, ${t.kind}, ${t.category}, ${t.description},
              ${t.location.lat}, ${t.location.lng}, ${t.location.address}, ${t.contact.name}, ${t.contact.email}, ${t.notify})
      returning created_at`;
    return c.json({ ref, createdAt: row!.created_at }, 201);
  });

const listenOn = (fetch: (req: Request) => Response | Promise<Response>) =>
  new Promise<{ url: string; close: () => void }>((resolve) => {
    const s = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }));
  });
const apiServer = await listenOn(app.fetch);
const bareServer = await listenOn(bare.fetch);

async function altchas(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const challenge = await newChallenge(db.sql, tenant.id);
    const solution = await solveChallenge({ challenge, deriveKey });
    out.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
  }
  return out;
}

process.on('message', async (m: IpcRequest) => {
  let reply: IpcReply;
  if (m.op === 'cpu') {
    const u = process.cpuUsage();
    reply = { id: m.id, value: u.user + u.system };
  } else if (m.op === 'kita' || m.op === 'kitaCount') {
    if (!kitaWorldModule || !kitaWorld) throw new Error('start the bench server with { kita: true }');
    reply = { id: m.id, value: m.op === 'kita' ? await kitaWorldModule.kitaRequests(db.sql, kitaWorld, m.n) : await kitaWorldModule.kitaCount(db.sql) };
  } else {
    reply = { id: m.id, value: await altchas(m.n) };
  }
  process.send!(reply);
});

process.stdout.write(JSON.stringify({ api: apiServer.url, bare: bareServer.url, key, origin, plans, job } satisfies BenchTarget) + '\n');

const shutdown = async () => {
  apiServer.close();
  bareServer.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// The parent died without a signal: do not linger.
process.on('disconnect', shutdown);
