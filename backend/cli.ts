// The hosting office's CLI. Works directly on the database named by DATABASE_URL, else the
// embedded one in BN_DATA_DIR (./data). Scripts depend on these calls and on --json output.
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { openDatabase, type Sql } from './core/db.ts';
import { migrate } from './core/migrate.ts';
import { ApiError } from './core/errors.ts';
import { parseOr422 } from './core/validate.ts';
import { KeyCreate, KeyRotate, TenantCreate, TenantUpdate } from './admin/schema.ts';
import { createKey, createTenant, listKeys, listTenants, revokeKey, rotateKey, updateTenant, type KeyJson, type TenantJson } from './admin/store.ts';

const USAGE = `Bürgernah – hosting office CLI

  buergernah tenants create --slug <slug> --name <name> --origin <url> [--origin <url>…] [--parent <slug>]
                            [--module tips|kita|jobs|plans…] [--language de|en…] [--contact-email <addr>]
                            [--privacy-url <url>] [--accessibility-url <url>] [--json]
  buergernah tenants list [--json]
  buergernah tenants update <slug> [--name …] [--origin <url>…] [--add-origin <url>…] [--remove-origin <url>…]
                            [--parent <slug> | --no-parent] [--module …] [--language …] [--contact-email …]
                            [--privacy-url …] [--accessibility-url …] [--enable | --disable] [--json]
  buergernah keys create --tenant <slug> --kind publishable|staff [--label <text>] [--json]
  buergernah keys create --admin [--label <text>] [--json]
  buergernah keys list [--tenant <slug>] [--json]
  buergernah keys revoke <key-id> [--json]
  buergernah keys rotate <key-id> [--grace-hours <hours, default 24>] [--json]
  buergernah plans import --tenant <slug> <file.gml|file.zip> [--json]
  buergernah migrate

Database: DATABASE_URL, else the embedded database in BN_DATA_DIR (default ./data).
Secrets are printed once, on create and rotate; store them right away.`;

class UsageError extends Error {}

const options = {
  json: { type: 'boolean' },
  slug: { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'add-origin': { type: 'string', multiple: true },
  'remove-origin': { type: 'string', multiple: true },
  parent: { type: 'string' },
  'no-parent': { type: 'boolean' },
  module: { type: 'string', multiple: true },
  language: { type: 'string', multiple: true },
  'contact-email': { type: 'string' },
  'privacy-url': { type: 'string' },
  'accessibility-url': { type: 'string' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  tenant: { type: 'string' },
  kind: { type: 'string' },
  admin: { type: 'boolean' },
  label: { type: 'string' },
  'grace-hours': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function print(json: boolean, data: unknown, text: string) {
  process.stdout.write(json ? JSON.stringify(data) + '\n' : text + '\n');
}

const tenantLine = (t: TenantJson) =>
  `${t.slug.padEnd(20)} ${t.name}${t.parent ? `  (community: ${t.parent})` : ''}\n${' '.repeat(21)}origins: ${t.origins.join(', ') || '–'}  modules: ${t.modules.join(', ')}${t.enabled ? '' : '  DISABLED'}`;
const keyLine = (k: KeyJson) =>
  `${k.id}  ${k.kind.padEnd(11)} ${(k.tenant ?? '(admin)').padEnd(16)} ${k.hint}  ${k.status.padEnd(8)} ${k.label}` +
  `${k.lastUsedAt ? `  last used ${new Date(k.lastUsedAt).toISOString()}` : ''}${k.expiresAt && !k.revokedAt ? `  expires ${new Date(k.expiresAt).toISOString()}` : ''}`;

function tenantInput(values: Values) {
  return {
    ...(values.name !== undefined && { name: values.name }),
    ...(values.origin !== undefined && { origins: values.origin }),
    ...(values.parent !== undefined && { parent: values.parent }),
    ...(values['no-parent'] && { parent: null }),
    ...(values.module !== undefined && { modules: values.module }),
    ...(values.language !== undefined && { languages: values.language }),
    ...(values['contact-email'] !== undefined && { contactEmail: values['contact-email'] || null }),
    ...(values['privacy-url'] !== undefined && { privacyUrl: values['privacy-url'] || null }),
    ...(values['accessibility-url'] !== undefined && { accessibilityUrl: values['accessibility-url'] || null }),
    ...(values.enable && { enabled: true }),
    ...(values.disable && { enabled: false }),
  };
}

async function run(sql: Sql, [group, action, ...rest]: string[], values: Values): Promise<void> {
  const json = !!values.json;
  const cmd = `${group ?? ''} ${action ?? ''}`.trim();
  switch (cmd) {
    case 'tenants create': {
      if (!values.slug || !values.name) throw new UsageError('tenants create needs --slug and --name.');
      const t = await createTenant(sql, parseOr422(TenantCreate, { slug: values.slug, ...tenantInput(values) }));
      return print(json, t, `Created tenant ${t.slug}.\n${tenantLine(t)}`);
    }
    case 'tenants list': {
      const items = await listTenants(sql);
      return print(json, { items }, items.length ? items.map(tenantLine).join('\n') : 'No tenants yet.');
    }
    case 'tenants update': {
      const slug = rest[0];
      if (!slug) throw new UsageError('tenants update needs the tenant slug.');
      if (values.enable && values.disable) throw new UsageError('Use --enable or --disable, not both.');
      const input: Record<string, unknown> = tenantInput(values);
      if (values['add-origin'] || values['remove-origin']) {
        const current = (await listTenants(sql)).find((t) => t.slug === slug);
        if (!current) throw new ApiError(404, 'NOT_FOUND', 'Not found', { detail: `There is no tenant "${slug}".` });
        const origins = new Set((input.origins as string[] | undefined) ?? current.origins);
        for (const o of values['add-origin'] ?? []) origins.add(o);
        for (const o of values['remove-origin'] ?? []) origins.delete(o.replace(/\/$/, ''));
        input.origins = [...origins];
      }
      const t = await updateTenant(sql, slug, parseOr422(TenantUpdate, input));
      return print(json, t, `Updated tenant ${t.slug}.\n${tenantLine(t)}`);
    }
    case 'keys create': {
      const input = parseOr422(KeyCreate, {
        kind: values.admin ? 'admin' : values.kind,
        tenant: values.admin ? undefined : values.tenant,
        label: values.label,
      });
      if (values.admin && (values.kind || values.tenant)) throw new UsageError('--admin takes no --kind or --tenant.');
      const k = await createKey(sql, input);
      return print(json, k, `Created ${k.kind} key ${k.id}${k.tenant ? ` for ${k.tenant}` : ''}.\n\n  ${k.key}\n\nStore it now: it is shown only once.`);
    }
    case 'keys list': {
      const items = await listKeys(sql, values.tenant);
      return print(json, { items }, items.length ? items.map(keyLine).join('\n') : 'No keys.');
    }
    case 'keys revoke': {
      if (!rest[0]) throw new UsageError('keys revoke needs the key id (see keys list).');
      const k = await revokeKey(sql, rest[0]);
      return print(json, k, `Revoked ${k.id}. It stops working at once (other server processes: within seconds).`);
    }
    case 'keys rotate': {
      if (!rest[0]) throw new UsageError('keys rotate needs the key id (see keys list).');
      const { graceHours } = parseOr422(KeyRotate, {
        graceHours: values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']),
      });
      const k = await rotateKey(sql, rest[0], graceHours);
      return print(
        json,
        k,
        `Rotated ${k.previous.id} → ${k.id}.\n\n  ${k.key}\n\nStore it now: it is shown only once.\nThe old key keeps working until ${new Date(k.previous.expiresAt!).toISOString()}.`,
      );
    }
    case 'migrate':
      return print(json, { ok: true }, 'Database is up to date.');
    default:
      if (group === 'plans') {
        const file = new URL('./plans/cli.ts', import.meta.url);
        if (fs.existsSync(file)) {
          const { plansCli } = await import(file.href);
          const code: number = await plansCli([action, ...rest].filter(Boolean), sql, values);
          if (code) process.exitCode = code;
          return;
        }
      }
      throw new UsageError(cmd ? `Unknown command "${cmd}".` : 'No command given.');
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const json = !!values.json;
  let db;
  try {
    db = await openDatabase();
  } catch (err) {
    return fail(json, 'DATABASE_UNAVAILABLE', (err as Error).message, 1);
  }
  try {
    await migrate(db.sql);
    await run(db.sql, positionals, values);
    return process.exitCode ? Number(process.exitCode) : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      if (!json) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      else process.stdout.write(JSON.stringify({ error: { code: 'USAGE', detail: err.message } }) + '\n');
      return 2;
    }
    if (err instanceof ApiError) {
      if (json) {
        process.stdout.write(JSON.stringify({ error: { code: err.code, title: err.message, detail: err.detail, errors: err.errors } }) + '\n');
      } else {
        const fields = (err.errors ?? []).map((e) => `  ${e.path || '(input)'}: ${e.message}`).join('\n');
        process.stderr.write(`Error: ${err.detail ?? err.message}${fields ? `\n${fields}` : ''}\n`);
      }
      return 1;
    }
    if ((err as { code?: string }).code === '23505') return fail(json, 'CONFLICT', 'This entry exists already.', 1);
    return fail(json, 'INTERNAL', (err as Error).message, 1);
  } finally {
    await db.close();
  }
}

function fail(json: boolean, code: string, detail: string, exit: number): number {
  if (json) process.stdout.write(JSON.stringify({ error: { code, detail } }) + '\n');
  else process.stderr.write(`Error: ${detail}\n`);
  return exit;
}



process.exitCode = await main();
