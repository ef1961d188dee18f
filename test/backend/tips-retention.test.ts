// Retention: personal data goes N days after closing; everything else stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, type World } from './helpers.ts';
import { damage, staff, submit } from './tips-fixtures.ts';
import { purgeTipPersonalData } from '../../backend/tips/retention.ts';
import { runHousekeeping } from '../../backend/core/housekeeping.ts';
import { housekeepingJobs } from '../../backend/app.ts';
import { one } from '../../backend/core/db.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

async function closedDaysAgo(pk: string, sk: string, days: number, publish = false) {
  const t = await submit(w, pk, damage({ description: `closed ${days} days ago` }));
  await staff(w, sk, `/${t.ref}`, { method: 'PATCH', json: { status: 'resolved', published: publish, publicAnswer: 'Repariert.' } });
  await w.db.sql`update tips set closed_at = now() - make_interval(days => ${days}) where ref = ${t.ref} and tenant_id in (select id from tenants where slug in ('beispielstadt', 'musterkreis'))`;
  return t;
}

const row = (ref: string, tenant: string) =>
  w.db.sql`select contact_name, contact_email, ip_hash, notify, personal_deleted_at, description, public_answer, published
           from tips where ref = ${ref} and tenant_id = ${tenant}`.then((r) => r[0]);

test('personal data is deleted after the retention period, and nothing else', async () => {
  const old = await closedDaysAgo(w.a.pk, w.a.sk, 400, true);
  const recent = await closedDaysAgo(w.a.pk, w.a.sk, 10);
  const open = await submit(w, w.a.pk);
  await w.db.sql`update tips set created_at = now() - interval '3 years' where ref = ${open.ref} and tenant_id = ${w.a.id}`;
  // The county keeps data only 30 days.
  await staff(w, w.b.sk, '/settings', { method: 'PUT', json: { retentionDays: 30 } });
  const county = await closedDaysAgo(w.b.pk, w.b.sk, 40);
  const { n: mailsBefore } = one(await w.db.sql`select count(*)::int as n from outbox`);
  assert.ok(mailsBefore > 0);

  assert.equal(await purgeTipPersonalData(w.db.sql), 2);

  const gone = await row(old.ref, w.a.id);
  assert.ok(gone);
  assert.equal(gone.contact_name, null);
  assert.equal(gone.contact_email, null);
  assert.equal(gone.ip_hash, null);
  assert.equal(gone.notify, false);
  assert.ok(gone.personal_deleted_at);
  assert.equal(gone.description, 'closed 400 days ago');
  assert.equal(gone.public_answer, 'Repariert.');
  assert.equal(gone.published, true);
  assert.equal((await row(county.ref, w.b.id))!.contact_email, null);
  for (const [ref, tenant] of [
    [recent.ref, w.a.id],
    [open.ref, w.a.id],
  ] as const) {
    const kept = await row(ref, tenant);
    assert.ok(kept);
    assert.equal(kept.contact_email, 'max@example.org');
    assert.ok(kept.ip_hash);
    assert.equal(kept.personal_deleted_at, null);
  }
  // The anonymised tip stays public.
  const list = await (await w.req(`/v1/tips?key=${w.a.pk}`)).json();
  assert.ok(list.items.some((i: { ref: string }) => i.ref === old.ref));
  // Its mails (with the citizen's address) are gone; other tips' mails stay.
  const mails = await w.db.sql<{ to_addr: string; subject: string }[]>`select to_addr, subject from outbox`;
  assert.ok(!mails.some((m) => m.subject.includes(old.ref) && m.to_addr === 'max@example.org'));
  assert.ok(mails.some((m) => m.subject.includes(recent.ref)));
  // Idempotent: a second run deletes nothing more.
  assert.equal(await purgeTipPersonalData(w.db.sql), 0);
  // The staff view says when.
  const detail = await (await staff(w, w.a.sk, `/${old.ref}`)).json();
  assert.equal(detail.contact, null);
  assert.ok(detail.personalDataDeletedAt);
});

test('the job is registered with the housekeeping jobs', async () => {
  const t = await closedDaysAgo(w.a.pk, w.a.sk, 500);
  await runHousekeeping(w.db.sql, housekeepingJobs);
  assert.equal((await row(t.ref, w.a.id))!.contact_email, null);
});
