// The log: JSON lines through a non-blocking destination. Every line arrives, also when the
// process ends abruptly right after a burst, and redaction still holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

test('a burst of request lines and a line with personal data all arrive, redacted, after process.exit()', () => {
  const n = 3000;
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'log-child.ts'), String(n)], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
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

test('BN_REQUEST_LOG=off leaves out the request lines and keeps every other line', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'log-child.ts'), '50'], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', BN_REQUEST_LOG: 'off' },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['personal'],
  );
});

test('a lone request line arrives while the server keeps running (lines are batched, and flushed when quiet)', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'log-child.ts'), 'lone'], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
      let buf = '';
      // A failure is a line that never comes: give up long after the flush interval.
      const timer = setTimeout(() => reject(new Error(`no request line while the process ran; stdout so far: ${JSON.stringify(buf)}`)), 15_000);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const found = buf.split('\n').find((l) => l.includes('"msg":"request"'));
        if (found) {
          clearTimeout(timer);
          resolve(JSON.parse(found) as Record<string, unknown>);
        }
      });
      child.on('exit', (code) => reject(new Error(`the child ended first (${code})`)));
    });
    assert.equal(line.route, '/v1/things/:id');
    assert.equal(child.exitCode, null, 'the line came while the process was still running');
  } finally {
    child.stdin.end();
    await exited;
  }
});
