// Applying: PDFs sniffed and inspected, caps, ALTCHA and Idempotency-Key, reference and token,
// receipt mail, status view, withdrawal, deadline and cross-tenant refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { world, problem, type World } from './helpers.ts';
import { application, apply, applied, attachmentPdf, cleanPdf, clockApp, createPosting, encryptedPdf, jsPdf, uploadFile, uploadPdf } from './jobs-fixtures.ts';
import { solved } from './tips-fixtures.ts';

let w: World;
let job: { id: string };
before(async () => {
  w = await world();
  job = await createPosting(w, w.a.sk);
});
after(() => w.close());

test('documents: a PDF passes; a renamed non-PDF, JavaScript, embedded files and encryption are refused', async () => {
  assert.equal((await uploadFile(w, w.a.pk, await cleanPdf())).status, 201);
  await problem(await uploadFile(w, w.a.pk, new TextEncoder().encode('MZ\x90\x00 this is an exe'), 'cv.pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  await problem(await uploadFile(w, w.a.pk, new TextEncoder().encode('plain text, not a PDF'), 'cv.pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  const js = await problem(await uploadFile(w, w.a.pk, await jsPdf()), 415, 'UNSAFE_PDF');
  assert.match(js.detail!, /JavaScript/);
  await problem(await uploadFile(w, w.a.pk, await attachmentPdf()), 415, 'UNSAFE_PDF');
  const enc = await problem(await uploadFile(w, w.a.pk, encryptedPdf()), 415, 'UNSAFE_PDF');
  assert.match(enc.detail!, /encrypted|password/);
});

test('an application gets a BW reference, a token, a receipt mail and a status view', async () => {
  const doc = await uploadPdf(w, w.a.pk);
  const res = await apply(w, w.a.pk, job.id, application([doc], { coverLetter: '<script>alert(1)</script> Ich bewerbe mich.', disability: 'severe' }));
  assert.equal(res.status, 201, await res.clone().text());
  const created = await res.json();
  assert.match(created.ref, /^BW-\d{4}-\d{5}$/);
  assert.match(created.token, /^[A-Za-z0-9_-]{32}$/);
  const [row] = await w.db.sql`select cover_letter, documents, disability, tenant_id from job_applications where ref = ${created.ref} and tenant_id = ${w.a.id}`;
  assert.equal(row!.cover_letter, '<script>alert(1)</script> Ich bewerbe mich.', 'stored as text');
  assert.equal(row!.documents[0].name, 'Unterlage 1.pdf');
  const [upload] = await w.db.sql`select expires_at from uploads where id = ${doc}`;
  assert.equal(upload!.expires_at, null, 'the document is claimed');
  const mails = await w.db.sql<{ to_addr: string; subject: string; body_text: string }[]>`select to_addr, subject, body_text from outbox where body_text like ${'%' + created.ref + '%'}`;
  const receipt = mails.find((m) => m.to_addr === 'erika@example.org');
  assert.ok(receipt?.subject.includes(created.ref) && receipt.body_text.includes(created.token));
  assert.ok(
    mails.some((m) => m.to_addr === 'personal@beispielstadt.example'),
    'the posting contact is told',
  );

  const status = await w.req(`/v1/jobs/applications/status?key=${w.a.pk}&ref=${created.ref}&token=${created.token}`);
  assert.equal(status.headers.get('Cache-Control'), 'no-store');
  const view = await status.json();
  assert.deepEqual([view.ref, view.status, view.posting.id, view.canWithdraw], [created.ref, 'received', job.id, true]);
  await problem(await w.req(`/v1/jobs/applications/status?key=${w.a.pk}&ref=${created.ref}&token=${'x'.repeat(32)}`), 404);
  await problem(await w.req(`/v1/jobs/applications/status?key=${w.c.pk}&ref=${created.ref}&token=${created.token}`), 404);
  // The county (same community) may show the status.
  assert.equal((await w.req(`/v1/jobs/applications/status?key=${w.b.pk}&ref=${created.ref}&token=${created.token}`)).status, 200);
});

test('the representations are told about a severely disabled applicant, without personal data', async () => {
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { representativeEmail: 'sbv@beispielstadt.example', staffCouncilEmail: 'pr@beispielstadt.example' } });
  const a = await applied(w, w.a.pk, job.id, { disability: 'equal', lastName: 'Geheimname' });
  const mails = await w.db.sql<
    { to_addr: string; body_text: string }[]
  >`select to_addr, body_text from outbox where to_addr in ('sbv@beispielstadt.example', 'pr@beispielstadt.example') and body_text like ${'%' + a.ref + '%'}`;
  assert.equal(mails.length, 2);
  assert.ok(mails.every((m) => !m.body_text.includes('Geheimname') && !m.body_text.includes('erika@')));
  const none = await applied(w, w.a.pk, job.id, { disability: 'none' });
  const { n } = (await w.db.sql`select count(*)::int as n from outbox where to_addr = 'sbv@beispielstadt.example' and body_text like ${'%' + none.ref + '%'}`)[0]!;
  assert.equal(n, 0);
});

test('bad applications: ALTCHA, Idempotency-Key, caps, foreign uploads, fields', async () => {
  const doc = await uploadPdf(w, w.a.pk);
  const body = application([doc]);
  // No ALTCHA, no Idempotency-Key.
  await problem(await w.req(`/v1/jobs/${job.id}/applications`, { method: 'POST', key: w.a.pk, json: body, headers: { 'Idempotency-Key': randomUUID() } }), 403);
  await problem(await w.req(`/v1/jobs/${job.id}/applications`, { method: 'POST', key: w.a.pk, json: body, headers: { 'X-Altcha': await solved(w, w.a.pk) } }), 400, 'IDEMPOTENCY_KEY_MISSING');
  // The same key with another body.
  const idem = randomUUID();
  const first = await apply(w, w.a.pk, job.id, body, { idem });
  assert.equal(first.status, 201);
  const again = await apply(w, w.a.pk, job.id, body, { idem });
  assert.equal(again.status, 201);
  assert.equal((await again.json()).ref, (await first.json()).ref, 'a retry creates nothing twice');
  await problem(await apply(w, w.a.pk, job.id, { ...body, firstName: 'Other' }, { idem }), 422);
  // Too many files, a file listed twice, an unknown or another tenant's upload.
  const many = await Promise.all(Array.from({ length: 6 }, () => uploadPdf(w, w.a.pk)));
  assert.deepEqual(
    (await problem(await apply(w, w.a.pk, job.id, application(many)), 422)).errors?.map((e) => e.path),
    ['documents'],
  );
  const twice = await uploadPdf(w, w.a.pk);
  assert.deepEqual(
    (await problem(await apply(w, w.a.pk, job.id, application([twice, twice])), 422)).errors?.map((e) => e.path),
    ['documents'],
  );
  const foreign = await uploadPdf(w, w.c.pk);
  assert.deepEqual(
    (await problem(await apply(w, w.a.pk, job.id, application([foreign])), 422)).errors?.map((e) => e.path),
    ['documents.0'],
  );
  // A file over the per-file cap (an upload larger than 5 MB): refused at the application.
  const big = await uploadPdf(w, w.a.pk, await cleanPdf('x'.repeat(10)));
  await w.db.sql`update uploads set size = ${6 * 1024 * 1024} where id = ${big}`;
  assert.deepEqual(
    (await problem(await apply(w, w.a.pk, job.id, application([big])), 422)).errors?.map((e) => e.path),
    ['documents.0.id'],
  );
  // The total cap.
  const four = await Promise.all(Array.from({ length: 4 }, () => uploadPdf(w, w.a.pk)));
  await w.db.sql`update uploads set size = ${4.5 * 1024 * 1024} where id = any(${four}::uuid[])`;
  assert.deepEqual(
    (await problem(await apply(w, w.a.pk, job.id, application(four)), 422)).errors?.map((e) => e.path),
    ['documents'],
  );
  // Fields.
  const bad = await problem(await apply(w, w.a.pk, job.id, { ...application([await uploadPdf(w, w.a.pk)]), email: 'nope', firstName: '', consent: false, disability: 'maybe' }), 422);
  assert.deepEqual(bad.errors!.map((e) => e.path).sort(), ['consent', 'disability', 'email', 'firstName']);
  await problem(await apply(w, w.a.pk, job.id, { ...application([await uploadPdf(w, w.a.pk)]), lastName: 'A\uD800' }), 422);
  // Nothing of these was stored.
  const { n } = (await w.db.sql`select count(*)::int as n from job_applications where first_name = 'Other'`)[0]!;
  assert.equal(n, 0);
});

test('after the deadline, to an unpublished posting or another tenant: refused, nothing stored', async () => {
  const closing = await createPosting(w, w.a.sk, { deadline: '2026-03-10' });
  const clock = { now: new Date('2026-03-10T22:59:00Z') };
  const req = clockApp(w, clock);
  const post = async (id: string, key = w.a.pk) => {
    const doc = await uploadPdf(w, key);
    return req(`/v1/jobs/${id}/applications`, {
      key,
      origin: undefined,
      method: 'POST',
      body: JSON.stringify(application([doc])),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'X-Altcha': await solved(w, key) },
    });
  };
  assert.equal((await post(closing.id)).status, 201, 'still open at 23:59 Berlin');
  clock.now = new Date('2026-03-10T23:00:00Z');
  await problem(await post(closing.id), 410, 'POSTING_CLOSED');
  const { n } = (await w.db.sql`select count(*)::int as n from job_applications where posting_id = ${closing.id}`)[0]!;
  assert.equal(n, 1);
  const draft = await createPosting(w, w.a.sk, { published: false });
  await problem(await apply(w, w.a.pk, draft.id, application([await uploadPdf(w, w.a.pk)])), 404);
  await problem(await apply(w, w.c.pk, job.id, application([await uploadPdf(w, w.c.pk)])), 404);
  await problem(await apply(w, w.a.pk, randomUUID(), application([await uploadPdf(w, w.a.pk)])), 404);
});

test("through the county's page to a town's shared posting: stored at the town, documents moved", async () => {
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { shareWithCounty: true } });
  w.forgetKeys();
  const a = await applied(w, w.b.pk, job.id);
  const [row] = await w.db.sql`select tenant_id, documents from job_applications where ref = ${a.ref} and tenant_id = ${w.a.id}`;
  assert.equal(row!.tenant_id, w.a.id);
  const [up] = await w.db.sql`select tenant_id from uploads where id = ${row!.documents[0].id}`;
  assert.equal(up!.tenant_id, w.a.id);
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { shareWithCounty: false } });
  w.forgetKeys();
});

test('the applicant withdraws; a decided application cannot be withdrawn', async () => {
  const a = await applied(w, w.a.pk, job.id);
  const post = (json: unknown) => w.req('/v1/jobs/applications/withdraw', { method: 'POST', key: w.a.pk, json, headers: { 'Idempotency-Key': randomUUID() } });
  const res = await post({ ref: a.ref, token: a.token });
  assert.equal(res.status, 200);
  const view = await res.json();
  assert.deepEqual([view.status, view.canWithdraw], ['withdrawn', false]);
  await problem(await post({ ref: a.ref, token: a.token }), 409, 'NOT_WITHDRAWABLE');
  await problem(await post({ ref: a.ref, token: 'y'.repeat(32) }), 404);
  await problem(await post({ ref: 'nonsense', token: a.token }), 422);
});
