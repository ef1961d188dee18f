// Bürgertipps for a clerk with 300 tips a week: "mine" and "idle" filters, counts per status,
// the inbox map, bulk actions, saved filters, forward targets, the new-tip mail in words, the
// CSV in words, a repeated answer; the audit trail in words with its filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, signedIn, asPerson, type World } from './helpers.ts';
import { damage, staff, submit } from './tips-fixtures.ts';
import { berlinToday } from '../../backend/core/time.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const refs = (page: { items: { ref: string }[] }) => page.items.map((i) => i.ref);

test('mine, idle for more than N days, and counts per status for the same filter', async () => {
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Mia Meier' });
  const mine = await submit(w, w.a.pk, damage({ description: 'Mir zugewiesen' }));
  const old = await submit(w, w.a.pk, damage({ description: 'Liegt seit Wochen' }));
  const oldDone = await submit(w, w.a.pk, damage({ description: 'Alt, aber erledigt' }));
  const as = (path: string, init: { method?: string; json?: unknown } = {}) => asPerson(w, clerk.cookie, `/v1/staff/tips${path}`, init);
  assert.equal((await as(`/${mine.ref}`, { method: 'PATCH', json: { assignee: `user:${clerk.userId}` } })).status, 200);
  assert.equal((await as(`/${oldDone.ref}`, { method: 'PATCH', json: { status: 'resolved' } })).status, 200);
  await w.db.sql`update tips set updated_at = now() - interval '10 days' where ref in (${old.ref}, ${oldDone.ref}) and tenant_id = ${w.a.id}`;

  const me = await (await as('?assignee=me')).json();
  assert.deepEqual(refs(me), [mine.ref]);
  // A staff key is "me" too: it has nothing assigned.
  assert.equal((await (await staff(w, w.a.sk, '?assignee=me')).json()).total, 0);

  const idle = await (await as('?idleDays=7')).json();
  assert.deepEqual(refs(idle), [old.ref], 'open and untouched for more than 7 days; closed tips are not idle');
  assert.equal((await (await as('?idleDays=30')).json()).total, 0);

  const all = await (await as('')).json();
  assert.equal(all.counts.new, all.total - 1);
  assert.equal(all.counts.resolved, 1);
  const onlyNew = await (await as('?status=new')).json();
  assert.deepEqual(onlyNew.counts, all.counts, 'counts ignore the status filter: they label the status tabs');
  assert.equal(onlyNew.total, all.counts.new);
  const past = await (await as('?page=500')).json();
  assert.equal(past.items.length, 0);
  assert.equal(past.total, all.total, 'a page past the end still tells the total');

  for (const bad of ['idleDays=0', 'idleDays=-3', 'idleDays=99999', 'idleDays=1e3', 'idleDays=x', 'assignee=' + 'x'.repeat(60)]) {
    await problem(await as(`?${bad}`), 422, 'VALIDATION_FAILED');
  }
});

test("the inbox map lists pins of the filter, never another tenant's", async () => {
  const here = await submit(w, w.a.pk, damage({ description: 'Pin hier', location: { lat: 52.41, lng: 10.06, address: 'Am Teich 1' } }));
  await submit(w, w.a.pk, { kind: 'idee', category: 'gruen', description: 'Ohne Ort', consent: true });
  await submit(w, w.c.pk, damage({ description: 'Pin anderswo' }));
  const res = await staff(w, w.a.sk, '/points');
  assert.equal(res.status, 200);
  const body = await res.json();
  const pin = body.items.find((p: { ref: string }) => p.ref === here.ref);
  assert.deepEqual(pin, { ref: here.ref, lat: 52.41, lng: 10.06, status: 'new', kind: 'schaden', category: 'beleuchtung' });
  assert.ok(body.items.every((p: { lat: unknown }) => typeof p.lat === 'number'));
  assert.equal(body.total, body.items.length);
  assert.equal(body.truncated, false);
  const other = await (await staff(w, w.c.sk, '/points')).json();
  assert.ok(!other.items.some((p: { ref: string }) => p.ref === here.ref));
  assert.equal((await (await staff(w, w.a.sk, '/points?kind=idee')).json()).total, 0);
  await problem(await staff(w, w.a.sk, '/points?status=evil'), 422, 'VALIDATION_FAILED');
  await problem(await w.req('/v1/staff/tips/points', { key: w.a.pk }), 403);
});

test("bulk: one transaction, per-tip results, history and audit per tip, another tenant's tip refused", async () => {
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Bea Bulk' });
  const t1 = await submit(w, w.a.pk);
  const t2 = await submit(w, w.a.pk);
  const closed = await submit(w, w.a.pk);
  await staff(w, w.a.sk, `/${closed.ref}`, { method: 'PATCH', json: { status: 'rejected', reason: 'Doppelt' } });
  // Refs count per community: give the other town's tip a number this town does not have.
  const foreign = { ref: 'BT-2026-88888' };
  const c = await submit(w, w.c.pk);
  await w.db.sql`update tips set ref = ${foreign.ref} where tenant_id = ${w.c.id} and ref = ${c.ref}`;
  const res = await staff(w, w.a.sk, '/bulk', {
    method: 'POST',
    json: { refs: [t1.ref, t2.ref, closed.ref, foreign.ref], status: 'acknowledged', assignee: `user:${clerk.userId}`, published: true },
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.done, 2);
  assert.equal(body.failed, 2);
  assert.deepEqual(body.results.slice(0, 2), [
    { ref: t1.ref, ok: true },
    { ref: t2.ref, ok: true },
  ]);
  assert.equal(body.results[2].code, 'INVALID_TRANSITION');
  assert.equal(body.results[3].code, 'NOT_FOUND');
  for (const t of [t1, t2]) {
    const tip = await (await staff(w, w.a.sk, `/${t.ref}`)).json();
    assert.equal(tip.status, 'acknowledged');
    assert.equal(tip.published, true);
    assert.equal(tip.assignee.label, 'Bea Bulk');
    assert.deepEqual(
      tip.events.slice(1).map((e: { type: string }) => e.type),
      ['status', 'published', 'assigned'],
    );
  }
  // The refused tip kept everything: its savepoint rolled back.
  const kept = await (await staff(w, w.a.sk, `/${closed.ref}`)).json();
  assert.equal(kept.status, 'rejected');
  assert.equal(kept.published, false);
  assert.equal(kept.assignee, null);
  const audit = await w.db.sql`select subject, details from audit_log where tenant_id = ${w.a.id} and action = 'tip.update' and subject in (${t1.ref}, ${t2.ref}, ${closed.ref})`;
  assert.equal(audit.filter((r) => r.subject !== closed.ref).length, 2, 'one audit entry per changed tip');
  assert.ok(audit.every((r) => r.subject !== closed.ref || (r.details as { status: { to: string } }).status.to === 'rejected'));
  const entry = audit.find((r) => r.subject === t1.ref)!;
  assert.deepEqual(entry.details.assignee, { id: `user:${clerk.userId}`, name: 'Bea Bulk' }, 'the audit keeps the name, not only an id');
  assert.deepEqual(entry.details.status, { from: 'new', to: 'acknowledged' });
  // Status mails for each changed tip whose citizen asked for them.
  const mails = await w.db.sql`select subject from outbox where tenant_id = ${w.a.id} and subject like ${'%: Eingegangen%'}`;
  assert.ok(mails.length >= 2);
});

test('bulk: bad input is a 422 before anything changes', async () => {
  const t = await submit(w, w.a.pk);
  const post = (json: unknown) => staff(w, w.a.sk, '/bulk', { method: 'POST', json });
  await problem(await post({ refs: [], status: 'acknowledged' }), 422, 'VALIDATION_FAILED');
  await problem(await post({ refs: [t.ref] }), 422, 'VALIDATION_FAILED');
  await problem(await post({ refs: [t.ref, t.ref], status: 'acknowledged' }), 422, 'VALIDATION_FAILED');
  await problem(await post({ refs: Array.from({ length: 101 }, (_, i) => `BT-2026-${String(i).padStart(5, '0')}`), status: 'acknowledged' }), 422);
  const reason = await problem(await post({ refs: [t.ref], status: 'rejected' }), 422, 'VALIDATION_FAILED');
  assert.equal(reason.errors?.[0]?.path, 'reason');
  await problem(await post({ refs: ['nope'], status: 'acknowledged' }), 422);
  await problem(await post({ refs: [t.ref], status: 'acknowledged', reason: 'a\u0000b' }), 422);
  const unknown = await (await post({ refs: [t.ref], assignee: 'user:00000000-0000-4000-8000-000000000000' })).json();
  assert.equal(unknown.results[0].ok, false, 'a person of no one here cannot be assigned');
  assert.equal(unknown.results[0].code, 'VALIDATION_FAILED');
  assert.equal((await (await staff(w, w.a.sk, `/${t.ref}`)).json()).assignee, null);
  await problem(await w.req('/v1/staff/tips/bulk', { method: 'POST', key: w.a.pk, json: { refs: [t.ref], status: 'acknowledged' } }), 403);
});

test('saved filters belong to the person who saved them', async () => {
  const mia = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Mia' });
  const max = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Max' });
  const other = await signedIn(w, { tenantId: w.c.id, roles: ['tips'], name: 'Olga' });
  const as = (who: { cookie: string }, path: string, init: { method?: string; json?: unknown } = {}) => asPerson(w, who.cookie, `/v1/staff/tips/filters${path}`, init);
  const created = await as(mia, '', { method: 'POST', json: { name: 'Meine alten', query: { assignee: 'me', idleDays: '7' } } });
  assert.equal(created.status, 201);
  const f = await created.json();
  assert.deepEqual(f.query, { assignee: 'me', idleDays: '7' });
  // The same name replaces.
  const replaced = await as(mia, '', { method: 'POST', json: { name: 'Meine alten', query: { assignee: 'me', idleDays: '14' } } });
  assert.equal(replaced.status, 200);
  assert.equal((await replaced.json()).id, f.id);
  assert.deepEqual(
    (await (await as(mia, '')).json()).items.map((x: { name: string; query: unknown }) => [x.name, x.query]),
    [['Meine alten', { assignee: 'me', idleDays: '14' }]],
  );
  assert.deepEqual((await (await as(max, '')).json()).items, [], 'not shared with colleagues');
  await problem(await as(max, `/${f.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  await problem(await as(other, `/${f.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  for (const bad of [
    { name: '', query: {} },
    { name: 'x', query: { evil: '1' } },
    { name: 'x', query: { status: 'done' } },
    { name: 'x', query: { idleDays: '0' } },
    { name: 'x', query: { from: '2026-02-30' } },
    { name: 'x'.repeat(81), query: {} },
    { name: 'a\uD800', query: {} },
    { name: 'x', query: { q: 'a\u0000' } },
    { name: 'x', query: 'status=new' },
  ]) {
    await problem(await as(mia, '', { method: 'POST', json: bad }), 422, 'VALIDATION_FAILED');
  }
  await problem(await as(mia, '/not-a-uuid', { method: 'DELETE' }), 422);
  assert.equal((await as(mia, `/${f.id}`, { method: 'DELETE' })).status, 204);
  assert.deepEqual((await (await as(mia, '')).json()).items, []);
  // A person keeps at most 30; the 31st is refused in words the console can show.
  for (let i = 0; i < 30; i++) assert.equal((await as(max, '', { method: 'POST', json: { name: `F${i}`, query: {} } })).status, 201);
  await problem(await as(max, '', { method: 'POST', json: { name: 'F30', query: {} } }), 422, 'TOO_MANY_FILTERS');
  assert.equal((await as(max, '', { method: 'POST', json: { name: 'F29', query: { status: 'new' } } })).status, 200, 'replacing one still works');
  // Staff keys (integrations) keep their own too.
  assert.equal((await staff(w, w.a.sk, '/filters', { method: 'POST', json: { name: 'API', query: { status: 'new' } } })).status, 201);
  assert.equal((await (await staff(w, w.a.sk, '/filters')).json()).items.length, 1);
});

test("forward targets: the community's tenants offering tips, not the own, never another community", async () => {
  const town = await (await staff(w, w.a.sk, '/forward-targets')).json();
  assert.deepEqual(town.items, [{ slug: 'musterkreis', name: 'Landkreis Musterkreis' }]);
  const county = await (await staff(w, w.b.sk, '/forward-targets')).json();
  assert.deepEqual(county.items, [{ slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' }]);
  assert.deepEqual((await (await staff(w, w.c.sk, '/forward-targets')).json()).items, []);
});

test('the new-tip mail names place and category in words and links into the console; the CSV says words', async () => {
  await staff(w, w.a.sk, '/settings', { method: 'PUT', json: { notifyEmail: 'bauhof@beispielstadt.example' } });
  const t = await submit(w, w.a.pk, damage({ location: { lat: 52.4001, lng: 10.0501, address: 'Hauptstraße 12' } }));
  const [mail] = await w.db.sql<{ subject: string; body_text: string }[]>`
    select subject, body_text from outbox where tenant_id = ${w.a.id} and to_addr = 'bauhof@beispielstadt.example' and body_text like ${'%' + t.ref + '%'}`;
  assert.ok(mail, 'a notice to the town');
  assert.match(mail.subject, /Straßenbeleuchtung/);
  assert.match(mail.body_text, /Kategorie · category: Straßenbeleuchtung · Street lights/);
  assert.match(mail.body_text, /Ort · place: Hauptstraße 12 \(52\.40010, 10\.05010\)/);
  assert.match(mail.body_text, /Art · kind: Schadensmeldung · damage report/);
  assert.ok(mail.body_text.includes(`http://localhost/console#tips/${t.ref}`), mail.body_text);
  assert.ok(!/\bbeleuchtung\b/.test(mail.body_text), 'no category id');
  assert.ok(!mail.body_text.includes('max@example.org'), 'no citizen contact in the notice');
  const csv = (await (await staff(w, w.a.sk, '/export.csv')).text()).split('\r\n');
  const row = csv.find((l) => l.startsWith(t.ref))!;
  assert.ok(row.includes(';Schadensmeldung;Straßenbeleuchtung;Neu;'), row);
});

test('an answer sent again is sent again (the console asks first); clearing it is no send', async () => {
  const t = await submit(w, w.a.pk);
  const patch = (json: unknown) => staff(w, w.a.sk, `/${t.ref}`, { method: 'PATCH', json });
  await patch({ publicAnswer: 'Wir kümmern uns.' });
  const again = await (await patch({ publicAnswer: 'Wir kümmern uns.' })).json();
  assert.equal(again.events.filter((e: { type: string }) => e.type === 'answer').length, 2);
  const mails = await w.db.sql`select 1 from outbox where tenant_id = ${w.a.id} and body_text like ${'%Wir kümmern uns.%'}`;
  assert.equal(mails.length, 2);
  const details = await w.db.sql`select details from audit_log where tenant_id = ${w.a.id} and subject = ${t.ref} and action = 'tip.update' order by at`;
  assert.deepEqual(
    details.map((d) => d.details.publicAnswer),
    ['sent', 'repeated'],
  );
  const cleared = await (await patch({ publicAnswer: null })).json();
  assert.equal(cleared.publicAnswer, null);
  assert.equal(cleared.events.filter((e: { type: string }) => e.type === 'answer').length, 2);
});

test('audit trail: names instead of ids, filters by person, action and days, validated', async () => {
  const admin = await signedIn(w, { tenantId: w.a.id, roles: ['tenant-admin'], name: 'Ada Admin' });
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'], name: 'Carl Clerk' });
  const t = await submit(w, w.a.pk);
  await asPerson(w, clerk.cookie, `/v1/staff/tips/${t.ref}`, { method: 'PATCH', json: { status: 'in_progress' } });
  const audit = (q = '') => asPerson(w, admin.cookie, `/v1/staff/audit${q}`);
  const all = await (await audit()).json();
  assert.ok(all.items.length > 0);
  assert.ok(
    all.items.every((i: { actorName: string | null }) => i.actorName),
    'every entry names who',
  );
  const byClerk = await (await audit(`?actor=user:${clerk.userId}`)).json();
  assert.deepEqual(
    byClerk.items.map((i: { action: string; subject: string }) => [i.action, i.subject]),
    [['tip.update', t.ref]],
  );
  assert.equal(byClerk.items[0].actorName, 'Carl Clerk');
  assert.deepEqual(byClerk.items[0].details, { status: { from: 'new', to: 'in_progress' } });
  const updates = await (await audit('?action=tip.update')).json();
  assert.ok(updates.items.length >= 1 && updates.items.every((i: { action: string }) => i.action === 'tip.update'));
  const today = berlinToday();
  assert.ok((await (await audit(`?from=${today}&to=${today}&actor=user:${clerk.userId}`)).json()).items.length === 1);
  assert.equal((await (await audit('?from=2001-01-01&to=2001-01-31')).json()).items.length, 0);
  // Days are Berlin days: an entry of 00:30 in Berlin (23:30 UTC the day before) is on that day.
  await w.db.sql`update audit_log set at = '2026-12-01T23:30:00Z' where tenant_id = ${w.a.id} and actor = ${`user:${clerk.userId}`}`;
  const onDay = async (day: string) => (await (await audit(`?from=${day}&to=${day}&actor=user:${clerk.userId}`)).json()).items.length;
  assert.equal(await onDay('2026-12-02'), 1);
  assert.equal(await onDay('2026-12-01'), 0);
  // A key's entries are named by its label; a key as the subject by its label too.
  const keyEntry = all.items.find((i: { actor: string }) => i.actor.startsWith('key_'));
  if (keyEntry) assert.equal(keyEntry.actorName, 'Erika Musterfrau');
  const facets = await (await asPerson(w, admin.cookie, '/v1/staff/audit/facets')).json();
  assert.ok(facets.actions.includes('tip.update'));
  assert.ok(facets.actors.some((a: { id: string; name: string }) => a.id === `user:${clerk.userId}` && a.name === 'Carl Clerk'));
  for (const bad of ['?actor=evil', '?action=DROP%20TABLE', '?from=2026-02-30', '?from=2026-05-02&to=2026-05-01', '?limit=0', '?limit=201', '?to=x', `?action=${'a.'.repeat(40)}b`]) {
    await problem(await audit(bad), 422, 'VALIDATION_FAILED');
  }
  // Clerks do not read the audit trail; another tenant's admin sees nothing of this one.
  await problem(await asPerson(w, clerk.cookie, '/v1/staff/audit/facets'), 403);
  const elsewhere = await signedIn(w, { tenantId: w.c.id, roles: ['tenant-admin'], name: 'Eve' });
  const theirs = await (await asPerson(w, elsewhere.cookie, `/v1/staff/audit?actor=user:${clerk.userId}`)).json();
  assert.deepEqual(theirs.items, []);
});
