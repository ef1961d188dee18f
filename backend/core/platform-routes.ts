// Public platform routes for widgets: tenant config and the ALTCHA challenge.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from './env.ts';
import { cachedJson } from './http.ts';
import { publicConfig } from './tenants.ts';
import { newChallenge } from './altcha.ts';

export const platformPublic = new Hono<AppEnv>()
  .get(
    '/config',
    describeRoute({ tags: ['public'], summary: 'Public settings of the key\'s tenant (ETag, 304)' }),
    async (c) => cachedJson(c, await publicConfig(c.var.db.sql, c.var.tenant), 'public, max-age=60, stale-while-revalidate=600'),
  )
  .get('/challenge', describeRoute({ tags: ['public'], summary: 'A fresh ALTCHA proof-of-work challenge' }), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await newChallenge(c.var.db.sql));
  });
