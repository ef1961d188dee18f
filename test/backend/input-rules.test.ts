// The shared input rules (backend/core/schema.ts): which text can be stored, which dates exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { isSafeText, IsoDate, parseIsoDate, safeTree, Text, unsafeTextPath } from '../../backend/core/schema.ts';

test('safe text: well-formed UTF-16 without NUL; noncharacters and emoji are fine', () => {
  for (const s of ['', 'Straße', '😀', '\ufffe', '\uffff', 'a\u200fb']) assert.ok(isSafeText(s), JSON.stringify(s));
  for (const s of ['\ud800', '\udfff', 'x\udc00\ud800y', 'a\u0000b', '😀'.slice(0, 1)]) assert.ok(!isSafeText(s), JSON.stringify(s));
  assert.equal(v.safeParse(Text(10), ' ok ').output, 'ok');
  assert.ok(!v.safeParse(Text(10), 'a\ud800').success);
});

test('unsafeTextPath and safeTree name the field, keys included', () => {
  assert.equal(unsafeTextPath({ a: [{ b: 'ok' }, { b: 'x\u0000' }] }), 'a.1.b');
  assert.equal(unsafeTextPath({ a: { '\ud800': 1 } }), 'a');
  assert.equal(unsafeTextPath({ a: 1, b: [true, null, 'ok'] }), null);
  const r = v.safeParse(v.pipe(v.record(v.string(), v.string()), safeTree()), { x: 'ok', y: '\udfff' });
  assert.equal(r.success, false);
  assert.equal(v.getDotPath(r.issues![0]), 'y');
});

test('dates: ISO 8601, real calendar days, years 1900–2200', () => {
  for (const s of ['2026-05-01', '2024-02-29', '2026-05-01T10:00:00Z', '2026-05-01T10:00:00.123+02:00', '2026-05-01T10:00', '1900-01-01', '2200-12-31T23:59:59-05:00']) {
    assert.ok(parseIsoDate(s), s);
  }
  for (const s of [
    '2026-99-99',
    '2026-02-30',
    '2025-02-29',
    '2026-04-31',
    '275760-09-13',
    '1899-12-31',
    '2201-01-01',
    '0000-01-01',
    '2026-05-01T24:00:00Z',
    '2026-05-01T10:60Z',
    '2026-05-01T10:00:00+25:00',
    '2026-5-1',
    'today',
    '',
    '2026-05-01x',
  ]) {
    assert.equal(parseIsoDate(s), null, s);
    assert.ok(!v.safeParse(IsoDate(), s).success, s);
  }
  assert.equal(parseIsoDate('2026-05-01T10:00:00+02:00')!.toISOString(), '2026-05-01T08:00:00.000Z');
  assert.equal(parseIsoDate('2026-05-01')!.toISOString(), '2026-05-01T00:00:00.000Z');
});

test('the edge refuses them on real routes with a 4xx naming the field', async () => {
  const { world, problem } = await import('./helpers.ts');
  const w = await world();
  try {
    const staff = (q: string) => w.req(`/v1/staff/tips?${q}`, { key: w.a.sk });
    assert.equal((await problem(await staff('q=%00'), 422, 'VALIDATION_FAILED')).errors?.[0]?.path, 'q');
    assert.equal((await problem(await staff('from=2026-99-99'), 422)).errors?.[0]?.path, 'from');
    assert.equal((await problem(await staff('to=2026-02-30'), 422)).errors?.[0]?.path, 'to');
    // A query no schema reads is checked too.
    assert.equal((await problem(await w.req('/v1/tips/categories?x=%00', { key: w.a.pk }), 422)).errors?.[0]?.path, 'x');
    await problem(await w.req('/v1/staff/tips/BT-2026-%00', { key: w.a.sk }), 400, 'BAD_REQUEST');
    assert.equal((await staff('from=2026-05-01&to=2026-05-31T23:59:59%2B02:00')).status, 200);
    const o311 = await w.req('/open311/v2/requests.json?jurisdiction_id=beispielstadt&end_date=275760-09-13');
    assert.equal(o311.status, 400);
    assert.match((await o311.json())[0].description, /end_date/);
    const settings = await w.req('/v1/staff/tips/settings', { method: 'PUT', key: w.a.sk, json: { templates: [{ id: 'x', status: 'new', title: 'a\ud800', text: { de: 'x' } }] } });
    assert.equal((await problem(settings, 422)).errors?.[0]?.path, 'templates.0.title');
  } finally {
    await w.close();
  }
});
