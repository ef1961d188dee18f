import type { Locale } from './i18n.ts';
import { staffMessages, type StaffMessageKey } from './staff-messages.ts';

import { MODULES } from '../../backend/core/roles.ts';

/** Modules that have roles (clerk `tips`, read-only `tips:read`), in display order. */
export const ROLE_MODULES = MODULES;
/** A tenant's duties beside the module roles. */
export const TENANT_DUTIES = ['tenant-admin', 'jobs-representative', 'staff-council'] as const;

export type ModuleLevel = 'none' | 'read' | 'clerk';

/** A module's name in words (unknown modules show as they are). */
export function moduleText(locale: Locale, module: string): string {
  const key = `module.${module}`;
  return staffMessages.has(key) ? staffMessages.t(locale, key) : module;
}

/** One role in words: `tips` → "Bürgertipps: Sachbearbeitung", `tips:read` → "Bürgertipps: nur lesen". */
export function roleText(locale: Locale, role: string): string {
  const key = `role.${role}`;
  if (staffMessages.has(key)) return staffMessages.t(locale, key as StaffMessageKey);
  const [module = role, level] = role.split(':');
  if (level === 'read') return staffMessages.t(locale, 'roleRead', { module: moduleText(locale, module) });
  if (level === undefined && staffMessages.has(`module.${module}`)) return staffMessages.t(locale, 'roleClerk', { module: moduleText(locale, module) });
  return role;
}

/** A module's level in a role list. */
export function moduleLevel(roles: readonly string[], module: string): ModuleLevel {
  return roles.includes(module) ? 'clerk' : roles.includes(`${module}:read`) ? 'read' : 'none';
}

/** Roles in the order the API lists them: duties first, then modules. */
export function sortRoles(roles: readonly string[]): string[] {
  const rank = (r: string) => {
    const d = (TENANT_DUTIES as readonly string[]).indexOf(r);
    if (d >= 0) return d;
    const m = (ROLE_MODULES as readonly string[]).indexOf(r.split(':')[0] ?? r);
    return m >= 0 ? 10 + m : 100;
  };
  return [...roles].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
