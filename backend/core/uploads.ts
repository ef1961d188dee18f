// Uploads, a core service every module uses: POST /v1/uploads takes one multipart `file`,
// decides the type from the bytes (never the name or the header), re-encodes photos so no
// EXIF/GPS survives, and stores the result. A module claims the ids it references inside its
// own transaction; unclaimed uploads expire (purgeUploads, run by the jobs registry).
//
// What a tenant may upload is the union of what its modules registered (registerUploadTypes:
// tips takes photos); core knows no module. Images are capped in pixels as well as bytes, read
// from the header before anything is decoded, and every key and client address has a byte
// budget per hour (BN_UPLOAD_BUDGET_BYTES, 100 MB) counted in PostgreSQL before the body is read.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { publicAccess } from './auth.ts';
import { bodyLimit } from 'hono/body-limit';
import { describeRoute } from 'hono-openapi';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { one, type Sql, type Tx } from './db.ts';
import type { AppEnv } from './env.ts';
import { ApiError, type FieldError } from './errors.ts';
import { add } from './rate-limit.ts';
import { checkPdf } from './pdf-check.ts';

export const UPLOAD_MAX_BYTES = Number(process.env.BN_UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024);
/** Longest edge of a stored photo; phones send 4000+ px, nobody needs that to judge a pothole. */
const MAX_EDGE = 2560;
/** Pixels an image may have (width × height), checked from its header before decoding. */
const maxPixels = () => Number(process.env.BN_UPLOAD_MAX_PIXELS ?? 40_000_000);
/** Bytes one key may upload from one client address per hour. */
const byteBudget = () => Number(process.env.BN_UPLOAD_BUDGET_BYTES ?? 100 * 1024 * 1024);

/** Every type this service can handle; a module registers the subset it takes. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Documents kept byte for byte (applications, plans). */
const DOCUMENT_TYPES = new Set(['application/pdf']);
const TYPE_NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' };

const registry = new Map<string, ReadonlySet<string>>();

/**
 * A module declares the types it takes through POST /v1/uploads (at import, beside its routes):
 * `registerUploadTypes('tips', ['image/jpeg', …])`. A tenant may upload what its modules take.
 */
export function registerUploadTypes(module: string, types: readonly string[]): void {
  const unknown = types.filter((t) => !IMAGE_TYPES.has(t) && !DOCUMENT_TYPES.has(t));
  if (unknown.length) throw new Error(`uploads cannot handle ${unknown.join(', ')}`);
  registry.set(module, new Set(types));
}

/** The types a tenant with these modules may upload. */
export function uploadTypesFor(modules: readonly string[]): Set<string> {
  return new Set(modules.flatMap((m) => [...(registry.get(m) ?? [])]));
}

function describeTypes(types: ReadonlySet<string>): string {
  const names = [...types].map((t) => TYPE_NAMES[t] ?? t);
  return names.length ? `Upload a file of type ${names.join(', ')}.` : 'This municipality takes no uploads.';
}

export interface ProcessedFile {
  contentType: string;
  bytes: Uint8Array;
  width: number | null;
  height: number | null;
}

export interface UploadMeta {
  id: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
}

const unsupported = (detail: string) => new ApiError('UNSUPPORTED_MEDIA_TYPE', { detail });

const tooManyPixels = (max: number) =>
  new ApiError('IMAGE_TOO_LARGE', {
    detail: `An image may have at most ${Math.round(max / 1_000_000)} megapixels; a photo from a phone camera fits.`,
  });

/**
 * Sniffs the type (one of `types`, else 415), refuses images over the pixel cap from their
 * header (413), and re-encodes images (auto-oriented first, all metadata dropped).
 */
export async function processFile(input: Uint8Array, types: ReadonlySet<string>): Promise<ProcessedFile> {
  const type = await fileTypeFromBuffer(input);
  if (!type || !types.has(type.mime) || !(IMAGE_TYPES.has(type.mime) || DOCUMENT_TYPES.has(type.mime))) {
    throw unsupported(describeTypes(types));
  }
  if (DOCUMENT_TYPES.has(type.mime)) {
    // JavaScript, embedded files, launch actions or encryption: refused (core/pdf-check.ts).
    if (type.mime === 'application/pdf') await checkPdf(input);
    return { contentType: type.mime, bytes: input, width: null, height: null };
  }
  const max = maxPixels();
  let header: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // The header only: no pixel is decoded here, so sharp's own limit need not apply yet.
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported('The image could not be read. Upload an undamaged JPEG, PNG or WebP photo.');
  }
  if (!header.width || !header.height) throw unsupported('The image could not be read. Upload an undamaged JPEG, PNG or WebP photo.');
  if (header.width * header.height > max) throw tooManyPixels(max);
  try {
    // sharp writes no metadata unless asked (keepExif/withMetadata), so EXIF, GPS and XMP are gone.
    let img = sharp(input, { limitInputPixels: max, failOn: 'error' }).autoOrient().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
    if (type.mime === 'image/jpeg') img = img.jpeg({ quality: 85, mozjpeg: true });
    else if (type.mime === 'image/png') img = img.png({ compressionLevel: 9 });
    else img = img.webp({ quality: 85 });
    const { data, info } = await img.toBuffer({ resolveWithObject: true });
    return { contentType: type.mime, bytes: new Uint8Array(data), width: info.width, height: info.height };
  } catch {
    throw unsupported('The image could not be read. Upload an undamaged JPEG, PNG or WebP photo.');
  }
}

export async function saveUpload(sql: Sql | Tx, tenantId: string, file: ProcessedFile): Promise<UploadMeta> {
  const row = one(
    await sql<{ id: string }[]>`
    insert into uploads (tenant_id, content_type, size, width, height, bytes)
    values (${tenantId}, ${file.contentType}, ${file.bytes.byteLength}, ${file.width}, ${file.height}, ${Buffer.from(file.bytes)})
    returning id`,
  );
  return { id: row.id, contentType: file.contentType, size: file.bytes.byteLength, width: file.width, height: file.height };
}

/**
 * Marks uploads as referenced so they no longer expire. Unknown, expired or wrongly typed
 * ids come back as 422 field errors under `path.N`.
 */
export async function claimUploads(tx: Tx, tenantId: string, ids: string[], opts: { path: string; types?: readonly string[] }): Promise<UploadMeta[]> {
  if (!ids.length) return [];
  const rows = await tx<(UploadMeta & { expired: boolean })[]>`
    update uploads set expires_at = null
    where tenant_id = ${tenantId} and id = any(${ids}::uuid[]) and (expires_at is null or expires_at > now())
    returning id, content_type as "contentType", size, width, height`;
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (!row) errors.push({ path: `${opts.path}.${i}`, message: 'This upload does not exist or has expired. Please upload the file again.' });
    else if (opts.types && !opts.types.includes(row.contentType)) errors.push({ path: `${opts.path}.${i}`, message: 'This file type is not allowed here.' });
  });
  if (errors.length) throw new ApiError('VALIDATION_FAILED', { detail: 'Some fields are missing or invalid.', errors });
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

export async function readUpload(tx: Sql | Tx, tenantId: string, id: string): Promise<{ contentType: string; bytes: Buffer } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx<{ content_type: string; bytes: Buffer }[]>`
    select content_type, bytes from uploads where tenant_id = ${tenantId} and id = ${id}`;
  return row ? { contentType: row.content_type, bytes: row.bytes } : null;
}

/** Moves uploads to another tenant (a forwarded tip takes its photos along). System transaction only. */
export async function moveUploads(tx: Tx, from: string, to: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await tx`update uploads set tenant_id = ${to} where tenant_id = ${from} and id = any(${ids}::uuid[])`;
}

/** Job: unclaimed uploads past their expiry. */
export async function purgeUploads(sql: Sql): Promise<number> {
  return (await sql`delete from uploads where expires_at is not null and expires_at < now()`).count;
}

/** Reads the multipart `file` field or throws a 422 / 413 problem. */
export async function fileFromForm(form: Record<string, unknown>, field: string): Promise<Uint8Array> {
  const file = form[field];
  if (!(file instanceof File)) {
    throw new ApiError('VALIDATION_FAILED', {
      detail: `Send the file as multipart/form-data field "${field}".`,
      errors: [{ path: field, message: 'Choose a file.' }],
    });
  }
  if (file.size > UPLOAD_MAX_BYTES) throw tooLarge();
  if (file.size === 0) throw new ApiError('VALIDATION_FAILED', { errors: [{ path: field, message: 'The file is empty.' }] });
  return new Uint8Array(await file.arrayBuffer());
}

export const tooLarge = () =>
  new ApiError('PAYLOAD_TOO_LARGE', {
    detail: `A file may be at most ${Math.round(UPLOAD_MAX_BYTES / 1024 / 1024)} MB.`,
  });

/** Body cap for file routes: the file plus room for the multipart envelope. */
export const uploadBodyLimit = (extra = 64 * 1024) =>
  bodyLimit({
    maxSize: UPLOAD_MAX_BYTES + extra,
    onError: () => {
      throw tooLarge();
    },
  });

function declaredLength(c: Context<AppEnv>): number | null {
  const n = Number(c.req.header('Content-Length'));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Adds `bytes` to the byte budget of the request's key and client address; 429 when spent. */
async function chargeBudget(c: Context<AppEnv>, bytes: number): Promise<void> {
  const budget = byteBudget();
  const row = await add(c.get('db').sql, `uploadbytes:${c.get('auth').keyId}:${c.get('clientIp')}`, bytes, 3600);
  if (row.count > budget) {
    const retry = String(Math.max(1, row.retry));
    throw new ApiError('UPLOAD_BUDGET_EXCEEDED', {
      detail: `At most ${Math.round(budget / 1024 / 1024)} MB of files an hour can be uploaded from here. Please wait ${retry} seconds.`,
      headers: { 'Retry-After': retry },
    });
  }
}

/**
 * The byte budget of a key from one client address (after publicAccess). A declared
 * Content-Length counts before the body is read, so a refused or broken upload costs its sender
 * too; a body without one (chunked) counts its bytes once read, under the body limit.
 */
export function uploadBudget(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (declaredLength(c)) await chargeBudget(c, declaredLength(c)!);
    await next();
  };
}

/** Mounted at /v1/uploads (publishable key, write rate limit: the pipeline). */
export const uploadRoutes = new Hono<AppEnv>().use(publicAccess()).post(
  '/',
  describeRoute({
    tags: ['public'],
    summary: 'Upload one file (multipart field "file") of a type a module of the tenant takes; photos are re-encoded without EXIF/GPS. Answers { id }.',
  }),
  uploadBudget(),
  uploadBodyLimit(),
  async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    if (!type.startsWith('multipart/form-data')) {
      throw unsupported('Send the file as multipart/form-data with the field "file".');
    }
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new ApiError('BAD_REQUEST', { detail: 'The multipart body is malformed.' });
    }
    const bytes = await fileFromForm(form, 'file');
    if (!declaredLength(c)) await chargeBudget(c, bytes.byteLength);
    const processed = await processFile(bytes, uploadTypesFor(c.get('tenant').modules));
    const meta = await c.get('tdb').tx((sql, tenantId) => saveUpload(sql, tenantId, processed));
    c.header('Cache-Control', 'no-store');
    return c.json(meta, 201);
  },
);
