// The benchmarks' steady-rate load (bench/http.ts measure with `rate`): requests arrive spread
// over the second, not as one burst per second as autocannon's overallRate sends them, and
// every request sent is answered and counted. Against a local server that notes arrival times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { measure } from '../../bench/http.ts';

test('a steady rate sends requests spread over time, each with its own setup, and counts every answer', async () => {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(performance.now());
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(bodies.length % 10 === 0 ? 409 : 201).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    let n = 0;
    const m = await measure('paced', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`,
      method: 'POST',
      rate: 40,
      duration: 1,
      connections: 50,
      requests: [{ setupRequest: () => ({ method: 'POST', body: `r${n++}`, headers: { 'Content-Type': 'text/plain' } }) }],
    });
    assert.equal(m.requests, 40);
    assert.equal(arrivals.length, 40);
    assert.deepEqual(new Set(bodies).size, 40, 'each request got its own body from setupRequest');
    assert.equal(m.ok + m.non2xx, 40);
    assert.equal(m.non2xx, 4);
    // 40/s planned every 25 ms: a burst would put most gaps near 0 ms.
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    const median = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    assert.ok(median > 12, `median gap between arrivals ${median.toFixed(1)} ms, planned 25 ms`);
    assert.ok(m.p50 >= 0 && m.p99 >= m.p50);
  } finally {
    server.close();
  }
});
