import { createContext } from '@lit/context';

/*
 * Shapes of the accounts API (/work/notes/accounts-contract.md, issue 7) as the consoles
 * read them. When the backend's auth schema module lands, these become re-exports of its
 * inferred types (one source of truth), as tips does with backend/tips/schema.ts.
 */

/** The roles, exactly as the API spells them. */
export type Role = string;

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

/** `GET /v1/auth/me`: the signed-in person. */
export interface Me {
  user: { id: string; email: string; name: string; roles: Role[]; totpEnabled: boolean; tenant: TenantRef | null };
  tenant: null | (TenantRef & { modules: string[]; languages: string[]; parent: null | { slug: string; name: string } });
  /** A hosting-office account (no tenant). */
  host: boolean;
  /** Until a required second factor is set up, the session may only enrol it or sign out. */
  mustEnrollTotp: boolean;
  via: 'password' | 'oidc';
}

/** `GET /v1/staff/users` and `/v1/admin/users` items. */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  enabled: boolean;
  totpEnabled: boolean;
  hasPassword: boolean;
  /** Tenant slug; null for a hosting-office account. */
  tenant: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Providers {
  local: boolean;
  oidc: null | { name: string; startUrl: string };
}

/** `POST /v1/auth/token`: what an invitation or reset link is for. */
export interface TokenInfo {
  purpose: 'invite' | 'reset';
  email: string;
  name: string;
  tenant: null | { slug: string; name: string };
  totpRequired: boolean;
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

/** The signed-in person, provided by `<bn-console>` and `<bn-admin>` to their sections. */
export const staffContext = createContext<Me | undefined>('bn-staff-me');

/** A section's call was refused with 401: the session is over, the console returns to sign-in. */
export class SessionEndEvent extends Event {
  constructor() {
    super('bn-session-end', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-session-end': SessionEndEvent;
  }
}
