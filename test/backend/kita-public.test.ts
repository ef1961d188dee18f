// Kita-Anmeldung, the family's side: facilities of the community, registration with every
// bad input of the issue, the tracking view, changes, withdrawal, drafts with a resume link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { world, problem, type World } from './helpers.ts';
import { solved } from './tips-fixtures.ts';
import { addFacility, citizenPost, register, registration, statusOf, staffKita, today } from './kita-fixtures.ts';
import { addMonths, parseDraftHash } from '../../backend/kita/schema.ts';

let w: World;
let town: { id: string; name: string };
let county: { id: string; name: string };
let hort: { id: string; name: string };
let foreign: { id: string; name: string };
before(async () => {
  w = await world();
  town = await addFacility(w, w.a.sk, { name: 'Kita Sonnenschein' });
  county = await addFacility(w, w.b.sk, { name: 'Kreis-Kita Regenbogen', ageGroups: ['krippe'] });
  hort = await addFacility(w, w.b.sk, { name: 'Hort am Markt', ageGroups: ['hort'] });
  foreign = await addFacility(w, w.c.sk, { name: 'Kita Anderswo' });
});
after(() => w.close());

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name).sort();

test('facilities: the whole community from the town and from the county, filters, never another community', async () => {
  const fromTown = await w.req('/v1/kita/facilities', { key: w.a.pk });
  assert.equal(fromTown.status, 200);
  assert.ok(fromTown.headers.get('ETag'));
  assert.deepEqual(names(await fromTown.json()), ['Hort am Markt', 'Kita Sonnenschein', 'Kreis-Kita Regenbogen']);
  assert.deepEqual(names(await (await w.req('/v1/kita/facilities', { key: w.b.pk })).json()), ['Hort am Markt', 'Kita Sonnenschein', 'Kreis-Kita Regenbogen']);
  assert.deepEqual(names(await (await w.req('/v1/kita/facilities', { key: w.c.pk })).json()), ['Kita Anderswo']);
  assert.deepEqual(names(await (await w.req('/v1/kita/facilities?town=musterkreis', { key: w.a.pk })).json()), ['Hort am Markt', 'Kreis-Kita Regenbogen']);
  assert.deepEqual(names(await (await w.req('/v1/kita/facilities?age=kindergarten', { key: w.a.pk })).json()), ['Kita Sonnenschein']);
  const one = (await (await w.req('/v1/kita/facilities?town=beispielstadt', { key: w.a.pk })).json()).items[0];
  assert.equal(one.town.slug, 'beispielstadt');
  assert.equal(one.light, 'yellow');
  assert.equal(one.takesWishes, true);
  assert.equal('email' in one, false, 'no staff address in the public view');
  await problem(await w.req('/v1/kita/facilities?age=baby', { key: w.a.pk }), 422, 'VALIDATION_FAILED');
  await problem(await w.req('/v1/kita/facilities?town=%00', { key: w.a.pk }), 422, 'VALIDATION_FAILED');
  await problem(await w.req(`/v1/kita/facilities/${foreign.id}/photo`, { key: w.a.pk }), 404, 'NOT_FOUND');
});

test('settings: max wishes, lead time and the towns of the community', async () => {
  const s = await (await w.req('/v1/kita/settings', { key: w.a.pk })).json();
  assert.equal(s.maxWishes, 5);
  assert.deepEqual(
    s.towns.map((t: { slug: string }) => t.slug),
    ['musterkreis', 'beispielstadt'],
  );
});

test('registration: KA reference and token, wishes in the county too, confirmation mail, idempotent retry', async () => {
  const body = registration([town.id, county.id]);
  const idem = randomUUID();
  const altcha = await solved(w, w.a.pk);
  const res = await citizenPost(w, w.a.pk, '/v1/kita/registrations', body, { idem, altcha });
  assert.equal(res.status, 201);
  const created = await res.json();
  assert.match(created.ref, /^KA-\d{4}-\d{5}$/);
  assert.match(created.token, /^[A-Za-z0-9_-]{32}$/);
  const again = await citizenPost(w, w.a.pk, '/v1/kita/registrations', body, { idem, altcha });
  assert.equal(again.status, 201);
  assert.deepEqual(await again.json(), created, 'the retry answers the first response');
  const n = (await w.db.sql<{ n: number }[]>`select count(*)::int as n from kita_registrations where ref = ${created.ref}`)[0]!.n;
  assert.equal(n, 1);
  const view = await statusOf(w, w.a.pk, created);
  assert.deepEqual(
    view.wishes.map((x: { rank: number; facility: { name: string }; state: string }) => [x.rank, x.facility.name, x.state]),
    [
      [1, 'Kita Sonnenschein', 'waiting'],
      [2, 'Kreis-Kita Regenbogen', 'waiting'],
    ],
  );
  // The tracking link works on the county's page too, never in another community.
  assert.equal((await statusOf(w, w.b.pk, created)).ref, created.ref);
  await problem(await w.req(`/v1/kita/registrations/status?ref=${created.ref}&token=${created.token}`, { key: w.c.pk }), 404, 'NOT_FOUND');
  await problem(await w.req(`/v1/kita/registrations/status?ref=${created.ref}&token=${'x'.repeat(32)}`, { key: w.a.pk }), 404, 'NOT_FOUND');
  const [mail] = await w.db.sql`select subject, body_text from outbox where subject_ref like 'kita:%' and body_text like ${'%' + created.ref + '%'}`;
  assert.match(mail!.subject, /Kita-Anmeldung KA-/);
  assert.match(mail!.body_text, /1\. Kita Sonnenschein\n {2}2\. Kreis-Kita Regenbogen/);
});

test('bad input of the issue: each a 4xx in German and English, nothing written', async () => {
  const count = (await w.db.sql<{ before: number }[]>`select count(*)::int as before from kita_registrations`)[0]!.before;
  const cases: [string, unknown, string][] = [
    [
      'birth date beyond the lead time',
      registration([town.id], { child: { ...registration([]).child, birthDate: addMonths(today(), 13), expected: true }, startDate: addMonths(today(), 20) }),
      'child.birthDate',
    ],
    ['future birth date not marked expected', registration([town.id], { child: { ...registration([]).child, birthDate: addMonths(today(), 2) } }), 'child.birthDate'],
    ['start date before birth', registration([town.id], { child: { ...registration([]).child, birthDate: addMonths(today(), 6), expected: true }, startDate: addMonths(today(), 3) }), 'startDate'],
    ['impossible date', registration([town.id], { startDate: '2027-02-30' }), 'startDate'],
    ['more wishes than allowed', registration([town.id, county.id, randomUUID(), randomUUID(), randomUUID(), randomUUID()]), 'wishes'],
    ['the same facility twice', registration([town.id, town.id]), 'wishes'],
    ['a facility outside the community', registration([town.id, foreign.id]), 'wishes.1'],
    ['an unknown facility', registration([randomUUID()]), 'wishes.0'],
    ['a facility without the age group', registration([hort.id]), 'wishes.0'],
    ['a sibling at an unwished Kita', registration([town.id], { siblings: [county.id] }), 'siblings'],
    ['hardship without a reason', registration([town.id], { hardship: true }), 'hardshipReason'],
    ['a residence outside the community', registration([town.id], { residence: 'anderswo' }), 'residence'],
    ['no consent', registration([town.id], { consent: false }), 'consent'],
    ['out-of-range hours', registration([town.id], { careHours: 1e9 }), 'careHours'],
    ['three guardians', registration([town.id], { guardians: [1, 2, 3].map(() => registration([]).guardians[0]) }), 'guardians'],
    ['NUL in a name', registration([town.id], { child: { ...registration([]).child, firstName: 'Mi\u0000a' } }), 'child.firstName'],
    ['lone surrogate', registration([town.id], { note: 'x\ud800' }), 'note'],
    ['wrong id format', registration(['not-a-uuid']), 'wishes.0'],
  ];
  for (const [what, body, path] of cases) {
    const p = await problem(await citizenPost(w, w.a.pk, '/v1/kita/registrations', body), 422, 'VALIDATION_FAILED');
    const hit = p.errors?.find((e) => e.path === path);
    assert.ok(hit, `${what}: expected an error at ${path}, got ${JSON.stringify(p.errors)}`);
    if (!/character that cannot be stored/.test(hit.message)) assert.match(hit.message, / · /, `${what}: German · English`);
  }
  const count2 = (await w.db.sql<{ after: number }[]>`select count(*)::int as after from kita_registrations`)[0]!.after;
  assert.equal(count2, count);
  const wishes = (await w.db.sql<{ wishes: number }[]>`select count(*)::int as wishes from kita_wishes w left join kita_registrations r on r.id = w.registration_id where r.id is null`)[0]!.wishes;
  assert.equal(wishes, 0);
  // Registration before birth within the lead time is fine.
  await register(w, w.a.pk, registration([town.id], { child: { ...registration([]).child, birthDate: addMonths(today(), 3), expected: true }, startDate: addMonths(today(), 15) }));
});

test('a tenant that takes no outside families: wishes from another town are refused, its own are fine', async () => {
  const res = await staffKita(w, w.b.sk, '/settings', { method: 'PUT', json: { acceptOutside: false } });
  assert.equal(res.status, 200);
  w.forgetKeys();
  try {
    const listed = (await (await w.req('/v1/kita/facilities?town=musterkreis', { key: w.a.pk })).json()).items;
    assert.ok(listed.every((f: { takesWishes: boolean }) => !f.takesWishes));
    const p = await problem(await citizenPost(w, w.a.pk, '/v1/kita/registrations', registration([town.id, county.id])), 422);
    assert.equal(p.errors![0]!.path, 'wishes.1');
    assert.match(p.errors![0]!.message, /nimmt nur Familien aus Landkreis Musterkreis auf\. · .* only takes families from/);
    await register(w, w.b.pk, registration([county.id], { residence: 'musterkreis' }));
  } finally {
    await staffKita(w, w.b.sk, '/settings', { method: 'PUT', json: { acceptOutside: true } });
    w.forgetKeys();
  }
});

test('without ALTCHA or Idempotency-Key a registration is refused', async () => {
  const body = registration([town.id]);
  await problem(await w.req('/v1/kita/registrations', { method: 'POST', key: w.a.pk, json: body, headers: { 'X-Altcha': await solved(w, w.a.pk) } }), 400, 'IDEMPOTENCY_KEY_MISSING');
  await problem(await w.req('/v1/kita/registrations', { method: 'POST', key: w.a.pk, json: body, headers: { 'Idempotency-Key': randomUUID() } }), 403, 'ALTCHA_FAILED');
});

test('change start date and hours; withdraw the whole registration; then nothing more changes', async () => {
  const r = await register(w, w.a.pk, registration([town.id, county.id]));
  const change = (json: unknown) => w.req('/v1/kita/registrations/status/change', { method: 'POST', key: w.a.pk, json });
  const start = addMonths(today(), 4);
  const changed = await (await change({ ...r, startDate: start, careHours: 45 })).json();
  assert.equal(changed.startDate, start);
  assert.equal(changed.careHours, 45);
  const before = await problem(await change({ ...r, startDate: addMonths(today(), -15) }), 422);
  assert.equal(before.errors![0]!.path, 'startDate');
  await problem(await change({ ...r }), 422, 'VALIDATION_FAILED');
  const gone = await (await w.req('/v1/kita/registrations/status/withdraw', { method: 'POST', key: w.a.pk, json: r })).json();
  assert.equal(gone.state, 'withdrawn');
  assert.ok(gone.wishes.every((x: { state: string }) => x.state === 'withdrawn'));
  await problem(await w.req('/v1/kita/registrations/status/withdraw', { method: 'POST', key: w.a.pk, json: r }), 409, 'REGISTRATION_CLOSED');
  await problem(await change({ ...r, careHours: 25 }), 409, 'REGISTRATION_CLOSED');
  const mails = await w.db.sql`select to_addr, subject from outbox where body_text like ${'%' + r.ref + '%'} order by created_at`;
  assert.ok(
    mails.some((m) => /zurückgezogen/.test(m.subject) && m.to_addr === 'eva@example.org'),
    'the family is told',
  );
  assert.ok(
    mails.some((m) => /Wunsch entfällt/.test(m.subject) && m.to_addr === 'kita@example.org'),
    'the Kitas are told',
  );
});

test('drafts: saved on the server, resume link by e-mail only, replaced on the next save, expired → 404', async () => {
  const data = { step: 3, wishes: [town.id], child: { firstName: 'Ben' } };
  const save = async (json: unknown) => citizenPost(w, w.a.pk, '/v1/kita/drafts', json);
  await problem(await save({ email: 'eva@example.org', data, pageUrl: 'https://evil.example/kita' }), 422, 'VALIDATION_FAILED');
  await problem(await save({ email: 'eva@example.org', data: { ...data, cookie: 'x' }, pageUrl: 'https://www.beispielstadt.example/kita' }), 422);
  const res = await save({ email: 'eva@example.org', data, pageUrl: 'https://www.beispielstadt.example/kita' });
  assert.equal(res.status, 201);
  const created = await res.json();
  assert.equal('token' in created, false, 'the token travels by e-mail only');
  const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
  assert.ok(days > 13.9 && days <= 14, `expires in 14 days, not ${days}`);
  const [mail] = await w.db.sql`select body_text from outbox where subject_ref = ${'kita-draft:' + created.id}`;
  const link = /https:\/\/www\.beispielstadt\.example\/kita#bn-kita-draft=\S+/.exec(mail!.body_text)![0];
  const parsed = parseDraftHash(new URL(link).hash)!;
  assert.equal(parsed.id, created.id);
  const resumed = await (await w.req(`/v1/kita/drafts/resume?id=${parsed.id}&token=${parsed.token}`, { key: w.a.pk })).json();
  assert.deepEqual(resumed.data, data);
  // Another tenant's key never sees it.
  await problem(await w.req(`/v1/kita/drafts/resume?id=${parsed.id}&token=${parsed.token}`, { key: w.b.pk }), 404);
  const next = await (await save({ email: 'eva@example.org', data: { ...data, step: 4 }, pageUrl: 'https://www.beispielstadt.example/kita', replaces: parsed })).json();
  await problem(await w.req(`/v1/kita/drafts/resume?id=${parsed.id}&token=${parsed.token}`, { key: w.a.pk }), 404);
  await w.db.sql`update kita_drafts set expires_at = now() - interval '1 second' where id = ${next.id}`;
  const [m2] = await w.db.sql`select body_text from outbox where subject_ref = ${'kita-draft:' + next.id}`;
  const p2 = parseDraftHash(new URL(/https:\S+/.exec(m2!.body_text)![0]).hash)!;
  const expired = await problem(await w.req(`/v1/kita/drafts/resume?id=${p2.id}&token=${p2.token}`, { key: w.a.pk }), 404);
  assert.match(expired.detail!, /abgelaufen\. · .*expired/);
});

test('the module can be off for a tenant', async () => {
  await w.db.sql`update tenants set modules = '{tips}', updated_at = now() where id = ${w.c.id}`;
  w.forgetKeys();
  await problem(await w.req('/v1/kita/facilities', { key: w.c.pk }), 403, 'MODULE_DISABLED');
  await w.db.sql`update tenants set modules = '{tips,kita,jobs,plans}', updated_at = now() where id = ${w.c.id}`;
  w.forgetKeys();
});
