// Public platform routes for widgets: tenant config, the ALTCHA challenge and the address search.
//   GET /v1/config    the tenant's public settings (PublicConfig in config-schema.ts)
//   GET /v1/challenge a fresh ALTCHA challenge (no-store)
//   GET /v1/geocode?q=…&lang=de|en  → { items: [{ label, lat, lon }] } from the tenant's geocoder;
//       404 when it has none, 429 past BN_RATE_GEOCODE per key and client (and BN_RATE_GEOCODE_UPSTREAM
//       upstream calls per tenant) a minute, 502 GEOCODER_UNAVAILABLE when the geocoder fails
import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from './env.ts';
import { cachedJson } from './http.ts';
import { cachedPublicConfig } from './tenants.ts';
import { newChallenge } from './altcha.ts';
import { publicAccess } from './auth.ts';
import type { Caches } from './caches.ts';
import { GeocodeQuery, PlaceList, PublicConfig, type Place } from './config-schema.ts';
import { notFound } from './errors.ts';
import { cachedGeocode, LruCache } from './geocoder.ts';
import { consume, consumeBatched } from './rate-limit.ts';
import { validate } from './validate.ts';

/** One address cache per app (replica): 2000 answers for 10 minutes by default. */
const geocodeCaches = new WeakMap<Caches, LruCache<Promise<Place[]>>>();
function geocodeCache(caches: Caches): LruCache<Promise<Place[]>> {
  let cache = geocodeCaches.get(caches);
  if (!cache) {
    cache = new LruCache(Number(process.env.BN_GEOCODE_CACHE_SIZE ?? 2000), Number(process.env.BN_GEOCODE_CACHE_MS ?? 600_000));
    geocodeCaches.set(caches, cache);
  }
  return cache;
}

export const platformPublic = new Hono<AppEnv>()
  .use('/config', publicAccess())
  .use('/challenge', publicAccess())
  .use('/geocode', publicAccess())
  .get(
    '/config',
    describeRoute({
      tags: ['public'],
      summary: "Public settings of the key's tenant (ETag, 304)",
      responses: { 200: { description: 'The public settings', content: { 'application/json': { schema: resolver(PublicConfig) } } } },
    }),
    async (
      c, // no-cache: always revalidated (a cheap 304), so a revoked key or a changed theme shows on the next page load.
    ) => cachedJson(c, await cachedPublicConfig(c.get('db').sql, c.get('tenant'), c.get('caches')), 'no-cache'),
  )
  .get('/challenge', describeRoute({ tags: ['public'], summary: 'A fresh ALTCHA proof-of-work challenge' }), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await newChallenge(c.get('db').sql, c.get('tenant').id));
  })
  .get(
    '/geocode',
    describeRoute({
      tags: ['public'],
      summary: "Address search through the tenant's geocoder (proxied and cached; the browser never calls the geocoder)",
      responses: { 200: { description: 'Up to 5 places', content: { 'application/json': { schema: resolver(PlaceList) } } } },
    }),
    validate('query', GeocodeQuery),
    async (c) => {
      const t = c.get('tenant');
      const g = t.map.geocoder;
      if (!g) throw notFound('address search');
      const { q, lang } = c.req.valid('query');
      // Stricter than other reads: each search may cost the geocoder work.
      await consumeBatched(c, `geocode:${c.get('auth').keyId}:${c.get('clientIp')}`, Number(process.env.BN_RATE_GEOCODE ?? 30), 60);
      const items = await cachedGeocode(geocodeCache(c.get('caches')), t.id, g, q, lang, {
        near: t.map.center,
        timeoutMs: Number(process.env.BN_GEOCODE_TIMEOUT_MS ?? 4000),
        // Upstream calls per tenant: public geocoders allow about one a second.
        onMiss: () => consume(c, `geocode-upstream:${t.id}`, Number(process.env.BN_RATE_GEOCODE_UPSTREAM ?? 60), 60),
      });
      c.header('Cache-Control', 'private, max-age=600');
      return c.json({ items } satisfies PlaceList);
    },
  );
