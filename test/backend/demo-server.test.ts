// The demo websites: pages in their layout, keys from the database, strict CSP, no escapes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, type TestDb } from './db.ts';
import { createDemoServer, demoCsp, tileUrlOrigin, applyLayout } from '../../backend/demo-server.ts';

const API = 'http://localhost:8787';
let db: TestDb;
let app: ReturnType<typeof createDemoServer>;

async function tenant(slug: string, tileUrl?: string): Promise<string> {
  const [t] = await db.sql<{ id: string }[]>`
    insert into tenants (slug, name, origins, map)
    values (${slug}, ${slug}, ${['http://localhost:8788']}, ${db.sql.json(tileUrl ? { tileUrl } : {})})
    returning id`;
  assert.ok(t);
  return t.id;
}

async function key(tenantId: string, id: string, publishable: string, extra: { revoked?: boolean; expired?: boolean; ageSeconds?: number } = {}) {
  await db.sql`
    insert into api_keys (id, tenant_id, kind, hint, hash, publishable, created_at, revoked_at, expires_at)
    values (${id}, ${tenantId}, 'publishable', 'bn_pk_…', ${Buffer.from(id)}, ${publishable},
            now() - make_interval(secs => ${extra.ageSeconds ?? 0}),
            ${extra.revoked ? db.sql`now()` : null}, ${extra.expired ? db.sql`now() - interval '1 hour'` : null})`;
}

before(async () => {
  db = await freshDatabase();
  const b = await tenant('beispielstadt', 'https://{s}.tiles.example.org/{z}/{x}/{y}.png');
  await key(b, 'old', 'bn_pk_OLD', { ageSeconds: 3600 });
  await key(b, 'newest', 'bn_pk_NEWEST', { ageSeconds: 60 });
  await key(b, 'revoked', 'bn_pk_REVOKED', { revoked: true });
  await key(b, 'expired', 'bn_pk_EXPIRED', { expired: true });
  await tenant('musterkreis');
  app = createDemoServer({ sql: db.sql, apiBase: `${API}/` });
});

after(() => db.close());

describe(`demo server (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('the overview links both sites', async () => {
    const res = await app.request('/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /href="\/beispielstadt\/"/);
    assert.match(html, /href="\/musterkreis\/"/);
    assert.ok(!html.includes('{{API_BASE}}'));
  });

  test('a page is wrapped in its site layout, with the script tag and the newest usable key', async () => {
    const res = await app.request('/beispielstadt/anliegen.html');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<title>Anliegen melden – Gemeinde Beispielstadt<\/title>/);
    assert.ok(html.includes(`<script type="module" src="${API}/widgets/buergernah.js"></script>`));
    assert.ok(html.includes('<bn-tenant api-key="bn_pk_NEWEST">'));
    assert.ok(!/bn_pk_(OLD|REVOKED|EXPIRED)/.test(html));
    assert.match(html, /<a href="anliegen.html" aria-current="page">Anliegen melden<\/a>/);
    for (const legal of ['impressum.html', 'datenschutz.html', 'barrierefreiheit.html']) assert.ok(html.includes(`href="${legal}"`), legal);
    assert.ok(!/\{\{[A-Z_]+\}\}/.test(html), 'no placeholder left');
  });

  test('every page of both sites renders', async () => {
    for (const site of ['beispielstadt', 'musterkreis']) {
      for (const page of ['index', 'anliegen', 'kita', 'stellen', 'bauleitplanung', 'impressum', 'datenschutz', 'barrierefreiheit']) {
        const res = await app.request(`/${site}/${page}.html`);
        assert.equal(res.status, 200, `${site}/${page}`);
        const html = await res.text();
        assert.match(html, /<h1[ >]/, `${site}/${page} has a heading`);
        assert.match(html, /<main id="inhalt"/);
      }
    }
  });

  test('every page carries a strict CSP naming the API origin and the tile server', async () => {
    const res = await app.request('/beispielstadt/');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' http:\/\/localhost:8787(;|$)/);
    assert.match(csp, /connect-src http:\/\/localhost:8787(;|$)/);
    assert.match(csp, /worker-src blob: http:\/\/localhost:8787(;|$)/);
    assert.match(csp, /img-src [^;]*https:\/\/\*\.tiles\.example\.org/);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  });

  test('a tenant without a usable key shows a notice instead of a broken widget', async () => {
    const html = await (await app.request('/musterkreis/anliegen.html')).text();
    assert.match(html, /class="demo-notice"/);
    assert.match(html, /keys create --tenant musterkreis/);
    assert.ok(html.includes('<bn-tenant api-key="">'));
  });

  test('a directory redirects to its slash form; assets have their types', async () => {
    const res = await app.request('/musterkreis');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/musterkreis/');
    const css = await app.request('/beispielstadt/theme.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /--bn-color-primary/);
  });

  test('layouts, missing pages and escapes are 404', async () => {
    for (const p of ['/beispielstadt/_layout.html', '/nope.html', '/..%2fpackage.json', '/beispielstadt/..%2f..%2fpackage.json', '/%E0%A4%A']) {
      const res = await app.request(p);
      assert.equal(res.status, 404, p);
      assert.ok(!(await res.text()).includes('"name": "buergernah"'), p);
    }
  });

  test('an API behind a path prefix keeps it in the script URL, the CSP names the origin', async () => {
    const prefixed = createDemoServer({ sql: db.sql, apiBase: 'https://dienste.example.de/buergernah/' });
    const res = await prefixed.request('/beispielstadt/kita.html');
    const html = await res.text();
    assert.ok(html.includes('<script type="module" src="https://dienste.example.de/buergernah/widgets/buergernah.js"></script>'));
    assert.match(res.headers.get('content-security-policy') ?? '', /connect-src https:\/\/dienste\.example\.de;/);
  });

  test('helpers', () => {
    assert.equal(tileUrlOrigin('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png'), 'https://*.tile.openstreetmap.org');
    assert.equal(tileUrlOrigin('https://tiles.example.de:8443/{z}/{x}/{y}.png'), 'https://tiles.example.de:8443');
    assert.equal(tileUrlOrigin('javascript:alert(1)'), null);
    assert.equal(tileUrlOrigin(null), null);
    assert.match(demoCsp('https://api.example.de/base'), /connect-src https:\/\/api\.example\.de;/);
    const out = applyLayout('<title>{{TITLE}}</title><nav class="site-nav"><a href="a.html">A</a></nav>{{CONTENT}}', '<!-- title: T -->\n<p>x</p>', 'a.html');
    assert.equal(out, '<title>T</title><nav class="site-nav"><a href="a.html" aria-current="page">A</a></nav><p>x</p>');
  });
});
