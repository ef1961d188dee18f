// HR's side: who sees applications, the status flow, ratings and notes, §165 SGB IX, letters
// and bulk rejection through the outbox, the ZIP, the audit of every view, and retention
// with an injected clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import yauzl from 'yauzl';
import { world, problem, signedIn, asPerson, type World } from './helpers.ts';
import { applied, createPosting } from './jobs-fixtures.ts';
import { purgeJobApplications } from '../../backend/jobs/retention.ts';
import { housekeepingJobs } from '../../backend/app.ts';

let w: World;
let job: { id: string };
const people: Record<string, string> = {};
before(async () => {
  w = await world();
  job = await createPosting(w, w.a.sk);
  for (const role of ['jobs', 'jobs:read', 'jobs-representative', 'staff-council', 'tips']) {
    people[role] = (await signedIn(w, { tenantId: w.a.id, roles: [role], name: `Person ${role}` })).cookie;
  }
});
after(() => w.close());

const as = (role: string, path: string, init: RequestInit & { json?: unknown } = {}) => asPerson(w, people[role]!, `/v1/staff/jobs${path}`, init);
type App = {
  id: string;
  ref: string;
  status: string;
  flagged: boolean;
  contact?: unknown;
  rating?: number | null;
  events?: { type: string; text: string | null }[];
  documents: { id: string }[];
  rejectionReason: string | null;
};

async function appId(ref: string): Promise<string> {
  const [r] = await w.db.sql`select id from job_applications where ref = ${ref} and tenant_id = ${w.a.id}`;
  return r!.id;
}

test('who sees applications: the clerk all, the representations their view, nobody else', async () => {
  const a = await applied(w, w.a.pk, job.id, { disability: 'severe' });
  const id = await appId(a.ref);
  const clerk = await as('jobs', `/${job.id}/applications`);
  assert.equal(clerk.status, 200);
  const items = (await clerk.json()).items as App[];
  assert.ok(items.find((i) => i.id === id)?.contact, 'the clerk sees contact data');
  for (const role of ['jobs-representative', 'staff-council']) {
    const res = await as(role, `/${job.id}/applications`);
    assert.equal(res.status, 200, role);
    const body = await res.json();
    assert.equal(body.view, 'participation');
    const mine = (body.items as App[]).find((i) => i.id === id)!;
    assert.equal(mine.flagged, true);
    assert.equal(mine.contact, undefined, `${role} sees no contact data`);
    assert.equal(mine.rating, undefined, `${role} sees no rating`);
    const one = await (await as(role, `/${job.id}/applications/${id}`)).json();
    assert.equal(one.events, undefined, `${role} sees no notes`);
    assert.equal((await as(role, `/${job.id}/applications/${id}/documents/${mine.documents[0]!.id}`)).status, 200);
    // Read-only: no change, no ZIP.
    await problem(await as(role, `/${job.id}/applications/${id}`, { method: 'PATCH', json: { rating: 5 } }), 403, 'ROLE_REQUIRED');
    await problem(await as(role, `/${job.id}/documents.zip`), 403, 'ROLE_REQUIRED');
    await problem(await as(role, '', { method: 'POST', json: {} }), 403, 'ROLE_REQUIRED');
  }
  // A tips clerk and the jobs reader: no applications at all.
  await problem(await as('tips', `/${job.id}/applications`), 403, 'ROLE_REQUIRED');
  await problem(await as('tips', `/${job.id}/applications/${id}`), 403, 'ROLE_REQUIRED');
  await problem(await as('jobs:read', `/${job.id}/applications`), 403, 'ROLE_REQUIRED');
  assert.equal((await as('jobs:read', '')).status, 200, 'the reader sees postings');
  // Another tenant's staff: 404 for the posting and the application.
  await problem(await w.req(`/v1/staff/jobs/${job.id}/applications`, { key: w.b.sk }), 404);
  await problem(await w.req(`/v1/staff/jobs/${job.id}/applications/${id}`, { key: w.c.sk }), 404);
});

test('every view and change of an application is audited, without personal data', async () => {
  const a = await applied(w, w.a.pk, job.id, { lastName: 'Auditname' });
  const id = await appId(a.ref);
  await as('jobs', `/${job.id}/applications/${id}`);
  await as('staff-council', `/${job.id}/applications/${id}`);
  await as('jobs', `/${job.id}/applications/${id}`, { method: 'PATCH', json: { status: 'in_review', rating: 4 } });
  await as('jobs', `/${job.id}/applications/${id}/notes`, { method: 'POST', json: { text: 'Gute Unterlagen' } });
  const rows = await w.db.sql<{ action: string; actor_name: string; details: Record<string, unknown> }[]>`
    select action, actor_name, details from audit_log where subject = ${`application:${id}`} order by at, id`;
  const actions = rows.map((r) => `${r.action} ${r.actor_name}`);
  for (const expected of [
    'jobs.application.received Bewerber/in · applicant',
    'jobs.application.viewed Person jobs',
    'jobs.application.viewed Person staff-council',
    'jobs.application.updated Person jobs',
    'jobs.application.note Person jobs',
  ]) {
    assert.ok(actions.includes(expected), `${expected} in ${actions.join(' | ')}`);
  }
  assert.ok(!JSON.stringify(rows).includes('Auditname'));
  const [list] = await w.db.sql`select count(*)::int as n from audit_log where action = 'jobs.applications.viewed' and subject = ${`posting:${job.id}`}`;
  assert.ok(list!.n >= 1);
});

test('status flow, rating, notes; impossible transitions are refused', async () => {
  const a = await applied(w, w.a.pk, job.id);
  const id = await appId(a.ref);
  const patch = (json: unknown) => as('jobs', `/${job.id}/applications/${id}`, { method: 'PATCH', json });
  assert.equal((await (await patch({ status: 'in_review', rating: 3 })).json()).rating, 3);
  await problem(await patch({ status: 'hired' }), 409, 'INVALID_TRANSITION');
  await problem(await patch({ rating: 6 }), 422);
  await problem(await patch({}), 422);
  assert.equal((await (await patch({ status: 'invited' })).json()).status, 'invited');
  const hired = (await (await patch({ status: 'hired' })).json()) as App;
  assert.deepEqual(
    hired.events!.filter((e) => e.type === 'status').map((e) => e.text),
    [null, null, null, null],
  );
  const status = await (await w.req(`/v1/jobs/applications/status?key=${w.a.pk}&ref=${a.ref}&token=${a.token}`)).json();
  assert.deepEqual([status.status, status.canWithdraw], ['hired', false]);
  const noted = await as('jobs', `/${job.id}/applications/${id}/notes`, { method: 'POST', json: { text: '<b>intern</b>' } });
  assert.equal(noted.status, 201);
  assert.ok(((await noted.json()) as App).events!.some((e) => e.type === 'note' && e.text === '<b>intern</b>'));
});

test('§165 SGB IX: rejecting a severely disabled applicant without invitation needs a documented reason', async () => {
  const flagged = await applied(w, w.a.pk, job.id, { disability: 'severe' });
  const id = await appId(flagged.ref);
  const res = await as('jobs', `/${job.id}/applications/${id}`, { method: 'PATCH', json: { status: 'rejected' } });
  const p = await problem(res, 422, 'VALIDATION_FAILED');
  assert.deepEqual(
    p.errors!.map((e) => e.path),
    ['reason'],
  );
  assert.match(p.detail!, /§165/);
  const ok = await as('jobs', `/${job.id}/applications/${id}`, { method: 'PATCH', json: { status: 'rejected', reason: 'Die geforderte Approbation fehlt offensichtlich.' } });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as App).rejectionReason, 'Die geforderte Approbation fehlt offensichtlich.');
  // The representative sees the decision and its reason.
  const seen = (await (await as('jobs-representative', `/${job.id}/applications/${id}`)).json()) as App;
  assert.equal(seen.rejectionReason, 'Die geforderte Approbation fehlt offensichtlich.');
  // After an invitation, no reason is needed; an unflagged applicant never needs one.
  const invited = await appId((await applied(w, w.a.pk, job.id, { disability: 'equal' })).ref);
  await as('jobs', `/${job.id}/applications/${invited}`, { method: 'PATCH', json: { status: 'invited' } });
  assert.equal((await as('jobs', `/${job.id}/applications/${invited}`, { method: 'PATCH', json: { status: 'rejected' } })).status, 200);
  const plain = await appId((await applied(w, w.a.pk, job.id, { disability: 'none' })).ref);
  assert.equal((await as('jobs', `/${job.id}/applications/${plain}`, { method: 'PATCH', json: { status: 'rejected' } })).status, 200);
});

test('letter templates and bulk rejection with letters through the outbox', async () => {
  const tpl = await as('jobs', '/templates', {
    method: 'POST',
    json: {
      kind: 'rejection',
      name: 'Absage Standard',
      subject: 'Ihre Bewerbung {{ref}}',
      body: 'Guten Tag {{firstName}} {{lastName}},\nleider können wir Sie für „{{title}}“ nicht berücksichtigen.',
    },
  });
  assert.equal(tpl.status, 201);
  const { id: templateId } = await tpl.json();
  const one = await appId((await applied(w, w.a.pk, job.id, { firstName: 'Anna' })).ref);
  const two = await appId((await applied(w, w.a.pk, job.id, { firstName: 'Bernd' })).ref);
  const flagged = await appId((await applied(w, w.a.pk, job.id, { firstName: 'Clara', disability: 'severe' })).ref);
  const bulk = (json: unknown) => as('jobs', `/${job.id}/applications/reject`, { method: 'POST', json });
  // The flagged applicant without a reason refuses the whole batch.
  const refused = await problem(await bulk({ ids: [one, two, flagged], templateId }), 422);
  assert.deepEqual(
    refused.errors!.map((e) => e.path),
    [`reasons.${flagged}`],
  );
  const { n: still } = (await w.db.sql`select count(*)::int as n from job_applications where id = any(${[one, two]}::uuid[]) and status = 'received'`)[0]!;
  assert.equal(still, 2, 'all or nothing');
  const res = await bulk({ ids: [one, two, flagged], templateId, reasons: { [flagged]: 'Fachliche Eignung offensichtlich nicht gegeben (fehlender Abschluss).' } });
  assert.deepEqual(await res.json(), { rejected: 3 });
  const letters = await w.db.sql<{ subject: string; body_text: string; subject_ref: string }[]>`
    select subject, body_text, subject_ref from outbox where subject_ref = any(${[one, two, flagged].map((x) => `jobapp:${x}`)}) and subject like 'Ihre Bewerbung%'`;
  assert.equal(letters.length, 3);
  assert.ok(letters.some((l) => l.body_text.startsWith('Guten Tag Anna Beispiel,\nleider können wir Sie für „Sachbearbeitung Bauordnung (m/w/d)“')));
  assert.ok(letters.every((l) => /^Ihre Bewerbung BW-\d{4}-\d{5}$/.test(l.subject)));
  // Already rejected: a second batch names them.
  assert.deepEqual(
    (await problem(await bulk({ ids: [one], templateId }), 422)).errors!.map((e) => e.path),
    ['ids.0'],
  );
  // A single letter from a template.
  const inv = await as('jobs', '/templates', { method: 'POST', json: { kind: 'invitation', name: 'Einladung', subject: 'Einladung', body: 'Wir laden Sie ein, {{firstName}}.' } });
  const other = await appId((await applied(w, w.a.pk, job.id, { firstName: 'Dora' })).ref);
  const sent = await as('jobs', `/${job.id}/applications/${other}/letters`, { method: 'POST', json: { templateId: (await inv.json()).id } });
  assert.equal(sent.status, 200);
  const [mail] = await w.db.sql`select body_text from outbox where subject_ref = ${`jobapp:${other}`} and subject = 'Einladung'`;
  assert.match(mail!.body_text, /^Wir laden Sie ein, Dora\./);
  // Another tenant's template is unknown here.
  const foreign = await w.req('/v1/staff/jobs/templates', { method: 'POST', key: w.c.sk, json: { kind: 'other', name: 'x', subject: 'x', body: 'x' } });
  const fid = (await foreign.json()).id;
  await problem(await as('jobs', `/${job.id}/applications/${other}/letters`, { method: 'POST', json: { templateId: fid } }), 422);
  await problem(await as('jobs', `/templates/${fid}`, { method: 'DELETE' }), 404);
});

function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

test('the ZIP holds every document of the posting, in one folder per applicant', async () => {
  const fresh = await createPosting(w, w.a.sk, { title: 'ZIP-Stelle' });
  const a = await applied(w, w.a.pk, fresh.id, { lastName: 'Zett/../x', firstName: 'Ida' });
  const b = await applied(w, w.a.pk, fresh.id, { lastName: 'Ypsilon', firstName: 'Jan' });
  const res = await as('jobs', `/${fresh.id}/documents.zip`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('Content-Type'), 'application/zip');
  const entries = await unzip(Buffer.from(await res.arrayBuffer()));
  const names = [...entries.keys()].sort();
  assert.deepEqual(
    names,
    [`${a.ref} Zett_.._x, Ida/Anschreiben.txt`, `${a.ref} Zett_.._x, Ida/Unterlage 1.pdf`, `${b.ref} Ypsilon, Jan/Anschreiben.txt`, `${b.ref} Ypsilon, Jan/Unterlage 1.pdf`].sort(),
  );
  assert.equal(entries.get(`${b.ref} Ypsilon, Jan/Unterlage 1.pdf`)!.subarray(0, 5).toString(), '%PDF-');
  const [audit] = await w.db.sql`select details from audit_log where action = 'jobs.documents.exported' and subject = ${`posting:${fresh.id}`}`;
  assert.deepEqual(audit!.details, { applications: 2, documents: 2 });
  await problem(await w.req(`/v1/staff/jobs/${fresh.id}/documents.zip`, { key: w.b.sk }), 404);
});

test('retention: rejected after 6 months (or the talent pool period), hired after its period, withdrawn at once', async () => {
  const fresh = await createPosting(w, w.a.sk, { title: 'Aufbewahrung' });
  const decide = async (over: Record<string, unknown>, status: string, decidedAt: string) => {
    const a = await applied(w, w.a.pk, fresh.id, over);
    const id = await appId(a.ref);
    await w.db.sql`update job_applications set status = ${status}, decided_at = ${decidedAt} where id = ${id}`;
    return id;
  };
  const rejected = await decide({}, 'rejected', '2026-01-10T10:00:00Z');
  const pool = await decide({ talentPool: true }, 'rejected', '2026-01-10T10:00:00Z');
  const hired = await decide({}, 'hired', '2026-01-10T10:00:00Z');
  const open = await appId((await applied(w, w.a.pk, fresh.id)).ref);
  const docs = (await w.db.sql`select documents from job_applications where id = ${rejected}`)[0]!.documents as { id: string }[];
  const exists = async (id: string) => (await w.db.sql`select 1 from job_applications where id = ${id}`).length === 1;

  // One day before six months: nothing of these goes.
  await purgeJobApplications(w.db.sql, new Date('2026-07-09T10:00:00Z'));
  assert.ok(await exists(rejected));
  await purgeJobApplications(w.db.sql, new Date('2026-07-10T10:00:01Z'));
  assert.equal(await exists(rejected), false, 'rejected: gone after six months');
  assert.ok(await exists(pool), 'talent pool: kept with consent');
  assert.equal(await exists(hired), false, 'hired: left the module after its period (6 months)');
  assert.ok(await exists(open), 'undecided applications stay');
  assert.equal((await w.db.sql`select 1 from uploads where id = ${docs[0]!.id}`).length, 0, 'its documents are gone');
  assert.equal((await w.db.sql`select 1 from outbox where subject_ref = ${`jobapp:${rejected}`}`).length, 0, 'its mails are gone');
  const [entry] = await w.db.sql<
    { actor: string; details: Record<string, unknown> }[]
  >`select actor, details from audit_log where action = 'jobs.application.deleted' and subject = ${`application:${rejected}`}`;
  assert.deepEqual(entry!.details, { posting: fresh.id, status: 'rejected', decided: '2026-01-10', documents: 1, rule: 'rejectedMonths' });
  assert.ok(!JSON.stringify(entry).includes('Erika'));
  await purgeJobApplications(w.db.sql, new Date('2028-01-11T10:00:00Z'));
  assert.equal(await exists(pool), false, 'talent pool: gone after 24 months');

  // A tenant's own period, and a withdrawal.
  await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { rejectedMonths: 3 } });
  const short = await decide({}, 'rejected', '2026-01-10T10:00:00Z');
  const gone = await decide({}, 'withdrawn', '2026-01-10T10:00:00Z');
  assert.equal(await purgeJobApplications(w.db.sql, new Date('2026-04-10T10:00:01Z')), 2);
  assert.equal(await exists(short), false);
  assert.equal(await exists(gone), false);
  assert.ok(await exists(open));
  assert.ok('jobsRetention' in housekeepingJobs, 'the job is registered');
  await problem(await w.req('/v1/staff/jobs/settings', { method: 'PUT', key: w.a.sk, json: { rejectedMonths: 1 } }), 422);
});
