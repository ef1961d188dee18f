// The typed Hono context every route sees.
import type { Context } from 'hono';
import { createFactory } from 'hono/factory';
import type { Database } from './db.ts';
import type { KeyKind } from './keys.ts';
import type { TenantDb } from './tenant-db.ts';
import type { TenantRow } from './tenants.ts';
import type { SessionRow, UserRow } from './accounts.ts';
import type { Actor } from './audit.ts';
import type { Caches } from './caches.ts';

export interface Auth {
  /** A key, or a person's session cookie. */
  kind: KeyKind | 'session';
  /** The key's id, or `user:<uuid>` for a session: scopes idempotency records and rate limits. */
  keyId: string;
  /** null for admin keys and hosting-office users. */
  tenant: TenantRow | null;
  /** The signed-in person (sessions only). */
  user: UserRow | null;
  /** What the caller may do (see roles.ts); empty for publishable keys. */
  roles: ReadonlySet<string>;
  /** Who the audit names. */
  actor: Actor;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    db: Database;
    auth: Auth;
    /** Set for publishable and staff keys: the tenant the key belongs to. */
    tenant: TenantRow;
    /** Tenant-scoped data access; see tenant-db.ts. */
    tdb: TenantDb;
    clientIp: string;
    /** The clock (injectable in tests: session expiry, TOTP). */
    now: () => Date;
    /** Requests per minute per publishable key and client address. */
    limits: { read: number; write: number };
    /**
     * A write's rate-limit count left to the route's claim statement (idempotency.ts), which
     * counts it together with the Idempotency-Key and the ALTCHA solution; see auth.ts.
     */
    writeLimit: { bucket: string; limit: number } | undefined;
    /** This app's in-memory caches (one set per app, i.e. per replica). */
    caches: Caches;
    /** `Vary: Origin` is on the answer being built (core/http.ts varyOrigin). */
    varyOrigin: boolean;
    /** The session cookie's session, once looked up (undefined: not yet). */
    session: SessionRow | null | undefined;
  };
}

/**
 * What a helper needs of the request's context to read its variables. Variables are read with
 * `c.get('name')`, never `c.var.name`: Hono's `c.var` copies every variable into a new object
 * on each access (about 3 µs with a dozen variables), which the public reads paid several
 * times per request. `npm run lint` refuses `c.var` (lint/no-context-var.grit).
 */
export type Vars = Pick<Context<AppEnv>, 'get'>;

export const factory = createFactory<AppEnv>();
