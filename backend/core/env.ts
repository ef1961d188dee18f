// The typed Hono context every route sees.
import { createFactory } from 'hono/factory';
import type { Database } from './db.ts';
import type { KeyKind } from './keys.ts';
import type { TenantDb } from './tenant-db.ts';
import type { TenantRow } from './tenants.ts';

export interface Auth {
  keyId: string;
  kind: KeyKind;
  /** null for admin keys. */
  tenant: TenantRow | null;
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
  };
}

export const factory = createFactory<AppEnv>();
