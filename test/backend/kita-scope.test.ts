// Kita, who acts for which Kita on both databases: the tenant setting `allocation` (each Kita's
// staff, or the youth office centrally) decides who may make offers; a Kita's own staff (the
// accounts in its `staff`) see and change only their Kitas. And the staff photo upload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { world, problem, signedIn, asPerson, type World } from './helpers.ts';
import { addFacility, register, registration, staffKita } from './kita-fixtures.ts';
import { jpegWithGps } from './tips-fixtures.ts';

let w: World;
let sonne: { id: string; name: string };
let mond: { id: string; name: string };
let team: { cookie: string; userId: string };
let office: { cookie: string; userId: string };
before(async () => {
  w = await world();
  sonne = await addFacility(w, w.a.sk, { name: 'Kita Sonne' });
  mond = await addFacility(w, w.a.sk, { name: 'Kita Mond' });
  team = await signedIn(w, { tenantId: w.a.id, roles: ['kita'], name: 'Team Sonne' });
  office = await signedIn(w, { tenantId: w.a.id, roles: ['kita'], name: 'Jugendamt' });
});
after(() => w.close());

const as = (who: { cookie: string }, path: string, init: { method?: string; json?: unknown } = {}) => asPerson(w, who.cookie, `/v1/staff/kita${path}`, init);
const wishesOf = async (who: { cookie: string }) =>
  (await (await as(who, '/registrations')).json()) as {
    items: { registrationId: string; facility: { id: string }; mayOffer: boolean; offer: { id: string } | null }[];
    scope: { allocation: string; facilities: string[] | null };
  };
const setAllocation = async (allocation: string) => assert.equal((await staffKita(w, w.a.sk, '/settings', { method: 'PUT', json: { allocation } })).status, 200);

test("a Kita's staff are accounts of the tenant with a Kita role, set by the office only", async () => {
  const tipsClerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'] });
  const elsewhere = await signedIn(w, { tenantId: w.b.id, roles: ['kita'] });
  for (const id of [tipsClerk.userId, elsewhere.userId, '00000000-0000-4000-8000-000000000000']) {
    const p = await problem(await staffKita(w, w.a.sk, `/facilities/${sonne.id}`, { method: 'PATCH', json: { staff: [id] } }), 422, 'VALIDATION_FAILED');
    assert.equal(p.errors?.[0]?.path, 'staff.0');
  }
  await problem(await staffKita(w, w.a.sk, `/facilities/${sonne.id}`, { method: 'PATCH', json: { staff: [team.userId, team.userId] } }), 422, 'VALIDATION_FAILED');
  const set = await (await staffKita(w, w.a.sk, `/facilities/${sonne.id}`, { method: 'PATCH', json: { staff: [team.userId] } })).json();
  assert.deepEqual(set.staff, [team.userId]);
  // The team cannot add itself elsewhere, add or remove Kitas, or change the tenant's rules.
  await problem(await as(team, `/facilities/${sonne.id}`, { method: 'PATCH', json: { staff: [team.userId, office.userId] } }), 403, 'KITA_SCOPE');
  await problem(await as(team, '/facilities', { method: 'POST', json: { name: 'x', provider: 'y', address: 'z', ageGroups: ['hort'], careHours: [25] } }), 403, 'KITA_SCOPE');
  await problem(await as(team, `/facilities/${mond.id}`, { method: 'DELETE' }), 403, 'KITA_SCOPE');
  await problem(await as(team, '/settings', { method: 'PUT', json: { allocation: 'facility' } }), 403, 'KITA_SCOPE');
  // It changes its own Kita, not the other one.
  assert.equal((await as(team, `/facilities/${sonne.id}`, { method: 'PATCH', json: { light: 'red' } })).status, 200);
  const other = await problem(await as(team, `/facilities/${mond.id}`, { method: 'PATCH', json: { light: 'red' } }), 403, 'KITA_SCOPE');
  assert.match(other.detail ?? '', /eigene Kita\. · .*own Kita/);
});

test("accounts: the candidates for a Kita's team by name, for every Kita role; only the office's clerk may assign", async () => {
  const reader = await signedIn(w, { tenantId: w.a.id, roles: ['kita:read'], name: 'Lesekonto' });
  const tipsOnly = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Nur Tipps' });
  const elsewhere = await signedIn(w, { tenantId: w.b.id, roles: ['kita'], name: 'Andere Gemeinde' });
  type Accounts = { items: { id: string; name: string; role: string; enabled: boolean }[]; mayAssign: boolean };
  const of = async (who: { cookie: string }) => (await (await as(who, '/accounts')).json()) as Accounts;
  const byOffice = await of(office);
  const ids = byOffice.items.map((a) => a.id);
  assert.ok(ids.includes(team.userId) && ids.includes(office.userId) && ids.includes(reader.userId));
  assert.ok(!ids.includes(tipsOnly.userId), 'no account without a Kita role');
  assert.ok(!ids.includes(elsewhere.userId), "no other tenant's account");
  assert.equal(byOffice.items.find((a) => a.id === reader.userId)?.role, 'kita:read');
  assert.deepEqual(Object.keys(byOffice.items[0]!).sort(), ['email', 'enabled', 'id', 'name', 'role'], 'no sign-in facts');
  assert.equal(byOffice.mayAssign, true);
  assert.equal((await of(reader)).mayAssign, false, 'read-only: no assigning');
  assert.equal((await (await staffKita(w, w.a.sk, '/accounts')).json()).mayAssign, true, 'a staff key is the office');
  await staffKita(w, w.a.sk, `/facilities/${mond.id}`, { method: 'PATCH', json: { staff: [reader.userId] } });
  try {
    const byTeam = await of(reader);
    assert.equal(byTeam.mayAssign, false, "a Kita's team does not assign");
    assert.ok(
      byTeam.items.some((a) => a.id === team.userId),
      'a team sees its colleagues by name',
    );
  } finally {
    await staffKita(w, w.a.sk, `/facilities/${mond.id}`, { method: 'PATCH', json: { staff: [] } });
  }
  await problem(await w.req('/v1/staff/kita/accounts', { key: w.a.pk }), 403);
});

test('allocation "facility": a Kita\'s staff see and offer only their own places; the office sees and offers all', async () => {
  await setAllocation('facility');
  const a = await register(w, w.a.pk, registration([sonne.id, mond.id]));
  const b = await register(w, w.a.pk, registration([mond.id]));
  const mine = await wishesOf(team);
  assert.deepEqual(mine.scope, { allocation: 'facility', facilities: [sonne.id] });
  assert.ok(mine.items.length >= 1);
  assert.ok(
    mine.items.every((i) => i.facility.id === sonne.id && i.mayOffer),
    'only Kita Sonne, offers allowed',
  );
  const all = await wishesOf(office);
  assert.equal(all.scope.facilities, null);
  assert.ok(all.items.some((i) => i.facility.id === mond.id) && all.items.every((i) => i.mayOffer));
  // ?facilityId of another Kita shows nothing to the team.
  const peek = await (await as(team, `/registrations?facilityId=${mond.id}`)).json();
  assert.deepEqual(peek.items, []);
  const regA = all.items.find((i) => i.facility.id === sonne.id)!.registrationId;
  const regB = all.items.find((i) => i.facility.id === mond.id && i.registrationId !== regA)!.registrationId;
  const refused = await problem(await as(team, '/offers', { method: 'POST', json: { registrationId: regB, facilityId: mond.id } }), 403, 'KITA_SCOPE');
  assert.match(refused.detail ?? '', /eigenen Kita/);
  const made = await as(team, '/offers', { method: 'POST', json: { registrationId: regA, facilityId: sonne.id } });
  assert.equal(made.status, 201);
  const byOffice = await as(office, '/offers', { method: 'POST', json: { registrationId: regB, facilityId: mond.id } });
  assert.equal(byOffice.status, 201, 'the office allocates a Kita without its own staff');
  assert.ok(a.ref && b.ref);
  const [n] = await w.db.sql`select count(*)::int as n from kita_offers where tenant_id = ${w.a.id} and state = 'open'`;
  assert.equal(n!.n, 2);
});

test('allocation "central": only the youth office makes and withdraws offers; a Kita\'s staff read their list', async () => {
  await setAllocation('central');
  await register(w, w.a.pk, registration([sonne.id]));
  const mine = await wishesOf(team);
  assert.equal(mine.scope.allocation, 'central');
  assert.ok(mine.items.length && mine.items.every((i) => i.facility.id === sonne.id && !i.mayOffer), 'read-only list of Kita Sonne');
  const waiting = mine.items.find((i) => !i.offer)!;
  const refused = await problem(await as(team, '/offers', { method: 'POST', json: { registrationId: waiting.registrationId, facilityId: sonne.id } }), 403, 'KITA_SCOPE');
  assert.match(refused.detail ?? '', /Jugendamt die Plätze zentral\. · .*youth office allocates places centrally/);
  const open = mine.items.find((i) => i.offer)!;
  await problem(await as(team, `/offers/${open.offer!.id}/withdraw`, { method: 'POST' }), 403, 'KITA_SCOPE');
  const [still] = await w.db.sql`select state from kita_offers where id = ${open.offer!.id}`;
  assert.equal(still!.state, 'open', 'nothing half-written');
  assert.ok((await wishesOf(office)).items.every((i) => i.mayOffer));
  assert.equal((await as(office, `/offers/${open.offer!.id}/withdraw`, { method: 'POST' })).status, 204);
  assert.equal((await as(office, '/offers', { method: 'POST', json: { registrationId: waiting.registrationId, facilityId: sonne.id } })).status, 201);
  // A read-only person never offers, whatever the allocation.
  const reader = await signedIn(w, { tenantId: w.a.id, roles: ['kita:read'] });
  assert.ok((await wishesOf(reader)).items.every((i) => !i.mayOffer));
  // The audit names the person who acted.
  const [audit] = await w.db.sql`select actor_name from audit_log where action = 'kita.offer.withdrawn' and subject = ${open.offer!.id}`;
  assert.equal(audit!.actor_name, 'Jugendamt');
  await setAllocation('facility');
});

test("photo: a Kita's staff upload it, re-encoded without EXIF/GPS; the family sees it; caps and wrong types refused", async () => {
  const put = (who: { cookie: string } | string, id: string, bytes: Uint8Array, type = 'image/jpeg') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'foto.jpg');
    return typeof who === 'string'
      ? w.req(`/v1/staff/kita/facilities/${id}/photo`, { method: 'PUT', key: who, body: form })
      : asPerson(w, who.cookie, `/v1/staff/kita/facilities/${id}/photo`, { method: 'PUT', body: form });
  };
  const original = await jpegWithGps();
  const res = await put(team, sonne.id, original);
  assert.equal(res.status, 200);
  const f = await res.json();
  assert.equal(f.photo, `/v1/kita/facilities/${sonne.id}/photo`);
  const shown = await w.req(f.photo, { key: w.a.pk });
  assert.equal(shown.status, 200);
  assert.equal(shown.headers.get('content-type'), 'image/jpeg');
  const bytes = Buffer.from(await shown.arrayBuffer());
  assert.equal((await sharp(bytes).metadata()).exif, undefined);
  assert.ok(!bytes.includes(Buffer.from('GPS-Phone')));
  const list = await (await w.req('/v1/kita/facilities', { key: w.a.pk })).json();
  assert.equal(list.items.find((i: { id: string }) => i.id === sonne.id).photo, f.photo);
  // Replaced: the old bytes are gone, not orphaned.
  const first = (await w.db.sql<{ photo: string }[]>`select photo from kita_facilities where id = ${sonne.id}`)[0]!.photo;
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
    .png()
    .toBuffer();
  assert.equal((await put(w.a.sk, sonne.id, png, 'image/png')).status, 200, 'the office (a staff key) too');
  const [gone] = await w.db.sql`select count(*)::int as n from uploads where id = ${first}`;
  assert.equal(gone!.n, 0);
  // Type from the bytes, size cap, not multipart, another Kita, read-only, another tenant.
  await problem(await put(team, sonne.id, Buffer.from('<svg onload="alert(1)"></svg>')), 415, 'UNSUPPORTED_MEDIA_TYPE');
  await problem(await put(team, sonne.id, Buffer.alloc(10 * 1024 * 1024 + 1, 1)), 413, 'PAYLOAD_TOO_LARGE');
  await problem(await as(team, `/facilities/${sonne.id}/photo`, { method: 'PUT', json: { file: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  await problem(await put(team, mond.id, original), 403, 'KITA_SCOPE');
  const reader = await signedIn(w, { tenantId: w.a.id, roles: ['kita:read'] });
  await problem(await put(reader, sonne.id, original), 403, 'ROLE_REQUIRED');
  await problem(await put(w.b.sk, sonne.id, original), 404, 'NOT_FOUND');
  await problem(await w.req(`/v1/staff/kita/facilities/${sonne.id}/photo`, { method: 'PUT', key: w.a.pk, body: new FormData() }), 403);
  // Removed.
  const removed = await (await as(team, `/facilities/${sonne.id}/photo`, { method: 'DELETE' })).json();
  assert.equal(removed.photo, null);
  assert.equal((await w.req(`/v1/kita/facilities/${sonne.id}/photo`, { key: w.a.pk })).status, 404);
  const [audit] = await w.db.sql`select actor_name from audit_log where action = 'kita.facility.photo' and subject = ${sonne.id} order by at limit 1`;
  assert.equal(audit!.actor_name, 'Team Sonne');
});
