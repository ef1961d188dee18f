// `npm start`: the API on PORT (8787) and the demo site on BN_DEMO_PORT (8788), on the
// embedded database unless DATABASE_URL is set.
import { serve } from '@hono/node-server';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './core/db.ts';
import { migrate } from './core/migrate.ts';
import { flushLog, log } from './core/log.ts';
import { createApp, housekeepingJobs } from './app.ts';
import { ensureWidgetsBuilt } from './core/widgets-build.ts';
import { isEmpty, seedDemo, type SeedResult } from './seed.ts';
import { INVITE_DAYS } from './core/accounts.ts';
import { scheduleHousekeeping } from './core/housekeeping.ts';
import { startOutboxWorker } from './core/mail.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
const demoPort = Number(process.env.BN_DEMO_PORT ?? 8788);
const publicUrl = (process.env.BN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
const demoUrl = `http://localhost:${demoPort}`;

const db = await openDatabase();
const applied = await migrate(db.sql);
if (applied.length) log.info({ applied }, 'migrations applied');

let seeded: SeedResult | null = null;
if ((db.kind === 'pglite' || process.argv.includes('--seed')) && (await isEmpty(db.sql))) {
  seeded = await seedDemo(db.sql, demoUrl, publicUrl);
}

const distDir = path.join(root, 'dist', 'widgets');
// BN_NO_BUILD=1: serve dist/ as it is (e.g. a read-only image built beforehand).
if (process.env.BN_NO_BUILD !== '1') ensureWidgetsBuilt(root, distDir, (line) => console.log(line));
const app = createApp({ db, distDir });
const server = serve({ fetch: app.fetch, port });

let demo: ReturnType<typeof serve> | null = null;
if (demoPort > 0 && fs.existsSync(path.join(root, 'backend', 'demo-server.ts'))) {
  const { createDemoServer } = await import('./demo-server.ts');
  const demoApp = createDemoServer({ sql: db.sql, apiBase: publicUrl });
  demo = serve({ fetch: demoApp.fetch, port: demoPort });
}
const stopJobs = scheduleHousekeeping(db.sql, housekeepingJobs);
const stopOutbox = startOutboxWorker(db.sql);

const lines = [
  '',
  `Bürgernah läuft · is running (${db.kind === 'pglite' ? `embedded database in ${process.env.BN_DATA_DIR ?? './data'}` : 'PostgreSQL'})`,
  `  API:            ${publicUrl}/v1  (OpenAPI: ${publicUrl}/v1/openapi.json)`,
  `  Demo:           ${demoUrl}/`,
  `  Staff console:  ${publicUrl}/console`,
  `  Admin console:  ${publicUrl}/admin`,
];
if (seeded) {
  lines.push('', 'Demo-Schlüssel, nur jetzt sichtbar · Demo keys, shown once:', `  admin (Hosting-Stelle · hosting office, für Skripte · for scripts): ${seeded.admin}`);
  for (const t of seeded.tenants) {
    lines.push(`  ${t.name}: publishable ${t.publishable}`, `  ${' '.repeat(t.name.length)}  staff       ${t.staff}  (Anbindungen · integrations)`);
  }
  lines.push(
    '',
    `Demo-Zugänge: Link öffnen, Passwort festlegen (gilt einmal, ${INVITE_DAYS} Tage), nur jetzt sichtbar ·`,
    `Demo accounts: open the link, set a password (works once, for ${INVITE_DAYS} days), shown once:`,
  );
  for (const p of seeded.people) {
    lines.push(`  ${p.name} <${p.email}>${p.where ? ` – ${p.where}` : ''}`, `    ${p.can.de}`, `    ${p.can.en}`, `    ${p.link}`);
  }
  lines.push(
    '',
    '  Ein neuer Link · a new link: npx buergernah users link <e-mail>',
    '  (bei der eingebauten Datenbank den Server vorher beenden · with the embedded database, stop the server first)',
  );
}
console.log(lines.join('\n') + '\n');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  stopJobs();
  await stopOutbox();
  // Stop accepting, let running requests finish, then close the database.
  const closed = Promise.all([new Promise((r) => server.close(r)), demo ? new Promise((r) => demo!.close(r)) : null]);
  const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
  await Promise.race([closed, timeout]);
  await db.close();
  flushLog();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
