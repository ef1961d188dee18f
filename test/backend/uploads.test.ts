// POST /v1/uploads: type from the bytes, size cap, EXIF/GPS stripped, expiry of unclaimed files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { world, problem, type World } from './helpers.ts';
import { jpegWithGps, upload } from './tips-fixtures.ts';
import { purgeUploads } from '../../backend/core/uploads.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('a JPEG with GPS in its EXIF is stored without any metadata', async () => {
  const original = await jpegWithGps();
  const meta = await sharp(original).metadata();
  assert.ok(meta.exif && meta.exif.includes(Buffer.from('GPS-Phone')), 'fixture carries EXIF');
  const res = await upload(w, w.a.pk, original);
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.id, /^[0-9a-f-]{36}$/);
  assert.equal(body.contentType, 'image/jpeg');
  const [row] = await w.db.sql<{ bytes: Buffer; tenant_id: string }[]>`select bytes, tenant_id from uploads where id = ${body.id}`;
  assert.equal(row.tenant_id, w.a.id);
  const stored = await sharp(row.bytes).metadata();
  assert.equal(stored.exif, undefined);
  assert.equal(stored.format, 'jpeg');
  assert.ok(!row.bytes.includes(Buffer.from('GPS-Phone')));
  assert.ok(!row.bytes.includes(Buffer.from('TestCam')));
});

test('PNG and WebP are accepted and re-encoded in their format', async () => {
  const img = sharp({ create: { width: 8, height: 8, channels: 4, background: '#00ff00' } });
  for (const [fmt, mime] of [['png', 'image/png'], ['webp', 'image/webp']] as const) {
    const res = await upload(w, w.a.pk, await img.clone().toFormat(fmt).toBuffer(), `x.${fmt}`, mime);
    assert.equal(res.status, 201);
    assert.equal((await res.json()).contentType, mime);
  }
});

test('a non-image posted as image is refused with 415', async () => {
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  await problem(await upload(w, w.a.pk, html, 'photo.jpg', 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
  await problem(await upload(w, w.a.pk, exe, 'photo.png', 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  // A JPEG header with garbage after it.
  const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);
  await problem(await upload(w, w.a.pk, broken), 415, 'UNSUPPORTED_MEDIA_TYPE');
});

test('too large → 413; missing field → 422; not multipart → 415', async () => {
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
  await problem(await upload(w, w.a.pk, big), 413, 'PAYLOAD_TOO_LARGE');
  const form = new FormData();
  form.append('other', 'x');
  const missing = await problem(await w.req('/v1/uploads', { method: 'POST', key: w.a.pk, body: form }), 422, 'VALIDATION_FAILED');
  assert.equal(missing.errors?.[0].path, 'file');
  await problem(await w.req('/v1/uploads', { method: 'POST', key: w.a.pk, json: { file: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
});

test('uploads need a publishable key from an allowed origin', async () => {
  await problem(await upload(w, w.a.sk, await jpegWithGps()), 403, 'FORBIDDEN');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await jpegWithGps())]), 'a.jpg');
  await problem(await w.req('/v1/uploads', { method: 'POST', key: w.a.pk, origin: 'https://evil.example', body: form }), 403, 'ORIGIN_NOT_ALLOWED');
});

test('unclaimed uploads expire; claimed ones stay', async () => {
  const a = (await (await upload(w, w.a.pk, await jpegWithGps())).json()).id;
  const b = (await (await upload(w, w.a.pk, await jpegWithGps())).json()).id;
  await w.db.sql`update uploads set expires_at = now() - interval '1 minute' where id = ${a}`;
  await w.db.sql`update uploads set expires_at = null where id = ${b}`;
  assert.ok((await purgeUploads(w.db.sql)) >= 1);
  const left = await w.db.sql`select id from uploads where id in (${a}, ${b})`;
  assert.deepEqual(left.map((r) => r.id), [b]);
});
