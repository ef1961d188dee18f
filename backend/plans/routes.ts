// Bauleitplanung HTTP API. Shapes: ./schema.ts. Errors are the platform's problem+json.
//
// STAFF (staff key, enforced by the pipeline), mounted at /v1/staff/plans as `plansStaff`
//   POST   /v1/staff/plans/import     multipart field `file` (.gml or XPlanArchiv .zip, ≤ BN_PLAN_MAX_BYTES,
//                                     default 50 MB), optional fields (or query) `publish=true` (new plans public
//                                     at once; otherwise staff publish later with PATCH {published:true}) and
//                                     `replace=true` (needed when a stored plan of ANOTHER name would be replaced:
//                                     else 409 PLAN_REPLACE_CONFIRM) → 201 ImportAnswer (200 when every plan was an
//                                     update); a plan whose Gemeindeschlüssel is not the tenant's (settings) gets a warning;
//                                     422 with the importer's code (XML_MALFORMED, INVALID_PLAN, DTD_FORBIDDEN,
//                                     UNSUPPORTED_PLAN_TYPE, ARCHIVE_PATH_TRAVERSAL …) and errors[] {path, message};
//                                     413 PAYLOAD_TOO_LARGE / ARCHIVE_TOO_LARGE; 415 NOT_XPLAN. Nothing is stored
//                                     unless the whole file imports.
//   GET    /v1/staff/plans/settings   → PlansSettings { gemeindeschluessel: string[] }; PUT replaces them
//   GET    /v1/staff/plans            ?stage&type&text&page&pageSize → { items: PlanSummary[], page, pageSize, total }
//   GET    /v1/staff/plans/:id        → StaffPlanDetail (both GeoJSONs, history, warnings)
//   PATCH  /v1/staff/plans/:id        body PlanUpdate { title?, summary?, participationStart?, participationEnd?, published? }
//   DELETE /v1/staff/plans/:id        → 204
//   GET    /v1/staff/plans/:id/files/:fileId → the stored document
// PUBLIC (publishable key; Bearer or ?key=), mounted at /v1/plans as `plansPublic`: published plans only
//   GET    /v1/plans                  ?stage&type&text&page&pageSize → { items, page, pageSize, total } (ETag, 304)
//   GET    /v1/plans/:id              → PlanDetail, stored at import (strong ETag, 304; gzip or br by Accept-Encoding)
//   GET    /v1/plans/:id/files/:fileId → the document (sandboxed, nosniff)
// Another tenant's id is a 404 everywhere; a tenant without the module gets 403 MODULE_DISABLED.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../core/env.ts';
import { publicAccess, requireRole, staffAccess } from '../core/auth.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { cachedJson } from '../core/http.ts';
import { log } from '../core/log.ts';
import { validate } from '../core/validate.ts';
import { berlinToday } from '../core/time.ts';
import * as v from 'valibot';
import {
  ImportOptions,
  NotifyBody,
  ParticipationPut,
  PlanListQuery,
  PlansSettings,
  PlanUpdate,
  StaffStatementCreate,
  STATEMENT_TYPES,
  StatementCreate,
  StatementQuery,
  StatementUpdate,
} from './schema.ts';
import {
  clearParticipation,
  createStatement,
  notifyResults,
  participationState,
  planAndPeriod,
  setParticipation,
  staffStatement,
  statementAttachment,
  statementsOf,
  updateStatement,
} from './participation.ts';
import { idempotent } from '../core/idempotency.ts';
import { announcement } from './announcement.ts';
import { exportHtml, exportXlsx, type ExportInput } from './export.ts';
import { registerUploadTypes } from '../core/uploads.ts';

// Statements take attachments through POST /v1/uploads: PDF documents and photos.
registerUploadTypes('plans', STATEMENT_TYPES);
import { freshSettings, savePlansSettings } from './settings.ts';
import { buildPublic, deletePlan, getPlan, getPlanFile, listPlans, publicPlan, savePlans, updatePlan, type Encoding } from './store.ts';
import { limitsFromEnv, PlanImportError } from './xplan/index.ts';
import { runImport } from './xplan/run.ts';

/** The importer's refusal as a problem a clerk can act on. */
export function importProblem(err: PlanImportError): ApiError {
  return new ApiError(err.code, {
    detail: err.message,
    errors: err.issues.map((i) => ({ path: i.path, message: i.message })),
  });
}

const planNotFound = () => notFound('plan');

async function exportData(c: Context<AppEnv>, q: v.InferOutput<typeof StatementQuery>): Promise<ExportInput> {
  const today = berlinToday(c.get('now')());
  const id = c.req.param('id')!;
  return c.get('tdb').tx(async (sql, tenantId) => {
    const { plan, period } = await planAndPeriod(sql, tenantId, id, q.period, today);
    const statements = period ? await statementsOf(sql, tenantId, id, { period: period.id, tag: q.tag }) : [];
    return { tenantName: c.get('tenant').name, plan, period, statements, names: q.names !== 'false' };
  });
}

/** A multipart or query flag as the schema reads it ('true'/'false'; '1'/'on' too). */
const flag = (x: unknown): unknown => (x === undefined ? undefined : typeof x === 'string' && /^(1|on|yes)$/i.test(x) ? 'true' : x);

/** Documents from archives are third-party content: never rendered as active content on our origin. */
function sendFile(c: Context<AppEnv>, f: { name: string; media_type: string; sha256: string; content: Buffer }, cache: string) {
  const inline = /^(application\/pdf|image\/(png|jpeg|gif|webp|tiff))$/.test(f.media_type);
  const type = inline ? f.media_type : 'application/octet-stream';
  const ascii = f.name
    .split('/')
    .pop()!
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(new Uint8Array(f.content), 200, {
    'Content-Type': type,
    'Content-Length': String(f.content.byteLength),
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name.split('/').pop()!)}`,
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': cache,
    ETag: `"${f.sha256}"`,
  });
}

const tags = ['plans'];

/** The stored encoding a client takes: br before gzip; q=0 refuses one. */
export function pickEncoding(accept: string | undefined): Encoding {
  if (!accept) return 'identity';
  const ok = new Set<string>();
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    if (name) ok.add(name.trim());
  }
  if (ok.has('br')) return 'br';
  if (ok.has('gzip') || ok.has('x-gzip') || ok.has('*')) return 'gzip';
  return 'identity';
}

/** The tenant must offer the module. */
const moduleOn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('tenant')?.modules.includes('plans')) {
    throw new ApiError('MODULE_DISABLED', { detail: 'This municipality does not offer Bauleitplanung.' });
  }
  await next();
};

export const plansStaff = new Hono<AppEnv>()
  .use(staffAccess(), moduleOn, requireRole({ module: 'plans' }))
  .post(
    '/import',
    describeRoute({ tags, summary: 'Import an XPlanGML file or XPlanArchiv (multipart field "file")' }),
    (c, next) => {
      const max = limitsFromEnv().maxBytes;
      return bodyLimit({
        maxSize: max + 64 * 1024,
        onError: () => {
          throw new ApiError('PAYLOAD_TOO_LARGE', {
            detail: `Die Datei darf höchstens ${Math.round(max / 1048576)} MB groß sein. / The file may be at most ${Math.round(max / 1048576)} MB.`,
          });
        },
      })(c, next);
    },
    async (c) => {
      if (!(c.req.header('Content-Type') ?? '').startsWith('multipart/form-data')) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', {
          detail: 'Send the file as multipart/form-data in the field "file".',
        });
      }
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new ApiError('BAD_REQUEST', { detail: 'The multipart body is malformed.' });
      }
      const file = form.file;
      if (!(file instanceof File)) {
        throw new ApiError('VALIDATION_FAILED', {
          detail: 'Some fields are missing or invalid.',
          errors: [{ path: 'file', message: 'Choose an XPlanGML file (.gml) or an XPlanArchiv (.zip).' }],
        });
      }
      const opts = v.safeParse(ImportOptions, {
        publish: flag(form.publish ?? c.req.query('publish')),
        replace: flag(form.replace ?? c.req.query('replace')),
      });
      if (!opts.success) {
        throw new ApiError('VALIDATION_FAILED', {
          detail: 'Some fields are missing or invalid.',
          errors: opts.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })),
        });
      }
      let result;
      try {
        result = await runImport(new Uint8Array(await file.arrayBuffer()));
      } catch (err) {
        if (err instanceof PlanImportError) {
          if (err.code === 'UNREADABLE') log.error({ requestId: c.get('requestId'), err: err.message }, 'plan import failed unexpectedly');
          throw importProblem(err);
        }
        throw err;
      }
      const { gemeindeschluessel } = await freshSettings(c.get('db').sql, c.get('tenant').id);
      const items = await c.get('tdb').tx((sql, tenantId) =>
        savePlans(sql, tenantId, result, {
          sourceName: file.name.slice(0, 255) || null,
          actor: c.get('auth').actor,
          publish: opts.output.publish === 'true',
          replace: opts.output.replace === 'true',
          gemeindeschluessel,
          today: berlinToday(c.get('now')()),
        }),
      );
      c.header('Cache-Control', 'no-store');
      return c.json({ items, xplanVersion: result.xplanVersion, warnings: result.warnings }, items.some((i) => i.created) ? 201 : 200);
    },
  )
  .get('/settings', describeRoute({ tags, summary: "Plans settings (the tenant's Gemeindeschlüssel)" }), async (c) => c.json(await freshSettings(c.get('db').sql, c.get('tenant').id)))
  .put('/settings', describeRoute({ tags, summary: 'Replace the plans settings' }), validate('json', PlansSettings), async (c) => {
    const next = c.req.valid('json');
    await savePlansSettings(c.get('db').sql, c.get('tenant').id, next, c.get('auth').actor);
    return c.json(next);
  })
  .get('/', describeRoute({ tags, summary: "List the tenant's plans" }), validate('query', PlanListQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await c.get('tdb').tx((sql, tenantId) => listPlans(sql, tenantId, q, { today: berlinToday(c.get('now')()) }));
    c.header('Cache-Control', 'no-store');
    return c.json(page);
  })
  .get('/:id', describeRoute({ tags, summary: 'One plan with metadata, documents, history and both GeoJSONs' }), async (c) => {
    const plan = await c.get('tdb').tx((sql, tenantId) => getPlan(sql, tenantId, c.req.param('id'), '/v1/staff/plans', true, berlinToday(c.get('now')())));
    if (!plan) throw planNotFound();
    c.header('Cache-Control', 'no-store');
    return c.json(plan);
  })
  .patch('/:id', describeRoute({ tags, summary: 'Edit title, summary, publication and participation dates' }), validate('json', PlanUpdate), async (c) => {
    const id = c.req.param('id');
    const { participationStart, participationEnd, ...body } = c.req.valid('json');
    const today = berlinToday(c.get('now')());
    const plan = await c.get('tdb').tx(async (sql, tenantId) => {
      if (!(await updatePlan(sql, tenantId, id, body, c.get('auth').actor, today))) return null;
      // Dates go through the same rule as PUT …/participation.
      if (participationStart !== undefined || participationEnd !== undefined) {
        const [cur] = await sql<{ s: string | null; e: string | null }[]>`
          select participation_start::text as s, participation_end::text as e from plans where tenant_id = ${tenantId} and id = ${id}`;
        const start = participationStart === undefined ? cur!.s : participationStart;
        const end = participationEnd === undefined ? cur!.e : participationEnd;
        if (start && end) {
          await setParticipation(sql, tenantId, id, { start, end, newPeriod: false }, c.get('auth').actor, today, { start: 'participationStart', end: 'participationEnd' });
        } else if (!start && !end) {
          await clearParticipation(sql, tenantId, id);
          await buildPublic(sql, tenantId, id, today);
        } else {
          throw new ApiError('VALIDATION_FAILED', {
            detail: 'Some fields are missing or invalid.',
            errors: [{ path: start ? 'participationEnd' : 'participationStart', message: 'A period needs a start and an end.' }],
          });
        }
      }
      return getPlan(sql, tenantId, id, '/v1/staff/plans', true, today);
    });
    if (!plan) throw planNotFound();
    return c.json(plan);
  })
  .delete('/:id', describeRoute({ tags, summary: 'Delete a plan with its history and documents' }), async (c) => {
    const ok = await c.get('tdb').tx((sql, tenantId) => deletePlan(sql, tenantId, c.req.param('id'), c.get('auth').actor));
    if (!ok) throw planNotFound();
    return c.body(null, 204);
  })
  .get('/:id/files/:fileId', describeRoute({ tags, summary: 'A document of the plan' }), async (c) => {
    const f = await c.get('tdb').tx((sql, tenantId) => getPlanFile(sql, tenantId, c.req.param('id'), c.req.param('fileId')));
    if (!f) throw notFound('file');
    return sendFile(c, f, 'private, no-store');
  })
  .get('/:id/participation', describeRoute({ tags, summary: 'Publication periods of the plan (§ 3(2) BauGB)' }), async (c) => {
    const state = await c.get('tdb').tx((sql, tenantId) => participationState(sql, tenantId, c.req.param('id'), berlinToday(c.get('now')())));
    if (!state) throw planNotFound();
    c.header('Cache-Control', 'no-store');
    return c.json(state);
  })
  .put(
    '/:id/participation',
    describeRoute({ tags, summary: 'Open or change the publication period: one month, at least 30 days (422 PERIOD_TOO_SHORT)' }),
    validate('json', ParticipationPut),
    async (c) => {
      const state = await c.get('tdb').tx((sql, tenantId) => setParticipation(sql, tenantId, c.req.param('id'), c.req.valid('json'), c.get('auth').actor, berlinToday(c.get('now')())));
      if (!state) throw planNotFound();
      return c.json(state);
    },
  )
  .get('/:id/statements', describeRoute({ tags, summary: 'Statements on the plan, per period (?period, ?tag)' }), validate('query', StatementQuery), async (c) => {
    const q = c.req.valid('query');
    const items = await c.get('tdb').tx(async (sql, tenantId) => {
      if (!(await participationState(sql, tenantId, c.req.param('id'), berlinToday(c.get('now')())))) throw planNotFound();
      return statementsOf(sql, tenantId, c.req.param('id'), q);
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ items, total: items.length });
  })
  .get('/:id/statements/export.xlsx', describeRoute({ tags, summary: 'The Abwägungstabelle of a period as .xlsx (?period, ?names=false)' }), validate('query', StatementQuery), async (c) => {
    const input = await exportData(c, c.req.valid('query'));
    const bytes = await exportXlsx(input);
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="Abwaegungstabelle.xlsx"`,
      'Cache-Control': 'private, no-store',
    });
  })
  .get('/:id/statements/export.html', describeRoute({ tags, summary: 'The Abwägungstabelle as a printable page (?period, ?names=false)' }), validate('query', StatementQuery), async (c) => {
    const input = await exportData(c, c.req.valid('query'));
    return c.body(exportHtml(input), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
  })
  .post('/:id/statements/notify', describeRoute({ tags, summary: 'Send the result notice to every named submitter with a decision (outbox)' }), validate('json', NotifyBody), async (c) => {
    const today = berlinToday(c.get('now')());
    const result = await c.get('tdb').tx(async (sql, tenantId) => {
      const { period } = await planAndPeriod(sql, tenantId, c.req.param('id'), c.req.valid('json').period, today);
      if (!period) throw notFound('period');
      return notifyResults(sql, { id: tenantId, name: c.get('tenant').name }, c.req.param('id'), period.id, c.get('auth').actor);
    });
    return c.json(result);
  })
  .get('/:id/announcement', describeRoute({ tags, summary: 'Text of the Bekanntmachung of a period with its mandatory hints' }), validate('query', StatementQuery), async (c) => {
    const today = berlinToday(c.get('now')());
    const { plan, period } = await c.get('tdb').tx((sql, tenantId) => planAndPeriod(sql, tenantId, c.req.param('id'), c.req.valid('query').period, today));
    if (!period) throw new ApiError('NO_PERIOD', { detail: 'Open a publication period first (PUT …/participation).' });
    c.header('Cache-Control', 'no-store');
    return c.json(announcement({ tenantName: c.get('tenant').name, plan, period, permalink: null }));
  })
  .post('/:id/statements', describeRoute({ tags, summary: 'Enter a paper, letter, e-mail or late statement' }), validate('json', StaffStatementCreate), async (c) => {
    const s = await c.get('tdb').tx((sql, tenantId) => staffStatement(sql, tenantId, c.req.param('id'), c.req.valid('json'), c.get('auth').actor));
    return c.json(s, 201);
  })
  .patch('/:id/statements/:ref', describeRoute({ tags, summary: 'Tags, Abwägungsvorschlag and decision of a statement' }), validate('json', StatementUpdate), async (c) => {
    const s = await c.get('tdb').tx((sql, tenantId) => updateStatement(sql, tenantId, c.req.param('id'), c.req.param('ref'), c.req.valid('json'), c.get('auth').actor));
    if (!s) throw notFound('statement');
    return c.json(s);
  })
  .get('/:id/statements/:ref/attachments/:uploadId', describeRoute({ tags, summary: 'An attachment of a statement' }), async (c) => {
    const f = await c.get('tdb').tx((sql, tenantId) => statementAttachment(sql, tenantId, c.req.param('id'), c.req.param('ref'), c.req.param('uploadId')));
    if (!f) throw notFound('attachment');
    return c.body(new Uint8Array(f.bytes), 200, {
      'Content-Type': f.content_type,
      'Content-Disposition': 'inline',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
  });

export const plansPublic = new Hono<AppEnv>()
  .use(publicAccess(), moduleOn)
  .post(
    '/:id/statements',
    describeRoute({ tags, summary: 'Make a statement while the publication period runs (ALTCHA, Idempotency-Key); 409 PARTICIPATION_CLOSED outside it' }),
    idempotent({ required: true, altcha: true }),
    validate('json', StatementCreate),
    async (c) => {
      const today = berlinToday(c.get('now')());
      const receipt = await c.get('tdb').tx((sql) => createStatement(sql, c.get('tenant'), c.req.param('id'), c.req.valid('json'), { today, ip: c.get('clientIp') }));
      c.header('Cache-Control', 'no-store');
      return c.json(receipt, 201);
    },
  )
  .get('/', describeRoute({ tags, summary: 'Published plans of the tenant (ETag)' }), validate('query', PlanListQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await c.get('tdb').tx((sql, tenantId) => listPlans(sql, tenantId, q, { publicOnly: true, today: berlinToday(c.get('now')()) }));
    return cachedJson(c, page);
  })
  .get('/:id', describeRoute({ tags, summary: 'One plan: metadata, documents, Geltungsbereich and contents as GeoJSON (ETag, gzip/br)' }), async (c) => {
    // Bytes stored at import: no JSON is built and nothing is compressed per request.
    const encoding = pickEncoding(c.req.header('Accept-Encoding'));
    const inm = (c.req.header('If-None-Match') ?? '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .filter(Boolean)
      .slice(0, 20);
    const rep = await c.get('tdb').tx((sql, tenantId) => publicPlan(sql, tenantId, c.req.param('id'), encoding, inm, berlinToday(c.get('now')())));
    if (!rep) throw planNotFound();
    c.header('ETag', rep.etag);
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
    // publicAccess already appended `Vary: Origin` when the request had one.
    c.header('Vary', c.req.header('Origin') ? 'Accept-Encoding' : 'Origin, Accept-Encoding', { append: true });
    if (!rep.body) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Length', String(rep.body.byteLength));
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(rep.body as Uint8Array as Uint8Array<ArrayBuffer>, 200);
  })
  .get('/:id/files/:fileId', describeRoute({ tags, summary: 'A document of the plan' }), async (c) => {
    const f = await c.get('tdb').tx((sql, tenantId) => getPlanFile(sql, tenantId, c.req.param('id'), c.req.param('fileId'), { publicOnly: true }));
    if (!f) throw notFound('file');
    return sendFile(c, f, 'public, max-age=3600');
  });
