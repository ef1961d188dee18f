// The Berlin calendar year behind reference numbers, memoised per UTC hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berlinYear } from '../../backend/core/time.ts';

test('the year turns at midnight in Berlin (23:00 UTC in winter), also right after a memoised answer', () => {
  assert.equal(berlinYear(new Date('2026-12-31T22:30:00Z')), 2026);
  assert.equal(berlinYear(new Date('2026-12-31T22:59:59.999Z')), 2026, 'same hour: the memo, still right');
  assert.equal(berlinYear(new Date('2026-12-31T23:00:00Z')), 2027, 'the next UTC hour is asked anew');
  assert.equal(berlinYear(new Date('2026-06-30T21:59:59Z')), 2026);
  assert.equal(berlinYear(new Date('2027-01-01T00:30:00Z')), 2027);
  assert.equal(berlinYear(new Date('2026-12-31T22:45:00Z')), 2026, 'an earlier hour after a later one');
});
