// /v1/admin: the hosting office manages tenants and keys (admin key enforced by the pipeline).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv } from '../core/env.ts';
import { validate } from '../core/validate.ts';
import { forgetKeys, hostAccess } from '../core/auth.ts';
import { inviteUser, listUsers, reinviteUser, resetTotp, updateUser } from '../core/accounts.ts';
import { UserId, UserInvite, UserUpdate } from '../core/accounts-schema.ts';
import { publicUrl } from '../core/accounts-routes.ts';
import { KeyCreate, KeyListQuery, KeyRotate, Slug, TenantCreate, TenantUpdate } from './schema.ts';
import { createKey, createTenant, getKey, getTenant, listKeys, listTenants, revokeKey, rotateKey, updateTenant } from './store.ts';

const tags = ['admin'];
const SlugParam = v.object({ slug: Slug });
const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^key_[0-9A-Za-z]{16}$/, 'Not a key id.')) });

export const adminRoutes = new Hono<AppEnv>()
  .use(hostAccess())
  .get('/tenants', describeRoute({ tags, summary: 'List tenants' }), async (c) => c.json({ items: await listTenants(c.get('db').sql) }))
  .post('/tenants', describeRoute({ tags, summary: 'Create a tenant' }), validate('json', TenantCreate), async (c) => {
    const t = await createTenant(c.get('db').sql, c.req.valid('json'), c.get('auth').actor);
    return c.json(t, 201, { Location: `/v1/admin/tenants/${t.slug}` });
  })
  .get('/tenants/:slug', describeRoute({ tags, summary: 'Get a tenant' }), validate('param', SlugParam), async (c) => c.json(await getTenant(c.get('db').sql, c.req.valid('param').slug)))
  .patch('/tenants/:slug', describeRoute({ tags, summary: 'Update a tenant' }), validate('param', SlugParam), validate('json', TenantUpdate), async (c) => {
    const { slug } = c.req.valid('param');
    const body = c.req.valid('json');
    const t = await updateTenant(c.get('db').sql, slug, body, c.get('auth').actor);
    forgetKeys(c);
    return c.json(t);
  })
  .get('/keys', describeRoute({ tags, summary: 'List keys (secrets are never listed; publishable keys are public)' }), validate('query', KeyListQuery), async (c) =>
    c.json({ items: await listKeys(c.get('db').sql, c.req.valid('query').tenant) }),
  )
  .post('/keys', describeRoute({ tags, summary: 'Create a key; the secret is in the answer only' }), validate('json', KeyCreate), async (c) => {
    const k = await createKey(c.get('db').sql, c.req.valid('json'), c.get('auth').actor);
    c.header('Cache-Control', 'no-store');
    return c.json(k, 201);
  })
  .get('/keys/:id', describeRoute({ tags, summary: 'Get a key' }), validate('param', IdParam), async (c) => c.json(await getKey(c.get('db').sql, c.req.valid('param').id)))
  .post('/keys/:id/revoke', describeRoute({ tags, summary: 'Revoke a key at once' }), validate('param', IdParam), async (c) => {
    const k = await revokeKey(c.get('db').sql, c.req.valid('param').id, c.get('auth').actor);
    forgetKeys(c);
    return c.json(k);
  })
  .get(
    '/users',
    describeRoute({ tags, summary: 'Staff accounts: of one tenant (?tenant=slug), of the hosting office (?tenant=), or all' }),
    validate('query', v.object({ tenant: v.optional(v.union([v.literal(''), Slug])) })),
    async (c) => {
      const { tenant } = c.req.valid('query');
      if (tenant === undefined) return c.json({ items: await listUsers(c.get('db').sql, { all: true }) });
      if (tenant === '') return c.json({ items: await listUsers(c.get('db').sql, { host: true }) });
      const t = await getTenant(c.get('db').sql, tenant);
      return c.json({ items: await listUsers(c.get('db').sql, { tenantId: t.id }) });
    },
  )
  .post('/users', describeRoute({ tags, summary: 'Invite a person to a tenant (tenant: slug) or to the hosting office (tenant: null)' }), validate('json', UserInvite), async (c) => {
    const body = c.req.valid('json');
    const tenantId = body.tenant ? (await getTenant(c.get('db').sql, body.tenant)).id : null;
    const u = await inviteUser(c.get('db').sql, { all: true }, { email: body.email, name: body.name, roles: body.roles, tenantId }, { publicUrl: publicUrl(c), actor: c.get('auth').actor });
    c.header('Cache-Control', 'no-store');
    return c.json(u, 201);
  })
  .patch('/users/:id', describeRoute({ tags, summary: "Change a person's name, roles, or disable/enable" }), validate('param', UserId), validate('json', UserUpdate), async (c) =>
    c.json(await updateUser(c.get('db').sql, { all: true }, c.req.valid('param').id, c.req.valid('json'), c.get('auth').actor)),
  )
  .post('/users/:id/invite', describeRoute({ tags, summary: 'A new sign-in link' }), validate('param', UserId), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await reinviteUser(c.get('db').sql, { all: true }, c.req.valid('param').id, { publicUrl: publicUrl(c), actor: c.get('auth').actor }));
  })
  .post('/users/:id/reset-2fa', describeRoute({ tags, summary: "Remove a person's second factor" }), validate('param', UserId), async (c) =>
    c.json(await resetTotp(c.get('db').sql, { all: true }, c.req.valid('param').id, c.get('auth').actor)),
  )
  .post(
    '/keys/:id/rotate',
    describeRoute({ tags, summary: 'Issue a successor; the old key works for the grace period (default 24 h)' }),
    validate('param', IdParam),
    validate('json', KeyRotate),
    async (c) => {
      const r = await rotateKey(c.get('db').sql, c.req.valid('param').id, c.req.valid('json').graceHours, c.get('auth').actor);
      forgetKeys(c);
      c.header('Cache-Control', 'no-store');
      return c.json(r, 201);
    },
  );
