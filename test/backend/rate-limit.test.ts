// The batched read limit (consumeBatched) against a database that answers late: the requests of
// a flush still on its way must count, or one process lets a request past the limit whenever
// the database is slower than the next request (seen on PostgreSQL in the geocode test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Context } from 'hono';
import { ApiError } from '../../backend/core/errors.ts';
import type { AppEnv } from '../../backend/core/env.ts';
import { consumeBatched, type ReadBatch } from '../../backend/core/rate-limit.ts';

/** A counter "in the database" whose answers wait until the test releases them. */
function slowDatabase() {
  let stored = 0;
  const waiting: (() => void)[] = [];
  const sql = (_strings: TemplateStringsArray, ...values: unknown[]) =>
    new Promise((resolve) => {
      waiting.push(() => {
        stored += Number(values[1]);
        resolve([{ count: stored, retry: 60 }]);
      });
    });
  return {
    sql,
    waiting: () => waiting.length,
    release: async () => {
      waiting.shift()?.();
      // Let the flush's continuations run, as the event loop would between requests.
      await new Promise((r) => setImmediate(r));
    },
  };
}

function context(db: ReturnType<typeof slowDatabase>, readLimits: Map<string, ReadBatch>) {
  const headers: Record<string, string> = {};
  const vars: Record<string, unknown> = { db: { sql: db.sql }, caches: { readLimits } };
  const c = { get: (k: string) => vars[k], header: (k: string, v: string) => (headers[k] = v) };
  return { c: c as unknown as Context<AppEnv>, headers };
}

test('requests whose flush has not been answered yet still count against the limit', async () => {
  const db = slowDatabase();
  const limits = new Map<string, ReadBatch>();
  const limit = 3;
  const verdicts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { c, headers } = context(db, limits);
    try {
      const wait = consumeBatched(c, 'geocode:key:client', limit, 60);
      if (wait) {
        // Over the estimate: it waits for the database, which answers now.
        const outcome = wait.then(
          () => null,
          (err: unknown) => err,
        );
        while (db.waiting() > 0) await db.release();
        const err = await outcome;
        if (err) throw err;
      }
      verdicts.push(`ok ${headers['RateLimit-Remaining']}`);
    } catch (err) {
      assert.ok(err instanceof ApiError);
      verdicts.push(`refused ${err.code}`);
    }
  }
  // The first flush is still on its way when requests 2–4 arrive; the fourth is refused.
  assert.deepEqual(verdicts, ['ok 2', 'ok 1', 'ok 0', 'refused RATE_LIMITED']);
});

test('a flush that fails gives its requests back and the next request flushes again', async () => {
  let calls = 0;
  const failing = (() => {
    calls++;
    return Promise.reject(new Error('connection lost'));
  }) as unknown as ReturnType<typeof slowDatabase>['sql'];
  const limits = new Map<string, ReadBatch>();
  const vars: Record<string, unknown> = { db: { sql: failing }, caches: { readLimits: limits } };
  const c = { get: (k: string) => vars[k], header: () => {} } as unknown as Context<AppEnv>;
  assert.equal(consumeBatched(c, 'b', 3, 60), undefined);
  await new Promise((r) => setImmediate(r));
  assert.equal(limits.get('b')!.inflight, 0);
  assert.equal(limits.get('b')!.flushing, null);
  assert.equal(consumeBatched(c, 'b', 3, 60), undefined);
  assert.equal(calls, 2);
});
