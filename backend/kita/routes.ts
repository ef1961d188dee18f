// Kita-Anmeldung HTTP API. Shapes and types: ./schema.ts. Errors are the platform's
// problem+json; kita's own details and field messages read "Deutsch · English".
//
// PUBLIC (publishable key: Bearer, or ?key= on GET), mounted at /v1/kita as `kitaPublic`
//   GET  /v1/kita/settings                   → KitaPublicSettings (max wishes, lead time, towns; ETag)
//   GET  /v1/kita/facilities?town&age        → { items: PublicFacility[] } every active Kita of the
//                                              community (county and towns); takesWishes says whether a
//                                              family of this page may wish it (ETag)
//   GET  /v1/kita/facilities/:id/photo       → the Kita's photo
//   POST /v1/kita/registrations  X-Altcha + Idempotency-Key; body RegistrationCreate
//                                            → 201 RegistrationCreated { ref: KA-2026-00017, token, state, createdAt }
//                                              422 VALIDATION_FAILED: schema rules, and the tenant's (max wishes,
//                                              lead time, start before birth, same Kita twice, Kita outside the
//                                              community or not taking outside families → "wishes.N")
//   GET  /v1/kita/registrations/status?ref&token → RegistrationStatus (no-store); wrong pair → 404.
//                                              Works with the key of any tenant of the community.
//   POST /v1/kita/registrations/status/change   body { ref, token, startDate?, careHours? } → RegistrationStatus
//   POST /v1/kita/registrations/status/withdraw body { ref, token } → RegistrationStatus (all wishes withdrawn)
//   POST /v1/kita/offers/:id/accept   body { ref, token } → RegistrationStatus; every other wish of the child
//                                      in the community is withdrawn and those Kitas are told.
//                                      409 OFFER_EXPIRED (after the deadline), OFFER_WITHDRAWN, OFFER_CLOSED
//   POST /v1/kita/offers/:id/decline  body { ref, token } → RegistrationStatus; same 409s
//   POST /v1/kita/drafts  X-Altcha + Idempotency-Key; body DraftCreate { email, data, pageUrl, replaces? }
//                                    → 201 { id, expiresAt }; the resume link goes by e-mail only
//                                      (#bn-kita-draft=ID.TOKEN on pageUrl, an origin of the tenant)
//   GET  /v1/kita/drafts/resume?id&token → { data, expiresAt } (no-store); expired or wrong → 404
//
// STAFF (session with role kita / kita:read, or a staff key), mounted at /v1/staff/kita as `kitaStaff`
//   GET    /v1/staff/kita/facilities             → { items: StaffFacility[] } (own tenant)
//   POST   /v1/staff/kita/facilities             body FacilityCreate → 201 StaffFacility
//   GET    /v1/staff/kita/facilities/:id         → StaffFacility
//   PATCH  /v1/staff/kita/facilities/:id         body FacilityUpdate → StaffFacility (light, capacity, …)
//   DELETE /v1/staff/kita/facilities/:id         → 204; 409 FACILITY_IN_USE when it has wishes
//   PUT    /v1/staff/kita/facilities/:id/photo   multipart `file` (JPEG, PNG, WebP; type from the bytes, size and
//                                                  pixel caps, re-encoded without EXIF/GPS) → StaffFacility; the old
//                                                  photo is deleted. DELETE …/photo → StaffFacility without photo.
//   GET    /v1/staff/kita/accounts               → { items: KitaAccount[], mayAssign } the tenant's accounts with a Kita
//                                                  role (name, e-mail, role; for any Kita role, so a team
//                                                  sees its colleagues by name); mayAssign: the caller is
//                                                  the office with the clerk role and may PATCH `staff`
//   Accounts listed in a Kita's `staff` act for their Kitas only; offers as `allocation` says
//   (scope.ts): 403 KITA_SCOPE otherwise.
//   GET    /v1/staff/kita/registrations?facilityId&state → { items: StaffWish[] } ranked per Kita, points
//                                                  explained line by line; without facilityId: the central
//                                                  view across the tenant's Kitas
//   POST   /v1/staff/kita/offers                 body { registrationId, facilityId, deadline? } → 201 offer;
//                                                  409 OFFER_OPEN while the child holds an open offer anywhere in
//                                                  the community (database-enforced); 422 when the child did not
//                                                  wish the Kita
//   POST   /v1/staff/kita/offers/:id/withdraw    → 204
//   GET    /v1/staff/kita/statistics             → KitaStatistics; .csv and .xlsx exports beside it
//   GET|PUT /v1/staff/kita/settings              → KitaSettings
//   Another tenant's id is a 404 everywhere.
import { Hono, type MiddlewareHandler } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv, Vars } from '../core/env.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { cachedJson } from '../core/http.ts';
import { idempotent } from '../core/idempotency.ts';
import { forgetKeys, publicAccess, requireRole, staffAccess } from '../core/auth.ts';
import { tenantDb } from '../core/tenant-db.ts';
import type { TenantRow } from '../core/tenants.ts';
import { berlinToday } from '../core/time.ts';
import { claimUploads, fileFromForm, processFile, readUpload, registerUploadTypes, saveUpload, uploadBodyLimit, uploadBudget } from '../core/uploads.ts';
import { validate } from '../core/validate.ts';
import { DraftCreate, DraftQuery, KitaSettings, KitaSettingsUpdate, OfferCreate, RegistrationCreate, StaffRegistrationQuery, StatusAction, StatusChange, StatusQuery } from './schema.ts';
import { FacilityCreate, FacilityQuery, FacilityUpdate } from './facility-schema.ts';
import { checkStaff, kitaAccounts, kitaScope, mayAssign, requireEdit, requireOffer, requireOffice, scopeView, type KitaScope } from './scope.ts';
import { kitaSettings, saveKitaSettings } from './settings.ts';
import {
  acceptOffer,
  changeRegistration,
  communityOf,
  createDraft,
  createRegistration,
  declineOffer,
  facilityInCommunity,
  findByToken,
  listCommunityFacilities,
  publicFacility,
  publicSettingsOf,
  readDraft,
  statusView,
  withdrawRegistration,
} from './store.ts';
import {
  createFacility,
  createOffer,
  deleteFacility,
  replacePhoto,
  getFacility,
  isOfferOpenViolation,
  listFacilities,
  listWishes,
  offerOpen,
  PHOTO_TYPES,
  statistics,
  statisticsCsv,
  statisticsXlsx,
  updateFacility,
  withdrawOffer,
} from './staff-store.ts';

const tags = ['kita'];
registerUploadTypes('kita', PHOTO_TYPES);

const IdParam = v.object({ id: v.pipe(v.string(), v.uuid('Keine gültige Kennung. · Not a valid id.')) });

const moduleOn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('tenant')?.modules.includes('kita')) {
    throw new ApiError('MODULE_DISABLED', { detail: 'Diese Gemeinde bietet keine Kita-Anmeldung an. · This municipality does not offer daycare registration.' });
  }
  await next();
};

const today = (c: Vars) => berlinToday(c.get('now')());

/** Runs a family's action in the registration's own tenant scope and answers its new view. */
async function asFamily(c: Vars, ref: string, token: string, fn: (tx: Parameters<Parameters<ReturnType<typeof tenantDb>['tx']>[0]>[0], f: Awaited<ReturnType<typeof findByToken>>) => Promise<void>) {
  const f = await findByToken(c.get('db').sql, c.get('tenant'), ref, token);
  return tenantDb(c.get('db').sql, f.tenantId).tx(async (tx) => {
    await fn(tx, f);
    return statusView(tx, f);
  });
}

export const kitaPublic = new Hono<AppEnv>()
  .use(publicAccess(), moduleOn)
  .get('/settings', describeRoute({ tags, summary: 'Form rules and the towns of the community (ETag)' }), async (c) => cachedJson(c, await publicSettingsOf(c.get('db').sql, c.get('tenant'))))
  .get('/facilities', describeRoute({ tags, summary: 'Every Kita of the community (county and towns), ?town=&age= (ETag)' }), validate('query', FacilityQuery), async (c) => {
    const community = communityOf(c.get('tenant'));
    const rows = await c.get('tdb').tx((tx) => listCommunityFacilities(tx, community, c.req.valid('query')));
    return cachedJson(c, { items: rows.map((f) => publicFacility(f, c.get('tenant').id)) }, 'public, max-age=60, stale-while-revalidate=300');
  })
  .get('/facilities/:id/photo', describeRoute({ tags, summary: "A Kita's photo" }), validate('param', IdParam), async (c) => {
    const f = await c.get('tdb').tx((tx) => facilityInCommunity(tx, communityOf(c.get('tenant')), c.req.valid('param').id));
    const file = f?.photo ? await tenantDb(c.get('db').sql, f.tenant_id).tx((tx) => readUpload(tx, f.tenant_id, f.photo!)) : null;
    if (!file) throw notFound('photo');
    return c.body(new Uint8Array(file.bytes), 200, {
      'Content-Type': file.contentType,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    });
  })
  .post(
    '/registrations',
    describeRoute({ tags, summary: 'Register a child with ranked wishes (ALTCHA, Idempotency-Key) → reference and token' }),
    idempotent({ required: true, altcha: true }),
    validate('json', RegistrationCreate),
    async (c) => {
      const created = await createRegistration(c.get('db').sql, c.get('tenant'), c.req.valid('json'), c.get('now')());
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  )
  .get('/registrations/status', describeRoute({ tags, summary: "The family's view by reference and token" }), validate('query', StatusQuery), async (c) => {
    const { ref, token } = c.req.valid('query');
    c.header('Cache-Control', 'no-store');
    return c.json(await asFamily(c, ref, token, async () => {}));
  })
  .post('/registrations/status/change', describeRoute({ tags, summary: 'Change the start date or care hours' }), validate('json', StatusChange), async (c) => {
    const { ref, token, startDate, careHours } = c.req.valid('json');
    const change = { ...(startDate !== undefined && { startDate }), ...(careHours !== undefined && { careHours }) };
    return c.json(await asFamily(c, ref, token, (tx, f) => changeRegistration(tx, f, change, today(c))));
  })
  .post('/registrations/status/withdraw', describeRoute({ tags, summary: 'Withdraw the whole registration' }), validate('json', StatusAction), async (c) => {
    const { ref, token } = c.req.valid('json');
    return c.json(await asFamily(c, ref, token, (tx, f) => withdrawRegistration(tx, f, c.get('tenant').name)));
  })
  .post(
    '/offers/:id/accept',
    describeRoute({ tags, summary: 'Accept an offer: every other wish in the community is withdrawn' }),
    validate('param', IdParam),
    validate('json', StatusAction),
    async (c) => {
      const { ref, token } = c.req.valid('json');
      return c.json(await asFamily(c, ref, token, (tx, f) => acceptOffer(tx, f, c.req.valid('param').id, today(c))));
    },
  )
  .post('/offers/:id/decline', describeRoute({ tags, summary: 'Decline an offer' }), validate('param', IdParam), validate('json', StatusAction), async (c) => {
    const { ref, token } = c.req.valid('json');
    return c.json(await asFamily(c, ref, token, (tx, f) => declineOffer(tx, f, c.req.valid('param').id, today(c))));
  })
  .post(
    '/drafts',
    describeRoute({ tags, summary: '"Später fortsetzen": keep the form on the server, send a resume link by e-mail' }),
    idempotent({ required: true, altcha: true }),
    validate('json', DraftCreate),
    async (c) => c.json(await createDraft(c.get('db').sql, c.get('tenant'), c.req.valid('json')), 201),
  )
  .get('/drafts/resume', describeRoute({ tags, summary: 'A draft by its resume link' }), validate('query', DraftQuery), async (c) => {
    const { id, token } = c.req.valid('query');
    c.header('Cache-Control', 'no-store');
    return c.json(await readDraft(c.get('db').sql, c.get('tenant'), id, token));
  });

async function freshTenant(c: Vars): Promise<TenantRow> {
  const [t] = await c.get('db').sql<TenantRow[]>`select * from tenants where id = ${c.get('tenant').id}`;
  return t!;
}

/** The caller's Kitas and allocation rights (scope.ts), read inside the request's transaction. */
async function scopeOf(c: Vars, tenant?: TenantRow): Promise<KitaScope> {
  const t = tenant ?? (await freshTenant(c));
  return c.get('tdb').tx((tx) => kitaScope(tx, t, c.get('auth')));
}

export const kitaStaff = new Hono<AppEnv>()
  .use(staffAccess(), moduleOn, requireRole({ module: 'kita' }))
  .get('/facilities', describeRoute({ tags, summary: "The tenant's Kitas" }), async (c) => c.json({ items: await c.get('tdb').tx((tx, tenantId) => listFacilities(tx, tenantId)) }))
  .post('/facilities', describeRoute({ tags, summary: 'Add a Kita (the office only)' }), validate('json', FacilityCreate), async (c) => {
    requireOffice(await scopeOf(c));
    const body = c.req.valid('json');
    await checkStaff(c.get('db').sql, c.get('tenant').id, body.staff ?? []);
    return c.json(await c.get('tdb').tx((tx) => createFacility(tx, c.get('tenant'), body, c.get('auth').actor)), 201);
  })
  .get('/facilities/:id', describeRoute({ tags, summary: 'A Kita' }), validate('param', IdParam), async (c) =>
    c.json(await c.get('tdb').tx((tx, tenantId) => getFacility(tx, tenantId, c.req.valid('param').id))),
  )
  .patch('/facilities/:id', describeRoute({ tags, summary: 'Change a Kita (free-place light, capacity, …)' }), validate('param', IdParam), validate('json', FacilityUpdate), async (c) => {
    const scope = await scopeOf(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    requireEdit(scope, id);
    // Who belongs to a Kita's team is the office's decision, not the team's.
    if (body.staff) {
      requireOffice(scope);
      await checkStaff(c.get('db').sql, c.get('tenant').id, body.staff);
    }
    return c.json(await c.get('tdb').tx((tx, tenantId) => updateFacility(tx, tenantId, id, body, c.get('auth').actor)));
  })
  .put(
    '/facilities/:id/photo',
    describeRoute({ tags, summary: 'A Kita\'s photo (multipart "file": JPEG, PNG or WebP; re-encoded without EXIF/GPS)' }),
    validate('param', IdParam),
    uploadBudget(),
    uploadBodyLimit(),
    async (c) => {
      const { id } = c.req.valid('param');
      requireEdit(await scopeOf(c), id);
      if (!(c.req.header('Content-Type') ?? '').startsWith('multipart/form-data')) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', { detail: 'Bitte als multipart/form-data mit dem Feld "file" senden. · Send the file as multipart/form-data with the field "file".' });
      }
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new ApiError('BAD_REQUEST', { detail: 'The multipart body is malformed.' });
      }
      const photo = await processFile(await fileFromForm(form, 'file'), new Set(PHOTO_TYPES));
      return c.json(
        await c.get('tdb').tx(async (tx, tenantId) => {
          const before = await getFacility(tx, tenantId, id);
          const saved = await saveUpload(tx, tenantId, photo);
          await claimUploads(tx, tenantId, [saved.id], { path: 'file', types: PHOTO_TYPES });
          return replacePhoto(tx, tenantId, id, saved.id, before, c.get('auth').actor);
        }),
      );
    },
  )
  .delete('/facilities/:id/photo', describeRoute({ tags, summary: "Remove a Kita's photo" }), validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    requireEdit(await scopeOf(c), id);
    return c.json(await c.get('tdb').tx(async (tx, tenantId) => replacePhoto(tx, tenantId, id, null, await getFacility(tx, tenantId, id), c.get('auth').actor)));
  })
  .delete('/facilities/:id', describeRoute({ tags, summary: 'Remove a Kita without wishes (the office only)' }), validate('param', IdParam), async (c) => {
    requireOffice(await scopeOf(c));
    await c.get('tdb').tx((tx, tenantId) => deleteFacility(tx, tenantId, c.req.valid('param').id, c.get('auth').actor));
    return c.body(null, 204);
  })
  .get('/accounts', describeRoute({ tags, summary: "The tenant's accounts with a Kita role (the candidates for a Kita's team)" }), async (c) => {
    const scope = await scopeOf(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ items: await kitaAccounts(c.get('db').sql, c.get('tenant').id), mayAssign: mayAssign(scope) });
  })
  .get('/registrations', describeRoute({ tags, summary: "Wishes for the tenant's Kitas, ranked, points explained" }), validate('query', StaffRegistrationQuery), async (c) => {
    const tenant = await freshTenant(c);
    c.header('Cache-Control', 'no-store');
    const { items, scope } = await c.get('tdb').tx(async (tx) => {
      const s = await kitaScope(tx, tenant, c.get('auth'));
      return { items: await listWishes(tx, tenant, c.req.valid('query'), s), scope: scopeView(s) };
    });
    return c.json({ items, scope });
  })
  .post('/offers', describeRoute({ tags, summary: 'Offer a place with a deadline; 409 OFFER_OPEN while the child holds one' }), validate('json', OfferCreate), async (c) => {
    const tenant = await freshTenant(c);
    const body = c.req.valid('json');
    try {
      return c.json(
        await c.get('tdb').tx(async (tx) => {
          requireOffer(await kitaScope(tx, tenant, c.get('auth')), body.facilityId);
          return createOffer(tx, tenant, body, c.get('auth').actor, today(c));
        }),
        201,
      );
    } catch (err) {
      if (isOfferOpenViolation(err)) throw offerOpen();
      throw err;
    }
  })
  .post('/offers/:id/withdraw', describeRoute({ tags, summary: 'Withdraw an open offer' }), validate('param', IdParam), async (c) => {
    const tenant = await freshTenant(c);
    await c.get('tdb').tx(async (tx, tenantId) => {
      const scope = await kitaScope(tx, tenant, c.get('auth'));
      await withdrawOffer(tx, tenantId, c.req.valid('param').id, c.get('auth').actor, (facilityId) => requireOffer(scope, facilityId));
    });
    return c.body(null, 204);
  })
  .get('/statistics', describeRoute({ tags, summary: 'Demand per birth year, age group, care hours, town' }), async (c) => c.json(await c.get('tdb').tx((tx, tenantId) => statistics(tx, tenantId))))
  .get(
    '/statistics.csv',
    describeRoute({
      tags,
      summary: 'Demand statistics as CSV (UTF-8 with BOM, ";"; cells starting with = + - @ neutralised)',
      responses: { 200: { description: 'One row per birth year, age group, care hours, town and state with its count', content: { 'text/csv': { schema: { type: 'string' } } } } },
    }),
    async (c) => {
      const csv = statisticsCsv(await c.get('tdb').tx((tx, tenantId) => statistics(tx, tenantId)));
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="kita-nachfrage-${c.get('tenant').slug}-${today(c)}.csv"`,
        'Cache-Control': 'no-store',
      });
    },
  )
  .get(
    '/statistics.xlsx',
    describeRoute({
      tags,
      summary: 'Demand statistics as an Excel workbook (one sheet per dimension)',
      responses: {
        200: {
          description: 'The same counts as statistics.csv',
          content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
        },
      },
    }),
    async (c) => {
      const bytes = await statisticsXlsx(await c.get('tdb').tx((tx, tenantId) => statistics(tx, tenantId)), c.get('tenant').name);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="kita-nachfrage-${c.get('tenant').slug}-${today(c)}.xlsx"`,
        'Cache-Control': 'no-store',
      });
    },
  )
  .get('/settings', describeRoute({ tags, summary: 'Kita settings with defaults' }), async (c) => c.json(kitaSettings(await freshTenant(c))))
  .put('/settings', describeRoute({ tags, summary: 'Change Kita settings (any subset; the office only)' }), validate('json', KitaSettingsUpdate), async (c) => {
    const tenant = await freshTenant(c);
    requireOffice(await scopeOf(c, tenant));
    const body = c.req.valid('json');
    const current = kitaSettings(tenant);
    const next = v.parse(KitaSettings, { ...current, ...body, weights: { ...current.weights, ...body.weights } });
    await saveKitaSettings(c.get('db').sql, tenant.id, next, c.get('auth').actor, Object.keys(body));
    forgetKeys(c);
    return c.json(next);
  });
