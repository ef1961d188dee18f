// Bürgertipps, citizen side: submission, validation, idempotency, list, nearby, status, support.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { world, problem, type World } from './helpers.ts';
import { citizenPost, damage, solved, staff, submit } from './tips-fixtures.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('POST /v1/tips creates a tip with a reference and a secret token', async () => {
  const res = await citizenPost(w, w.a.pk, '/v1/tips', damage());
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.ref, /^BT-\d{4}-\d{5}$/);
  assert.match(body.token, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(body.status, 'new');
  assert.deepEqual(body.tenant, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' });
  assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'https://www.beispielstadt.example');
});
