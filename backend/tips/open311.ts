// Open311 GeoReport v2 for existing apps, mounted at /open311/v2 (outside /v1, so it
// authenticates itself): `jurisdiction_id` is the tenant slug, `api_key` the publishable key
// (required to POST; GETs may name the jurisdiction alone unless the tenant's tips settings
// say open311RequireKey). GETs show only published tips, exactly what <bn-tip-list> shows, and
// are rate limited per client address (BN_RATE_OPEN311_READ, 120/min). Spec field names,
// errors as [{ code, description }]. Apps cannot solve ALTCHA: POSTs are rate limited instead
// and a tenant can switch them off. A `media_url` is never fetched; a photo comes as the
// multipart field `media` and goes through the core upload pipeline.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../core/env.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { log } from '../core/log.ts';
import { consume, consumeBatched } from '../core/rate-limit.ts';
import { tenantDb } from '../core/tenant-db.ts';
import { resolveKey, type TenantRow } from '../core/tenants.ts';
import { fileFromForm, processFile, readUpload, saveUpload, tooLarge, UPLOAD_MAX_BYTES } from '../core/uploads.ts';
import { IsoDate, parseIsoDate } from '../core/schema.ts';
import { issuesToErrors, safeUrl } from '../core/validate.ts';
import { CLOSED_STATUSES, PHOTO_TYPES, TipCreate, type CategoryConfig, type TipKind } from './schema.ts';
import { publicUrl } from '../core/accounts-routes.ts';
import { tipsSettings } from './settings.ts';
import { createTip, hashToken, type TipRow } from './store.ts';

/** An Open311 refusal: rendered by onError below in the spec's shape, never as problem+json. */
class Open311Error extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413,
    description: string,
  ) {
    super(description);
  }
}
const err = (status: Open311Error['status'], description: string) => new Open311Error(status, description);

/** The tenant of the request, by api_key and/or jurisdiction_id. */
async function jurisdiction(c: Context<AppEnv>, params: Record<string, unknown>, needKey: boolean): Promise<TenantRow> {
  const sql = c.get('db').sql;
  const key = typeof params.api_key === 'string' ? params.api_key : undefined;
  const slug = typeof params.jurisdiction_id === 'string' ? params.jurisdiction_id.trim().toLowerCase() : undefined;
  if (slug !== undefined && !/^[a-z0-9-]{1,48}$/.test(slug)) throw err(404, 'jurisdiction_id not found.');
  let tenant: TenantRow | null = null;
  if (key) {
    const found = await resolveKey(sql, key);
    if (found?.kind !== 'publishable' || found.revoked || found.expired) {
      await consume(c, `authfail:${c.get('clientIp')}`, Number(process.env.BN_RATE_AUTHFAIL ?? 20), 60);
      throw err(401, 'api_key is invalid, revoked or not a publishable key.');
    }
    tenant = found.tenant!;
    const origin = c.req.header('Origin');
    if (origin && !tenant.origins.includes(origin)) throw err(403, `api_key may not be used from ${origin}.`);
    if (slug && slug !== tenant.slug) throw err(404, 'jurisdiction_id not found.');
  } else if (needKey) {
    throw err(401, 'api_key is required.');
  } else if (slug) {
    [tenant = null] = await sql<TenantRow[]>`select * from tenants where slug = ${slug}`;
  } else {
    throw err(400, 'jurisdiction_id or api_key is required.');
  }
  if (!tenant?.enabled || !tenant.modules.includes('tips')) throw err(404, 'jurisdiction_id not found.');
  return tenant;
}

/** Categories an app can report: emergencies stop the web form and are not offered here. */
function services(t: TenantRow): CategoryConfig[] {
  const s = tipsSettings(t);
  return s.categories.filter((cat) => !cat.emergency && cat.kinds.some((k) => s.kinds.includes(k)));
}

const KIND_GROUP: Record<TipKind, string> = { schaden: 'Schadensmeldung', beschwerde: 'Beschwerde', idee: 'Idee' };

function kindFor(cat: CategoryConfig, offered: TipKind[]): TipKind {
  return (['schaden', 'beschwerde', 'idee'] as const).find((k) => cat.kinds.includes(k) && offered.includes(k))!;
}

const DATATYPE = { text: 'string', number: 'number', boolean: 'singlevaluelist', select: 'singlevaluelist' } as const;

function publicBase(c: Context<AppEnv>): string {
  return (process.env.BN_PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

/** A published tip in the spec's shape; unpublished tips are never answered (see `published`). */
function requestJson(c: Context<AppEnv>, t: TenantRow, r: TipRow, names: Map<string, string>) {
  return {
    service_request_id: r.ref,
    status: CLOSED_STATUSES.includes(r.status) ? 'closed' : 'open',
    status_notes: r.public_answer,
    service_name: names.get(r.category) ?? r.category,
    service_code: r.category,
    description: r.description,
    agency_responsible: t.name,
    service_notice: null,
    requested_datetime: new Date(r.created_at).toISOString(),
    updated_datetime: new Date(r.updated_at).toISOString(),
    expected_datetime: null,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.photos.length ? `${publicBase(c)}/open311/v2/media/${t.slug}/${r.ref}/${r.photos[0]}` : null,
  };
}

const labels = (t: TenantRow) => new Map(tipsSettings(t).categories.map((cat) => [cat.id, cat.label.de]));

const DateParam = v.optional(IsoDate('must be an ISO 8601 date (years 1900–2200), e.g. 2026-05-01T00:00:00+02:00'));
const RequestsQuery = v.object({
  service_request_id: v.optional(v.string()),
  service_code: v.optional(v.string()),
  start_date: DateParam,
  end_date: DateParam,
  status: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s.split(',').every((x) => x === 'open' || x === 'closed'), 'is open or closed'),
    ),
  ),
});

/**
 * Every public read: rate limited per client address (shared across replicas in PostgreSQL),
 * then the jurisdiction, whose tips settings may demand an api_key (open311RequireKey).
 */
async function readJurisdiction(c: Context<AppEnv>): Promise<TenantRow> {
  await consumeBatched(c, `open311read:${c.get('clientIp')}`, Number(process.env.BN_RATE_OPEN311_READ ?? 120), 60);
  const params = c.req.query();
  const t = await jurisdiction(c, params, false);
  if (!params.api_key && tipsSettings(t).open311RequireKey) throw err(401, 'api_key is required by this jurisdiction.');
  return t;
}

/** How much of a POST body is read before its api_key is known. */
const AUTH_PREFIX_BYTES = 64 * 1024;

/**
 * The body of POST requests.json, authenticated before it is read: the api_key comes from the
 * query string (`?api_key=`), or from the form itself, where only the first 64 KB are read to
 * find it (a form-encoded body may not be larger; in a multipart body the api_key field must
 * come before the media part, as apps send it). Only for a valid publishable key is the rest
 * read, up to the upload limit. An unauthenticated 10 MB post costs 64 KB.
 */
async function authenticatedForm(c: Context<AppEnv>): Promise<{ form: Record<string, string | File>; keyId: string }> {
  const type = c.req.header('Content-Type') ?? '';
  const multipart = /^multipart\/form-data/i.test(type);
  if (!multipart && !/^application\/x-www-form-urlencoded/i.test(type)) {
    throw err(400, 'Send application/x-www-form-urlencoded or multipart/form-data.');
  }
  const max = multipart ? UPLOAD_MAX_BYTES + AUTH_PREFIX_BYTES : AUTH_PREFIX_BYTES;
  const declared = Number(c.req.header('Content-Length'));
  if (declared > max) {
    // A form-encoded body this large is no report; a multipart one over the limit is refused unread.
    if (multipart) throw tooLarge();
    throw err(413, 'A form-encoded request may be at most 64 KB; send photos as multipart/form-data.');
  }
  const reader = c.req.raw.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = !reader;
  const readUpTo = async (limit: number) => {
    while (!done && size < limit) {
      const next = await reader!.read();
      if (next.done) done = true;
      else {
        chunks.push(next.value);
        size += next.value.byteLength;
        if (size > max) {
          await reader!.cancel().catch(() => {});
          throw multipart ? tooLarge() : err(413, 'A form-encoded request may be at most 64 KB; send photos as multipart/form-data.');
        }
      }
    }
  };
  let key = c.req.query('api_key');
  if (!key) {
    await readUpTo(AUTH_PREFIX_BYTES);
    const head = Buffer.concat(chunks).toString('latin1');
    if (multipart) {
      key = /content-disposition:[^\r\n]*\bname="api_key"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n/i.exec(head)?.[1];
    } else {
      if (!done) throw err(413, 'A form-encoded request may be at most 64 KB; send photos as multipart/form-data.');
      key = new URLSearchParams(head).get('api_key') ?? undefined;
    }
    if (!key) throw err(401, 'api_key is required (in the query string, or as a form field before any media).');
  }
  // Who is asking, before the rest of the body is read.
  const found = await resolveKey(c.get('db').sql, key);
  await jurisdiction(c, { api_key: key, jurisdiction_id: c.req.query('jurisdiction_id') }, true);
  await readUpTo(Infinity);
  let parsed: FormData;
  try {
    parsed = await new Response(Buffer.concat(chunks), { headers: { 'Content-Type': type } }).formData();
  } catch {
    throw err(400, 'The form could not be read: send application/x-www-form-urlencoded or multipart/form-data.');
  }
  const form: Record<string, string | File> = {};
  for (const [name, value] of parsed) form[name] = value;
  form.api_key = key;
  return { form, keyId: found!.id };
}

function parseQuery<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (!r.success)
    throw err(
      400,
      issuesToErrors(r.issues)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; '),
    );
  return r.output;
}

export const open311 = new Hono<AppEnv>()
  // The platform's text rule for the address (NUL, lone surrogates): a 400 here.
  .use(safeUrl())
  .get('/discovery.json', (c) =>
    c.json({
      changeset: '2026-01-01T00:00:00Z',
      contact: 'Bürgernah',
      key_service: 'Ask your municipality for a publishable key (bn_pk_…).',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${publicBase(c)}/open311/v2`, changeset: '2026-01-01T00:00:00Z', type: 'production', formats: ['application/json'] }],
    }),
  )
  .get('/services.json', async (c) => {
    const t = await readJurisdiction(c);
    const offered = tipsSettings(t).kinds;
    return c.json(
      services(t).map((cat) => ({
        service_code: cat.id,
        service_name: cat.label.de,
        description: cat.hint?.de ?? '',
        metadata: cat.questions.length > 0,
        type: 'realtime',
        keywords: '',
        group: KIND_GROUP[kindFor(cat, offered)],
      })),
    );
  })
  .get('/services/:file', async (c) => {
    const code = c.req.param('file').replace(/\.json$/, '');
    if (!c.req.param('file').endsWith('.json')) throw err(404, 'Only JSON is offered.');
    const t = await readJurisdiction(c);
    const cat = services(t).find((x) => x.id === code);
    if (!cat) throw err(404, `service_code ${code} not found.`);
    return c.json({
      service_code: cat.id,
      attributes: cat.questions.map((q, i) => ({
        variable: true,
        code: q.id,
        datatype: DATATYPE[q.type],
        required: q.required,
        datatype_description: q.label.en ?? '',
        order: i + 1,
        description: q.label.de,
        values:
          q.type === 'select'
            ? q.options.map((o) => ({ key: o.value, name: o.label.de }))
            : q.type === 'boolean'
              ? [
                  { key: 'true', name: 'Ja' },
                  { key: 'false', name: 'Nein' },
                ]
              : [],
      })),
    });
  })
  .post('/requests.json', async (c) => {
    const { form, keyId } = await authenticatedForm(c);
    const t = await jurisdiction(c, form, true);
    await consume(c, `open311write:${keyId}:${c.get('clientIp')}`, Number(process.env.BN_RATE_OPEN311 ?? process.env.BN_RATE_WRITE ?? 30), 60);
    const settings = tipsSettings(t);
    if (!settings.open311) throw err(403, 'This jurisdiction does not accept Open311 submissions.');
    const code = String(form.service_code ?? '');
    const cat = services(t).find((x) => x.id === code);
    if (!cat) throw err(400, `service_code ${code || '(missing)'} not found.`);

    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const num = (k: string) => (str(k) === '' ? null : Number(str(k)));
    const answers: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(form)) {
      const m = /^attribute\[(.+)\]$/.exec(k);
      if (!m || typeof value !== 'string') continue;
      const q = cat.questions.find((x) => x.id === m[1]);
      // Attributes of other services are ignored, as apps often send a fixed set.
      if (!q) continue;
      answers[q.id] = q.type === 'number' ? Number(value) : q.type === 'boolean' ? value === 'true' : value;
    }
    const address = str('address_string') || str('address_id');
    const lat = num('lat');
    const lng = num('long');
    if ((lat === null || lng === null) && !address) throw err(400, 'A location is required: lat and long, address_string or address_id.');
    const name = [str('first_name'), str('last_name')].filter(Boolean).join(' ');
    const input = {
      kind: kindFor(cat, settings.kinds),
      category: cat.id,
      description: str('description') || cat.label.de,
      location: { lat, lng, address: address || null },
      photos: [] as string[],
      contact: { name, email: str('email') },
      notify: !!str('email'),
      // Consent is the app's business with its user; the tenant's notice applies.
      consent: true,
      answers,
    };
    const parsed = v.safeParse(TipCreate, input);
    if (!parsed.success)
      throw err(
        400,
        issuesToErrors(parsed.issues)
          .map((e) => `${e.path}: ${e.message}`)
          .join('; '),
      );
    if (form.media instanceof File) {
      const file = await processFile(await fileFromForm(form, 'media'), new Set(PHOTO_TYPES));
      const meta = await tenantDb(c.get('db').sql, t.id).tx((sql, tenantId) => saveUpload(sql, tenantId, file));
      parsed.output.photos = [meta.id];
    }
    const created = await createTip(c.get('db').sql, t, parsed.output, { source: 'open311', ip: c.get('clientIp'), consoleUrl: publicUrl(c) });
    return c.json(
      [
        {
          service_request_id: created.ref,
          token: created.token,
          service_notice: `Vielen Dank. Ihre Meldung hat die Referenz ${created.ref}. · Thank you. Your reference is ${created.ref}.`,
          account_id: null,
        },
      ],
      201,
    );
  })
  .get('/requests.json', async (c) => {
    const t = await readJurisdiction(c);
    const q = parseQuery(RequestsQuery, c.req.query());
    const ids = q.service_request_id
      ?.split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const end = q.end_date ? parseIsoDate(q.end_date)! : new Date();
    const start = q.start_date ? parseIsoDate(q.start_date)! : new Date(end.getTime() - 90 * 86_400_000);
    if (end.getTime() - start.getTime() > 90 * 86_400_000) throw err(400, 'start_date and end_date may be at most 90 days apart.');
    const statuses = q.status?.split(',');
    const rows = await tenantDb(c.get('db').sql, t.id).tx(
      (sql, tenantId) => sql<TipRow[]>`
        select * from tips where tenant_id = ${tenantId} and published
        ${
          ids?.length
            ? sql`and ref = any(${ids})`
            : sql`and created_at >= ${start} and created_at <= ${end}
                ${q.service_code ? sql`and category = any(${q.service_code.split(',')})` : sql``}
                ${statuses?.length === 1 ? (statuses[0] === 'closed' ? sql`and status = any(${CLOSED_STATUSES as string[]})` : sql`and status <> all(${CLOSED_STATUSES as string[]})`) : sql``}`
        }
        order by created_at desc limit 1000`,
    );
    const names = labels(t);
    return c.json(rows.map((r) => requestJson(c, t, r, names)));
  })
  .get('/requests/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.json')) throw err(404, 'Only JSON is offered.');
    const id = file.slice(0, -5).toUpperCase();
    const t = await readJurisdiction(c);
    // Only what <bn-tip-list> shows: an unpublished tip looks exactly like a missing one.
    const [r] = await tenantDb(c.get('db').sql, t.id).tx((sql, tenantId) => sql<TipRow[]>`select * from tips where tenant_id = ${tenantId} and ref = ${id} and published`);
    if (!r) throw err(404, `service_request_id ${id} not found.`);
    return c.json([requestJson(c, t, r, labels(t))]);
  })
  .get('/tokens/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.json')) throw err(404, 'Only JSON is offered.');
    const token = file.slice(0, -5);
    const t = await readJurisdiction(c);
    // A token finds its request within the community (it may have been forwarded).
    const [hit] = await c.get('db').sql<{ ref: string }[]>`
      select x.ref from tips x join tenants n on n.id = x.tenant_id
      where x.token_hash = ${hashToken(token)} and coalesce(n.parent_id, n.id) = ${t.parent_id ?? t.id}`;
    if (!hit) throw err(404, 'token not found.');
    return c.json([{ service_request_id: hit.ref, token }]);
  })
  .get('/media/:jurisdiction/:ref/:id', async (c) => {
    const { jurisdiction: slug, ref, id } = c.req.param();
    await consumeBatched(c, `open311read:${c.get('clientIp')}`, Number(process.env.BN_RATE_OPEN311_READ ?? 120), 60);
    const t = await jurisdiction(c, { jurisdiction_id: slug }, false);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw err(404, 'media not found.');
    const media = await tenantDb(c.get('db').sql, t.id).tx(async (sql, tenantId) => {
      const [ok] = await sql`select 1 from tips where tenant_id = ${tenantId} and ref = ${ref.toUpperCase()} and published and ${id}::uuid = any(photos)`;
      return ok ? readUpload(sql, tenantId, id) : null;
    });
    if (!media) throw notFound('media');
    return c.body(new Uint8Array(media.bytes), 200, {
      'Content-Type': media.contentType,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    });
  });

// Every failure in the spec's shape: [{ code, description }] with the HTTP status.
open311.onError((e, c) => {
  let status = 500;
  let description = 'Internal error.';
  if (e instanceof ApiError) {
    status = e.status === 422 ? 400 : e.status;
    description = [e.detail ?? e.message, ...(e.errors ?? []).map((x) => `${x.path}: ${x.message}`)].join(' ');
    for (const [k, val] of Object.entries(e.headers ?? {})) c.header(k, val);
  } else if (e instanceof Open311Error) {
    status = e.status;
    description = e.message;
  } else if (typeof (e as { status?: number }).status === 'number') {
    status = (e as unknown as { status: number }).status;
    description = e.message;
  } else {
    log.error({ requestId: c.get('requestId'), err: { message: e.message, stack: e.stack } }, 'open311 error');
  }
  c.header('Cache-Control', 'no-store');
  return c.json([{ code: status, description }], status as 400);
});
