// Bürgertipps HTTP API. Shapes and types: ./schema.ts. Errors are the platform's problem+json;
// a 422 carries errors[].path in the schema's dot paths (e.g. "location.address").
//
// PUBLIC (publishable key: Bearer, or ?key= on GET), mounted at /v1/tips as `tipsPublic`
//   GET  /v1/tips/categories                 → TipsPublicSettings (ETag, 304)
//   GET  /v1/tips?kind&category&status&page&pageSize
//                                            → PublicTipPage, published tips only, newest first (ETag, 304)
//   GET  /v1/tips/nearby?lat&lng&category    → { items: PublicTip[] } (with `distance` in m), published,
//                                              not closed, within NEARBY_METERS (50 m), nearest first
//   POST /v1/tips            headers: X-Altcha, Idempotency-Key (uuid); body TipCreate
//                                            → 201 TipCreated { ref, token, status, tenant, createdAt }
//                                              422 VALIDATION_FAILED (schema + checkAgainstSettings paths;
//                                              unknown/expired photo id → path "photos.N"),
//                                              403 ALTCHA_FAILED, 409/422 idempotency problems
//   GET  /v1/tips/status?ref&token           → TipStatusView (Cache-Control: no-store); wrong pair → 404.
//                                              Works with the key of any tenant of the tip's community,
//                                              so the tracking link survives a forward.
//   POST /v1/tips/status/reopen  X-Altcha + Idempotency-Key; body TipReopen { ref, token, reason }
//                                            → TipStatusView (status back to in_progress);
//                                              409 NOT_REOPENABLE unless resolved
//   POST /v1/tips/:ref/support   X-Altcha + Idempotency-Key; no body
//                                            → { ref, supportCount } ("me too" on a published tip)
//   GET  /v1/tips/:ref/photos/:id            → the image (published tips only), immutable cache
//
// UPLOADS (core, publishable key): POST /v1/uploads multipart field `file` (≤ 10 MB) → 201 { id,
//   contentType, size }; 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE. Ids go into TipCreate.photos.
//
// STAFF (staff key), mounted at /v1/staff/tips as `tipsStaff`
//   GET   /v1/staff/tips?status&kind&category&from&to&q&assignee&published&idleDays&sort&page&pageSize
//                                            → StaffTipPage (sort: created|-created|updated|-updated|status|support|-support)
//                                              assignee: an id, "me" (who asks) or "none"; idleDays=N: open tips
//                                              unchanged for more than N days; counts: per status, same filter
//   GET   /v1/staff/tips/export.csv?<same filters>
//                                            → text/csv; UTF-8 BOM, ";" separated, formula-safe, words not codes
//   GET   /v1/staff/tips/points?<same filters> → InboxPoints (the inbox map; at most MAX_POINTS pins)
//   POST  /v1/staff/tips/bulk                body TipBulk { refs[≤100], status?, reason?, published?, assignee? }
//                                            → 200 TipBulkResult: one transaction, a savepoint per tip; a tip that
//                                              refuses is listed with its code and message, the others change
//                                              (history and audit per tip)
//   GET   /v1/staff/tips/filters             → { items: SavedFilter[] } (the asking person's own)
//   POST  /v1/staff/tips/filters             body SavedFilterCreate { name, query } → 201 (200 when it replaced
//                                              the filter of that name) SavedFilter
//   DELETE /v1/staff/tips/filters/:id        → 204; someone else's filter is a 404
//   GET   /v1/staff/tips/forward-targets     → { items: ForwardTarget[] } (the community's tenants offering tips)
//   GET   /v1/staff/tips/assignees           → { items: { id, label }[] } (the tenant's clerks)
//   GET   /v1/staff/tips/settings            → TipsSettings (defaults filled in)
//   PUT   /v1/staff/tips/settings            body TipsSettingsUpdate → TipsSettings
//   GET   /v1/staff/tips/:ref                → StaffTip (contact, answers, events incl. internal notes)
//   PATCH /v1/staff/tips/:ref                body StaffTipUpdate { status?, reason?, publicAnswer?,
//                                              published?, assignee? } → StaffTip;
//                                              409 INVALID_TRANSITION (see STATUS_TRANSITIONS)
//   POST  /v1/staff/tips/:ref/notes          body { text } → 201 StaffTip (internal note, never public)
//   POST  /v1/staff/tips/:ref/forward        body { tenant: slug (from forward-targets), note? } → { ref, tenant: { slug, name } };
//                                              the tip (with photos, history, contact) moves to a tenant of the
//                                              same community; 422 path "tenant" across communities
//   GET   /v1/staff/tips/:ref/photos/:id     → the image (fetch with the staff key, show as blob URL)
//   Another tenant's reference is a 404 everywhere.
//
// Tracking link: trackingLink(pageUrl, ref, token) / parseTrackingHash(location.hash) in schema.ts
//   (`#bn-tip=REF.TOKEN`, in the fragment so it never reaches a server log). E-mails use the
//   tenant's settings.statusPageUrl when set, else they quote reference and token.
// Public lists are cached in-process for BN_TIPS_LIST_CACHE_MS (2 s); writes here drop them.
//
// OPEN311 GeoReport v2: see ./open311.ts (mounted at /open311/v2).
import { Hono, type MiddlewareHandler } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv, Vars } from '../core/env.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { cachedJson } from '../core/http.ts';
import { idempotent } from '../core/idempotency.ts';
import { publicUrl } from '../core/accounts-routes.ts';
import { forgetKeys, publicAccess, requireRole, staffAccess } from '../core/auth.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { readUpload, registerUploadTypes } from '../core/uploads.ts';
import type { TenantRow } from '../core/tenants.ts';
import { validate } from '../core/validate.ts';
import {
  InboxPointsQuery,
  NearbyQuery,
  PHOTO_TYPES,
  SavedFilterCreate,
  StaffForward,
  TipBulk,
  StaffNote,
  StaffTipQuery,
  StaffTipUpdate,
  TipCreate,
  TipListQuery,
  TipRef,
  TipReopen,
  TipStatusQuery,
  TipsSettings,
  TipsSettingsUpdate,
} from './schema.ts';
import { publicSettings, saveTipsSettings, tipsSettings } from './settings.ts';
import { createTip, findByToken, listPublic, nearby, publicPhoto, reopen, statusView, support } from './store.ts';
import {
  addNote,
  assignableStaff,
  bulkUpdate,
  deleteFilter,
  exportCsv,
  forwardTargets,
  forwardTip,
  getStaffTip,
  listFilters,
  listPoints,
  listStaff,
  photoOf,
  saveFilter,
  staffLabels,
  updateStaffTip,
} from './staff-store.ts';

const tags = ['tips'];

// Tips take photos through POST /v1/uploads (and nothing else).
registerUploadTypes('tips', PHOTO_TYPES);
const RefParam = v.object({ ref: TipRef });
const PhotoParam = v.object({ ref: TipRef, id: v.pipe(v.string(), v.uuid('Not a photo id.')) });
const FilterParam = v.object({ id: v.pipe(v.string(), v.uuid('Not a filter id.')) });

/** `assignee=me` is whoever asks: the signed-in person, or the staff key. */
function resolveMe<Q extends { assignee?: string }>(c: Vars, q: Q): Q {
  return q.assignee === 'me' ? { ...q, assignee: c.get('auth').actor.id } : q;
}

/** The tenant must offer the module. */
const moduleOn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('tenant')?.modules.includes('tips')) {
    throw new ApiError('MODULE_DISABLED', { detail: 'This municipality does not offer Bürgertipps.' });
  }
  await next();
};

function image(c: { body: (b: Uint8Array, s: 200, h: Record<string, string>) => Response }, file: { contentType: string; bytes: Buffer } | null, cache: string) {
  if (!file) throw notFound('photo');
  return c.body(new Uint8Array(file.bytes), 200, {
    'Content-Type': file.contentType,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
  });
}

/**
 * Public list pages are cached in-process for a moment: a town's front page asks for the same
 * page again and again, and the answer is public anyway (Cache-Control allows 30 s). Writes in
 * this process drop the tenant's entries; other replicas catch up within the TTL.
 */
const LIST_TTL_MS = Number(process.env.BN_TIPS_LIST_CACHE_MS ?? 2000);
type ListCache = Map<string, { at: number; page: unknown }>;
/** This app's list pages (one cache per app, i.e. per replica). */
const listsOf = (c: Vars): ListCache => c.get('caches').module('tips:lists');

function forgetLists(c: Vars, ...tenantIds: string[]) {
  const lists = listsOf(c);
  for (const k of lists.keys()) if (tenantIds.some((id) => k.startsWith(id + '|'))) lists.delete(k);
}

export const tipsPublic = new Hono<AppEnv>()
  .use(publicAccess(), moduleOn)
  .get('/categories', describeRoute({ tags, summary: 'Kinds, categories and form rules of the tenant (ETag)' }), (c) => cachedJson(c, publicSettings(tipsSettings(c.get('tenant')))))
  .get('/', describeRoute({ tags, summary: 'Published tips, newest first (ETag)' }), validate('query', TipListQuery), async (c) => {
    const query = c.req.valid('query');
    const key = `${c.get('tenant').id}|${JSON.stringify(query)}`;
    const lists = listsOf(c);
    let hit = lists.get(key);
    if (!hit || Date.now() - hit.at > LIST_TTL_MS) {
      hit = { at: Date.now(), page: await c.get('tdb').tx((sql, tenantId) => listPublic(sql, tenantId, query)) };
      if (lists.size > 5000) lists.clear();
      lists.set(key, hit);
    }
    return cachedJson(c, hit.page, 'public, max-age=30, stale-while-revalidate=120');
  })
  .get('/nearby', describeRoute({ tags, summary: 'Open published tips within 50 m (duplicate offer)' }), validate('query', NearbyQuery), async (c) => {
    const items = await c.get('tdb').tx((sql, tenantId) => nearby(sql, tenantId, c.req.valid('query')));
    return cachedJson(c, { items }, 'public, max-age=30');
  })
  .post(
    '/',
    describeRoute({ tags, summary: 'Submit a tip (ALTCHA, Idempotency-Key); answers reference and tracking token' }),
    idempotent({ required: true, altcha: true }),
    validate('json', TipCreate),
    async (c) => {
      const created = await createTip(c.get('db').sql, c.get('tenant'), c.req.valid('json'), { source: 'web', ip: c.get('clientIp'), consoleUrl: publicUrl(c) });
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  )
  .get('/status', describeRoute({ tags, summary: "The citizen's view by reference and token" }), validate('query', TipStatusQuery), async (c) => {
    const { ref, token } = c.req.valid('query');
    const hit = await findByToken(c.get('db').sql, c.get('tenant'), ref, token);
    const view = await tenantDb(c.get('db').sql, hit.tenantId).tx((sql) => statusView(sql, hit.tenantId, hit.id, hit.tenant));
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  })
  .post(
    '/status/reopen',
    describeRoute({ tags, summary: 'The citizen re-opens a resolved report that is not fixed' }),
    idempotent({ required: true, altcha: true }),
    validate('json', TipReopen),
    async (c) => {
      const { ref, token, reason } = c.req.valid('json');
      const hit = await findByToken(c.get('db').sql, c.get('tenant'), ref, token);
      const view = await tenantDb(c.get('db').sql, hit.tenantId).tx(async (sql) => {
        await reopen(sql, hit.tenantId, hit.id, reason, publicUrl(c));
        return statusView(sql, hit.tenantId, hit.id, hit.tenant);
      });
      forgetLists(c, hit.tenantId);
      c.header('Cache-Control', 'no-store');
      return c.json(view);
    },
  )
  .post('/:ref/support', describeRoute({ tags, summary: '"Me too" for a published open tip' }), idempotent({ required: true, altcha: true }), validate('param', RefParam), async (c) => {
    const result = await c.get('tdb').tx((sql, tenantId) => support(sql, tenantId, c.req.valid('param').ref));
    forgetLists(c, c.get('tenant').id);
    return c.json(result);
  })
  .get('/:ref/photos/:id', describeRoute({ tags, summary: 'A photo of a published tip' }), validate('param', PhotoParam), async (c) => {
    const { ref, id } = c.req.valid('param');
    const file = await c.get('tdb').tx(async (sql, tenantId) => ((await publicPhoto(sql, tenantId, ref, id)) ? readUpload(sql, tenantId, id) : null));
    return image(c, file, 'public, max-age=3600');
  });

async function freshTenant(c: Vars): Promise<TenantRow> {
  const [t] = await c.get('db').sql<TenantRow[]>`select * from tenants where id = ${c.get('tenant').id}`;
  // Deleted between the key check and here: as gone as any other tenant.
  if (!t) throw notFound('tenant');
  return t;
}

export const tipsStaff = new Hono<AppEnv>()
  .use(staffAccess(), moduleOn, requireRole({ module: 'tips' }))
  .get('/', describeRoute({ tags, summary: 'Inbox: filters, full text, sorting, paging, counts per status' }), validate('query', StaffTipQuery), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    c.header('Cache-Control', 'no-store');
    return c.json(await c.get('tdb').tx((sql, tenantId) => listStaff(sql, tenantId, resolveMe(c, c.req.valid('query')), labels)));
  })
  .get('/points', describeRoute({ tags, summary: 'The inbox on a map: pins of the filtered tips' }), validate('query', InboxPointsQuery), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await c.get('tdb').tx((sql, tenantId) => listPoints(sql, tenantId, resolveMe(c, c.req.valid('query')))));
  })
  .post('/bulk', describeRoute({ tags, summary: 'One change on many tips (assign, status, publish), per-tip results' }), validate('json', TipBulk), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    const tenant = await freshTenant(c);
    const result = await c.get('tdb').tx((sql) => bulkUpdate(sql, tenant, c.req.valid('json'), c.get('auth').actor, labels));
    forgetLists(c, tenant.id);
    return c.json(result);
  })
  .get('/filters', describeRoute({ tags, summary: "The asking person's saved inbox filters" }), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ items: await c.get('tdb').tx((sql, tenantId) => listFilters(sql, tenantId, c.get('auth').actor.id)) });
  })
  .post('/filters', describeRoute({ tags, summary: 'Save an inbox filter under a name (same name: replaced)' }), validate('json', SavedFilterCreate), async (c) => {
    const { filter, created } = await c.get('tdb').tx((sql, tenantId) => saveFilter(sql, tenantId, c.get('auth').actor.id, c.req.valid('json')));
    return c.json(filter, created ? 201 : 200);
  })
  .delete('/filters/:id', describeRoute({ tags, summary: "Delete one of the person's saved filters" }), validate('param', FilterParam), async (c) => {
    await c.get('tdb').tx((sql, tenantId) => deleteFilter(sql, tenantId, c.get('auth').actor.id, c.req.valid('param').id));
    return c.body(null, 204);
  })
  .get('/forward-targets', describeRoute({ tags, summary: "The community's tenants a tip can be forwarded to" }), async (c) =>
    c.json({ items: await forwardTargets(c.get('db').sql, await freshTenant(c)) }),
  )
  .get('/export.csv', describeRoute({ tags, summary: 'CSV for German Excel (BOM, ";", formula-safe)' }), validate('query', StaffTipQuery), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    const tenant = await freshTenant(c);
    const csv = await c.get('tdb').tx((sql) => exportCsv(sql, tenant, resolveMe(c, c.req.valid('query')), labels));
    const day = new Date().toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="buergertipps-${c.get('tenant').slug}-${day}.csv"`,
      'Cache-Control': 'no-store',
    });
  })
  .get('/assignees', describeRoute({ tags, summary: 'Staff members a tip can be assigned to' }), async (c) => c.json({ items: await assignableStaff(c.get('db').sql, c.get('tenant').id) }))
  .get('/settings', describeRoute({ tags, summary: 'Tips settings with defaults' }), async (c) => c.json(tipsSettings(await freshTenant(c))))
  .put('/settings', describeRoute({ tags, summary: 'Change tips settings (any subset)' }), validate('json', TipsSettingsUpdate), async (c) => {
    const tenant = await freshTenant(c);
    const body = c.req.valid('json');
    const next = v.parse(TipsSettings, { ...tipsSettings(tenant), ...body });
    const community = tenant.parent_id ?? tenant.id;
    const members = new Set((await c.get('db').sql<{ slug: string }[]>`select slug from tenants where coalesce(parent_id, id) = ${community}`).map((r) => r.slug));
    const errors = next.categories.flatMap((cat, i) =>
      cat.responsible && !members.has(cat.responsible) ? [{ path: `categories.${i}.responsible`, message: 'Choose a municipality of your community.' }] : [],
    );
    const ids = next.categories.map((x) => x.id);
    for (const [i, id] of ids.entries()) if (ids.indexOf(id) !== i) errors.push({ path: `categories.${i}.id`, message: 'Each category needs its own id.' });
    if (errors.length) throw new ApiError('VALIDATION_FAILED', { errors });
    await saveTipsSettings(c.get('db').sql, tenant.id, next, c.get('auth').actor, Object.keys(body));
    forgetKeys(c);
    return c.json(next);
  })
  .get('/:ref', describeRoute({ tags, summary: 'A tip with contact, answers and full history' }), validate('param', RefParam), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    c.header('Cache-Control', 'no-store');
    return c.json(await c.get('tdb').tx((sql, tenantId) => getStaffTip(sql, tenantId, c.req.valid('param').ref, labels)));
  })
  .patch('/:ref', describeRoute({ tags, summary: 'Status, reason, public answer, moderation, publishing, assignment' }), validate('param', RefParam), validate('json', StaffTipUpdate), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    const tenant = await freshTenant(c);
    const tip = await c.get('tdb').tx((sql) => updateStaffTip(sql, tenant, c.req.valid('param').ref, c.req.valid('json'), c.get('auth').actor, labels));
    forgetLists(c, tenant.id);
    return c.json(tip);
  })
  .post('/:ref/notes', describeRoute({ tags, summary: 'Internal note (never public)' }), validate('param', RefParam), validate('json', StaffNote), async (c) => {
    const labels = await staffLabels(c.get('db').sql, c.get('tenant').id);
    const tip = await c.get('tdb').tx((sql, tenantId) => addNote(sql, tenantId, c.req.valid('param').ref, c.req.valid('json').text, c.get('auth').actor, labels));
    return c.json(tip, 201);
  })
  .post('/:ref/forward', describeRoute({ tags, summary: 'Forward to another municipality of the community' }), validate('param', RefParam), validate('json', StaffForward), async (c) => {
    const { tenant, note } = c.req.valid('json');
    const moved = await forwardTip(c.get('db').sql, c.get('tenant'), c.req.valid('param').ref, tenant, note, c.get('auth').actor, publicUrl(c));
    forgetLists(c, c.get('tenant').id, moved.tenantId);
    return c.json({ ref: moved.ref, tenant: moved.tenant });
  })
  .get('/:ref/photos/:id', describeRoute({ tags, summary: 'A photo of the tip' }), validate('param', PhotoParam), async (c) => {
    const { ref, id } = c.req.valid('param');
    const file = await c.get('tdb').tx(async (sql, tenantId) => ((await photoOf(sql, tenantId, ref, id)) ? readUpload(sql, tenantId, id) : null));
    return image(c, file, 'private, no-store');
  });
