// §3(2) BauGB participation: the period rule (one month per §§ 187(2), 188(2) BGB, never
// fewer than 30 days), statements taken only inside the period as the server's clock sees it
// in Europe/Berlin (tested at the day boundaries, across both daylight-saving changes), a
// changed draft's new period, late/paper statements, attachments, receipts in the outbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { minimumEnd, oneMonthEnd } from '../../backend/plans/schema.ts';
import { problem, world, type World } from './helpers.ts';
import { syntheticPlan } from './plans/synthetic.ts';
import { citizenPost, solved, upload } from './tips-fixtures.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('period rule (pure)', () => {
  for (const [start, month, min] of [
    ['2026-03-01', '2026-03-31', '2026-03-31'], // the example: to the end of 31 March
    ['2026-02-01', '2026-02-28', '2026-03-02'], // February is short: 30 days win
    ['2028-02-01', '2028-02-29', '2028-03-01'], // leap year
    ['2026-01-31', '2026-02-28', '2026-03-01'], // § 188(3): no 31 February
    ['2026-03-29', '2026-04-28', '2026-04-28'], // starts on the day summer time begins
    ['2026-09-26', '2026-10-25', '2026-10-25'], // ends on the day summer time ends
    ['2026-12-15', '2027-01-14', '2027-01-14'], // across the year
  ] as const) {
    it(`${start}: one month ends ${month}, the lawful minimum ${min}`, () => {
      assert.equal(oneMonthEnd(start), month);
      assert.equal(minimumEnd(start), min);
    });
  }
});

describe('plans participation API', () => {
  let w: World;
  let clock = new Date('2026-03-01T10:00:00Z');
  let id = '';
  let bbox: [number, number, number, number];
  before(async () => {
    w = await world({ now: () => clock });
    const fd = new FormData();
    fd.append('file', new Blob([enc(syntheticPlan({ gmlId: 'GML_beteiligung', nummer: 'B-1', name: 'Am Mühlenteich' }))]), 'p.gml');
    const res = await w.req('/v1/staff/plans/import?publish=true', { method: 'POST', key: w.a.sk, body: fd });
    const body = await res.json();
    id = body.items[0].id;
    bbox = (await (await w.req(`/v1/staff/plans/${id}`, { key: w.a.sk })).json()).bbox;
  });
  after(async () => {
    await w?.close();
  });

  const put = (json: unknown, planId = id, key = w.a.sk) => w.req(`/v1/staff/plans/${planId}/participation`, { method: 'PUT', key, json });
  const state = async () => await (await w.req(`/v1/staff/plans/${id}/participation`, { key: w.a.sk })).json();
  const statement = (json: Record<string, unknown>, pk = w.a.pk, planId = id) => citizenPost(w, pk, `/v1/plans/${planId}/statements`, { consent: true, ...json });
  /** A point 10 % inside the south-west corner: in the plan (the synthetic plan has a hole in the middle). */
  const inside = () => ({ lng: bbox[0] + (bbox[2] - bbox[0]) * 0.1, lat: bbox[1] + (bbox[3] - bbox[1]) * 0.1 });
  /** Whether the public plan and the public list say the period is open (by the server's clock, like the statements). */
  const publicOpen = async () => {
    const plan = await (await w.req(`/v1/plans/${id}`, { key: w.a.pk })).json();
    const list = await (await w.req('/v1/plans', { key: w.a.pk })).json();
    return [plan.participation.open, list.items.find((i: { id: string }) => i.id === id).participation.open];
  };

  // One plan's participation told in order: the period opened in one step is the one the next
  // steps' statements fall in or outside of, and the clock moves forward through the year. So
  // these are steps of one test, not tests that pass only in file order; a failed step fails it.
  const steps: [string, () => Promise<void>][] = [];
  const step = (name: string, fn: () => Promise<void>) => void steps.push([name, fn]);

  step('refuses a period of 29 days (422 PERIOD_TOO_SHORT, naming the earliest end) and an end before the start', async () => {
    const p = await problem(await put({ start: '2026-02-01', end: '2026-03-01' }), 422, 'PERIOD_TOO_SHORT');
    assert.match(p.detail ?? '', /2026-03-02/);
    assert.equal(p.errors?.[0]?.path, 'end');
    await problem(await put({ start: '2026-03-01', end: '2026-03-30' }), 422, 'PERIOD_TOO_SHORT');
    const before = await problem(await put({ start: '2026-04-01', end: '2026-03-01' }), 422, 'VALIDATION_FAILED');
    assert.equal(before.errors?.[0]?.path, 'end');
    await problem(await put({ start: '2026-02-30', end: '2026-04-30' }), 422, 'VALIDATION_FAILED');
    await problem(await put({ start: '1.3.2026', end: '2026-04-30' }), 422, 'VALIDATION_FAILED');
    await problem(await put({ start: '2026-03-01', end: '2026-03-31', extra: 1 }), 422, 'VALIDATION_FAILED');
    assert.equal((await state()).periods.length, 0, 'nothing stored');
  });

  step("another tenant's plan is a 404; a publishable key may not set periods", async () => {
    await problem(await put({ start: '2026-03-29', end: '2026-04-28' }, id, w.b.sk), 404, 'NOT_FOUND');
    assert.ok([401, 403].includes((await put({ start: '2026-03-29', end: '2026-04-28' }, id, w.a.pk)).status));
  });

  step('opens the shortest lawful period, starting on the day summer time begins', async () => {
    const res = await put({ start: '2026-03-29', end: '2026-04-28', webAddress: 'https://www.beispielstadt.example/plaene', environmental: ['Artenschutz'] });
    const s = await res.json();
    assert.equal(res.status, 200, JSON.stringify(s));
    assert.deepEqual([s.current.seq, s.current.start, s.current.end, s.current.open, s.minimumEnd], [1, '2026-03-29', '2026-04-28', false, '2026-04-28']);
    const pub = await (await w.req(`/v1/plans/${id}`, { key: w.a.pk })).json();
    assert.deepEqual([pub.participation.start, pub.participation.end, pub.participation.source], ['2026-03-29', '2026-04-28', 'staff']);
  });

  step('refuses a statement one second before the first day in Berlin (23:59:59 CET), takes one at 00:00', async () => {
    clock = new Date('2026-03-28T22:59:59Z');
    const p = await problem(await statement({ text: 'Zu früh.' }), 409, 'PARTICIPATION_CLOSED');
    assert.match(p.detail ?? '', /29\.03\.2026/);
    assert.deepEqual(await publicOpen(), [false, false], 'not open yet, as the statements see it');
    clock = new Date('2026-03-28T23:00:00Z');
    assert.deepEqual(await publicOpen(), [true, true], 'open from the first day on, in the plan and the list');
    const res = await statement({ text: 'Pünktlich.' });
    const r = await res.json();
    assert.equal(res.status, 201, JSON.stringify(r));
    assert.match(r.ref, /^ST-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    assert.deepEqual([r.receivedOn, r.period.end, r.named], ['2026-03-29', '2026-04-28', false]);
  });

  step('takes one at 23:59:59 CEST on the last day, refuses one a second later (the day after the end)', async () => {
    clock = new Date('2026-04-28T21:59:59Z');
    assert.equal((await statement({ text: 'Auf den letzten Drücker.' })).status, 201);
    clock = new Date('2026-04-28T22:00:00Z');
    const p = await problem(await statement({ text: 'Zu spät.' }), 409, 'PARTICIPATION_CLOSED');
    assert.match(p.detail ?? '', /28\.04\.2026/);
    assert.deepEqual(await publicOpen(), [false, false], 'closed the day after the end');
  });

  step('named statement: point, place, PDF attachment, receipt in the outbox; HTML kept as plain text', async () => {
    clock = new Date('2026-04-10T08:00:00Z');
    const pdf = await upload(w, w.a.pk, enc('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF'), 'anlage.pdf', 'application/pdf');
    assert.equal(pdf.status, 201, await pdf.clone().text());
    const att = (await pdf.json()).id;
    const res = await statement({
      text: '<b>Bitte</b> die Bäume <script>alert(1)</script> erhalten.',
      point: inside(),
      place: 'Ecke Mühlenweg',
      attachments: [att],
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      address: 'Mühlenweg 3, 12345 Beispielstadt',
      noOtherPersons: true,
      lang: 'de',
    });
    const r = await res.json();
    assert.equal(res.status, 201, JSON.stringify(r));
    assert.deepEqual([r.named, r.outsideArea], [true, false]);
    const [mail] = await w.db.sql<{ to_addr: string; subject: string; body_text: string }[]>`
      select to_addr, subject, body_text from outbox where to_addr = 'erika@example.org'`;
    assert.ok(mail, 'receipt mailed');
    assert.match(mail.subject, new RegExp(r.ref));
    assert.match(mail.body_text, /bis einschließlich 28\.04\.2026/);
    const list = await (await w.req(`/v1/staff/plans/${id}/statements`, { key: w.a.sk })).json();
    const s = list.items.find((x: { ref: string }) => x.ref === r.ref);
    assert.equal(s.text, '<b>Bitte</b> die Bäume <script>alert(1)</script> erhalten.', 'stored as typed, never as markup');
    assert.deepEqual([s.name, s.place, s.noOtherPersons, s.channel, s.late, s.outsideArea], ['Erika Mustermann', 'Ecke Mühlenweg', true, 'online', false, false]);
    assert.equal(s.attachments.length, 1);
    const file = await w.req(s.attachments[0].href, { key: w.a.sk });
    assert.equal(file.headers.get('Content-Type'), 'application/pdf');
    await problem(await w.req(s.attachments[0].href.replace(id, randomUUID()), { key: w.a.sk }), 404, 'NOT_FOUND');
  });

  step('refuses an oversized attachment (413) and a type statements do not take (415) at the upload', async () => {
    await problem(await upload(w, w.a.pk, new Uint8Array(10 * 1024 * 1024 + 1), 'gross.pdf', 'application/pdf'), 413, 'PAYLOAD_TOO_LARGE');
    await problem(await upload(w, w.a.pk, enc('<html><script>1</script></html>'), 'x.html', 'text/html'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  step("accepts a point outside the plan's area with a note (a statement may concern the surroundings)", async () => {
    const r = await (await statement({ text: 'Der Verkehr im Nachbarort.', point: { lat: 52.5, lng: 13.4 } })).json();
    assert.equal(r.outsideArea, true);
    const centre = { lng: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2 };
    assert.equal((await (await statement({ text: 'In der Aussparung.', point: centre })).json()).outsideArea, true, 'the hole is not the plan');
  });

  step('refuses bad statements: no consent, no text, unknown attachment, e-mail without name, bad point; other tenant 404', async () => {
    const noConsent = await citizenPost(w, w.a.pk, `/v1/plans/${id}/statements`, { text: 'x' });
    assert.equal((await problem(noConsent, 422, 'VALIDATION_FAILED')).errors?.[0]?.path, 'consent');
    await problem(await statement({ text: '   ' }), 422, 'VALIDATION_FAILED');
    const unknown = await problem(await statement({ text: 'x', attachments: [randomUUID()] }), 422, 'VALIDATION_FAILED');
    assert.equal(unknown.errors?.[0]?.path, 'attachments.0');
    assert.equal((await problem(await statement({ text: 'x', email: 'a@example.org' }), 422, 'VALIDATION_FAILED')).errors?.[0]?.path, 'name');
    await problem(await statement({ text: 'x', point: { lat: 91, lng: 0 } }), 422, 'VALIDATION_FAILED');
    await problem(await statement({ text: 'x\ud800' }), 422, 'VALIDATION_FAILED');
    await problem(await statement({ text: 'x' }, w.b.pk), 404, 'NOT_FOUND');
    await problem(await statement({ text: 'x' }, w.a.pk, randomUUID()), 404, 'NOT_FOUND');
    await problem(await statement({ text: 'x' }, w.a.pk, 'nicht-da'), 404, 'NOT_FOUND');
  });

  step('needs ALTCHA and an Idempotency-Key; a replay answers the same reference', async () => {
    await problem(await w.req(`/v1/plans/${id}/statements`, { method: 'POST', key: w.a.pk, json: { text: 'x', consent: true }, headers: { 'Idempotency-Key': randomUUID() } }), 403, 'ALTCHA_FAILED');
    const idem = randomUUID();
    const altcha = await solved(w, w.a.pk);
    const a = await (await citizenPost(w, w.a.pk, `/v1/plans/${id}/statements`, { text: 'Einmal.', consent: true }, { idem, altcha })).json();
    const b = await (await citizenPost(w, w.a.pk, `/v1/plans/${id}/statements`, { text: 'Einmal.', consent: true }, { idem, altcha })).json();
    assert.equal(a.ref, b.ref);
  });

  step('refuses statements on an unpublished plan (404)', async () => {
    await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { published: false } });
    await problem(await statement({ text: 'x' }), 404, 'NOT_FOUND');
    await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { published: true } });
  });

  let firstPeriod = '';
  step('a changed draft (re-import) gets a new period ending on the day winter time begins; statements stay with theirs', async () => {
    clock = new Date('2026-09-01T08:00:00Z');
    const fd = new FormData();
    fd.append('file', new Blob([enc(syntheticPlan({ gmlId: 'GML_beteiligung', nummer: 'B-1', name: 'Am Mühlenteich', rechtsstand: '2400', features: 2 }))]), 'p2.gml');
    assert.equal((await w.req('/v1/staff/plans/import', { method: 'POST', key: w.a.sk, body: fd })).status, 200);
    const s = await (await put({ start: '2026-09-26', end: '2026-10-25' })).json();
    assert.deepEqual(
      s.periods.map((p: { seq: number; planVersion: number }) => [p.seq, p.planVersion]),
      [
        [1, 1],
        [2, 2],
      ],
    );
    firstPeriod = s.periods[0].id;
    clock = new Date('2026-10-25T22:59:59Z'); // 23:59:59 CET, the clocks went back at 03:00
    assert.equal((await statement({ text: 'Zum geänderten Entwurf.' })).status, 201);
    clock = new Date('2026-10-25T23:00:00Z');
    await problem(await statement({ text: 'Zu spät.' }), 409, 'PARTICIPATION_CLOSED');
    const first = await (await w.req(`/v1/staff/plans/${id}/statements?period=${firstPeriod}`, { key: w.a.sk })).json();
    const second = await (await w.req(`/v1/staff/plans/${id}/statements?period=${s.periods[1].id}`, { key: w.a.sk })).json();
    assert.ok(first.items.length >= 5);
    assert.ok(first.items.every((x: { periodSeq: number }) => x.periodSeq === 1));
    assert.deepEqual(
      second.items.map((x: { text: string }) => x.text),
      ['Zum geänderten Entwurf.'],
    );
    // A second PUT on the same draft changes the period in place (an extension).
    const ext = await (await put({ start: '2026-09-26', end: '2026-11-01' })).json();
    assert.deepEqual(
      ext.periods.map((p: { end: string }) => p.end),
      ['2026-04-28', '2026-11-01'],
    );
  });

  step('staff enter a late statement (marked late) and a paper one in time; nothing before the first period', async () => {
    const late = await w.req(`/v1/staff/plans/${id}/statements`, {
      method: 'POST',
      key: w.a.sk,
      json: { text: 'Brief, zu spät eingegangen.', receivedOn: '2026-11-03', channel: 'letter', name: 'Max Muster', address: 'Weg 1' },
    });
    const l = await late.json();
    assert.equal(late.status, 201, JSON.stringify(l));
    assert.deepEqual([l.late, l.channel, l.periodSeq], [true, 'letter', 2]);
    const paper = await (
      await w.req(`/v1/staff/plans/${id}/statements`, {
        method: 'POST',
        key: w.a.sk,
        json: { text: 'Zur Niederschrift.', receivedOn: '2026-04-02', channel: 'minutes' },
      })
    ).json();
    assert.deepEqual([paper.late, paper.periodSeq], [false, 1]);
    const early = await problem(
      await w.req(`/v1/staff/plans/${id}/statements`, {
        method: 'POST',
        key: w.a.sk,
        json: { text: 'x', receivedOn: '2026-01-02', channel: 'paper' },
      }),
      422,
      'VALIDATION_FAILED',
    );
    assert.equal(early.errors?.[0]?.path, 'receivedOn');
  });

  step('PATCH participation dates follow the same rule', async () => {
    const p = await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { participationEnd: '2026-10-01' } }), 422, 'PERIOD_TOO_SHORT');
    assert.equal(p.errors?.[0]?.path, 'participationEnd');
    await problem(await w.req(`/v1/staff/plans/${id}`, { method: 'PATCH', key: w.a.sk, json: { participationStart: null, participationEnd: null } }), 409, 'PERIOD_HAS_STATEMENTS');
  });

  it("one plan's participation, from its first period to a changed draft's", { timeout: Number.POSITIVE_INFINITY }, async (t) => {
    for (const [name, fn] of steps) await t.test(name, fn);
  });
});
