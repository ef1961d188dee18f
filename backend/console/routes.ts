// /v1/staff: the staff console shell (staff key enforced by the pipeline).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv } from '../core/env.ts';
import { validate } from '../core/validate.ts';
import { listAudit } from './store.ts';

export const consoleRoutes = new Hono<AppEnv>()
  .get('/me', describeRoute({ tags: ['staff'], summary: 'The signed-in key and its tenant' }), async (c) => {
    const t = c.var.tenant;
    const [key] = await c.var.db.sql<{ label: string }[]>`select label from api_keys where id = ${c.var.auth.keyId}`;
    const parent = t.parent_id ? ((await c.var.db.sql<{ slug: string; name: string }[]>`select slug, name from tenants where id = ${t.parent_id}`)[0] ?? null) : null;
    return c.json({
      tenant: { id: t.id, slug: t.slug, name: t.name, modules: t.modules, languages: t.languages, parent },
      key: { id: c.var.auth.keyId, label: key?.label ?? '' },
    });
  })
  .get(
    '/audit',
    describeRoute({ tags: ['staff'], summary: 'The tenant\'s audit trail, newest first' }),
    validate(
      'query',
      v.object({
        limit: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(200)), '50'),
        before: v.optional(v.pipe(v.string(), v.isoTimestamp('Use an ISO 8601 timestamp.'))),
      }),
    ),
    async (c) => {
      const { limit, before } = c.req.valid('query');
      const items = await c.var.tdb.tx((sql, tenantId) => listAudit(sql, tenantId, { limit, before }));
      return c.json({ items });
    },
  );
