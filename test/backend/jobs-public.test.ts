// Postings: staff CRUD with sanitised rich text, publish/unpublish, the public list with
// filters and the county's community view, the deadline at the end of the day in
// Europe/Berlin, the Atom feed, cross-tenant 404s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, type World } from './helpers.ts';
import { clockApp, createPosting } from './jobs-fixtures.ts';
import { deadlineEnds, validThrough } from '../../backend/jobs/schema.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const list = async (pk: string, query = '') => {
  const res = await w.req(`/v1/jobs?key=${pk}${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { items: { id: string; title: string; employer: { slug: string }; validThrough: string | null }[]; total: number; facets: Record<string, unknown[]> };
};

test('a posting keeps only safe markup; scripts, handlers and javascript: links are gone', async () => {
  const p = await createPosting(w, w.a.sk, {
    title: 'Sanitised',
    descriptionHtml:
      '<h1>Titel</h1><p onclick="x()">Text <script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">a</a> <a href="https://example.org">b</a></p><style>p{}</style>',
  });
  assert.equal(p.descriptionHtml, '<h2>Titel</h2><p>Text <a rel="noopener noreferrer" target="_blank">a</a> <a href="https://example.org" rel="noopener noreferrer" target="_blank">b</a></p>');
  const empty = await w.req('/v1/staff/jobs', { method: 'POST', key: w.a.sk, json: { title: 'x', locality: 'y', descriptionHtml: '<script>only()</script>' } });
  assert.deepEqual(
    (await problem(empty, 422, 'VALIDATION_FAILED')).errors?.map((e) => e.path),
    ['descriptionHtml'],
  );
});

test('bad posting input gets field errors', async () => {
  const res = await w.req('/v1/staff/jobs', {
    method: 'POST',
    key: w.a.sk,
    json: { title: 'Ok\u0000', descriptionHtml: '<p>x</p>', locality: 'L', deadline: '2026-02-30', salaryMin: 5000, salaryMax: 100, payScheme: 'x', hoursPerWeek: 99 },
  });
  const paths = (await problem(res, 422)).errors!.map((e) => e.path).sort();
  assert.ok(paths.includes('title'), paths.join());
  const res2 = await w.req('/v1/staff/jobs', {
    method: 'POST',
    key: w.a.sk,
    json: { title: 'Ok', descriptionHtml: '<p>x</p>', locality: 'L', deadline: '2026-02-30', salaryMin: 5000, salaryMax: 100, payScheme: 'x', hoursPerWeek: 99 },
  });
  assert.deepEqual((await problem(res2, 422)).errors!.map((e) => e.path).sort(), ['deadline', 'hoursPerWeek', 'payScheme']);
  const res3 = await w.req('/v1/staff/jobs', { method: 'POST', key: w.a.sk, json: { title: 'Ok', descriptionHtml: '<p>x</p>', locality: 'L', salaryMin: 5000, salaryMax: 100 } });
  assert.deepEqual(
    (await problem(res3, 422)).errors!.map((e) => e.path),
    ['salaryMax'],
  );
});

test('publish and unpublish: only published postings are public', async () => {
  const p = await createPosting(w, w.a.sk, { title: 'Entwurf Kämmerei', published: false });
  assert.ok(!(await list(w.a.pk)).items.some((i) => i.id === p.id));
  await problem(await w.req(`/v1/jobs/${p.id}?key=${w.a.pk}`), 404, 'NOT_FOUND');
  const pub = await w.req(`/v1/staff/jobs/${p.id}`, { method: 'PATCH', key: w.a.sk, json: { published: true } });
  assert.equal((await pub.json()).published, true);
  assert.ok((await list(w.a.pk)).items.some((i) => i.id === p.id));
  const one = await w.req(`/v1/jobs/${p.id}?key=${w.a.pk}`);
  assert.equal((await one.json()).title, 'Entwurf Kämmerei');
  await w.req(`/v1/staff/jobs/${p.id}`, { method: 'PATCH', key: w.a.sk, json: { published: false } });
  assert.ok(!(await list(w.a.pk)).items.some((i) => i.id === p.id));
  const audit = await w.db.sql`select action from audit_log where subject = ${`posting:${p.id}`} order by at`;
  assert.deepEqual(
    audit.map((a) => a.action),
    ['jobs.posting.created', 'jobs.posting.published', 'jobs.posting.unpublished'],
  );
});

test('filters: department, pay grade, scheme, hours, location, search, with deadline', async () => {
  const town = w.a;
  const a = await createPosting(w, town.sk, {
    title: 'Erzieher/in Kita Sonnenschein',
    department: 'Jugendamt',
    payScheme: 'tvoed',
    payGrade: 'S 8a',
    employmentType: 'part_time',
    locality: 'Nordheim',
    deadline: null,
  });
  const b = await createPosting(w, town.sk, {
    title: 'Verwaltungsinspektor/in',
    department: 'Hauptamt',
    payScheme: 'besoldung',
    payGrade: 'A 9',
    employmentType: 'full_or_part_time',
    locality: 'Beispielstadt',
  });
  const ids = async (q: string) => (await list(town.pk, q)).items.map((i) => i.id);
  assert.ok((await ids('&department=Jugendamt')).includes(a.id));
  assert.ok(!(await ids('&department=Jugendamt')).includes(b.id));
  assert.deepEqual(await ids('&payGrade=A%209'), [b.id]);
  assert.ok((await ids('&payScheme=besoldung')).every((id) => id === b.id));
  // "part time" also lists postings open to both.
  const part = await ids('&employmentType=part_time');
  assert.ok(part.includes(a.id) && part.includes(b.id));
  assert.deepEqual(await ids('&location=Nordheim'), [a.id]);
  assert.deepEqual(await ids('&q=sonnenschein'), [a.id]);
  assert.ok(!(await ids('&withDeadline=true')).includes(a.id));
  assert.deepEqual(await ids('&q=100%25'), []);
  const facets = (await list(town.pk)).facets;
  assert.ok((facets.departments as string[]).includes('Jugendamt'));
  assert.ok((facets.payGrades as string[]).includes('A 9'));
  await problem(await w.req(`/v1/jobs?key=${town.pk}&payScheme=nope`), 422, 'VALIDATION_FAILED');
  await problem(await w.req(`/v1/jobs?key=${town.pk}&pageSize=1000`), 422, 'VALIDATION_FAILED');
  await problem(await w.req(`/v1/jobs?key=${town.pk}&q=%00`), 422, 'VALIDATION_FAILED');
});

test("the county's page lists a town's postings only while the town shares them", async () => {
  const townJob = await createPosting(w, w.a.sk, { title: 'Gemeindearbeiter/in' });
  const countyJob = await createPosting(w, w.b.sk, { title: 'Kreisstraßenmeisterei', locality: 'Kreisstadt' });
  const countyIds = async () => (await list(w.b.pk)).items.map((i) => i.id);
  assert.ok((await countyIds()).includes(countyJob.id));
  assert.ok(!(await countyIds()).includes(townJob.id));
  await problem(await w.req(`/v1/jobs/${townJob.id}?key=${w.b.pk}`), 404);
  const share = await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { shareWithCounty: true } });
  assert.equal((await share.json()).shareWithCounty, true);
  w.forgetKeys();
  assert.ok((await countyIds()).includes(townJob.id));
  const page = await list(w.b.pk, '&employer=beispielstadt');
  assert.ok(page.items.every((i) => i.employer.slug === 'beispielstadt') && page.items.length > 0);
  assert.equal((await w.req(`/v1/jobs/${townJob.id}?key=${w.b.pk}`)).status, 200);
  // The town never sees the county's postings, and the unrelated tenant sees neither.
  assert.ok(!(await list(w.a.pk)).items.some((i) => i.id === countyJob.id));
  await problem(await w.req(`/v1/jobs/${townJob.id}?key=${w.c.pk}`), 404);
  await problem(await w.req(`/v1/jobs/${countyJob.id}?key=${w.c.pk}`), 404);
  // Staff of another tenant: 404.
  await problem(await w.req(`/v1/staff/jobs/${townJob.id}`, { key: w.b.sk }), 404);
  await problem(await w.req(`/v1/staff/jobs/${townJob.id}`, { method: 'PATCH', key: w.c.sk, json: { published: false } }), 404);
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { shareWithCounty: false } });
  assert.ok(!(await countyIds()).includes(townJob.id));
});

test('the deadline ends at midnight Europe/Berlin, summer and winter', async () => {
  assert.equal(deadlineEnds('2026-07-15').toISOString(), '2026-07-15T22:00:00.000Z');
  assert.equal(deadlineEnds('2026-01-15').toISOString(), '2026-01-15T23:00:00.000Z');
  assert.equal(deadlineEnds('2026-03-28').toISOString(), '2026-03-28T23:00:00.000Z'); // DST starts 29 March
  assert.equal(deadlineEnds('2026-10-24').toISOString(), '2026-10-24T22:00:00.000Z'); // DST ends 25 October
  assert.equal(validThrough('2026-07-15'), '2026-07-15T23:59:59+02:00');
  assert.equal(validThrough('2026-01-15'), '2026-01-15T23:59:59+01:00');

  const summer = await createPosting(w, w.a.sk, { title: 'Sommerfrist', deadline: '2026-07-15' });
  const winter = await createPosting(w, w.a.sk, { title: 'Winterfrist', deadline: '2026-01-15' });
  const clock = { now: new Date('2026-07-15T21:59:59.999Z') };
  const req = clockApp(w, clock);
  const listed = async () => ((await (await req('/v1/jobs?pageSize=100', { key: w.a.pk })).json()) as { items: { id: string }[] }).items.map((i) => i.id);
  assert.ok((await listed()).includes(summer.id), 'open until 23:59:59.999 local time');
  assert.equal((await req(`/v1/jobs/${summer.id}`, { key: w.a.pk })).status, 200);
  clock.now = new Date('2026-07-15T22:00:00.000Z');
  assert.ok(!(await listed()).includes(summer.id), 'gone at 00:00 local time');
  await problem(await req(`/v1/jobs/${summer.id}`, { key: w.a.pk }), 410, 'POSTING_CLOSED');
  clock.now = new Date('2026-01-15T22:59:59Z');
  assert.ok((await listed()).includes(winter.id));
  clock.now = new Date('2026-01-15T23:00:00Z');
  assert.ok(!(await listed()).includes(winter.id));
  // Staff still see both, marked closed.
  const staff = (await (await w.req('/v1/staff/jobs', { key: w.a.sk })).json()) as { id: string; open: boolean; validThrough: string }[];
  assert.equal(staff.find((p) => p.id === summer.id)?.validThrough, '2026-07-15T23:59:59+02:00');
});

test('the Atom feed lists the open postings', async () => {
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { pageUrl: 'https://www.beispielstadt.example/stellen' } });
  w.forgetKeys();
  const p = await createPosting(w, w.a.sk, { title: 'Feed & <Stelle>' });
  const res = await w.req(`/v1/jobs/feed?key=${w.a.pk}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type')!, /^application\/atom\+xml/);
  const xml = await res.text();
  assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.ok(xml.includes(`<id>urn:uuid:${p.id}</id>`));
  assert.ok(xml.includes('<title>Feed &amp; &lt;Stelle&gt;</title>'));
  assert.ok(xml.includes(`href="https://www.beispielstadt.example/stellen?bn-job=${p.id}"`));
  assert.ok(!xml.includes('<script'));
});

test('a tenant without the jobs module gets 403', async () => {
  await w.db.sql`update tenants set modules = '{tips}' where id = ${w.c.id}`;
  w.forgetKeys();
  await problem(await w.req(`/v1/jobs?key=${w.c.pk}`), 403, 'MODULE_DISABLED');
  await w.db.sql`update tenants set modules = '{tips,kita,jobs,plans}' where id = ${w.c.id}`;
  w.forgetKeys();
});

test('the list answers 304 to its ETag, and a change shows at once in this process', async () => {
  const first = await w.req(`/v1/jobs?key=${w.a.pk}`);
  const etag = first.headers.get('ETag')!;
  assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
  const again = await w.req(`/v1/jobs?key=${w.a.pk}`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const p = await createPosting(w, w.a.sk, { title: 'Neu im Cache' });
  const after = await w.req(`/v1/jobs?key=${w.a.pk}`, { headers: { 'If-None-Match': etag } });
  assert.equal(after.status, 200);
  assert.ok(((await after.json()) as { items: { id: string }[] }).items.some((i) => i.id === p.id));
});

test('the OpenAPI document names every jobs route, with the application schema', async () => {
  const doc = await (await w.req('/v1/openapi.json')).json();
  for (const [path, method] of [
    ['/v1/jobs', 'get'],
    ['/v1/jobs/feed', 'get'],
    ['/v1/jobs/{id}', 'get'],
    ['/v1/jobs/{id}/applications', 'post'],
    ['/v1/jobs/applications/status', 'get'],
    ['/v1/staff/jobs', 'post'],
    ['/v1/staff/jobs/{id}/applications', 'get'],
    ['/v1/staff/jobs/{id}/applications/reject', 'post'],
  ] as const) {
    assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} documented`);
  }
  assert.match(JSON.stringify(doc.paths['/v1/jobs/{id}/applications'].post.requestBody), /coverLetter/);
});
