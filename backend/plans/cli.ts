// `buergernah plans …`: import and list plans directly on the database (hosting office,
// or a planning office's batch of files). The same importer and store as the HTTP API,
// inside the same tenant-scoped transaction (RLS applies).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Sql } from '../core/db.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { CLI_ACTOR } from '../core/audit.ts';
import { PlanListQuery } from './schema.ts';
import { listPlans, savePlans } from './store.ts';
import { plansSettings } from './settings.ts';
import { ApiError } from '../core/errors.ts';
import { PlanImportError } from './xplan/index.ts';
import { runImport } from './xplan/run.ts';
import * as v from 'valibot';

const USAGE = `buergernah plans import --tenant <slug> <file.gml|file.zip> [--publish] [--replace] [--json]
buergernah plans list --tenant <slug> [--json]`;

interface Out {
  json: boolean;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

function fail(out: Out, code: string, detail: string, errors: { path: string; message: string }[] = [], exit = 1): number {
  if (out.json) out.stdout(JSON.stringify({ error: { code, detail, errors } }) + '\n');
  else out.stderr(`Fehler / Error: ${detail}\n${errors.map((e) => `  ${e.path}: ${e.message}\n`).join('')}`);
  return exit;
}

/**
 * Runs `plans <action> …`. `args` starts with the action; options may come parsed already
 * (the main CLI's `values`) or inside `args`. Returns the process exit code.
 */
export async function plansCli(
  args: string[],
  sql: Sql,
  values: { tenant?: string; json?: boolean; publish?: boolean; replace?: boolean } = {},
  io: Partial<Pick<Out, 'stdout' | 'stderr'>> = {},
): Promise<number> {
  const parsed = parseArgs({
    args,
    options: { tenant: { type: 'string' }, json: { type: 'boolean' }, publish: { type: 'boolean' }, replace: { type: 'boolean' } },
    allowPositionals: true,
    strict: false,
  });
  const tenant = values.tenant ?? (parsed.values.tenant as string | undefined);
  const out: Out = {
    json: !!(values.json ?? parsed.values.json),
    stdout: io.stdout ?? ((s) => process.stdout.write(s)),
    stderr: io.stderr ?? ((s) => process.stderr.write(s)),
  };
  const [action, file, ...extra] = parsed.positionals;
  if (!tenant || (action !== 'import' && action !== 'list') || (action === 'import' && (!file || extra.length))) {
    return fail(out, 'USAGE', `Usage:\n${USAGE}`, [], 2);
  }
  const [t] = await sql<{ id: string; settings: Record<string, unknown> }[]>`select id, settings from tenants where slug = ${tenant}`;
  if (!t) return fail(out, 'NOT_FOUND', `Tenant "${tenant}" does not exist.`);
  const tdb = tenantDb(sql, t.id);

  if (action === 'list') {
    const page = await tdb.tx((tx, tenantId) => listPlans(tx, tenantId, v.parse(PlanListQuery, { pageSize: '100' })));
    if (out.json) out.stdout(JSON.stringify(page) + '\n');
    else {
      out.stdout(page.items.length ? '' : 'Keine Pläne / no plans.\n');
      for (const p of page.items) out.stdout(`${p.id}  ${p.kind}  ${(p.rechtsstand?.label ?? '–').padEnd(26)}  v${p.version}  ${p.title}\n`);
    }
    return 0;
  }

  if (!file) return fail(out, 'USAGE', `Usage:\n${USAGE}`, [], 2);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return fail(out, 'FILE_NOT_READABLE', `Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const started = performance.now();
    const result = await runImport(bytes);
    const items = await tdb.tx((tx, tenantId) =>
      savePlans(tx, tenantId, result, {
        sourceName: path.basename(file),
        actor: CLI_ACTOR,
        publish: !!(values.publish ?? parsed.values.publish),
        replace: !!(values.replace ?? parsed.values.replace),
        gemeindeschluessel: plansSettings(t).gemeindeschluessel,
      }),
    );
    const answer = { items, xplanVersion: result.xplanVersion, warnings: result.warnings };
    if (out.json) out.stdout(JSON.stringify(answer) + '\n');
    else {
      for (const i of items) {
        out.stdout(
          `${i.created ? 'Importiert / imported' : `Aktualisiert / updated (v${i.version})`}: ${i.name}  [${i.id}]  ` +
            `${i.featureCount} Planinhalte, ${i.fileCount} Dokumente, ` +
            `${i.published ? 'veröffentlicht / published' : 'nicht veröffentlicht / not published (--publish)'}\n`,
        );
        for (const w of i.warnings) out.stdout(`  Hinweis / warning: ${w}\n`);
      }
      for (const w of result.warnings) out.stdout(`Hinweis / warning: ${w}\n`);
      out.stdout(`XPlanGML ${result.xplanVersion}, ${Math.round(performance.now() - started)} ms\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof PlanImportError)
      return fail(
        out,
        err.code,
        err.message,
        err.issues.map((i) => ({ path: i.path, message: i.message })),
      );
    if (err instanceof ApiError && err.code === 'PLAN_REPLACE_CONFIRM') {
      return fail(out, err.code, (err.detail ?? err.message).replace(/replace=true/g, '--replace'), err.errors ?? []);
    }
    throw err;
  }
}
