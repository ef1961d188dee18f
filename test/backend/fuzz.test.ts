// Malformed requests by the thousand: every registered route, every key kind, hostile params
// and bodies. Nothing may answer 5xx, and every error must be a problem+json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, type World } from './helpers.ts';

let w: World;
before(async () => {
  process.env.BN_RATE_READ = '1000000';
  process.env.BN_RATE_WRITE = '1000000';
  process.env.BN_RATE_AUTHFAIL = '1000000';
  w = await world();
});
after(async () => {
  delete process.env.BN_RATE_READ;
  delete process.env.BN_RATE_WRITE;
  delete process.env.BN_RATE_AUTHFAIL;
  await w.close();
});

const PARAMS = [
  '00000000-0000-0000-0000-000000000000',
  'key_0000000000000000',
  'BT-2026-00001',
  '..%2F..%2Fetc%2Fpasswd',
  "'%20or%201%3D1--",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'x'.repeat(3000),
  '-1',
  '1e309',
  '%00',
  '%F0%9F%98%80',
];

const BODIES: { body?: string; type?: string }[] = [
  {},
  { body: '', type: 'application/json' },
  { body: '{', type: 'application/json' },
  { body: 'null', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  { body: '"text"', type: 'application/json' },
  { body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', type: 'application/json' },
  { body: JSON.stringify({ slug: 1, name: ['x'], origins: 'x', kind: {}, tenant: null, description: '<img src=x onerror=alert(1)>', lat: 'NaN', graceHours: 1e308 }), type: 'application/json' },
  { body: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' },
  { body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot a file\r\n--x--', type: 'multipart/form-data; boundary=x' },
  { body: '--broken', type: 'multipart/form-data; boundary=zzz' },
  { body: '<xml/>', type: 'application/xml' },
];

test('no route answers 5xx or a non-problem error to hostile input', async () => {
  const routes = w.app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS');
  const keys = [undefined, w.a.pk, w.a.sk, w.b.sk, w.admin, 'bn_pk_garbage'];
  const seen = new Set<string>();
  let count = 0;
  const failures: string[] = [];
  for (const r of routes) {
    const paths = new Set<string>();
    for (const p of PARAMS) paths.add(r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, p).replace(/\*/g, p));
    for (const path of paths) {
      for (const key of path.startsWith('/v1/') || path.startsWith('/open311/') ? keys : [undefined]) {
        const bodies = r.method === 'GET' || r.method === 'HEAD' ? [{}] : BODIES;
        for (const b of bodies) {
          const sig = `${r.method} ${path} ${key} ${b.body?.slice(0, 20)} ${b.type}`;
          if (seen.has(sig)) continue;
          seen.add(sig);
          const headers: Record<string, string> = {};
          if (b.type) headers['Content-Type'] = b.type;
          const res = await w.req(path + (r.method === 'GET' ? '?limit=-5&page=abc&q=%27&key=' : ''), {
            method: r.method,
            key,
            headers,
            body: b.body,
            origin: key === w.a.pk ? undefined : null,
          });
          count++;
          const text = await res.text();
          // 503 before `npm run build` is the static route's deliberate answer.
          if (res.status >= 500 && !text.includes('WIDGETS_NOT_BUILT')) failures.push(`${res.status} ${sig}: ${text.slice(0, 200)}`);
          else if (res.status >= 400 && !res.headers.get('Content-Type')?.startsWith('application/problem+json')) {
            // Open311 has its own error format by specification.
            if (!path.startsWith('/open311/')) failures.push(`non-problem ${res.status} ${sig}: ${text.slice(0, 120)}`);
          }
        }
      }
    }
  }
  assert.ok(count > 500, `sent ${count} requests`);
  assert.deepEqual(failures.slice(0, 20), []);
});
