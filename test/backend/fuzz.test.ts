// Malformed requests by the thousand: every registered route, every key kind, hostile params,
// query strings and bodies. Nothing may answer 5xx, and every error must be a problem+json.
// Then valid bodies of the routes that store text, each string and number mutated into the
// corpus below: text that cannot be stored (NUL, lone surrogates) is refused, never stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, type World } from './helpers.ts';
import { citizenPost, submit } from './tips-fixtures.ts';

let w: World;
before(async () => {
  process.env.BN_RATE_READ = '1000000';
  process.env.BN_RATE_WRITE = '1000000';
  process.env.BN_RATE_AUTHFAIL = '1000000';
  process.env.BN_RATE_OPEN311_READ = '1000000';
  w = await world();
});
after(async () => {
  delete process.env.BN_RATE_READ;
  delete process.env.BN_RATE_WRITE;
  delete process.env.BN_RATE_AUTHFAIL;
  delete process.env.BN_RATE_OPEN311_READ;
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
  // A lone surrogate in its UTF-8 (CESU) form, U+FFFE, U+FFFF.
  '%ED%A0%80',
  '%ED%B0%80',
  '%EF%BF%BE',
  '%EF%BF%BF',
  '2026-02-30',
  '1e308',
  '-0',
  'NaN',
  '9007199254740993',
];

/** Query strings every GET route gets (names the routes use, and names they do not). */
const QUERIES = [
  'limit=-5&page=abc&q=%27&key=',
  'q=%00&category=%00&status=%00&assignee=%00',
  'q=%ED%A0%80&q=%EF%BF%BE&category=%EF%BF%BF',
  `q=${'x'.repeat(20_000)}`,
  'from=2026-99-99&to=2026-02-30&before=2026-13-01T00:00:00Z',
  'from=275760-09-13&to=0000-01-01&before=-271821-04-20',
  'start_date=275760-09-13&end_date=2026-02-30T25:61:00Z&jurisdiction_id=beispielstadt',
  'start_date=%00&end_date=1e308&service_request_id=%00&jurisdiction_id=beispielstadt',
  'page=1e308&pageSize=-0&limit=NaN&lat=NaN&lng=9007199254740993',
  'page=9007199254740993&pageSize=1e-308&lat=-0&lng=Infinity&limit=0x10',
];

/** Strings every text field of a valid body is replaced with, one at a time. */
const UNSAFE_TEXT = ['\ud800', 'x\udfffy', '\udc00\ud800', 'a\u0000b', '\u0000'];
const ODD_TEXT = ['\ufffe', '\uffff', 'x'.repeat(100_000), '2026-02-30', '275760-09-13', '1e308', ''];
const ODD_NUMBERS: unknown[] = [1e308, -1e308, -0, 'NaN', 2 ** 53 + 1, -(2 ** 53) - 1, 'Infinity', null];

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
        // Every query of the corpus once per GET route and path, with the key the route is for.
        const queries = r.method !== 'GET' ? [''] : key === keyFor(path) ? QUERIES.map((q) => '?' + q) : ['?' + QUERIES[0]];
        for (const b of bodies)
          for (const query of queries) {
            const sig = `${r.method} ${path} ${key} ${b.body?.slice(0, 20)} ${b.type} ${query.slice(0, 60)}`;
            if (seen.has(sig)) continue;
            seen.add(sig);
            const headers: Record<string, string> = {};
            if (b.type) headers['Content-Type'] = b.type;
            const res = await w.req(path + query, {
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

function keyFor(path: string): string | undefined {
  if (path.startsWith('/v1/admin')) return w.admin;
  if (path.startsWith('/v1/staff')) return w.a.sk;
  if (path.startsWith('/v1/')) return w.a.pk;
  return undefined;
}

/** Every string leaf (and object key) and number leaf of a value, as paths. */
function leaves(x: unknown, path: (string | number)[] = []): { path: (string | number)[]; kind: 'string' | 'number' }[] {
  if (typeof x === 'string') return [{ path, kind: 'string' }];
  if (typeof x === 'number') return [{ path, kind: 'number' }];
  if (Array.isArray(x)) return x.flatMap((item, i) => leaves(item, [...path, i]));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, item]) => leaves(item, [...path, k]));
  return [];
}

function replaced(x: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(x) as Record<string | number, unknown>;
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

test('text and numbers of valid bodies, mutated into the corpus: never a 5xx, unsafe text never stored', async () => {
  const { ref } = await submit(w, w.a.pk);
  const settings = {
    notifyEmail: 'tips@beispielstadt.example',
    statusPageUrl: 'https://www.beispielstadt.example/status',
    retentionDays: 30,
    templates: [{ id: 'danke', status: 'acknowledged', title: 'Danke', text: { de: 'Danke.', en: 'Thanks.' } }],
    categories: [
      {
        id: 'laterne',
        label: { de: 'Laterne', en: 'Street light' },
        hint: { de: 'Mastnummer', en: 'Pole number' },
        kinds: ['schaden'],
        questions: [{ id: 'mast', label: { de: 'Mast', en: 'Pole' }, type: 'select', required: false, options: [{ value: 'a', label: { de: 'A' } }] }],
      },
    ],
  };
  const seeds: { name: string; send: (body: unknown) => Promise<Response> }[] = [
    { name: 'POST /v1/tips', send: (body) => citizenPost(w, w.a.pk, '/v1/tips', body) },
    { name: 'PUT /v1/staff/tips/settings', send: (body) => w.req('/v1/staff/tips/settings', { method: 'PUT', key: w.a.sk, json: body }) },
    { name: `PATCH /v1/staff/tips/${ref}`, send: (body) => w.req(`/v1/staff/tips/${ref}`, { method: 'PATCH', key: w.a.sk, json: body }) },
    { name: `POST /v1/staff/tips/${ref}/notes`, send: (body) => w.req(`/v1/staff/tips/${ref}/notes`, { method: 'POST', key: w.a.sk, json: body }) },
    { name: 'POST /v1/admin/tenants', send: (body) => w.req('/v1/admin/tenants', { method: 'POST', key: w.admin, json: body }) },
  ];
  const bodies: Record<string, unknown> = {
    'POST /v1/tips': {
      kind: 'schaden',
      category: 'beleuchtung',
      description: 'Laterne dunkel',
      consent: true,
      notify: true,
      location: { lat: 52.4, lng: 10.05, address: 'Hauptstraße 1' },
      contact: { name: 'Max', email: 'max@example.org' },
      answers: { mastnummer: 'L-1' },
    },
    'PUT /v1/staff/tips/settings': settings,
    [`PATCH /v1/staff/tips/${ref}`]: { status: 'rejected', reason: 'Nicht zuständig', publicAnswer: 'Bitte an den Kreis', description: 'Laterne' },
    [`POST /v1/staff/tips/${ref}/notes`]: { text: 'Bauhof informiert' },
    'POST /v1/admin/tenants': { slug: 'fuzzstadt', name: 'Fuzzstadt', origins: ['https://fuzz.example'], contactEmail: null },
  };
  const failures: string[] = [];
  let count = 0;
  for (const seed of seeds) {
    const valid = bodies[seed.name];
    for (const leaf of leaves(valid)) {
      const values = leaf.kind === 'string' ? [...UNSAFE_TEXT, ...ODD_TEXT] : ODD_NUMBERS;
      for (const value of values) {
        const body = replaced(valid, leaf.path, value);
        const res = await seed.send(body);
        count++;
        const text = await res.text();
        const sig = `${seed.name} ${leaf.path.join('.')}=${JSON.stringify(value).slice(0, 20)}`;
        if (res.status >= 500) failures.push(`${res.status} ${sig}: ${text.slice(0, 160)}`);
        else if (UNSAFE_TEXT.includes(value as string) && res.status < 400) failures.push(`stored ${res.status} ${sig}`);
        else if (res.status >= 400 && !res.headers.get('Content-Type')?.startsWith('application/problem+json')) failures.push(`non-problem ${sig}`);
      }
      // An object key that is not safe text, where the body has objects.
      if (leaf.path.length > 1 && leaf.kind === 'string' && typeof leaf.path[leaf.path.length - 1] === 'string') {
        const parent = leaf.path.slice(0, -1);
        const res = await seed.send(replaced(valid, [...parent, '\ud800'], 'x'));
        count++;
        if (res.status >= 500) failures.push(`${res.status} ${seed.name} key under ${parent.join('.')}`);
      }
    }
  }
  // Open311 form fields: the same corpus, as an app would post it.
  const form = { api_key: w.a.pk, service_code: 'beleuchtung', lat: '52.4', long: '10.05', description: 'Laterne', first_name: 'Erika', email: 'e@example.org', 'attribute[mastnummer]': 'L-1' };
  for (const field of Object.keys(form).filter((k) => k !== 'api_key')) {
    for (const value of ['\u0000', 'a\u0000b', ...ODD_TEXT.slice(0, 3), ...ODD_NUMBERS.map(String)]) {
      const res = await w.req('/open311/v2/requests.json', { method: 'POST', body: new URLSearchParams({ ...form, [field]: value }) });
      count++;
      if (res.status >= 500) failures.push(`${res.status} open311 ${field}=${JSON.stringify(value).slice(0, 20)}: ${(await res.text()).slice(0, 160)}`);
      else if (value.includes('\u0000') && res.status < 400) failures.push(`stored open311 ${field} with NUL`);
      else await res.body?.cancel();
    }
  }
  assert.ok(count > 300, `sent ${count} requests`);
  assert.deepEqual(failures.slice(0, 20), []);
});
