// Who acts for which Kita, and who allocates places (tenant setting kita.allocation).
//
// An account listed in a Kita's `staff` is that Kita's staff: it sees the wishes of its own
// Kitas only and may change only them (free-place light, capacity, photo). An account listed at
// no Kita, and a staff key (an integration), is the office: every Kita of the tenant, the
// Kitas themselves (add, remove, assign staff) and the settings.
//
// Offers (make, withdraw), with the `kita` clerk role:
//   allocation 'facility' — each Kita's staff for their own Kitas; the office for every Kita
//                           (a Kita without staff of its own still gets its places allocated);
//   allocation 'central'  — the office (youth office) only; a Kita's staff read their list.
import type { Sql, Tx } from '../core/db.ts';
import type { Auth } from '../core/env.ts';
import { ApiError } from '../core/errors.ts';
import { listUsers } from '../core/accounts.ts';
import { allows } from '../core/roles.ts';
import type { TenantRow } from '../core/tenants.ts';
import type { KitaScopeView } from './schema.ts';
import type { KitaAccount } from './facility-schema.ts';
import { kitaSettings } from './settings.ts';
import { invalid } from './store.ts';

export interface KitaScope extends KitaScopeView {
  /** Holds the `kita` clerk role (not only `kita:read`). */
  clerk: boolean;
}

export async function kitaScope(tx: Tx, tenant: TenantRow, auth: Auth): Promise<KitaScope> {
  const allocation = kitaSettings(tenant).allocation;
  const clerk = allows(auth.roles, { module: 'kita' }, true);
  if (!auth.user) return { allocation, facilities: null, clerk };
  const rows = await tx<{ id: string }[]>`
    select id from kita_facilities where tenant_id = ${tenant.id} and ${auth.user.id}::uuid = any(staff) order by id`;
  return { allocation, facilities: rows.length ? rows.map((r) => r.id) : null, clerk };
}

export const scopeView = (s: KitaScope): KitaScopeView => ({ allocation: s.allocation, facilities: s.facilities });

export const mayOffer = (s: KitaScope, facilityId: string): boolean => s.clerk && (s.facilities === null || (s.allocation === 'facility' && s.facilities.includes(facilityId)));

export const mayEdit = (s: KitaScope, facilityId: string): boolean => s.facilities === null || s.facilities.includes(facilityId);

/** Who may put accounts into a Kita's team: the office, with the `kita` clerk role. */
export const mayAssign = (s: KitaScope): boolean => s.clerk && s.facilities === null;

export function requireOffer(s: KitaScope, facilityId: string): void {
  if (mayOffer(s, facilityId)) return;
  throw new ApiError('KITA_SCOPE', {
    detail:
      s.allocation === 'central' && s.facilities !== null
        ? 'In dieser Gemeinde vergibt das Jugendamt die Plätze zentral. · In this municipality the youth office allocates places centrally.'
        : "Sie vergeben nur Plätze Ihrer eigenen Kita. · You allocate only your own Kita's places.",
  });
}

export function requireEdit(s: KitaScope, facilityId: string): void {
  if (mayEdit(s, facilityId)) return;
  throw new ApiError('KITA_SCOPE', { detail: 'Sie ändern nur Ihre eigene Kita. · You change only your own Kita.' });
}

export function requireOffice(s: KitaScope): void {
  if (s.facilities === null) return;
  throw new ApiError('KITA_SCOPE', {
    detail: "Das darf nur die Verwaltung, nicht das Team einer Kita. · Only the office may do this, not a Kita's team.",
  });
}

/** The roles that make an account eligible for a Kita's team. */
const KITA_ROLES = ['kita', 'kita:read'] as const;

/**
 * The tenant's accounts with a Kita role (the candidates for a Kita's team), from the platform's
 * account store, narrowed to what a Kita's team and the office need to recognise a colleague.
 */
export async function kitaAccounts(sql: Sql, tenantId: string): Promise<KitaAccount[]> {
  return (await listUsers(sql, { tenantId })).flatMap((u) => {
    const roles = u.roles.filter((r): r is KitaAccount['role'] => (KITA_ROLES as readonly string[]).includes(r));
    // The clerk role wins: it is what the account may do.
    return roles.length ? [{ id: u.id, name: u.name, email: u.email, role: roles.includes('kita') ? 'kita' : 'kita:read', enabled: u.enabled }] : [];
  });
}

/** A Kita's staff must be accounts of the tenant with a kita role. */
export async function checkStaff(sql: Sql, tenantId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const rows = await sql<{ id: string }[]>`
    select id from users where tenant_id = ${tenantId} and id = any(${ids}::uuid[]) and roles && ${[...KITA_ROLES]}::text[]`;
  const known = new Set(rows.map((r) => r.id));
  const errors = ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `staff.${i}`, message: 'Kein Konto dieser Gemeinde mit einer Kita-Rolle. · Not an account of this municipality with a Kita role.' }],
  );
  if (errors.length) throw invalid(errors);
}
