/** JSON shapes of the admin API (`/v1/admin/*`), as the browser receives them. */
import type { MapSettings } from '../../backend/admin/schema.ts';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  parent: string | null;
  origins: string[];
  modules: string[];
  languages: ('de' | 'en')[];
  theme: Record<string, string>;
  map: MapSettings;
  privacyUrl: string | null;
  accessibilityUrl: string | null;
  contactEmail: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type KeyKind = 'publishable' | 'staff' | 'admin';
export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export interface ApiKey {
  id: string;
  tenant: string | null;
  kind: KeyKind;
  label: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
  status: KeyStatus;
  /** Publishable keys are public: the list shows them in full. */
  publishableKey?: string;
}

export type CreatedKey = ApiKey & { key: string };
export type RotatedKey = CreatedKey & { previous: ApiKey };
