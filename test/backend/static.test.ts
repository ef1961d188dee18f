// The widgets bundle as served by the backend: types, caching, CORS, ETag, traversal, 503.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import type { AppEnv } from '../../backend/core/env.ts';
import { widgetsStatic, safeRelative, IMMUTABLE, SHORT } from '../../backend/core/static.ts';
import { ERROR_CODES, type ErrorCode } from '../../backend/core/errors.ts';

const ENTRY = `import"./chunks/index-Cd4b7uzF.js";\n// ${'x'.repeat(2000)}\n`;
const CHUNK = 'export const a=1;';

let dir: string;
let parent: string;
let app: Hono<AppEnv>;

before(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-static-'));
  dir = path.join(parent, 'widgets');
  fs.mkdirSync(path.join(dir, 'chunks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'buergernah.js'), ENTRY);
  fs.writeFileSync(path.join(dir, 'buergernah.classic.js'), 'var Buergernah=1;');
  fs.writeFileSync(path.join(dir, 'chunks', 'index-Cd4b7uzF.js'), CHUNK);
  fs.writeFileSync(path.join(dir, 'custom.map'), '{}');
  fs.writeFileSync(path.join(dir, '.env'), 'SECRET=1');
  // A file beside the served directory that traversal must never reach.
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'top secret');
  app = new Hono<AppEnv>();
  app.route('/widgets', widgetsStatic(dir));
});

after(() => fs.rmSync(parent, { recursive: true, force: true }));

async function problem(res: Response, status: number, code: ErrorCode) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(body.title, ERROR_CODES[code].title);
  assert.equal(typeof body.type, 'string');
  return body;
}

describe('widgetsStatic', () => {
  test('serves the entry as JavaScript, open to every origin, cached briefly', async () => {
    const res = await app.request('/widgets/buergernah.js', { headers: { Origin: 'https://www.example.de' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cache-control'), SHORT);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('etag') ?? '', /^"[\w-]+"$/);
    assert.equal(await res.text(), ENTRY);
  });

  test('the classic script is an entry too', async () => {
    const res = await app.request('/widgets/buergernah.classic.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), SHORT);
    assert.equal(await res.text(), 'var Buergernah=1;');
  });

  test('hashed chunks are cached for a year', async () => {
    const res = await app.request('/widgets/chunks/index-Cd4b7uzF.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), IMMUTABLE);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(await res.text(), CHUNK);
  });

  test('other types get their own content type', async () => {
    const res = await app.request('/widgets/custom.map');
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test('answers 304 to a matching If-None-Match, with the cache headers', async () => {
    const first = await app.request('/widgets/buergernah.js');
    const etag = first.headers.get('etag')!;
    const res = await app.request('/widgets/buergernah.js', { headers: { 'If-None-Match': `W/"nope", ${etag}` } });
    assert.equal(res.status, 304);
    assert.equal(res.headers.get('etag'), etag);
    assert.equal(res.headers.get('cache-control'), SHORT);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(await res.text(), '');
    const other = await app.request('/widgets/buergernah.js', { headers: { 'If-None-Match': '"different"' } });
    assert.equal(other.status, 200);
  });

  test('compresses text when the browser accepts it', async () => {
    const res = await app.request('/widgets/buergernah.js', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.ok(bytes.length < ENTRY.length);
    assert.equal(gunzipSync(bytes).toString(), ENTRY);
    const br = await app.request('/widgets/buergernah.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
  });

  test('HEAD answers without a body', async () => {
    const res = await app.request('/widgets/buergernah.js', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await res.text(), '');
  });

  test('picks up a rebuilt file', async () => {
    const file = path.join(dir, 'buergernah.classic.js');
    const before = (await app.request('/widgets/buergernah.classic.js')).headers.get('etag');
    fs.writeFileSync(file, 'var Buergernah=2;/* rebuilt */');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const res = await app.request('/widgets/buergernah.classic.js');
    assert.equal(await res.text(), 'var Buergernah=2;/* rebuilt */');
    assert.notEqual(res.headers.get('etag'), before);
  });

  test('a missing file is a 404 problem, still open to every origin', async () => {
    const res = await app.request('/widgets/nope.js');
    await problem(res, 404, 'NOT_FOUND');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });

  test('directories are not listed', async () => {
    await problem(await app.request('/widgets/chunks'), 404, 'NOT_FOUND');
    await problem(await app.request('/widgets/chunks/'), 404, 'NOT_FOUND');
    await problem(await app.request('/widgets/'), 404, 'NOT_FOUND');
  });

  test('no way out of the directory, no dotfiles', async () => {
    for (const p of [
      '/widgets/..%2fsecret.txt',
      '/widgets/chunks/..%2f..%2fsecret.txt',
      '/widgets/%2e%2e%2fsecret.txt',
      '/widgets/..%5csecret.txt',
      '/widgets/%2fetc%2fpasswd',
      '/widgets/.env',
      '/widgets/chunks/%00.js',
    ]) {
      const res = await app.request(p);
      assert.notEqual(res.status, 200, p);
      const text = await res.text();
      assert.ok(!text.includes('top secret') && !text.includes('SECRET=1'), p);
    }
  });

  test('safeRelative refuses every escape', () => {
    assert.equal(safeRelative('chunks/a-1.js'), 'chunks/a-1.js');
    for (const bad of ['', '../x', 'a/../../x', '/etc/passwd', 'a\\..\\x', '.env', 'a//b', 'a/./b', 'x\0.js']) {
      assert.equal(safeRelative(bad), null, JSON.stringify(bad));
    }
  });

  test('without a build it answers 503 and says what to run', async () => {
    const empty = new Hono<AppEnv>();
    empty.route('/widgets', widgetsStatic(path.join(parent, 'not-built')));
    const res = await empty.request('/widgets/buergernah.js');
    const body = await problem(res, 503, 'WIDGETS_NOT_BUILT');
    assert.match(String(body.detail), /npm run build/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });
});
