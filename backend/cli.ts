// The hosting office's CLI. Works directly on the database named by DATABASE_URL, else the
// embedded one in BN_DATA_DIR (./data). Scripts depend on these calls and on --json output.
import { parseArgs } from 'node:util';
import { openDatabase, type Sql } from './core/db.ts';
import { migrate } from './core/migrate.ts';
import { ApiError } from './core/errors.ts';
import { parseOr422 } from './core/validate.ts';
import { KeyCreate, KeyRotate, TenantCreate, TenantUpdate } from './admin/schema.ts';
import { createKey, createTenant, getTenant, listKeys, listTenants, revokeKey, rotateKey, updateTenant, type KeyJson, type TenantJson } from './admin/store.ts';
import { INVITE_DAYS, RESET_MINUTES, inviteUser, listUsers, reinviteUser, resetTotp, updateUser, userByEmail, type Scope, type UserRow } from './core/accounts.ts';
import { UserInvite, UserUpdate, type UserJson } from './core/accounts-schema.ts';
import { CLI_ACTOR } from './core/audit.ts';
import { ROLES } from './core/roles.ts';

const USAGE = `Bürgernah – hosting office CLI

  buergernah tenants create --slug <slug> --name <name> --origin <url> [--origin <url>…] [--parent <slug>]
                            [--module tips|kita|jobs|plans…] [--language de|en…] [--contact-email <addr>]
                            [--privacy-url <url>] [--accessibility-url <url>] [map options] [--json]
  buergernah tenants list [--json]
  buergernah tenants update <slug> [--name …] [--origin <url>…] [--add-origin <url>…] [--remove-origin <url>…]
                            [--parent <slug> | --no-parent] [--module …] [--language …] [--contact-email …]
                            [--privacy-url …] [--accessibility-url …] [map options] [--enable | --disable] [--json]
  buergernah keys create --tenant <slug> --kind publishable|staff [--label <text>] [--role <role>…] [--json]
  buergernah keys create --admin [--label <text>] [--json]
  buergernah keys list [--tenant <slug>] [--json]
  buergernah keys revoke <key-id> [--json]
  buergernah keys rotate <key-id> [--grace-hours <hours, default 24>] [--json]
  buergernah users invite --tenant <slug> --email <addr> --name <name> --role <role> [--role <role>…] [--json]
  buergernah users invite --host --email <addr> [--name <name>] [--role host-admin] [--json]
  buergernah users list [--tenant <slug> | --host] [--json]
  buergernah users update <email> [--name <name>] [--role <role>…] [--disable | --enable] [--json]
  buergernah users reset-2fa <email> [--json]
  buergernah users link <email> [--json]
  buergernah plans import --tenant <slug> <file.gml|file.zip> [--publish] [--replace] [--json]
  buergernah migrate

Map options (tenants create|update; update changes only the ones given):
  --tile-url <https://…/{z}/{x}/{y}.png>  tile server template ("" = none: the map says so)
  --attribution <text>  the tile provider's attribution, plain text
  --max-zoom <1–22>     --center <lat>,<lon>   --zoom <1–20>
  --geocoder-url <url> [--geocoder-kind photon|nominatim]  address search (asked by our server,
                        never by the browser); --no-geocoder removes it
  basemap.de: --tile-url 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png'
              --attribution '© GeoBasis-DE / BKG (2026) CC BY 4.0' --max-zoom 19

Roles: ${ROLES.join(', ')}.
  <module> is a clerk (read and write), <module>:read reads only; host-admin is the hosting
  office's only role. --role replaces all roles. A staff key without --role holds every
  module of its tenant as clerk.
Users: invite prints a sign-in link (a town's users also get it by e-mail) that works once,
  for ${INVITE_DAYS} days; users link makes a new one when the mail did not arrive (older links
  stop working). Disabling a user or changing roles ends their sessions at once.
  Links point to BN_PUBLIC_URL, else http://localhost:$PORT (8787).

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
  'tile-url': { type: 'string' },
  attribution: { type: 'string' },
  'max-zoom': { type: 'string' },
  center: { type: 'string' },
  zoom: { type: 'string' },
  'geocoder-url': { type: 'string' },
  'geocoder-kind': { type: 'string' },
  'no-geocoder': { type: 'boolean' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  tenant: { type: 'string' },
  kind: { type: 'string' },
  admin: { type: 'boolean' },
  label: { type: 'string' },
  'grace-hours': { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', multiple: true },
  host: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  publish: { type: 'boolean' },
  replace: { type: 'boolean' },
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

const userLine = (u: UserJson) =>
  `${u.email.padEnd(36)} ${(u.tenant ?? '(hosting office)').padEnd(18)} ${u.name}\n${' '.repeat(37)}roles: ${u.roles.join(', ') || '–'}` +
  `  2FA: ${u.totpEnabled ? 'on' : 'off'}${u.hasPassword ? '' : '  INVITED'}${u.enabled ? '' : '  DISABLED'}` +
  `${u.lastLoginAt ? `  last sign-in ${u.lastLoginAt}` : ''}`;

/** The origin of the links the CLI prints: the same the server puts in its mails. */
const publicUrl = () => (process.env.BN_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8787}`).replace(/\/$/, '');

/** A user by e-mail address (the CLI's handle for a person), any tenant. */
async function userFor(sql: Sql, email: string | undefined, cmd: string): Promise<UserRow> {
  if (!email) throw new UsageError(`${cmd} needs the user's e-mail address.`);
  const u = await userByEmail(sql, email.trim());
  if (!u) throw new ApiError('NOT_FOUND', { detail: `There is no account with the e-mail address "${email}".` });
  return u;
}

async function tenantFor(sql: Sql, slug: string): Promise<TenantJson> {
  try {
    return await getTenant(sql, slug);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    const message = `There is no tenant "${slug}".`;
    throw new ApiError('NOT_FOUND', { detail: message, errors: [{ path: 'tenant', message }] });
  }
}

/** A number option as given: "abc" stays a string, so the schema refuses it with its own message. */
const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** The map options given on the command line, over the tenant's current map (update) or nothing (create). */
const mapOptionsGiven = (values: Values) =>
  ['tile-url', 'attribution', 'max-zoom', 'center', 'zoom', 'geocoder-url', 'geocoder-kind', 'no-geocoder'].some((k) => values[k as keyof Values] !== undefined);

function mapInput(values: Values, current: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  if (!mapOptionsGiven(values)) return undefined;
  if (values['no-geocoder'] && values['geocoder-url'] !== undefined) throw new UsageError('Use --geocoder-url or --no-geocoder, not both.');
  const map: Record<string, unknown> = { ...current };
  if (values['tile-url'] !== undefined) map.tileUrl = values['tile-url'].trim() || null;
  if (values.attribution !== undefined) map.attribution = values.attribution;
  if (values['max-zoom'] !== undefined) map.maxZoom = num(values['max-zoom']);
  if (values.zoom !== undefined) map.zoom = num(values.zoom);
  if (values.center !== undefined) map.center = values.center.split(',').map(num);
  if (values['no-geocoder']) map.geocoder = null;
  const old = current.geocoder as { kind?: string; url?: string } | null | undefined;
  if (values['geocoder-url'] !== undefined || (values['geocoder-kind'] !== undefined && !values['no-geocoder'])) {
    const url = values['geocoder-url'] ?? old?.url;
    if (!url) throw new UsageError('--geocoder-kind needs --geocoder-url (the tenant has no geocoder yet).');
    map.geocoder = { kind: values['geocoder-kind'] ?? old?.kind ?? 'photon', url };
  }
  return map;
}

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
      const map = mapInput(values);
      const t = await createTenant(sql, parseOr422(TenantCreate, { slug: values.slug, ...tenantInput(values), ...(map && { map }) }), CLI_ACTOR);
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
      const needsCurrent = values['add-origin'] || values['remove-origin'] || mapOptionsGiven(values);
      const current = needsCurrent ? await tenantFor(sql, slug) : undefined;
      const map = current && mapInput(values, current.map as Record<string, unknown>);
      if (map) input.map = map;
      if (values['add-origin'] || values['remove-origin']) {
        const origins = new Set((input.origins as string[] | undefined) ?? current!.origins);
        for (const o of values['add-origin'] ?? []) origins.add(o);
        for (const o of values['remove-origin'] ?? []) origins.delete(o.replace(/\/$/, ''));
        input.origins = [...origins];
      }
      const t = await updateTenant(sql, slug, parseOr422(TenantUpdate, input), CLI_ACTOR);
      return print(json, t, `Updated tenant ${t.slug}.\n${tenantLine(t)}`);
    }
    case 'keys create': {
      const input = parseOr422(KeyCreate, {
        kind: values.admin ? 'admin' : values.kind,
        tenant: values.admin ? undefined : values.tenant,
        label: values.label,
        roles: values.role,
      });
      if (values.admin && (values.kind || values.tenant)) throw new UsageError('--admin takes no --kind or --tenant.');
      const k = await createKey(sql, input, CLI_ACTOR);
      const roles = k.kind !== 'staff' ? '' : k.roles ? ` with the roles ${k.roles.join(', ')}` : ' with every module role of its tenant';
      return print(json, k, `Created ${k.kind} key ${k.id}${k.tenant ? ` for ${k.tenant}` : ''}${roles}.\n\n  ${k.key}\n\nStore it now: it is shown only once.`);
    }
    case 'keys list': {
      const items = await listKeys(sql, values.tenant);
      return print(json, { items }, items.length ? items.map(keyLine).join('\n') : 'No keys.');
    }
    case 'keys revoke': {
      if (!rest[0]) throw new UsageError('keys revoke needs the key id (see keys list).');
      const k = await revokeKey(sql, rest[0], CLI_ACTOR);
      return print(json, k, `Revoked ${k.id}. It stops working at once (other server processes: within seconds).`);
    }
    case 'keys rotate': {
      if (!rest[0]) throw new UsageError('keys rotate needs the key id (see keys list).');
      const { graceHours } = parseOr422(KeyRotate, {
        graceHours: values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']),
      });
      const k = await rotateKey(sql, rest[0], graceHours, CLI_ACTOR);
      return print(
        json,
        k,
        `Rotated ${k.previous.id} → ${k.id}.\n\n  ${k.key}\n\nStore it now: it is shown only once.\nThe old key keeps working until ${new Date(k.previous.expiresAt!).toISOString()}.`,
      );
    }
    case 'users invite': {
      if (!values.email) throw new UsageError('users invite needs --email.');
      if (!!values.host === (values.tenant !== undefined)) throw new UsageError('users invite needs --tenant <slug> or --host (one of them).');
      const roles = values.role ?? (values.host ? ['host-admin'] : []);
      if (!roles.length) throw new UsageError('users invite needs at least one --role.');
      const input = parseOr422(UserInvite, {
        email: values.email,
        name: values.name ?? (values.host ? values.email : undefined),
        roles,
        tenant: values.host ? null : values.tenant,
      });
      const tenant = input.tenant ? await tenantFor(sql, input.tenant) : null;
      const u = await inviteUser(sql, { all: true }, { email: input.email, name: input.name, roles: input.roles, tenantId: tenant?.id ?? null }, { publicUrl: publicUrl(), actor: CLI_ACTOR });
      const how = tenant ? `The invitation is on its way by e-mail. If it does not arrive, pass on this link` : `The hosting office gets no e-mail: pass on this link yourself`;
      return print(
        json,
        u,
        `Invited ${u.name} <${u.email}> to ${tenant ? tenant.name : 'the hosting office'} as ${u.roles.join(', ')}.\n` + `${how} (it works once, for ${INVITE_DAYS} days):\n\n  ${u.invitationUrl}\n`,
      );
    }
    case 'users list': {
      if (values.host && values.tenant !== undefined) throw new UsageError('Use --tenant or --host, not both.');
      const scope: Scope = values.host ? { host: true } : values.tenant !== undefined ? { tenantId: (await tenantFor(sql, values.tenant)).id } : { all: true };
      const items = await listUsers(sql, scope);
      return print(json, { items }, items.length ? items.map(userLine).join('\n') : 'No users.');
    }
    case 'users update': {
      if (values.enable && values.disable) throw new UsageError('Use --enable or --disable, not both.');
      if (values.name === undefined && !values.role && !values.enable && !values.disable) {
        throw new UsageError('users update needs --name, --role, --disable or --enable.');
      }
      const { id } = await userFor(sql, rest[0], 'users update');
      const patch = parseOr422(UserUpdate, {
        ...(values.name !== undefined && { name: values.name }),
        ...(values.role && { roles: values.role }),
        ...(values.enable && { enabled: true }),
        ...(values.disable && { enabled: false }),
      });
      const u = await updateUser(sql, { all: true }, id, patch, CLI_ACTOR);
      const ended = patch.enabled === false || patch.roles ? '\nTheir sessions have ended; they sign in again.' : '';
      return print(json, u, `Updated ${u.email}.${ended}\n${userLine(u)}`);
    }
    case 'users reset-2fa': {
      const { id } = await userFor(sql, rest[0], 'users reset-2fa');
      const u = await resetTotp(sql, { all: true }, id, CLI_ACTOR);
      return print(json, u, `The second factor of ${u.email} is removed and their sessions have ended. They set up a new one at their next sign-in.`);
    }
    case 'users link': {
      const user = await userFor(sql, rest[0], 'users link');
      if (!user.enabled) {
        throw new ApiError('USER_DISABLED', {
          detail: `The account ${user.email} is disabled, so a link would not work. Enable it first: users update ${user.email} --enable`,
        });
      }
      const { invitationUrl } = await reinviteUser(sql, { all: true }, user.id, { publicUrl: publicUrl(), actor: CLI_ACTOR });
      const reset = invitationUrl.includes('#reset=');
      return print(
        json,
        { email: user.email, purpose: reset ? 'reset' : 'invite', invitationUrl },
        `A new ${reset ? 'link to set a new password' : 'invitation link'} for ${user.email} (older links stop working; ` +
          `it works once, for ${reset ? `${RESET_MINUTES} minutes` : `${INVITE_DAYS} days`}):\n\n  ${invitationUrl}\n`,
      );
    }
    case 'migrate':
      return print(json, { ok: true }, 'Database is up to date.');
    default:
      if (group === 'plans') {
        // Loaded only for plans commands (the XPlanGML importer is large).
        const { plansCli } = await import('./plans/cli.ts');
        const code: number = await plansCli(
          [action, ...rest].filter((a): a is string => !!a),
          sql,
          values,
        );
        if (code) process.exitCode = code;
        return;
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
