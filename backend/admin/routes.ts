// /v1/admin: the hosting office manages tenants and keys (admin key enforced by the pipeline).
import { recordAudit } from '../core/audit.ts';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv } from '../core/env.ts';
import { validate } from '../core/validate.ts';
import { forgetKeys } from '../core/auth.ts';
import { KeyCreate, KeyRotate, Slug, TenantCreate, TenantUpdate } from './schema.ts';
import { createKey, createTenant, getKey, getTenant, listKeys, listTenants, revokeKey, rotateKey, updateTenant } from './store.ts';

const tags = ['admin'];
const SlugParam = v.object({ slug: Slug });
const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^key_[0-9A-Za-z]{16}$/, 'Not a key id.')) });

async function audit(c: { var: AppEnv['Variables'] }, tenant: string | null, action: string, subject: string, details: Record<string, unknown> = {}) {
  if (!tenant) return;
  const [t] = await c.var.db.sql<{ id: string }[]>`select id from tenants where slug = ${tenant}`;
  if (t) await recordAudit(c.var.db.sql, t.id, c.var.auth.keyId, action, subject, details);
}

export const adminRoutes = new Hono<AppEnv>()
  .get('/tenants', describeRoute({ tags, summary: 'List tenants' }), async (c) => c.json({ items: await listTenants(c.var.db.sql) }))
  .post('/tenants', describeRoute({ tags, summary: 'Create a tenant' }), validate('json', TenantCreate), async (c) => {
    const t = await createTenant(c.var.db.sql, c.req.valid('json'));
    await audit(c, t.slug, 'tenant.create', t.slug);
    return c.json(t, 201, { Location: `/v1/admin/tenants/${t.slug}` });
  })
  .get('/tenants/:slug', describeRoute({ tags, summary: 'Get a tenant' }), validate('param', SlugParam), async (c) =>
    c.json(await getTenant(c.var.db.sql, c.req.valid('param').slug)),
  )
  .patch(
    '/tenants/:slug',
    describeRoute({ tags, summary: 'Update a tenant' }),
    validate('param', SlugParam),
    validate('json', TenantUpdate),
    async (c) => {
      const { slug } = c.req.valid('param');
      const body = c.req.valid('json');
      const t = await updateTenant(c.var.db.sql, slug, body);
      forgetKeys();
      await audit(c, slug, 'tenant.update', slug, { fields: Object.keys(body) });
      return c.json(t);
    },
  )
  .get(
    '/keys',
    describeRoute({ tags, summary: 'List keys (secrets are never listed; publishable keys are public)' }),
    validate('query', v.object({ tenant: v.optional(Slug) })),
    async (c) => c.json({ items: await listKeys(c.var.db.sql, c.req.valid('query').tenant) }),
  )
  .post('/keys', describeRoute({ tags, summary: 'Create a key; the secret is in the answer only' }), validate('json', KeyCreate), async (c) => {
    const k = await createKey(c.var.db.sql, c.req.valid('json'));
    await audit(c, k.tenant, 'key.create', k.id, { kind: k.kind, label: k.label });
    c.header('Cache-Control', 'no-store');
    return c.json(k, 201);
  })
  .get('/keys/:id', describeRoute({ tags, summary: 'Get a key' }), validate('param', IdParam), async (c) =>
    c.json(await getKey(c.var.db.sql, c.req.valid('param').id)),
  )
  .post('/keys/:id/revoke', describeRoute({ tags, summary: 'Revoke a key at once' }), validate('param', IdParam), async (c) => {
    const k = await revokeKey(c.var.db.sql, c.req.valid('param').id);
    forgetKeys();
    await audit(c, k.tenant, 'key.revoke', k.id);
    return c.json(k);
  })
  .post(
    '/keys/:id/rotate',
    describeRoute({ tags, summary: 'Issue a successor; the old key works for the grace period (default 24 h)' }),
    validate('param', IdParam),
    validate('json', KeyRotate),
    async (c) => {
      const r = await rotateKey(c.var.db.sql, c.req.valid('param').id, c.req.valid('json').graceHours);
      forgetKeys();
      await audit(c, r.tenant, 'key.rotate', r.previous.id, { successor: r.id });
      c.header('Cache-Control', 'no-store');
      return c.json(r, 201);
    },
  );
