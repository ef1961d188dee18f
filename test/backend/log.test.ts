// The log: JSON lines through a non-blocking destination. Every line arrives, also when the
// process ends abruptly right after a burst, and redaction still holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

test('a burst of request lines and a line with personal data all arrive, redacted, after process.exit()', () => {
  const n = 3000;
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'log-child.ts'), String(n)], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l.msg === 'request');
  assert.equal(requests.length, n, 'every request line arrived');
  assert.deepEqual(Object.keys(requests[0]!).sort(), ['level', 'method', 'ms', 'msg', 'requestId', 'route', 'status', 'time']);
  assert.equal(requests[0]!.route, '/v1/things/:id');
  assert.equal(new Set(requests.map((r) => r.requestId)).size, n);
  const personal = lines.find((l) => l.msg === 'personal');
  assert.deepEqual(personal && { key: personal.key, user: personal.user, token: personal.token }, {
    key: '[redacted]',
    user: { email: '[redacted]', name: '[redacted]' },
    token: '[redacted]',
  });
  assert.doesNotMatch(child.stdout, /bn_pk_secret|max@example\.org/);
});
