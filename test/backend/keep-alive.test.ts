// A real server on a random loopback port, keep-alive connections (Node's fetch is undici),
// and a stream of malformed requests: wrong keys, bodies over the limit, broken JSON, wrong
// content types, unknown routes — each with a body the server answers without reading.
// Every request gets its own answer; none may fail with a dropped connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { world, type World } from './helpers.ts';

let w: World;
let server: ReturnType<typeof serve>;
let base: string;
before(async () => {
  process.env.BN_RATE_READ = '1000000';
  process.env.BN_RATE_WRITE = '1000000';
  process.env.BN_RATE_AUTHFAIL = '1000000';
  w = await world();
  server = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  delete process.env.BN_RATE_READ;
  delete process.env.BN_RATE_WRITE;
  delete process.env.BN_RATE_AUTHFAIL;
  await new Promise((resolve) => server.close(resolve));
  await w.close();
});

test('a few thousand malformed requests over keep-alive connections: zero socket errors', async () => {
  const json = (key: string | null, body: string, type = 'application/json'): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': type, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body,
  });
  const overLimit = 'x'.repeat(1024 * 1024 + 1);
  const cases: [string, RequestInit, number][] = [
    ['/v1/tips', json(w.a.pk, '{'), 400],
    ['/v1/tips', json('bn_pk_garbage', '{"description":"x"}'), 401],
    ['/v1/tips', json(w.a.sk, '{"description":"' + 'y'.repeat(50_000) + '"}'), 403],
    ['/v1/tips', json(w.a.pk, 'kind=idee', 'text/plain'), 400],
    ['/v1/staff/tips/settings', { ...json(w.a.sk, overLimit), method: 'PUT' }, 413],
    ['/v1/staff/tips/BT-1', { ...json(w.a.sk, 'null'), method: 'PATCH' }, 422],
    ['/v1/admin/tenants', json(w.a.pk, '{"slug":"x"}'), 403],
    ['/v1/uploads', json('bn_pk_x', '--x\r\n' + 'z'.repeat(200_000), 'multipart/form-data; boundary=x'), 401],
    ['/v1/no-such-route', json(null, 'q'.repeat(70_000)), 404],
    ['/open311/v2/requests.json', json(null, 'api_key=bn_pk_x&' + 'a'.repeat(100_000), 'application/x-www-form-urlencoded'), 413],
    ['/open311/v2/requests.json', json(null, '--x\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nbn_pk_x\r\n' + 'm'.repeat(300_000), 'multipart/form-data; boundary=x'), 401],
    ['/v1/tips/categories', { headers: { Authorization: 'Bearer bn_sk_zzz' } }, 401],
    ['/healthz', {}, 200],
  ];
  const TOTAL = 1800;
  const deadline = Date.now() + 120_000;
  const socketErrors: string[] = [];
  const wrong: string[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: 6 }, async (_, worker) => {
      for (let i = worker; i < TOTAL && Date.now() < deadline; i += 6) {
        const [path, init, status] = cases[i % cases.length]!;
        sent++;
        try {
          const res = await fetch(base + path, init);
          await res.arrayBuffer();
          if (res.status !== status) wrong.push(`${path} ${res.status}`);
        } catch (e) {
          const cause = (e as { cause?: { code?: string; message?: string } }).cause;
          socketErrors.push(`${path}: ${cause?.code ?? ''} ${cause?.message ?? (e as Error).message}`);
        }
      }
    }),
  );
  assert.ok(sent >= 600, `sent only ${sent} requests before the deadline`);
  assert.deepEqual(socketErrors.slice(0, 10), [], `${socketErrors.length} of ${sent} requests failed on the socket`);
  assert.deepEqual(wrong.slice(0, 10), []);
});

test('an answer given before the body was read: a small rest is drained (connection kept, no reset for a proxy), a large one closes the connection', async () => {
  const small = await fetch(`${base}/v1/tips`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer bn_pk_garbage' }, body: '{"a":"' + 'b'.repeat(100_000) + '"}' });
  await small.arrayBuffer();
  assert.equal(small.status, 401);
  assert.notEqual(small.headers.get('Connection'), 'close');
  const large = await fetch(`${base}/v1/tips`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer bn_pk_garbage' },
    body: '{"a":"' + 'b'.repeat(3_000_000) + '"}',
  });
  await large.arrayBuffer();
  assert.equal(large.status, 413);
  assert.equal(large.headers.get('Connection'), 'close');
  const read = await fetch(`${base}/v1/tips`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.a.pk}`, Origin: 'https://www.beispielstadt.example', 'Idempotency-Key': crypto.randomUUID() },
    body: '{',
  });
  await read.arrayBuffer();
  assert.notEqual(read.headers.get('Connection'), 'close');
});
