// Public platform routes for widgets: tenant config and the ALTCHA challenge.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from './env.ts';
import { cachedJson } from './http.ts';
import { cachedPublicConfig } from './tenants.ts';
import { newChallenge } from './altcha.ts';
import { publicAccess } from './auth.ts';

export const platformPublic = new Hono<AppEnv>()
  .use('/config', publicAccess())
  .use('/challenge', publicAccess())
  .get(
    '/config',
    describeRoute({ tags: ['public'], summary: 'Public settings of the key\'s tenant (ETag, 304)' }),
    async (c) => // no-cache: always revalidated (a cheap 304), so a revoked key or a changed theme shows on the next page load.
      cachedJson(c, await cachedPublicConfig(c.get('db').sql, c.get('tenant'), c.get('caches')), 'no-cache'),
  )
  .get('/challenge', describeRoute({ tags: ['public'], summary: 'A fresh ALTCHA proof-of-work challenge' }), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await newChallenge(c.var.db.sql, c.var.tenant.id));
  });
