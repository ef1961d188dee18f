// Roles of staff accounts and staff keys: one list, one rule for what a role allows. Shared
// with the consoles (no server code here), so the console shows what the API allows.
import * as v from 'valibot';

export const MODULES = ['tips', 'kita', 'jobs', 'plans'] as const;
export type Module = (typeof MODULES)[number];

/**
 * The modules this installation really has (routes, and widgets where citizens use them). A new
 * tenant gets these unless told otherwise, and the admin console offers these. A module adds
 * itself here, one line, in the change that ships it. `MODULES` above is the vocabulary of
 * roles and tenant settings, which may name a module before it ships.
 */
export const AVAILABLE_MODULES: readonly Module[] = ['tips', 'plans', 'kita', 'jobs'];

/**
 * `<module>` is a clerk (read and write), `<module>:read` reads only. `jobs-representative`
 * (Schwerbehindertenvertretung) and `staff-council` (Personalrat) are the read-only views of
 * the jobs module the law gives them. `host-admin` is the hosting office's, never a town's.
 */
export const ROLES = ['tenant-admin', ...MODULES.flatMap((m) => [m, `${m}:read`] as const), 'jobs-representative', 'staff-council', 'host-admin'] as const satisfies readonly string[];
export type Role = 'tenant-admin' | Module | `${Module}:read` | 'jobs-representative' | 'staff-council' | 'host-admin';

export const TENANT_ROLES = ROLES.filter((r) => r !== 'host-admin') as Exclude<Role, 'host-admin'>[];

/** Roles that may not sign in without a second factor. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = ['tenant-admin', 'host-admin'];

export const needsTotp = (roles: readonly string[]): boolean => roles.some((r) => (TOTP_REQUIRED_ROLES as readonly string[]).includes(r));

export const RoleSchema = v.picklist(ROLES as unknown as Role[], `Unknown role. Known: ${ROLES.join(', ')}.`);

/** A role list: no duplicates, a module at most once (clerk or read-only). */
export const RoleList = v.pipe(
  v.array(RoleSchema),
  v.maxLength(ROLES.length),
  v.check((roles) => new Set(roles).size === roles.length, 'A role is listed twice.'),
  v.check((roles) => MODULES.every((m) => !(roles.includes(m) && roles.includes(`${m}:read`))), 'A module is either clerk or read-only, not both.'),
);

/** The roles a staff key holds when it was created without any: every module of the tenant, as clerk. */
export const keyDefaultRoles = (modules: readonly string[]): Role[] => MODULES.filter((m) => modules.includes(m));

/**
 * What a request needs: a module (read for safe methods, clerk for the rest) or one exact role;
 * `readOnly` admits that role on safe methods only (the jobs module's representations).
 */
export type Requirement = { module: Module } | { role: Role; readOnly?: boolean };

export function allows(roles: ReadonlySet<string> | readonly string[], need: Requirement, write: boolean): boolean {
  const has = (r: string) => ('has' in roles ? roles.has(r) : roles.includes(r));
  if ('role' in need) return has(need.role) && !(need.readOnly && write);
  return has(need.module) || (!write && has(`${need.module}:read`));
}

/** What a requirement is called in a problem's detail. */
export const describeRequirement = (need: Requirement, write: boolean): string =>
  'role' in need ? `the role "${need.role}"${need.readOnly && write ? ' (and it reads only)' : ''}` : write ? `the role "${need.module}"` : `the role "${need.module}" or "${need.module}:read"`;
