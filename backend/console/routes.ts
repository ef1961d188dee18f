// /v1/staff: the staff console's platform part. Who may call: a town's person (session) or a
// staff key, declared here with staffAccess(); users and the audit trail need tenant-admin.
//
//   GET   /me                     → { tenant, key: {id,label} | null, user: Me.user | null, roles }
//   GET   /audit?limit&before&actor&action&from&to
//                                 → { items: AuditEntry[] } newest first; actorName and subjectName in
//                                   words (the person, the key's label), never a key id  (tenant-admin)
//   GET   /audit/facets           → { actors: {id,name}[], actions: string[] } for the filters (tenant-admin)
//   GET   /users                  → { items: UserJson[] }                        (tenant-admin)
//   POST  /users {email,name,roles} → 201 UserJson & { invitationUrl }; mail through the outbox
//   PATCH /users/:id {name?,roles?,enabled?} → UserJson; disabling ends the sessions at once
//   POST  /users/:id/invite       → { invitationUrl } (old links die)
//   POST  /users/:id/reset-2fa    → UserJson
// Another tenant's user id is a 404.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { IsoDate, IsoDay } from '../core/schema.ts';
import type { AppEnv } from '../core/env.ts';
import { validate } from '../core/validate.ts';
import { requireRole, staffAccess } from '../core/auth.ts';
import { inviteUser, listUsers, meJson, reinviteUser, resetTotp, updateUser } from '../core/accounts.ts';
import { UserId, UserInvite, UserUpdate } from '../core/accounts-schema.ts';
import { publicUrl } from '../core/accounts-routes.ts';
import { auditFacets, auditNames, listAudit } from './store.ts';

const tenantAdmin = requireRole({ role: 'tenant-admin' });

const AuditQuery = v.pipe(
  v.object({
    limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'Enter a number from 1 to 200.'), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(200)), '50'),
    before: v.optional(IsoDate('Use an ISO 8601 timestamp.')),
    /** A person (`user:<uuid>`), a key id or `cli`, as /audit/facets lists them. */
    actor: v.optional(v.pipe(v.string(), v.regex(/^(?:user:[0-9a-f-]{36}|key_[0-9A-Za-z]{16}|cli)$/, 'Choose a person or key from the list.'))),
    action: v.optional(v.pipe(v.string(), v.maxLength(64), v.regex(/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/, 'Choose an action from the list.'))),
    from: v.optional(IsoDay()),
    to: v.optional(IsoDay()),
  }),
  v.forward(
    v.check((q) => !q.from || !q.to || q.from <= q.to, 'The end date is before the start date.'),
    ['to'],
  ),
);

export const consoleRoutes = new Hono<AppEnv>()
  .use(staffAccess())
  .use('/audit', tenantAdmin)
  .use('/audit/*', tenantAdmin)
  .use('/users', tenantAdmin)
  .use('/users/*', tenantAdmin)
  .get('/me', describeRoute({ tags: ['staff'], summary: 'The signed-in person or key, its tenant and roles' }), async (c) => {
    const t = c.get('tenant');
    const auth = c.get('auth');
    const parent = t.parent_id ? ((await c.get('db').sql<{ slug: string; name: string }[]>`select slug, name from tenants where id = ${t.parent_id}`)[0] ?? null) : null;
    const user = auth.user ? (await meJson(c.get('db').sql, { user: auth.user, via: 'password', stage: 'full' })).user : null;
    return c.json({
      tenant: { id: t.id, slug: t.slug, name: t.name, modules: t.modules, languages: t.languages, parent },
      key: auth.kind === 'staff' ? { id: auth.keyId, label: auth.actor.name } : null,
      user,
      roles: [...auth.roles],
    });
  })
  .get('/audit', describeRoute({ tags: ['staff'], summary: "The tenant's audit trail, newest first; filter by person, action and days" }), validate('query', AuditQuery), async (c) => {
    const q = c.req.valid('query');
    const names = await auditNames(c.get('db').sql, c.get('tenant').id);
    const rows = await c.get('tdb').tx((sql, tenantId) => listAudit(sql, tenantId, q));
    const items = rows.map((r) => ({
      ...r,
      actorName: r.actorName || names.get(r.actor) || null,
      subjectName: r.subject ? (names.get(r.subject) ?? null) : null,
    }));
    return c.json({ items });
  })
  .get('/audit/facets', describeRoute({ tags: ['staff'], summary: 'People and actions found in the audit trail (for its filters)' }), async (c) => {
    const names = await auditNames(c.get('db').sql, c.get('tenant').id);
    const f = await c.get('tdb').tx((sql, tenantId) => auditFacets(sql, tenantId));
    return c.json({
      actors: f.actors.map((a) => ({ id: a.id, name: names.get(a.id) ?? a.name ?? null })),
      actions: f.actions,
    });
  })
  .get('/users', describeRoute({ tags: ['staff'], summary: "The town's staff accounts" }), async (c) => c.json({ items: await listUsers(c.get('db').sql, { tenantId: c.get('tenant').id }) }))
  .post('/users', describeRoute({ tags: ['staff'], summary: 'Invite a person (link by e-mail, and in the answer)' }), validate('json', UserInvite), async (c) => {
    const body = c.req.valid('json');
    const u = await inviteUser(
      c.get('db').sql,
      { tenantId: c.get('tenant').id },
      { email: body.email, name: body.name, roles: body.roles, tenantId: c.get('tenant').id },
      { publicUrl: publicUrl(c), actor: c.get('auth').actor },
    );
    c.header('Cache-Control', 'no-store');
    return c.json(u, 201);
  })
  .patch('/users/:id', describeRoute({ tags: ['staff'], summary: 'Change name, roles, or disable/enable' }), validate('param', UserId), validate('json', UserUpdate), async (c) =>
    c.json(await updateUser(c.get('db').sql, { tenantId: c.get('tenant').id }, c.req.valid('param').id, c.req.valid('json'), c.get('auth').actor)),
  )
  .post('/users/:id/invite', describeRoute({ tags: ['staff'], summary: 'A new sign-in link' }), validate('param', UserId), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await reinviteUser(c.get('db').sql, { tenantId: c.get('tenant').id }, c.req.valid('param').id, { publicUrl: publicUrl(c), actor: c.get('auth').actor }));
  })
  .post('/users/:id/reset-2fa', describeRoute({ tags: ['staff'], summary: 'Remove the second factor; the person sets it up again' }), validate('param', UserId), async (c) =>
    c.json(await resetTotp(c.get('db').sql, { tenantId: c.get('tenant').id }, c.req.valid('param').id, c.get('auth').actor)),
  );
