// The statements a request runs, counted at the driver: a faster path that drops one shows here,
// and so does a change that silently adds one (e.g. publicAccess counting the write limit again
// because claimsWrite no longer recognises the submission's route).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { world, type World } from './helpers.ts';
import { citizenPost, damage, solved } from './tips-fixtures.ts';

let w: World;
let seen: string[] | null = null;
before(async () => {
  w = await world({ onQuery: (q) => seen?.push(q.replace(/\s+/g, ' ').trim()) });
});
after(() => w.close());

/** The statements `run` sends, in order. */
async function statementsOf(run: () => Promise<Response>, status: number): Promise<string[]> {
  seen = [];
  try {
    const res = await run();
    assert.equal(res.status, status, await res.clone().text());
    await res.arrayBuffer();
    return seen;
  } finally {
    seen = null;
  }
}

test('a citizen submission: the write limit, the key and the ALTCHA solution in one claim, then the tip in one transaction', async () => {
  const altcha = await solved(w, w.a.pk);
  const sent = await statementsOf(() => citizenPost(w, w.a.pk, '/v1/tips', damage(), { idem: randomUUID(), altcha }), 201);
  const expected: [string, RegExp][] = [
    ['claim: write limit + Idempotency-Key + ALTCHA', /^with rl as \( insert into rate_limits .*insert into idempotency_keys.*altcha_used/],
    ['reference number', /^insert into tip_counters/],
    ['begin', /^begin/],
    ['tenant scope', /^select set_config\('role', 'bn_app', true\), set_config\('bn\.tenant_id'/],
    ['tip, history and mails', /^with t as \( insert into tips .*tip_events.*outbox/],
    ['commit', /^commit$/],
    ['stored answer', /^update idempotency_keys set status/],
  ];
  assert.equal(sent.length, expected.length, `statements sent:\n${sent.join('\n')}`);
  for (const [i, [what, pattern]] of expected.entries()) assert.match(sent[i] ?? '', pattern, what);
  assert.equal(sent.filter((q) => q.includes('rate_limits')).length, 1, 'the write is counted once, in the claim');
});

test('a repeated public read is answered from the caches without a statement', async () => {
  for (const path of ['/v1/config', '/v1/tips']) {
    await statementsOf(() => w.req(path, { key: w.a.pk }), 200);
    assert.deepEqual(await statementsOf(() => w.req(path, { key: w.a.pk }), 200), [], path);
  }
});
