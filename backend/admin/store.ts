// Tenants and keys for the hosting office (admin API and CLI share these functions). Every
// change is written with its audit entry in one transaction: neither exists without the other.
import type { Sql, Tx } from '../core/db.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { generateKey, hashKey, keyHint, newId, type KeyKind } from '../core/keys.ts';
import type { TenantRow } from '../core/tenants.ts';
import type { KeyCreate, TenantCreate, TenantUpdate } from './schema.ts';

export function tenantJson(t: TenantRow, parentSlug: string | null) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    parent: parentSlug,
    origins: t.origins,
    modules: t.modules,
    languages: t.languages,
    theme: t.theme,
    map: t.map,
    privacyUrl: t.privacy_url,
    accessibilityUrl: t.accessibility_url,
    contactEmail: t.contact_email,
    enabled: t.enabled,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}
export type TenantJson = ReturnType<typeof tenantJson>;

type TenantWithParent = TenantRow & { parent_slug: string | null };

export async function listTenants(sql: Sql): Promise<TenantJson[]> {
  const rows = await sql<TenantWithParent[]>`
    select t.*, p.slug as parent_slug from tenants t left join tenants p on p.id = t.parent_id order by t.slug`;
  return rows.map((r) => tenantJson(r, r.parent_slug));
}

export async function getTenant(sql: Sql, slug: string): Promise<TenantJson> {
  const [r] = await sql<TenantWithParent[]>`
    select t.*, p.slug as parent_slug from tenants t left join tenants p on p.id = t.parent_id where t.slug = ${slug}`;
  if (!r) throw notFound('tenant');
  return tenantJson(r, r.parent_slug);
}

async function parentId(sql: Sql, slug: string | null, self?: string): Promise<string | null> {
  if (slug === null) return null;
  const [p] = await sql<{ id: string; parent_id: string | null }[]>`select id, parent_id from tenants where slug = ${slug}`;
  if (!p) {
    throw new ApiError('VALIDATION_FAILED', {
      errors: [{ path: 'parent', message: `There is no tenant "${slug}".` }],
    });
  }
  // Communities are one level deep (county → towns): a parent has no parent, a tenant is not its own.
  if (p.parent_id !== null || slug === self) {
    throw new ApiError('VALIDATION_FAILED', {
      errors: [{ path: 'parent', message: 'A community has one level: the parent must be a tenant without a parent of its own.' }],
    });
  }
  return p.id;
}

/** The audit entry of a change, in the change's transaction; platform keys have no tenant trail. */
async function audit(tx: Tx, tenantId: string | null, actor: Actor, action: string, subject: string, details: Record<string, unknown> = {}) {
  if (tenantId) await recordAudit(tx, tenantId, actor, action, subject, details);
}

export async function createTenant(sql: Sql, input: TenantCreate, actor: Actor): Promise<TenantJson> {
  return sql.begin(async (tx) => {
    const [exists] = await tx`select 1 from tenants where slug = ${input.slug}`;
    if (exists) throw new ApiError('CONFLICT', { detail: `A tenant "${input.slug}" exists already.` });
    const pid = await parentId(tx as unknown as Sql, input.parent);
    await tx`
      insert into tenants (slug, name, parent_id, origins, modules, languages, theme, map, privacy_url, accessibility_url, contact_email)
      values (${input.slug}, ${input.name}, ${pid}, ${input.origins}, ${input.modules}, ${input.languages},
              ${tx.json(input.theme)}, ${tx.json(input.map)}, ${input.privacyUrl}, ${input.accessibilityUrl}, ${input.contactEmail})`;
    const t = await getTenant(tx as unknown as Sql, input.slug);
    await audit(tx, t.id, actor, 'tenant.create', t.slug);
    return t;
  });
}

export async function updateTenant(sql: Sql, slug: string, input: TenantUpdate, actor: Actor): Promise<TenantJson> {
  return sql.begin(async (tx) => {
    const [cur] = await tx<{ id: string }[]>`select id from tenants where slug = ${slug} for update`;
    if (!cur) throw notFound('tenant');
    if (input.parent !== undefined) {
      const pid = await parentId(tx as unknown as Sql, input.parent, slug);
      if (pid) {
        const [child] = await tx`select 1 from tenants where parent_id = ${cur.id} limit 1`;
        if (child) {
          throw new ApiError('VALIDATION_FAILED', {
            errors: [{ path: 'parent', message: 'This tenant is itself the parent of a community.' }],
          });
        }
      }
      await tx`update tenants set parent_id = ${pid} where id = ${cur.id}`;
    }
    const cols: Record<string, unknown> = {};
    if (input.name !== undefined) cols.name = input.name;
    if (input.origins !== undefined) cols.origins = input.origins;
    if (input.modules !== undefined) cols.modules = input.modules;
    if (input.languages !== undefined) cols.languages = input.languages;
    if (input.theme !== undefined) cols.theme = tx.json(input.theme);
    if (input.map !== undefined) cols.map = tx.json(input.map);
    if (input.privacyUrl !== undefined) cols.privacy_url = input.privacyUrl;
    if (input.accessibilityUrl !== undefined) cols.accessibility_url = input.accessibilityUrl;
    if (input.contactEmail !== undefined) cols.contact_email = input.contactEmail;
    if (input.enabled !== undefined) cols.enabled = input.enabled;
    if (Object.keys(cols).length) {
      await tx`update tenants set ${tx(cols as Record<string, never>)}, updated_at = now() where id = ${cur.id}`;
    } else {
      await tx`update tenants set updated_at = now() where id = ${cur.id}`;
    }
    await audit(tx, cur.id, actor, 'tenant.update', slug, { fields: Object.keys(input) });
    return getTenant(tx as unknown as Sql, slug);
  });
}

interface KeyRow {
  id: string;
  tenant_slug: string | null;
  kind: KeyKind;
  label: string;
  hint: string;
  publishable: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  replaced_by: string | null;
  roles: string[] | null;
}

function keyJson(k: KeyRow) {
  return {
    id: k.id,
    tenant: k.tenant_slug,
    kind: k.kind,
    label: k.label,
    hint: k.hint,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
    expiresAt: k.expires_at,
    revokedAt: k.revoked_at,
    replacedBy: k.replaced_by,
    ...(k.kind === 'staff' ? { roles: k.roles } : {}),
    status: k.revoked_at ? 'revoked' : k.expires_at && k.expires_at <= new Date() ? 'expired' : k.expires_at ? 'expiring' : 'active',
    ...(k.publishable ? { publishableKey: k.publishable } : {}),
  };
}
export type KeyJson = ReturnType<typeof keyJson>;

const keySelect = (sql: Sql) => sql`
  select k.id, t.slug as tenant_slug, k.kind, k.label, k.hint, k.publishable, k.created_at,
         k.last_used_at, k.expires_at, k.revoked_at, k.replaced_by, k.roles
  from api_keys k left join tenants t on t.id = k.tenant_id`;

export async function listKeys(sql: Sql, tenantSlug?: string): Promise<KeyJson[]> {
  if (tenantSlug !== undefined) await getTenant(sql, tenantSlug);
  const rows = await sql<KeyRow[]>`
    ${keySelect(sql)}
    ${tenantSlug !== undefined ? sql`where t.slug = ${tenantSlug}` : sql``}
    order by t.slug nulls first, k.created_at`;
  return rows.map(keyJson);
}

export async function getKey(sql: Sql, id: string): Promise<KeyJson> {
  const [row] = await sql<KeyRow[]>`${keySelect(sql)} where k.id = ${id}`;
  if (!row) throw notFound('key');
  return keyJson(row);
}

async function insertKey(sql: Sql, kind: KeyKind, tenantId: string | null, label: string, roles: string[] | null = null) {
  const key = generateKey(kind);
  const id = newId('key');
  await sql`
    insert into api_keys (id, tenant_id, kind, label, hint, hash, publishable, roles)
    values (${id}, ${tenantId}, ${kind}, ${label}, ${keyHint(key)}, ${hashKey(key)}, ${kind === 'publishable' ? key : null}, ${roles})`;
  return { id, key };
}

export async function createKey(sql: Sql, input: KeyCreate, actor: Actor): Promise<KeyJson & { key: string }> {
  return sql.begin(async (tx) => {
    const s = tx as unknown as Sql;
    let tenantId: string | null = null;
    if (input.tenant !== undefined) {
      const [t] = await tx<{ id: string }[]>`select id from tenants where slug = ${input.tenant}`;
      if (!t) {
        throw new ApiError('VALIDATION_FAILED', {
          errors: [{ path: 'tenant', message: `There is no tenant "${input.tenant}".` }],
        });
      }
      tenantId = t.id;
    }
    const { id, key } = await insertKey(s, input.kind, tenantId, input.label, input.roles ?? null);
    const k = await getKey(s, id);
    await audit(tx, tenantId, actor, 'key.create', k.id, { kind: k.kind, label: k.label });
    return { ...k, key };
  });
}

export async function revokeKey(sql: Sql, id: string, actor: Actor): Promise<KeyJson> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ tenant_id: string | null }[]>`
      update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning tenant_id`;
    if (!row) throw notFound('key');
    await audit(tx, row.tenant_id, actor, 'key.revoke', id);
    return getKey(tx as unknown as Sql, id);
  });
}

/**
 * Issues a successor with the same tenant, kind and label; the old key keeps working for the
 * grace period so every page and script can be switched without an outage.
 */
export async function rotateKey(sql: Sql, id: string, graceHours: number, actor: Actor) {
  return sql.begin(async (tx) => {
    const s = tx as unknown as Sql;
    const [old] = await tx<{ kind: KeyKind; tenant_id: string | null; label: string; roles: string[] | null; revoked_at: Date | null; replaced_by: string | null }[]>`
      select kind, tenant_id, label, roles, revoked_at, replaced_by from api_keys where id = ${id} for update`;
    if (!old) throw notFound('key');
    if (old.revoked_at || old.replaced_by) {
      throw new ApiError('KEY_NOT_ROTATABLE', {
        detail: old.revoked_at ? 'A revoked key cannot be rotated; create a new key instead.' : 'This key was rotated already; rotate its successor.',
      });
    }
    const { id: newKeyId, key } = await insertKey(s, old.kind, old.tenant_id, old.label, old.roles);
    await tx`
      update api_keys set replaced_by = ${newKeyId},
        expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => ${graceHours * 3600}))
      where id = ${id}`;
    await audit(tx, old.tenant_id, actor, 'key.rotate', id, { successor: newKeyId });
    return { ...(await getKey(s, newKeyId)), key, previous: await getKey(s, id) };
  });
}
