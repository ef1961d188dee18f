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
  assert.ok(meta.exif?.includes(Buffer.from('GPS-Phone')), 'fixture carries EXIF');
  const res = await upload(w, w.a.pk, original);
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.id, /^[0-9a-f-]{36}$/);
  assert.equal(body.contentType, 'image/jpeg');
  const [row] = await w.db.sql<{ bytes: Buffer; tenant_id: string }[]>`select bytes, tenant_id from uploads where id = ${body.id}`;
  assert.ok(row);
  assert.equal(row.tenant_id, w.a.id);
  const stored = await sharp(row.bytes).metadata();
  assert.equal(stored.exif, undefined);
  assert.equal(stored.format, 'jpeg');
  assert.ok(!row.bytes.includes(Buffer.from('GPS-Phone')));
  assert.ok(!row.bytes.includes(Buffer.from('TestCam')));
});

test('PNG and WebP are accepted and re-encoded in their format', async () => {
  const img = sharp({ create: { width: 8, height: 8, channels: 4, background: '#00ff00' } });
  for (const [fmt, mime] of [
    ['png', 'image/png'],
    ['webp', 'image/webp'],
  ] as const) {
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
  assert.equal(missing.errors?.[0]?.path, 'file');
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
  assert.deepEqual(
    left.map((r) => r.id),
    [b],
  );
});

/** A PNG that is only a header: it claims width × height pixels (a decompression bomb's shape). */
function pngHeader(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(16)), chunk('IEND', Buffer.alloc(0))]);
}

test('only types a module of the tenant takes: a PDF is refused where only tips are offered; no module, no uploads', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  // New tenants get every module (plans and jobs take PDFs): this one offers tips only.
  const [before] = await w.db.sql<{ modules: string[] }[]>`select modules from tenants where id = ${w.a.id}`;
  await w.db.sql`update tenants set modules = '{tips}' where id = ${w.a.id}`;
  w.forgetKeys();
  try {
    const refused = await problem(await upload(w, w.a.pk, pdf, 'plan.pdf', 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(refused.detail!, /JPEG, PNG, WebP/);
  } finally {
    await w.db.sql`update tenants set modules = ${before!.modules} where id = ${w.a.id}`;
    w.forgetKeys();
  }
  await w.db.sql`update tenants set modules = '{}' where id = ${w.c.id}`;
  w.forgetKeys();
  try {
    const none = await problem(await upload(w, w.c.pk, await jpegWithGps()), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(none.detail!, /no uploads/);
  } finally {
    await w.db.sql`update tenants set modules = '{tips}' where id = ${w.c.id}`;
    w.forgetKeys();
  }
  const { registerUploadTypes, uploadTypesFor } = await import('../../backend/core/uploads.ts');
  assert.throws(() => registerUploadTypes('nothing', ['text/html']));
  assert.deepEqual([...uploadTypesFor(['tips'])].sort(), ['image/jpeg', 'image/png', 'image/webp']);
});

test('pixels are capped as well as bytes, from the header, before decoding', async () => {
  const started = performance.now();
  const bomb = await problem(await upload(w, w.a.pk, pngHeader(20_000, 20_000), 'bomb.png', 'image/png'), 413, 'IMAGE_TOO_LARGE');
  assert.match(bomb.detail!, /40 megapixels/);
  assert.ok(performance.now() - started < 1000, 'refused without decoding');
  process.env.BN_UPLOAD_MAX_PIXELS = String(64 * 48 - 1);
  try {
    await problem(await upload(w, w.a.pk, await jpegWithGps()), 413, 'IMAGE_TOO_LARGE');
  } finally {
    delete process.env.BN_UPLOAD_MAX_PIXELS;
  }
  assert.equal((await upload(w, w.a.pk, await jpegWithGps())).status, 201);
});

test('each key and client address has a byte budget per hour, counted before the body is read', async () => {
  const own = await world();
  const photo = await jpegWithGps();
  // Room for two and a half of this photo.
  process.env.BN_UPLOAD_BUDGET_BYTES = String(Math.floor(photo.length * 2.5));
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 6 && !statuses.includes(429); i++) {
      const res = await upload(own, own.a.pk, photo);
      statuses.push(res.status);
      if (res.status === 429) {
        const p = await problem(res, 429, 'UPLOAD_BUDGET_EXCEEDED');
        assert.match(p.detail!, /MB of files an hour/);
        assert.ok(Number(res.headers.get('Retry-After')) > 60);
      } else await res.body?.cancel();
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    // A declared Content-Length is charged before the body is read: over budget at once.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)]), 'a.jpg');
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const declared = await own.req('/v1/uploads', {
      method: 'POST',
      key: own.c.pk,
      headers: { 'Content-Type': encoded.headers.get('Content-Type')!, 'Content-Length': String(photo.length * 3) },
      body,
    });
    await problem(declared, 429, 'UPLOAD_BUDGET_EXCEEDED');
    // Another key has its own budget.
    assert.equal((await upload(own, own.b.pk, photo)).status, 201);
  } finally {
    delete process.env.BN_UPLOAD_BUDGET_BYTES;
    await own.close();
  }
});
