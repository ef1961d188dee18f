// Stellenangebote und Bewerbungen HTTP API. Shapes and types: ./schema.ts. Errors are the
// platform's problem+json; a 422 carries errors[].path in the schema's dot paths.
//
// PUBLIC (publishable key: Bearer, or ?key= on GET), mounted at /v1/jobs as `jobsPublic`
//   GET  /v1/jobs?employer&department&payScheme&payGrade&employmentType&location&q&withDeadline&page&pageSize
//                                          → JobPage: open postings of the tenant (and, on a county's key,
//                                            of its towns that share with it), deadline first (ETag, 304)
//   GET  /v1/jobs/feed                     → Atom 1.0 of the open postings (application/atom+xml)
//   GET  /v1/jobs/applications/status?ref&token
//                                          → ApplicationStatusView (no-store); wrong pair → 404
//   POST /v1/jobs/applications/withdraw    Idempotency-Key; body { ref, token } → ApplicationStatusView;
//                                            409 NOT_WITHDRAWABLE once decided
//   GET  /v1/jobs/:id                      → PublicJob; 404 unknown / unpublished / another community's,
//                                            410 POSTING_CLOSED after the deadline day (Europe/Berlin)
//   POST /v1/jobs/:id/applications         X-Altcha, Idempotency-Key; body ApplicationCreate (documents are
//                                            ids from POST /v1/uploads: PDF only, sniffed, no JavaScript /
//                                            embedded files / encryption — 415 UNSAFE_PDF at upload)
//                                          → 201 ApplicationCreated { ref: BW-2026-00003, token, status, createdAt };
//                                            410 after the deadline, 404 unpublished; 422 documents.N (missing,
//                                            expired, not a PDF, over MAX_DOCUMENT_BYTES) or documents (total)
//
// STAFF (session or staff key), mounted at /v1/staff/jobs as `jobsStaff`. Postings: role `jobs`
// (clerk; `jobs:read` reads). Applications: role `jobs` only; `jobs-representative`
// (Schwerbehindertenvertretung) and `staff-council` (Personalrat) read the participation view
// (no contact data, ratings or notes). Every view of an application is audited.
//   GET    /v1/staff/jobs                  → StaffPosting[] (all, with application counts)
//   POST   /v1/staff/jobs                  body PostingCreate → 201 StaffPosting (description sanitised)
//   GET    /v1/staff/jobs/settings         → JobsSettings;  PUT body JobsSettingsUpdate → JobsSettings
//   GET    /v1/staff/jobs/templates        → letter templates; POST body LetterTemplateCreate → 201
//   PUT    /v1/staff/jobs/templates/:tid   body LetterTemplateCreate;  DELETE → 204
//   GET    /v1/staff/jobs/:id              → StaffPosting;  PATCH body PostingUpdate (incl. published)
//   GET    /v1/staff/jobs/:id/applications → StaffApplication[] (view by role)
//   POST   /v1/staff/jobs/:id/applications/reject  body BulkReject → { rejected } (letters via the outbox;
//                                            §165 reasons by id for flagged applicants never invited)
//   GET    /v1/staff/jobs/:id/applications/:appId  → StaffApplication (clerk: with contact, rating, events)
//   PATCH  /v1/staff/jobs/:id/applications/:appId  body StaffApplicationUpdate { status?, reason?, rating? };
//                                            409 INVALID_TRANSITION; 422 path "reason" (§165 SGB IX)
//   POST   /v1/staff/jobs/:id/applications/:appId/notes    body { text } → 201 StaffApplication
//   POST   /v1/staff/jobs/:id/applications/:appId/letters  body { templateId } → StaffApplication
//   GET    /v1/staff/jobs/:id/applications/:appId/documents/:docId → the PDF (attachment)
//   GET    /v1/staff/jobs/:id/documents.zip → every document of the posting (clerk only)
// Another tenant's id is a 404 everywhere.
import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { AppEnv, Vars } from '../core/env.ts';
import { ApiError } from '../core/errors.ts';
import { cachedJson } from '../core/http.ts';
import { idempotent } from '../core/idempotency.ts';
import { forgetKeys, publicAccess, requireRole, staffAccess } from '../core/auth.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { registerUploadTypes } from '../core/uploads.ts';
import type { TenantRow } from '../core/tenants.ts';
import { validate } from '../core/validate.ts';
import {
  AppParam,
  ApplicationCreate,
  ApplicationStatusQuery,
  ApplicationWithdraw,
  BulkReject,
  DOCUMENT_TYPES,
  DocParam,
  IdParam,
  JobListQuery,
  JobsSettingsUpdate,
  LetterTemplateCreate,
  type JobPage,
  PostingCreate,
  PostingUpdate,
  SendLetter,
  StaffApplicationUpdate,
  StaffNote,
} from './schema.ts';
import { jobsSettings, saveJobsSettings } from './settings.ts';
import { atomFeed, createApplication, findByToken, findPublic, listPublic, statusView, withdraw } from './store.ts';
import {
  addNote,
  bulkReject,
  createPosting,
  deleteTemplate,
  documentOf,
  documentsZip,
  getApplication,
  getPosting,
  listApplications,
  listPostings,
  listTemplates,
  saveTemplate,
  sendLetter,
  updateApplication,
  updatePosting,
  viewOf,
} from './staff-store.ts';

const tags = ['jobs'];

// Applications take PDF documents through POST /v1/uploads.
registerUploadTypes('jobs', DOCUMENT_TYPES);

/**
 * Public list pages are cached in-process for a moment (BN_JOBS_LIST_CACHE_MS, 2 s): a town's
 * job page asks for the same page again and again. An entry is used only while the app's clock
 * stands between the moment it was computed and the end of the next deadline day among its
 * postings (a posting leaves the list exactly at its deadline). Staff writes in this process
 * drop every entry (a county's page shows its towns' postings); other replicas catch up within
 * the TTL.
 */
const LIST_TTL_MS = Number(process.env.BN_JOBS_LIST_CACHE_MS ?? 2000);
type ListEntry = { at: number; from: number; until: number; page: JobPage; body: string; etag: string };
const listsOf = (c: Vars) => c.get('caches').module<ListEntry>('jobs:lists');
const forgetLists = (c: Vars) => listsOf(c).clear();

async function cachedList(c: Context<AppEnv>, query: JobListQuery): Promise<ListEntry> {
  const now = c.get('now')().getTime();
  const key = `${c.get('tenant').id}|${JSON.stringify(query)}`;
  const lists = listsOf(c);
  const hit = lists.get(key);
  if (hit && Date.now() - hit.at <= LIST_TTL_MS && hit.from <= now && now < hit.until) return hit;
  const { page, nextClose } = await c.get('tdb').tx((sql, tenantId) => listPublic(sql, tenantId, query, c.get('now')()));
  if (lists.size > 5000) lists.clear();
  // Serialised once per entry: the hits send the stored bytes and ETag.
  const body = JSON.stringify(page);
  const entry = { at: Date.now(), from: now, until: nextClose?.getTime() ?? Number.POSITIVE_INFINITY, page, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  lists.set(key, entry);
  return entry;
}

const moduleOn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('tenant')?.modules.includes('jobs')) {
    throw new ApiError('MODULE_DISABLED', { detail: 'This municipality does not offer job listings.' });
  }
  await next();
};

export const jobsPublic = new Hono<AppEnv>()
  .use(publicAccess(), moduleOn)
  .get('/', describeRoute({ tags, summary: 'Open postings with filters and facets (ETag)' }), validate('query', JobListQuery), async (c) => {
    const { body, etag } = await cachedList(c, c.req.valid('query'));
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=60, stale-while-revalidate=300', Vary: 'Origin' };
    const inm = c.req.header('If-None-Match');
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  })
  .get('/feed', describeRoute({ tags, summary: 'Atom feed of the open postings' }), async (c) => {
    const { page } = await cachedList(c, { page: 1, pageSize: 100 });
    const url = new URL(c.req.url);
    const self = `${url.origin}${url.pathname}${url.search}`;
    const xml = atomFeed(page, { tenant: c.get('tenant'), selfUrl: self, pageUrl: jobsSettings(c.get('tenant')).pageUrl || null, now: c.get('now')() });
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' });
  })
  .get('/applications/status', describeRoute({ tags, summary: "The applicant's view by reference and access code" }), validate('query', ApplicationStatusQuery), async (c) => {
    const { ref, token } = c.req.valid('query');
    const hit = await findByToken(c.get('db').sql, c.get('tenant'), ref, token);
    const view = await tenantDb(c.get('db').sql, hit.tenantId).tx((sql) => statusView(sql, hit.tenantId, hit.id));
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  })
  .post('/applications/withdraw', describeRoute({ tags, summary: 'The applicant withdraws the application' }), idempotent({ required: true }), validate('json', ApplicationWithdraw), async (c) => {
    const { ref, token } = c.req.valid('json');
    const hit = await findByToken(c.get('db').sql, c.get('tenant'), ref, token);
    const view = await tenantDb(c.get('db').sql, hit.tenantId).tx(async (sql) => {
      await withdraw(sql, hit.tenantId, hit.id, c.get('now')());
      return statusView(sql, hit.tenantId, hit.id);
    });
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  })
  .get('/:id', describeRoute({ tags, summary: 'One open posting' }), validate('param', IdParam), async (c) => {
    const { job } = await c.get('tdb').tx((sql, tenantId) => findPublic(sql, tenantId, c.req.valid('param').id, c.get('now')()));
    return cachedJson(c, job, 'public, max-age=60');
  })
  .post(
    '/:id/applications',
    describeRoute({ tags, summary: 'Apply (ALTCHA, Idempotency-Key); answers reference and access code' }),
    idempotent({ required: true, altcha: true }),
    validate('param', IdParam),
    validate('json', ApplicationCreate),
    async (c) => {
      const created = await createApplication(c.get('db').sql, c.get('tenant'), c.req.valid('param').id, c.req.valid('json'), c.get('now')());
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  );

async function freshTenant(c: Vars): Promise<TenantRow> {
  const [t] = await c.get('db').sql<TenantRow[]>`select * from tenants where id = ${c.get('tenant').id}`;
  return t!;
}

/** Applications: the clerk, and the two representations read-only. `jobs:read` sees none. */
const applicationsGuard = requireRole({ role: 'jobs' }, { role: 'jobs-representative', readOnly: true }, { role: 'staff-council', readOnly: true });
const clerkOnly = requireRole({ role: 'jobs' });
const TemplateParam = v.object({ tid: v.pipe(v.string(), v.uuid('Not a valid id.')) });

export const jobsStaff = new Hono<AppEnv>()
  .use(staffAccess(), moduleOn, requireRole({ module: 'jobs' }, { role: 'jobs-representative', readOnly: true }, { role: 'staff-council', readOnly: true }))
  .use('/settings', requireRole({ module: 'jobs' }))
  .use('/templates', requireRole({ module: 'jobs' }))
  .use('/templates/*', requireRole({ module: 'jobs' }))
  .use('/:id/applications', applicationsGuard)
  .use('/:id/applications/*', applicationsGuard)
  .use('/:id/documents.zip', clerkOnly)
  .get('/', describeRoute({ tags, summary: 'All postings with application counts' }), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await c.get('tdb').tx((sql, tenantId) => listPostings(sql, tenantId, c.get('now')())));
  })
  .post('/', describeRoute({ tags, summary: 'Create a posting (rich text sanitised)' }), validate('json', PostingCreate), async (c) => {
    const p = await c.get('tdb').tx((sql, tenantId) => createPosting(sql, tenantId, c.req.valid('json'), c.get('auth').actor, c.get('now')()));
    forgetLists(c);
    return c.json(p, 201);
  })
  .get('/settings', describeRoute({ tags, summary: 'Jobs settings with defaults' }), async (c) => c.json(jobsSettings(await freshTenant(c))))
  .put('/settings', describeRoute({ tags, summary: 'Change jobs settings (any subset)' }), validate('json', JobsSettingsUpdate), async (c) => {
    const tenant = await freshTenant(c);
    const body = c.req.valid('json');
    const next = { ...jobsSettings(tenant), ...body };
    await saveJobsSettings(c.get('db').sql, tenant.id, next, c.get('auth').actor, Object.keys(body));
    forgetKeys(c);
    forgetLists(c);
    return c.json(next);
  })
  .get('/templates', describeRoute({ tags, summary: 'Letter templates' }), async (c) => c.json({ items: await c.get('tdb').tx((sql, tenantId) => listTemplates(sql, tenantId)) }))
  .post('/templates', describeRoute({ tags, summary: 'Create a letter template' }), validate('json', LetterTemplateCreate), async (c) =>
    c.json(await c.get('tdb').tx((sql, tenantId) => saveTemplate(sql, tenantId, null, c.req.valid('json'), c.get('auth').actor)), 201),
  )
  .put('/templates/:tid', describeRoute({ tags, summary: 'Change a letter template' }), validate('param', TemplateParam), validate('json', LetterTemplateCreate), async (c) =>
    c.json(await c.get('tdb').tx((sql, tenantId) => saveTemplate(sql, tenantId, c.req.valid('param').tid, c.req.valid('json'), c.get('auth').actor))),
  )
  .delete('/templates/:tid', describeRoute({ tags, summary: 'Delete a letter template' }), validate('param', TemplateParam), async (c) => {
    await c.get('tdb').tx((sql, tenantId) => deleteTemplate(sql, tenantId, c.req.valid('param').tid, c.get('auth').actor));
    return c.body(null, 204);
  })
  .get('/:id', describeRoute({ tags, summary: 'A posting' }), validate('param', IdParam), async (c) =>
    c.json(await c.get('tdb').tx((sql, tenantId) => getPosting(sql, tenantId, c.req.valid('param').id, c.get('now')()))),
  )
  .patch('/:id', describeRoute({ tags, summary: 'Change a posting; publish or unpublish' }), validate('param', IdParam), validate('json', PostingUpdate), async (c) => {
    const p = await c.get('tdb').tx((sql, tenantId) => updatePosting(sql, tenantId, c.req.valid('param').id, c.req.valid('json'), c.get('auth').actor, c.get('now')()));
    forgetLists(c);
    return c.json(p);
  })
  .get('/:id/applications', describeRoute({ tags, summary: 'Applications of a posting (view by role; audited)' }), validate('param', IdParam), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      items: await c.get('tdb').tx((sql, tenantId) => listApplications(sql, tenantId, c.req.valid('param').id, viewOf(c.get('auth').roles), c.get('auth').actor, c.get('now')())),
      view: viewOf(c.get('auth').roles),
    });
  })
  .post('/:id/applications/reject', describeRoute({ tags, summary: 'Reject many, each with a letter (§165 reasons)' }), validate('param', IdParam), validate('json', BulkReject), async (c) =>
    c.json(await c.get('tdb').tx((sql, tenantId) => bulkReject(sql, tenantId, c.get('tenant').name, c.req.valid('param').id, c.req.valid('json'), c.get('auth').actor, c.get('now')()))),
  )
  .get('/:id/applications/:appId', describeRoute({ tags, summary: 'One application (audited)' }), validate('param', AppParam), async (c) => {
    const { id, appId } = c.req.valid('param');
    c.header('Cache-Control', 'no-store');
    return c.json(await c.get('tdb').tx((sql, tenantId) => getApplication(sql, tenantId, id, appId, viewOf(c.get('auth').roles), c.get('auth').actor)));
  })
  .patch('/:id/applications/:appId', describeRoute({ tags, summary: 'Status (§165 reason), rating' }), validate('param', AppParam), validate('json', StaffApplicationUpdate), async (c) => {
    const { id, appId } = c.req.valid('param');
    return c.json(await c.get('tdb').tx((sql, tenantId) => updateApplication(sql, tenantId, id, appId, c.req.valid('json'), c.get('auth').actor, c.get('now')())));
  })
  .post('/:id/applications/:appId/notes', describeRoute({ tags, summary: 'Internal note' }), validate('param', AppParam), validate('json', StaffNote), async (c) => {
    const { id, appId } = c.req.valid('param');
    return c.json(await c.get('tdb').tx((sql, tenantId) => addNote(sql, tenantId, id, appId, c.req.valid('json').text, c.get('auth').actor)), 201);
  })
  .post('/:id/applications/:appId/letters', describeRoute({ tags, summary: 'Send a letter from a template (outbox)' }), validate('param', AppParam), validate('json', SendLetter), async (c) => {
    const { id, appId } = c.req.valid('param');
    return c.json(await c.get('tdb').tx((sql, tenantId) => sendLetter(sql, tenantId, c.get('tenant').name, id, appId, c.req.valid('json').templateId, c.get('auth').actor, c.get('now')())));
  })
  .get('/:id/applications/:appId/documents/:docId', describeRoute({ tags, summary: 'A document (PDF; audited)' }), validate('param', DocParam), async (c) => {
    const { id, appId, docId } = c.req.valid('param');
    const doc = await c.get('tdb').tx((sql, tenantId) => documentOf(sql, tenantId, id, appId, docId, viewOf(c.get('auth').roles), c.get('auth').actor));
    return c.body(new Uint8Array(doc.bytes), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    });
  })
  .get('/:id/documents.zip', describeRoute({ tags, summary: 'Every document of the posting as one ZIP (audited)' }), validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    const zip = await c.get('tdb').tx((sql, tenantId) => documentsZip(sql, tenantId, id, c.get('auth').actor, c.get('now')()));
    return c.body(new Uint8Array(zip.bytes), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="bewerbungen-${id.slice(0, 8)}.zip"`,
      'Cache-Control': 'private, no-store',
    });
  });
