// Tenants as the platform sees them: the row, key resolution, and the public config.
import type { Sql } from './db.ts';
import { hashKey, type KeyKind } from './keys.ts';
import type { Caches } from './caches.ts';
import type { MapSettings } from '../admin/schema.ts';
import type { PublicConfig } from './config-schema.ts';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  origins: string[];
  modules: string[];
  languages: string[];
  theme: Record<string, string>;
  map: MapSettings;
  privacy_url: string | null;
  accessibility_url: string | null;
  contact_email: string | null;
  settings: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ResolvedKey {
  id: string;
  kind: KeyKind;
  label: string;
  /** Staff keys: the roles it was given; null = every module role of its tenant. */
  roles: string[] | null;
  revoked: boolean;
  expired: boolean;
  tenant: TenantRow | null;
  lastUsedAt: Date | null;
}

export async function resolveKey(sql: Sql, key: string): Promise<ResolvedKey | null> {
  const [row] = await sql<{ id: string; kind: KeyKind; label: string; roles: string[] | null; revoked: boolean; expired: boolean; last_used_at: Date | null; tenant: TenantRow | null }[]>`
    select k.id, k.kind, k.label, k.roles, k.revoked_at is not null as revoked,
           coalesce(k.expires_at <= now(), false) as expired, k.last_used_at,
           case when t.id is null then null else to_jsonb(t) end as tenant
    from api_keys k left join tenants t on t.id = k.tenant_id
    where k.hash = ${hashKey(key)}`;
  if (!row) return null;
  return { id: row.id, kind: row.kind, label: row.label, roles: row.roles, revoked: row.revoked, expired: row.expired, tenant: row.tenant, lastUsedAt: row.last_used_at };
}

/** Recorded at most once a minute per key, so hot keys cost no write per request. */
export async function touchKey(sql: Sql, keyId: string): Promise<void> {
  await sql`update api_keys set last_used_at = now()
            where id = ${keyId} and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
}

export const DEFAULT_MAP = {
  // No tiles are fetched unless a tenant configures a tile server it has the right to use.
  tileUrl: null as string | null,
  attribution: '',
  maxZoom: 19,
  center: [51.1657, 10.4515] as [number, number],
  zoom: 6,
};

/**
 * The public config, memoised per tenant version for the key-cache period in the app's
 * caches: the tenant row already comes from the key lookup, so a config read usually
 * touches no database.
 */
export function cachedPublicConfig(sql: Sql, t: TenantRow, caches: Pick<Caches, 'configs' | 'keyCacheMs'>): Promise<PublicConfig> {
  const cache = caches.configs;
  const id = `${t.id}:${new Date(t.updated_at).getTime()}`;
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < caches.keyCacheMs) return hit.value;
  if (cache.size > 5000) cache.clear();
  const value = publicConfig(sql, t);
  value.catch(() => cache.delete(id));
  cache.set(id, { at: Date.now(), value });
  return value;
}

export async function publicConfig(sql: Sql, t: TenantRow): Promise<PublicConfig> {
  const parent = t.parent_id ? ((await sql<{ slug: string; name: string }[]>`select slug, name from tenants where id = ${t.parent_id}`)[0] ?? null) : null;
  return {
    tenant: { id: t.id, slug: t.slug, name: t.name, parent },
    modules: t.modules,
    languages: t.languages as PublicConfig['languages'],
    theme: t.theme,
    map: {
      tileUrl: t.map.tileUrl ?? DEFAULT_MAP.tileUrl,
      attribution: t.map.attribution ?? DEFAULT_MAP.attribution,
      maxZoom: t.map.maxZoom ?? DEFAULT_MAP.maxZoom,
      center: t.map.center ?? DEFAULT_MAP.center,
      zoom: t.map.zoom ?? DEFAULT_MAP.zoom,
      // Whether there is one, not where: the browser never calls the geocoder itself.
      addressSearch: !!t.map.geocoder,
    },
    privacyUrl: t.privacy_url,
    accessibilityUrl: t.accessibility_url,
    contactEmail: t.contact_email,
  };
}
export type { PublicConfig };
