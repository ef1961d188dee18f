// Kita-Anmeldung, the staff side on both databases: facilities, ranking by the tenant's rules,
// the one-open-offer invariant under concurrency, acceptance withdrawing wishes in other
// tenants of the community, isolation, expiry, retention, duplicates, statistics and exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { world, problem, signedIn, asPerson, type World } from './helpers.ts';
import { addFacility, register, registration, registrationId, staffKita, statusOf, today } from './kita-fixtures.ts';
import { addDays } from '../../backend/core/time.ts';
import { expireOffers, purgeKitaPersonalData } from '../../backend/kita/jobs.ts';

let w: World;
let town: { id: string; name: string };
let town2: { id: string; name: string };
let county: { id: string; name: string };
let foreign: { id: string; name: string };
before(async () => {
  w = await world();
  town = await addFacility(w, w.a.sk, { name: 'Kita Sonnenschein' });
  town2 = await addFacility(w, w.a.sk, { name: 'Kita Pusteblume', email: null });
  county = await addFacility(w, w.b.sk, { name: 'Kreis-Kita Regenbogen', email: 'kreis-kita@example.org' });
  foreign = await addFacility(w, w.c.sk, { name: 'Kita Anderswo' });
});
after(() => w.close());

const offer = (sk: string, json: unknown) => staffKita(w, sk, '/offers', { method: 'POST', json });
const accept = (pk: string, id: string, r: { ref: string; token: string }) => w.req(`/v1/kita/offers/${id}/accept`, { method: 'POST', key: pk, json: { ref: r.ref, token: r.token } });

test("facilities: staff keep their own, another tenant's id is a 404, the light changes, in-use ones are not deleted", async () => {
  const list = await (await staffKita(w, w.a.sk, '/facilities')).json();
  assert.deepEqual(list.items.map((f: { name: string }) => f.name).sort(), ['Kita Pusteblume', 'Kita Sonnenschein']);
  const patched = await (await staffKita(w, w.a.sk, `/facilities/${town2.id}`, { method: 'PATCH', json: { light: 'red', capacity: { krippe: 10 } } })).json();
  assert.equal(patched.light, 'red');
  assert.deepEqual(patched.capacity, { krippe: 10 });
  await problem(await staffKita(w, w.c.sk, `/facilities/${town.id}`), 404, 'NOT_FOUND');
  await problem(await staffKita(w, w.b.sk, `/facilities/${town.id}`, { method: 'PATCH', json: { light: 'green' } }), 404, 'NOT_FOUND');
  await problem(await staffKita(w, w.a.sk, '/facilities', { method: 'POST', json: { name: 'x', ageGroups: ['baby'] } }), 422, 'VALIDATION_FAILED');
  await problem(await staffKita(w, w.a.sk, `/facilities/${town.id}`, { method: 'PATCH', json: { name: '<b>\u0000</b>' } }), 422, 'VALIDATION_FAILED');
  const spare = await addFacility(w, w.a.sk, { name: 'Kita Abriss' });
  assert.equal((await staffKita(w, w.a.sk, `/facilities/${spare.id}`, { method: 'DELETE' })).status, 204);
  await register(w, w.a.pk, registration([town.id]));
  await problem(await staffKita(w, w.a.sk, `/facilities/${town.id}`, { method: 'DELETE' }), 409, 'FACILITY_IN_USE');
  const [audit] = await w.db.sql`select actor_name from audit_log where action = 'kita.facility.updated' and subject = ${town2.id}`;
  assert.equal(audit!.actor_name, 'Erika Musterfrau');
  // A read-only person reads, and may not change.
  const reader = await signedIn(w, { tenantId: w.a.id, roles: ['kita:read'] });
  assert.equal((await asPerson(w, reader.cookie, '/v1/staff/kita/facilities')).status, 200);
  await problem(await asPerson(w, reader.cookie, `/v1/staff/kita/facilities/${town.id}`, { method: 'PATCH', json: { light: 'green' } }), 403, 'ROLE_REQUIRED');
});

test('ranking: weighted criteria, points explained line by line, registration date breaks ties, weights configurable', async () => {
  const kita = await addFacility(w, w.a.sk, { name: 'Kita Rangliste' });
  const base = registration([kita.id]);
  const plain = await register(w, w.a.pk, registration([kita.id], { residence: '', guardians: [{ ...base.guardians[0], working: false }] }));
  const sibling = await register(w, w.a.pk, registration([kita.id], { siblings: [kita.id] }));
  const hardship = await register(w, w.a.pk, registration([kita.id], { hardship: true, hardshipReason: 'Alleinerziehend, Schichtdienst' }));
  const plain2 = await register(w, w.a.pk, registration([kita.id], { residence: '', guardians: [{ ...base.guardians[0], working: false }] }));
  const list = await (await staffKita(w, w.a.sk, `/registrations?facilityId=${kita.id}`)).json();
  const order = list.items.map((i: { ref: string }) => i.ref);
  // residence 10 + work 5 + hardship 12 + age 2 = 29; residence 10 + sibling 8 + work 5 + age 2 = 25; plain: age 2 only.
  assert.deepEqual(order, [hardship.ref, sibling.ref, plain.ref, plain2.ref]);
  const top = list.items[0];
  assert.equal(top.points, 29);
  assert.equal(top.position, 1);
  assert.deepEqual(
    top.explanation.map((l: { criterion: string; points: number }) => [l.criterion, l.points]),
    [
      ['residence', 10],
      ['bothWorking', 5],
      ['hardship', 12],
      ['age', 2],
      ['registered', 0],
    ],
  );
  assert.match(top.explanation[2].text, /^Härtefall: \+12 · Hardship: \+12$/);
  assert.equal(top.hardshipReason, 'Alleinerziehend, Schichtdienst');
  assert.equal(list.items[2].points, list.items[3].points, 'a tie');
  // The tenant weighs siblings higher: the order follows.
  await staffKita(w, w.a.sk, '/settings', { method: 'PUT', json: { weights: { residence: 10, sibling: 30, bothWorking: 5, hardship: 12, agePerYear: 2 } } });
  const again = await (await staffKita(w, w.a.sk, `/registrations?facilityId=${kita.id}`)).json();
  assert.deepEqual(
    again.items.slice(0, 2).map((i: { ref: string }) => i.ref),
    [sibling.ref, hardship.ref],
  );
  await staffKita(w, w.a.sk, '/settings', { method: 'PUT', json: { weights: { residence: 10, sibling: 8, bothWorking: 5, hardship: 12, agePerYear: 2 } } });
  await problem(await staffKita(w, w.a.sk, '/settings', { method: 'PUT', json: { maxWishes: 0 } }), 422, 'VALIDATION_FAILED');
  // The county's central view counts residence anywhere in the community for its own Kitas.
  const c = await register(w, w.a.pk, registration([county.id]));
  const central = await (await staffKita(w, w.b.sk, '/registrations')).json();
  const mine = central.items.find((i: { ref: string }) => i.ref === c.ref);
  assert.equal(mine.explanation[0].points, 10);
});

test('one open offer per child in the community: two concurrent offers from two tenants, exactly one wins', async () => {
  for (let round = 0; round < 3; round++) {
    const r = await register(w, w.a.pk, registration([town.id, county.id]));
    const id = await registrationId(w, w.a.sk, r.ref);
    const [x, y] = await Promise.all([
      offer(w.a.sk, { registrationId: id, facilityId: town.id, deadline: addDays(today(), 10) }),
      offer(w.b.sk, { registrationId: id, facilityId: county.id, deadline: addDays(today(), 10) }),
    ]);
    const statuses = [x.status, y.status].sort();
    assert.deepEqual(statuses, [201, 409], `round ${round}`);
    const loser = x.status === 409 ? x : y;
    const p = await problem(loser, 409, 'OFFER_OPEN');
    assert.match(p.detail!, /offenes Platzangebot .* · .*open offer/);
    const n = (await w.db.sql<{ n: number }[]>`select count(*)::int as n from kita_offers where registration_id = ${id} and state = 'open'`)[0]!.n;
    assert.equal(n, 1);
    // The tenant that lost sees no wish in 'offered' state left behind.
    const wishes = await w.db.sql`select state from kita_wishes where registration_id = ${id} order by state`;
    assert.deepEqual(
      wishes.map((row) => row.state),
      ['offered', 'waiting'],
    );
  }
});

test('offers: the same Kita twice, a Kita not wished, a past deadline, another community → clear 4xx', async () => {
  const r = await register(w, w.a.pk, registration([town.id]));
  const id = await registrationId(w, w.a.sk, r.ref);
  const first = await offer(w.a.sk, { registrationId: id, facilityId: town.id });
  assert.equal(first.status, 201);
  const made = await first.json();
  assert.equal(made.deadline, addDays(today(), 14), 'default deadline: 14 days');
  await problem(await offer(w.a.sk, { registrationId: id, facilityId: town.id }), 409, 'OFFER_OPEN');
  const notWished = await problem(await offer(w.a.sk, { registrationId: id, facilityId: town2.id }), 422);
  assert.equal(notWished.errors![0]!.path, 'facilityId');
  assert.match(notWished.errors![0]!.message, /nicht gewünscht\. · .*did not wish/);
  await problem(await offer(w.a.sk, { registrationId: id, facilityId: town.id, deadline: '2026-02-30' }), 422, 'VALIDATION_FAILED');
  // The county's Kita was not wished: the county does not even see the child.
  await problem(await offer(w.b.sk, { registrationId: id, facilityId: county.id }), 404, 'NOT_FOUND');
  await problem(await offer(w.c.sk, { registrationId: id, facilityId: foreign.id }), 404, 'NOT_FOUND');
  await problem(await offer(w.c.sk, { registrationId: id, facilityId: town.id }), 404, 'NOT_FOUND');
  const r2 = await register(w, w.a.pk, registration([town.id]));
  const id2 = await registrationId(w, w.a.sk, r2.ref);
  const past = await problem(await offer(w.a.sk, { registrationId: id2, facilityId: town.id, deadline: addDays(today(), -1) }), 422);
  assert.equal(past.errors![0]!.path, 'deadline');
});

test('accepting withdraws every other wish in every tenant of the community and tells those Kitas', async () => {
  const r = await register(w, w.a.pk, registration([town2.id, county.id, town.id]));
  const id = await registrationId(w, w.a.sk, r.ref);
  const o = await (await offer(w.b.sk, { registrationId: id, facilityId: county.id })).json();
  const mail = await w.db.sql`select to_addr, subject from outbox where subject like 'Platzangebot%' and subject like ${'%' + r.ref + '%'}`;
  assert.equal(mail[0]!.to_addr, 'eva@example.org');
  // The family accepts through the town's page (the registration's tenant), offer made by the county.
  const res = await accept(w.a.pk, o.id, r);
  assert.equal(res.status, 200);
  const view = await res.json();
  assert.equal(view.state, 'placed');
  assert.deepEqual(
    view.wishes.map((x: { facility: { name: string }; state: string }) => [x.facility.name, x.state]),
    [
      ['Kita Pusteblume', 'withdrawn'],
      ['Kreis-Kita Regenbogen', 'accepted'],
      ['Kita Sonnenschein', 'withdrawn'],
    ],
  );
  const townList = await (await staffKita(w, w.a.sk, `/registrations?facilityId=${town.id}`)).json();
  assert.equal(townList.items.find((i: { ref: string }) => i.ref === r.ref).state, 'withdrawn');
  const notices = await w.db.sql`select to_addr from outbox where subject like 'Wunsch entfällt%' and subject like ${'%' + r.ref + '%'}`;
  // Kita Pusteblume has no address of its own and the town none either; Kita Sonnenschein has one.
  assert.deepEqual(
    notices.map((n) => n.to_addr),
    ['kita@example.org'],
  );
  await problem(await accept(w.a.pk, o.id, r), 409, 'OFFER_CLOSED');
  // After placement no Kita can offer again.
  await problem(await offer(w.a.sk, { registrationId: id, facilityId: town.id }), 409, 'WISH_CLOSED');
  const [audit] = await w.db.sql`select actor from audit_log where action = 'kita.offer.accepted' and subject = ${r.ref}`;
  assert.equal(audit!.actor, 'citizen');
});

test("accept after the deadline, of a withdrawn offer, of another child's offer → 409/404; decline frees the wish", async () => {
  const r = await register(w, w.a.pk, registration([town.id, county.id]));
  const other = await register(w, w.a.pk, registration([town.id]));
  const id = await registrationId(w, w.a.sk, r.ref);
  const o1 = await (await offer(w.a.sk, { registrationId: id, facilityId: town.id })).json();
  await problem(await accept(w.a.pk, o1.id, other), 404, 'NOT_FOUND');
  assert.equal((await staffKita(w, w.a.sk, `/offers/${o1.id}/withdraw`, { method: 'POST' })).status, 204);
  const withdrawn = await problem(await accept(w.a.pk, o1.id, r), 409, 'OFFER_WITHDRAWN');
  assert.match(withdrawn.detail!, /zurückgezogen\. · The Kita withdrew/);
  const o2 = await (await offer(w.a.sk, { registrationId: id, facilityId: town.id })).json();
  await w.db.sql`update kita_offers set deadline = ${addDays(today(), -1)} where id = ${o2.id}`;
  await problem(await accept(w.a.pk, o2.id, r), 409, 'OFFER_EXPIRED');
  const [still] = await w.db.sql`select state from kita_registrations where id = ${id}`;
  assert.equal(still!.state, 'active', 'nothing half-written');
  // The job expires it; the next offer can be made, then declined.
  assert.ok((await expireOffers(w.db.sql)) >= 1);
  const after = await statusOf(w, w.a.pk, r);
  assert.equal(after.offers[0].state, 'expired');
  assert.equal(after.wishes[0].state, 'expired', JSON.stringify(after));
  const o3 = await offer(w.b.sk, { registrationId: id, facilityId: county.id });
  assert.equal(o3.status, 201);
  const declined = await (await w.req(`/v1/kita/offers/${(await o3.json()).id}/decline`, { method: 'POST', key: w.a.pk, json: r })).json();
  assert.equal(declined.state, 'active');
  assert.equal(declined.wishes[1].state, 'declined');
});

test('reminder two days before the deadline, once', async () => {
  const r = await register(w, w.a.pk, registration([town.id]));
  const id = await registrationId(w, w.a.sk, r.ref);
  await offer(w.a.sk, { registrationId: id, facilityId: town.id, deadline: addDays(today(), 2) });
  await expireOffers(w.db.sql);
  await expireOffers(w.db.sql);
  const mails = await w.db.sql`select subject from outbox where subject like 'Erinnerung%' and subject like ${'%' + r.ref + '%'}`;
  assert.equal(mails.length, 1);
});

test("isolation: another community sees nothing; a town does not see the county's children", async () => {
  const r = await register(w, w.b.pk, registration([county.id], { residence: 'musterkreis' }));
  const c = await (await staffKita(w, w.c.sk, '/registrations')).json();
  assert.equal(c.items.length, 0);
  const a = await (await staffKita(w, w.a.sk, '/registrations')).json();
  assert.ok(!a.items.some((i: { ref: string }) => i.ref === r.ref));
  const b = await (await staffKita(w, w.b.sk, '/registrations')).json();
  assert.ok(b.items.some((i: { ref: string }) => i.ref === r.ref));
  assert.equal((await (await staffKita(w, w.c.sk, '/statistics')).json()).total, 0);
});

test('duplicates: the same child name and birth date registered twice is flagged', async () => {
  const body = registration([town.id]);
  const one = await register(w, w.a.pk, body);
  const two = await register(w, w.b.pk, { ...body, wishes: [county.id] });
  const a = await (await staffKita(w, w.a.sk, '/registrations')).json();
  assert.equal(a.items.find((i: { ref: string }) => i.ref === one.ref).duplicate, true);
  const b = await (await staffKita(w, w.b.sk, '/registrations')).json();
  assert.equal(b.items.find((i: { ref: string }) => i.ref === two.ref).duplicate, true);
  const single = await register(w, w.a.pk, registration([town.id]));
  const again = await (await staffKita(w, w.a.sk, '/registrations')).json();
  assert.equal(again.items.find((i: { ref: string }) => i.ref === single.ref).duplicate, false);
});

test('statistics per birth year, age group, hours and town; CSV and .xlsx exports', async () => {
  await register(w, w.a.pk, registration([town.id], { careHours: 35 }));
  const s = await (await staffKita(w, w.a.sk, '/statistics')).json();
  assert.ok(s.total > 0);
  assert.ok(s.byAgeGroup.some((x: { key: string }) => x.key === 'krippe'));
  assert.ok(s.byCareHours.some((x: { key: string }) => x.key === '35'));
  assert.ok(
    s.byTown.some((x: { key: string }) => x.key === 'Gemeinde Beispielstadt'),
    'the town by its name, not its slug',
  );
  const csv = await staffKita(w, w.a.sk, '/statistics.csv');
  assert.match(csv.headers.get('Content-Type')!, /text\/csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for German Excel');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.startsWith('Merkmal / dimension;'));
  assert.match(text, /Altersgruppe \/ age group;krippe;\d+/);
  const xlsx = await staffKita(w, w.a.sk, '/statistics.xlsx');
  assert.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  assert.deepEqual(
    wb.worksheets.map((ws) => ws.name),
    ['Geburtsjahr', 'Altersgruppe', 'Betreuungsstunden', 'Wohnort', 'Stand'],
  );
  const ages = wb.getWorksheet('Altersgruppe')!;
  assert.equal(ages.getRow(1).getCell(1).value, 'Altersgruppe / age group');
});

test('retention: personal data goes 6 months after placement or withdrawal, anonymous counts stay', async () => {
  const r = await register(w, w.a.pk, registration([town.id]));
  const id = await registrationId(w, w.a.sk, r.ref);
  await w.req('/v1/kita/registrations/status/withdraw', { method: 'POST', key: w.a.pk, json: r });
  const before = await (await staffKita(w, w.a.sk, '/statistics')).json();
  await w.db.sql`update kita_registrations set closed_at = now() - interval '182 days' where id = ${id}`;
  await purgeKitaPersonalData(w.db.sql);
  const [kept] = await w.db.sql`select child_first_name from kita_registrations where id = ${id}`;
  assert.ok(kept!.child_first_name, 'not yet: 182 days');
  await w.db.sql`update kita_registrations set closed_at = now() - interval '184 days' where id = ${id}`;
  assert.ok((await purgeKitaPersonalData(w.db.sql)) >= 1);
  const [gone] = await w.db.sql`select child_first_name, child_last_name, birth_date, guardians, email, birth_year, age_group from kita_registrations where id = ${id}`;
  assert.deepEqual([gone!.child_first_name, gone!.child_last_name, gone!.birth_date, gone!.guardians, gone!.email], [null, null, null, null, null]);
  assert.ok(gone!.birth_year > 2000);
  const n = (await w.db.sql<{ n: number }[]>`select count(*)::int as n from outbox where subject_ref = ${'kita:' + id}`)[0]!.n;
  assert.equal(n, 0, 'its mails are gone too');
  const after = await (await staffKita(w, w.a.sk, '/statistics')).json();
  assert.equal(after.total, before.total, 'statistics keep the anonymous count');
  const view = await statusOf(w, w.a.pk, r);
  assert.equal(view.child.firstName, null);
});
