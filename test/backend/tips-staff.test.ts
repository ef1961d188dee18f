// Bürgertipps, staff side: inbox, detail, status changes, answers, notes, publishing,
// assignment, forwarding within the community, photos, settings, CSV, audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { world, problem, signedIn, asPerson, type World } from './helpers.ts';
import { citizenPost, damage, jpegWithGps, staff, submit, upload } from './tips-fixtures.ts';
import { one } from '../../backend/core/db.ts';
import { berlinToday } from '../../backend/core/time.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('inbox days are Berlin days: a tip of 00:30 in Berlin belongs to that day, in winter and in summer', async () => {
  // A world of its own: the tip's moved creation time must not reorder the other tests' inbox.
  const own = await world();
  try {
    const t = await submit(own, own.a.pk);
    const count = async (day: string) => (await (await staff(own, own.a.sk, `?from=${day}&to=${day}&q=${t.ref}`)).json()).total;
    for (const [at, day, dayBefore] of [
      ['2026-12-01T23:30:00Z', '2026-12-02', '2026-12-01'],
      ['2026-07-01T22:30:00Z', '2026-07-02', '2026-07-01'],
      ['2026-07-02T21:59:00Z', '2026-07-02', '2026-07-03'],
    ] as const) {
      await own.db.sql`update tips set created_at = ${at} where ref = ${t.ref}`;
      assert.equal(await count(day), 1, `${at} is on ${day} in Berlin`);
      assert.equal(await count(dayBefore), 0, `${at} is not on ${dayBefore} in Berlin`);
    }
  } finally {
    await own.close();
  }
});

test('inbox: filters, full text, sort, paging; only the own tenant', async () => {
  const t1 = await submit(w, w.a.pk, damage({ description: 'Ampel an der Schule blinkt nur gelb', category: 'verkehr' }));
  const t2 = await submit(w, w.a.pk, { kind: 'idee', category: 'gruen', description: 'Obstbäume pflanzen', consent: true });
  // Refs count per community, so another community may have the same ref: compare texts.
  await submit(w, w.c.pk, damage({ description: 'Ampel woanders' }));
  const all = await (await staff(w, w.a.sk, '')).json();
  assert.ok(all.total >= 2);
  assert.ok(!all.items.some((i: { description: string }) => i.description === 'Ampel woanders'));
  assert.equal(all.items[0].ref, t2.ref, 'newest first by default');
  const q = await (await staff(w, w.a.sk, '?q=ampel')).json();
  assert.deepEqual(
    q.items.map((i: { ref: string }) => i.ref),
    [t1.ref],
  );
  const byMail = await (await staff(w, w.a.sk, '?q=max@example')).json();
  assert.ok(byMail.items.some((i: { ref: string }) => i.ref === t1.ref));
  const kind = await (await staff(w, w.a.sk, '?kind=idee&status=new')).json();
  assert.deepEqual(
    kind.items.map((i: { ref: string }) => i.ref),
    [t2.ref],
  );
  const asc = await (await staff(w, w.a.sk, '?sort=created&pageSize=1&page=1')).json();
  assert.equal(asc.items.length, 1);
  assert.equal(asc.items[0].ref, t1.ref);
  // Days are the municipality's (Europe/Berlin), not UTC's.
  const today = berlinToday();
  assert.ok((await (await staff(w, w.a.sk, `?from=${today}&to=${today}`)).json()).total >= 2);
  assert.equal((await (await staff(w, w.a.sk, '?from=2001-01-01&to=2001-01-02')).json()).total, 0);
  assert.equal((await (await staff(w, w.a.sk, '?q=100%25_')).json()).total, 0);
  await problem(await staff(w, w.a.sk, '?sort=evil'), 422, 'VALIDATION_FAILED');
  await problem(await w.req('/v1/staff/tips', { key: w.a.pk }), 403, 'FORBIDDEN');
});

test("detail shows contact and history; another tenant's reference is a 404", async () => {
  const t = await submit(w, w.a.pk);
  const res = await staff(w, w.a.sk, `/${t.ref}`);
  assert.equal(res.status, 200);
  const tip = await res.json();
  assert.deepEqual(tip.contact, { name: 'Max Mustermann', email: 'max@example.org' });
  assert.equal(tip.events[0].type, 'created');
  assert.equal(tip.source, 'web');
  await problem(await staff(w, w.c.sk, `/${t.ref}`), 404, 'NOT_FOUND');
  await problem(await staff(w, w.b.sk, `/${t.ref}`), 404, 'NOT_FOUND');
  await problem(await staff(w, w.c.sk, `/${t.ref}`, { method: 'PATCH', json: { status: 'resolved' } }), 404, 'NOT_FOUND');
  await problem(await staff(w, w.c.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: 'x' } }), 404, 'NOT_FOUND');
  await problem(await staff(w, w.c.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'anderswo' } }), 404, 'NOT_FOUND');
  await problem(await staff(w, w.a.sk, '/not-a-ref'), 422, 'VALIDATION_FAILED');
});

test('status transitions: allowed, refused, rejection needs a reason; audit trail records who', async () => {
  const t = await submit(w, w.a.pk);
  const patch = (json: unknown) => staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json });
  assert.equal((await (await patch({ status: 'acknowledged' })).json()).status, 'acknowledged');
  await problem(await patch({ status: 'new' }), 409, 'INVALID_TRANSITION');
  const noReason = await problem(await patch({ status: 'rejected' }), 422, 'VALIDATION_FAILED');
  assert.equal(noReason.errors?.[0]?.path, 'reason');
  const rejected = await (await patch({ status: 'rejected', reason: 'Privatgrundstück: bitte an den Eigentümer wenden.' })).json();
  assert.equal(rejected.status, 'rejected');
  assert.ok(rejected.closedAt);
  await problem(await patch({}), 422, 'VALIDATION_FAILED');
  await problem(await patch({ status: 'done' }), 422, 'VALIDATION_FAILED');
  const admin = await signedIn(w, { tenantId: w.a.id, roles: ['tenant-admin'] });
  const audit = await (await asPerson(w, admin.cookie, '/v1/staff/audit')).json();
  const entry = audit.items.find((i: { action: string; subject: string }) => i.action === 'tip.update' && i.subject === t.ref);
  assert.ok(entry);
  assert.match(entry.actor, /^key_/);
  assert.equal(entry.actorName, 'Erika Musterfrau', "an API call is named by its key's label");
  // A person's change is named by the person.
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Ben Bearbeiter' });
  const t2 = await submit(w, w.a.pk);
  assert.equal((await asPerson(w, clerk.cookie, `/v1/staff/tips/${t2.ref}`, { method: 'PATCH', json: { status: 'acknowledged' } })).status, 200);
  const again = await (await asPerson(w, admin.cookie, '/v1/staff/audit')).json();
  const byPerson = again.items.find((i: { action: string; subject: string }) => i.action === 'tip.update' && i.subject === t2.ref);
  assert.equal(byPerson.actor, `user:${clerk.userId}`);
  assert.equal(byPerson.actorName, 'Ben Bearbeiter');
  // Status mails to the citizen who asked for them, in the outbox.
  const mails = await w.db.sql`select to_addr, subject from outbox where subject like ${'%' + t.ref + '%'} order by created_at`;
  assert.ok(mails.some((m) => m.to_addr === 'max@example.org' && /Abgelehnt/.test(m.subject)));
});

test('assignment to a clerk of the tenant only; notes stay internal', async () => {
  const t = await submit(w, w.a.pk);
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Carla Clerk' });
  const reader = await signedIn(w, { tenantId: w.a.id, roles: ['tips:read'], name: 'Rolf Reader' });
  const elsewhere = await signedIn(w, { tenantId: w.c.id, roles: ['tips'], name: 'Other Town Clerk' });
  const people = await (await staff(w, w.a.sk, '/assignees')).json();
  const ids = people.items.map((p: { id: string }) => p.id);
  assert.ok(ids.includes(`user:${clerk.userId}`), 'a clerk of this town');
  assert.ok(!ids.includes(`user:${reader.userId}`), 'not a read-only person');
  assert.ok(!ids.includes(`user:${elsewhere.userId}`), "not another town's clerk");
  people.items = people.items.filter((p: { id: string }) => p.id === `user:${clerk.userId}`);
  const assigned = await (await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { assignee: people.items[0].id } })).json();
  assert.deepEqual(assigned.assignee, people.items[0]);
  const foreign = (await (await staff(w, w.c.sk, '/assignees')).json()).items[0].id;
  const p = await problem(await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { assignee: foreign } }), 422);
  assert.equal(p.errors?.[0]?.path, 'assignee');
  const noted = await staff(w, w.a.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: 'Rückruf vereinbart' } });
  assert.equal(noted.status, 201);
  const ev = (await noted.json()).events.at(-1);
  assert.equal(ev.type, 'note');
  assert.equal(ev.public, false);
  assert.equal(ev.actorLabel, 'Erika Musterfrau');
  await problem(await staff(w, w.a.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: '' } }), 422);
});

test('moderation: the published text can be edited; publishing never exposes personal data', async () => {
  const t = await submit(w, w.a.pk, damage({ description: 'Bank kaputt. Ruf mich an: 0171 1234567, Max' }));
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { description: 'Bank kaputt.', published: true } });
  const text = await (await w.req(`/v1/tips?key=${w.a.pk}`)).text();
  assert.ok(text.includes('Bank kaputt.'));
  assert.ok(!text.includes('0171'));
  assert.ok(!text.includes('Mustermann'));
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { published: false } });
  assert.ok(!(await (await w.req(`/v1/tips?key=${w.a.pk}`)).text()).includes(t.ref));
});

test('photos: claimed by the submission, served to staff, public only once published', async () => {
  const id = (await (await upload(w, w.a.pk, await jpegWithGps())).json()).id;
  const foreign = (await (await upload(w, w.c.pk, await jpegWithGps())).json()).id;
  const bad = await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ photos: [id, foreign] })), 422);
  assert.deepEqual(bad.errors, [{ path: 'photos.1', message: 'This upload does not exist or has expired. Please upload the file again.' }]);
  await problem(await citizenPost(w, w.a.pk, '/v1/tips', damage({ photos: [id, id, id, id] })), 422);
  const t = await submit(w, w.a.pk, damage({ photos: [id] }));
  const [u] = await w.db.sql`select expires_at from uploads where id = ${id}`;
  assert.ok(u);
  assert.equal(u.expires_at, null);
  const tip = await (await staff(w, w.a.sk, `/${t.ref}`)).json();
  assert.deepEqual(tip.photos, [`/v1/staff/tips/${t.ref}/photos/${id}`]);
  const img = await w.req(tip.photos[0], { key: w.a.sk });
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('Content-Type'), 'image/jpeg');
  assert.equal((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).exif, undefined);
  await problem(await w.req(`/v1/tips/${t.ref}/photos/${id}?key=${w.a.pk}`), 404);
  await staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json: { published: true } });
  const pub = await w.req(`/v1/tips/${t.ref}/photos/${id}?key=${w.a.pk}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.headers.get('X-Content-Type-Options'), 'nosniff');
  await problem(await w.req(`/v1/tips/${t.ref}/photos/${id}?key=${w.c.pk}`), 404);
  await problem(await w.req(`/v1/staff/tips/${t.ref}/photos/${id}`, { key: w.c.sk }), 404);
});

test('forwarding moves a tip to a tenant of the community, the tracking link keeps working', async () => {
  const id = (await (await upload(w, w.a.pk, await jpegWithGps())).json()).id;
  const t = await submit(w, w.a.pk, damage({ photos: [id] }));
  await staff(w, w.a.sk, `/${t.ref}/notes`, { method: 'POST', json: { text: 'Kreisstraße, nicht unsere' } });
  const across = await problem(await staff(w, w.a.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'anderswo' } }), 422);
  assert.equal(across.errors?.[0]?.path, 'tenant');
  await problem(await staff(w, w.a.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'beispielstadt' } }), 422);
  await problem(await staff(w, w.a.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'gibtsnicht' } }), 422);
  const res = await staff(w, w.a.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'musterkreis', note: 'Bitte übernehmen' } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ref: t.ref, tenant: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } });
  await problem(await staff(w, w.a.sk, `/${t.ref}`), 404, 'NOT_FOUND');
  const moved = await (await staff(w, w.b.sk, `/${t.ref}`)).json();
  assert.deepEqual(moved.forwardedFrom, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' });
  assert.deepEqual(
    moved.events.map((e: { type: string }) => e.type),
    ['created', 'note', 'forwarded', 'note'],
  );
  assert.equal((await w.req(moved.photos[0], { key: w.b.sk })).status, 200);
  // The town's tracking link shows the tip now held by the county.
  const view = await (await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}&token=${t.token}`)).json();
  assert.equal(view.tenant.slug, 'musterkreis');
  assert.equal(view.history.at(-1).type, 'forwarded');
  assert.ok(!JSON.stringify(view).includes('Bitte übernehmen'));
  // The county may forward it back down to the town, never out of the community.
  await problem(await staff(w, w.b.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'anderswo' } }), 422);
  assert.equal((await staff(w, w.b.sk, `/${t.ref}/forward`, { method: 'POST', json: { tenant: 'beispielstadt' } })).status, 200);
});

test('a category can route tips straight to the responsible tenant of the community', async () => {
  const s = await (await staff(w, w.a.sk, '/settings')).json();
  const categories = [...s.categories, { id: 'kreisstrasse', label: { de: 'Kreisstraße' }, kinds: ['schaden'], responsible: 'musterkreis' }];
  assert.equal((await staff(w, w.a.sk, '/settings', { method: 'PUT', json: { categories } })).status, 200);
  const photo = (await (await upload(w, w.a.pk, await jpegWithGps())).json()).id;
  const t = await submit(w, w.a.pk, damage({ category: 'kreisstrasse', photos: [photo] }));
  assert.equal(t.tenant.slug, 'musterkreis');
  const tip = await (await staff(w, w.b.sk, `/${t.ref}`)).json();
  assert.deepEqual(tip.forwardedFrom, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' });
  assert.equal((await w.req(tip.photos[0], { key: w.b.sk })).status, 200);
  await problem(await staff(w, w.a.sk, `/${t.ref}`), 404);
  // The town's tracking link works for the county's tip.
  assert.equal((await w.req(`/v1/tips/status?key=${w.a.pk}&ref=${t.ref}&token=${t.token}`)).status, 200);
  const bad = [...s.categories, { id: 'fremd', label: { de: 'Fremd' }, kinds: ['schaden'], responsible: 'anderswo' }];
  const p = await problem(await staff(w, w.a.sk, '/settings', { method: 'PUT', json: { categories: bad } }), 422);
  assert.equal(p.errors?.[0]?.path, `categories.${s.categories.length}.responsible`);
});

test('settings: defaults, validation, templates per status', async () => {
  const s = await (await staff(w, w.b.sk, '/settings')).json();
  assert.equal(s.retentionDays, 365);
  assert.ok(s.templates.some((t: { status: string }) => t.status === 'resolved'));
  const p = await problem(await staff(w, w.b.sk, '/settings', { method: 'PUT', json: { retentionDays: 0, kinds: [] } }), 422);
  assert.deepEqual(p.errors?.map((e) => e.path).sort(), ['kinds', 'retentionDays']);
  const next = await (await staff(w, w.b.sk, '/settings', { method: 'PUT', json: { kinds: ['schaden'], retentionDays: 90 } })).json();
  assert.deepEqual(next.kinds, ['schaden']);
  const pub = await (await w.req(`/v1/tips/categories?key=${w.b.pk}`)).json();
  assert.deepEqual(pub.kinds, ['schaden']);
  await problem(await citizenPost(w, w.b.pk, '/v1/tips', { kind: 'idee', category: 'sonstiges', description: 'x', consent: true }), 422);
});

test('CSV export: BOM, semicolons, formulas neutralised, own tenant only', async () => {
  await submit(w, w.a.pk, damage({ description: '=HYPERLINK("http://evil.example","klick")', contact: { name: '@SUM(1+1)', email: 'a@b.de' } }));
  const res = await staff(w, w.a.sk, '/export.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type')!, /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('Content-Disposition')!, /attachment; filename="buergertipps-beispielstadt-/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  const lines = text.split('\r\n');
  assert.match(lines[0] ?? '', /^Referenz;Art;Kategorie;Status;Beschreibung/);
  assert.ok(lines[0]!.includes('Länge'));
  const row = lines.find((l) => l.includes('HYPERLINK'))!;
  assert.ok(row.includes(`"'=HYPERLINK(""http://evil.example"",""klick"")"`), row);
  assert.ok(row.includes("'@SUM(1+1)"));
  assert.ok(!/;[=+\-@]/.test(text.replace(/"[^"]*"/g, '')), 'a cell starts with a formula character');
  assert.ok(!text.includes('Ampel woanders'));
  await problem(await w.req('/v1/staff/tips/export.csv', { key: w.a.pk }), 403);
});

test("row-level security hides other tenants' tips, history, uploads and mails even without a filter", async () => {
  const { tenantDb } = await import('../../backend/core/tenant-db.ts');
  await submit(w, w.c.pk, damage({ description: 'RLS probe anderswo' }));
  await upload(w, w.c.pk, await jpegWithGps());
  const seen = await tenantDb(w.db.sql, w.a.id).tx(async (sql) => ({
    tips: await sql`select distinct tenant_id from tips`,
    events: await sql`select distinct tenant_id from tip_events`,
    uploads: await sql`select distinct tenant_id from uploads`,
    outbox: await sql`select distinct tenant_id from outbox`,
  }));
  for (const [table, rows] of Object.entries(seen)) {
    assert.ok(
      rows.every((r) => r.tenant_id === w.a.id),
      `${table} leaks another tenant`,
    );
  }
  const changed = await tenantDb(w.db.sql, w.a.id).tx((sql) => sql`update tips set description = 'hijacked' where tenant_id = ${w.c.id}`);
  assert.equal(changed.count, 0);
  const { n } = one(await w.db.sql`select count(*)::int as n from tips where description = 'hijacked'`);
  assert.equal(n, 0);
});

test('settings and their audit entry are one transaction: when the audit cannot be written, nothing changes', async () => {
  const before = await (await staff(w, w.c.sk, '/settings')).json();
  await w.db.sql`alter table audit_log add constraint audit_fails_tips check (action = '') not valid`;
  try {
    await problem(await staff(w, w.c.sk, '/settings', { method: 'PUT', json: { retentionDays: 99, anonymousAllowed: !before.anonymousAllowed } }), 500, 'INTERNAL');
  } finally {
    await w.db.sql`alter table audit_log drop constraint audit_fails_tips`;
  }
  assert.deepEqual(await (await staff(w, w.c.sk, '/settings')).json(), before);
  // With the audit writable again the same change goes through, audited.
  assert.equal((await staff(w, w.c.sk, '/settings', { method: 'PUT', json: { retentionDays: 99 } })).status, 200);
  const [row] = await w.db.sql`select actor_name, details from audit_log where tenant_id = ${w.c.id} and action = 'tips.settings' order by at desc limit 1`;
  assert.deepEqual(row!.details, { fields: ['retentionDays'] });
});
