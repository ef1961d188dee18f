// The Berlin calendar (day and year) every module counts in, memoised per UTC hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, berlinOffsetMinutes, berlinToday, berlinYear } from '../../backend/core/time.ts';

test('the year turns at midnight in Berlin (23:00 UTC in winter), also right after a memoised answer', () => {
  assert.equal(berlinYear(new Date('2026-12-31T22:30:00Z')), 2026);
  assert.equal(berlinYear(new Date('2026-12-31T22:59:59.999Z')), 2026, 'same hour: the memo, still right');
  assert.equal(berlinYear(new Date('2026-12-31T23:00:00Z')), 2027, 'the next UTC hour is asked anew');
  assert.equal(berlinYear(new Date('2026-06-30T21:59:59Z')), 2026);
  assert.equal(berlinYear(new Date('2027-01-01T00:30:00Z')), 2027);
  assert.equal(berlinYear(new Date('2026-12-31T22:45:00Z')), 2026, 'an earlier hour after a later one');
});

test("today is Berlin's calendar day at midnight, on both daylight-saving changes and at the year's end", () => {
  // The night summer time begins (29 March 2026): still winter time (UTC+1) at midnight.
  assert.equal(berlinToday(new Date('2026-03-28T22:59:59Z')), '2026-03-28');
  assert.equal(berlinToday(new Date('2026-03-28T23:30:00Z')), '2026-03-29');
  // In summer (UTC+2) the day turns at 22:00 UTC.
  assert.equal(berlinToday(new Date('2026-07-14T21:59:59Z')), '2026-07-14');
  assert.equal(berlinToday(new Date('2026-07-14T22:00:00Z')), '2026-07-15');
  // The night winter time returns (25 October 2026): still summer time at midnight.
  assert.equal(berlinToday(new Date('2026-10-24T21:30:00Z')), '2026-10-24');
  assert.equal(berlinToday(new Date('2026-10-24T22:30:00Z')), '2026-10-25');
  assert.equal(berlinToday(new Date('2026-10-25T22:59:59Z')), '2026-10-25', 'back to UTC+1 the same day');
  assert.equal(berlinToday(new Date('2026-12-31T22:59:59.999Z')), '2026-12-31');
  assert.equal(berlinToday(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
  assert.equal(berlinToday(new Date('2026-12-31T23:59:59Z')), '2027-01-01', 'same UTC hour: the memo');
  assert.equal(berlinToday(new Date('2026-12-31T22:15:00Z')), '2026-12-31', 'an earlier hour after a later one');
  assert.match(berlinToday(), /^\d{4}-\d{2}-\d{2}$/, 'without an argument: now');
});

test('addDays counts calendar days across months, years, leap days and daylight-saving changes', () => {
  assert.equal(addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(addDays('2026-03-29', 1), '2026-03-30', 'a 23-hour day is still one day');
  assert.equal(addDays('2026-10-25', 1), '2026-10-26', 'a 25-hour day is still one day');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(addDays('2026-05-31', 0), '2026-05-31');
  assert.equal(addDays('2026-01-10', -14), '2025-12-27');
});

test("Berlin's offset is one hour in winter and two in summer, switching at 01:00 UTC on the last Sundays of March and October", () => {
  assert.equal(berlinOffsetMinutes(new Date('2026-01-15T12:00:00Z')), 60);
  assert.equal(berlinOffsetMinutes(new Date('2026-07-15T12:00:00Z')), 120);
  assert.equal(berlinOffsetMinutes(new Date('2026-03-29T00:59:59Z')), 60);
  assert.equal(berlinOffsetMinutes(new Date('2026-03-29T01:00:00Z')), 120);
  assert.equal(berlinOffsetMinutes(new Date('2026-10-25T00:59:59Z')), 120);
  assert.equal(berlinOffsetMinutes(new Date('2026-10-25T01:00:00Z')), 60);
});
