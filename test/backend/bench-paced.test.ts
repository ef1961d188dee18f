// The benchmarks' steady-rate load (bench/http.ts measure with `rate`): request i leaves at its
// planned moment start + i/rate, not in one burst per second as autocannon's overallRate sends
// them; a late generator counts its lateness as latency; every request sent is answered and
// counted. The generator runs on a test clock (no timing in the assertions) against a real
// local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { measure, type PaceClock } from '../../bench/http.ts';

const bodies: string[] = [];
let server: http.Server;
let url: string;
before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(bodies.length % 10 === 0 ? 409 : 201).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
after(() => server.close());

/** A clock that moves only when the generator sleeps: by exactly what it asked, plus `late` ms. */
function testClock(late = 0): PaceClock & { t: number } {
  const clock = {
    t: 1000,
    now: () => clock.t,
    sleepUntil: async (until: number) => {
      clock.t = Math.max(clock.t, until + late);
    },
  };
  return clock;
}

test('a steady rate sends each request at its own planned moment, each with its own setup, and counts every answer', async () => {
  bodies.length = 0;
  const clock = testClock();
  const sentAt: number[] = [];
  let n = 0;
  const m = await measure('paced', {
    url,
    method: 'POST',
    rate: 40,
    duration: 1,
    connections: 50,
    clock,
    requests: [
      {
        setupRequest: () => {
          sentAt.push(clock.now() - 1000);
          return { method: 'POST', body: `r${n++}`, headers: { 'Content-Type': 'text/plain' } };
        },
      },
    ],
  });
  // 40/s: one request every 25 ms, never two at once (a burst would send many at 0 ms).
  assert.deepEqual(
    sentAt,
    Array.from({ length: 40 }, (_, i) => i * 25),
  );
  assert.equal(m.requests, 40);
  assert.deepEqual(new Set(bodies).size, 40, 'each request got its own body from setupRequest, and each arrived');
  assert.equal(m.ok + m.non2xx, 40);
  assert.equal(m.non2xx, 4);
});

test('a generator that wakes late sends what is due at once and counts the lateness as latency', async () => {
  bodies.length = 0;
  // Every wake-up 60 ms late: requests planned 25 ms apart go out two or three at a time.
  const clock = testClock(60);
  const m = await measure('late', { url, method: 'POST', body: 'x', rate: 40, duration: 1, connections: 50, clock });
  assert.equal(m.requests, 40);
  assert.equal(bodies.length, 40);
  assert.ok(m.p99 >= 60, `the lateness counts against the server's latency (p99 ${m.p99} ms)`);
  assert.ok(m.p50 > 0 && m.p50 < m.p99);
});
