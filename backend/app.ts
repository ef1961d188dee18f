// The Hono application: one pipeline, module sub-apps mounted with app.route().
import { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';
import type { Database } from './core/db.ts';
import type { AppEnv } from './core/env.ts';
import { ApiError, notFoundRoute, onError, problemResponse } from './core/errors.ts';
import { apiEdge, requestContext } from './core/pipeline.ts';
import { createCaches, type Caches } from './core/caches.ts';
import { authRoutes } from './core/accounts-routes.ts';
import { platformPublic } from './core/platform-routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { consoleRoutes } from './console/routes.ts';
import { consolePages } from './console/pages.ts';
import { plansPublic, plansStaff } from './plans/routes.ts';
import { widgetsStatic } from './core/static.ts';
import { uploadRoutes } from './core/uploads.ts';
import { tipsPublic, tipsStaff } from './tips/routes.ts';
import { open311 } from './tips/open311.ts';
import { purgeTipPersonalData } from './tips/retention.ts';
import { kitaPublic, kitaStaff } from './kita/routes.ts';
import { expireOffers, purgeKitaPersonalData } from './kita/jobs.ts';
import { jobsPublic, jobsStaff } from './jobs/routes.ts';
import { purgeJobApplications } from './jobs/retention.ts';
import { platformJobs, type HousekeepingJob } from './core/housekeeping.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppOptions {
  db: Database;
  /** Directory holding the built widgets (dist/widgets). */
  distDir?: string;
  /** The clock (tests inject one to expire sessions). */
  now?: () => Date;
  /** This app's in-memory caches; a fresh set unless given (tests keep a handle on them). */
  caches?: Caches;
}

/** Every housekeeping job: the platform's and each module's retention (run by main.ts). */
export const housekeepingJobs: Record<string, HousekeepingJob> = {
  ...platformJobs,
  tipsRetention: purgeTipPersonalData,
  kitaOffers: (sql) => expireOffers(sql),
  kitaRetention: purgeKitaPersonalData,
  jobsRetention: (sql) => purgeJobApplications(sql),
};

const DEFAULT_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'widgets');

/** Paths that take files and set their own body limit. */
const LARGE_BODIES = ['/v1/uploads', '/v1/staff/plans/import', '/open311/v2/requests.json'];

export function createApp({ db, distDir, now, caches = createCaches() }: AppOptions) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => methodNotAllowed(app, c) ?? notFoundRoute(c));
  app.use(requestContext(db, caches, now));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await db.sql`select 1 from bn_migrations limit 1`;
      return c.json({ status: 'ready' });
    } catch {
      return problemResponse(c, new ApiError('NOT_READY', { detail: 'The database is not reachable.' }));
    }
  });

  // Who may call what is declared by each sub-app (core/auth.ts), not derived from the path.
  app.use('/v1/*', apiEdge(LARGE_BODIES));
  app.route('/v1/auth', authRoutes);
  app.route('/v1', platformPublic);
  app.route('/v1/admin', adminRoutes);
  app.route('/v1/staff', consoleRoutes);
  app.route('/v1/staff/plans', plansStaff);
  app.route('/v1/plans', plansPublic);
  app.route('/v1/uploads', uploadRoutes);
  app.route('/v1/tips', tipsPublic);
  app.route('/v1/staff/tips', tipsStaff);
  app.route('/v1/kita', kitaPublic);
  app.route('/v1/staff/kita', kitaStaff);
  app.route('/v1/jobs', jobsPublic);
  app.route('/v1/staff/jobs', jobsStaff);

  app.get(
    '/v1/openapi.json',
    openAPIRouteHandler(app, {
      // hono-openapi drops paths whose last segment has a dot as "static files" by default;
      // ours are API exports (statistics.csv, export.csv): documented like every route.
      excludeStaticFile: false,
      exclude: ['/v1/openapi.json'],
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Bürgernah API',
          version: '1',
          description: 'Multi-tenant API for municipal web widgets. Errors are RFC 9457 problem+json.',
          license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'bn_pk_ (publishable), bn_sk_ (staff) or bn_ak_ (admin) key' },
            session: { type: 'apiKey', in: 'cookie', name: 'bn_session', description: 'A person signed in through /v1/auth (staff and admin routes)' },
            queryKey: { type: 'apiKey', in: 'query', name: 'key', description: 'Publishable key on public GETs' },
          },
        },
        security: [{ bearer: [] }],
      },
    }),
  );

  app.route('/open311/v2', open311);
  app.route('/widgets', widgetsStatic(distDir ?? DEFAULT_DIST));
  app.route('/', consolePages);
  return app;
}

/** Hono answers a known path with a wrong method as 404; we say 405 with Allow. */
function methodNotAllowed(app: Hono<AppEnv>, c: Parameters<Parameters<Hono<AppEnv>['notFound']>[0]>[0]): Response | null {
  const allowed = routeMethods(app, c.req.path);
  allowed.delete(c.req.method);
  if (!allowed.size) return null;
  const res = problemResponse(
    c,
    new ApiError('METHOD_NOT_ALLOWED', {
      detail: `${c.req.method} is not allowed here; use ${[...allowed].join(', ')}.`,
      headers: { Allow: [...allowed].join(', ') },
    }),
  );
  return res;
}

const patterns = new WeakMap<Hono<AppEnv>, { method: string; re: RegExp }[]>();

const routeCache = new WeakMap<Hono<AppEnv>, Map<string, Set<string>>>();

/** The methods with a handler (not middleware) for a concrete path; memoised per path. */
function routeMethods(app: Hono<AppEnv>, path: string): Set<string> {
  let memo = routeCache.get(app);
  if (!memo) {
    memo = new Map();
    routeCache.set(app, memo);
  }
  const hit = memo.get(path);
  if (hit) return new Set(hit);
  const found = matchRoutes(app, path);
  if (memo.size < 10_000) memo.set(path, found);
  return new Set(found);
}

function matchRoutes(app: Hono<AppEnv>, path: string): Set<string> {
  let list = patterns.get(app);
  if (!list) {
    list = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({
        method: r.method,
        re: new RegExp(
          '^' +
            r.path
              .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
              .replace(/\/:[^/]+/g, '/[^/]+')
              .replace(/\*/g, '.*') +
            '$',
        ),
      }));
    patterns.set(app, list);
  }
  return new Set(list.filter((p) => p.re.test(path)).map((p) => p.method));
}
