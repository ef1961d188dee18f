// Kita benchmark (issue 10), called by bench/run.ts as benchKita(): the opening-day rush.
// Registrations are posted at a steady rate (default 100/s, `--rate=`) for `--duration`
// seconds (default 60; 600 must hold too) against the real app in the shared bench server
// (bench/server.ts through bench/http.ts: server and load generator pinned to separate cores,
// CPU µs per request from the server process), ALTCHA verification on (low proof-of-work
// cost, solved before the run), with the Kitas of 13 tenants (a county and 12 towns, 3 Kitas
// each: bench/kita-world.ts). Beside it, interleaved round by round, the bare HTTP insert of
// bench/server.ts at the same rate, so a neighbour's burst on this shared machine shows on both.
// Printed: registrations per second, p50/p99, CPU µs/req, errors, acknowledged (201) and
// stored; target 100/s with p99 < 300 ms, 0 errors, stored = acknowledged.
//   npm run bench -- --only=kita [--duration=60] [--rate=100] [--rounds=1] [--db=postgres]
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { interleaved, startBenchServers, type Case, type RunningServers, type Summary } from './http.ts';
import { BENCH_TIP } from './tip.ts';

const arg = (n: string) => process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
const DURATION = Number(arg('duration') ?? 60);
const RATE = Number(arg('rate') ?? 100);
const ROUNDS = Number(arg('rounds') ?? 1);
const WARMUP = Number(arg('warmup') ?? 2);
const TARGET_P99_MS = 300;

/** The count stops moving once the answers still on their way when a run stopped are stored. */
async function settledCount(servers: RunningServers): Promise<number> {
  let last = await servers.kitaCount();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await servers.kitaCount();
    if (now === last) return now;
    last = now;
  }
  return last;
}

function print(rows: Summary[]): void {
  const l = (s: string, n: number) => s.padStart(n);
  console.log(`${'case'.padEnd(36)}${l('CPU µs/req', 11)}${l('req/s', 8)}${l('p50 ms', 8)}${l('p99 ms', 8)}${l('non-2xx', 9)}${l('errors', 7)}`);
  for (const r of rows) {
    console.log(
      `${r.title.padEnd(36)}${l(Number.isNaN(r.cpuUs) ? '–' : r.cpuUs.toFixed(0), 11)}${l(r.rps.toFixed(0), 8)}${l(String(r.p50), 8)}` +
        `${l(String(r.p99), 8)}${l(String(r.non2xx), 9)}${l(String(r.errors), 7)}`,
    );
  }
}

export async function benchKita(): Promise<void> {
  const databaseUrl = arg('db') === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (arg('db') === 'postgres' && !databaseUrl) throw new Error('--db=postgres needs DATABASE_URL');
  const servers = await startBenchServers({ kita: true, databaseUrl, logLevel: arg('log-level') ?? 'info' });
  console.log(
    `POST /v1/kita/registrations at ${RATE}/s for ${DURATION} s (after ${WARMUP} s warm-up), ${ROUNDS} round(s) interleaved with the bare insert, ` +
      `13 tenants × 3 Kitas; server ${servers.pinned ? 'and load generator pinned to separate cores' : 'NOT pinned (no taskset or one core)'}; ` +
      `database ${databaseUrl ? 'PostgreSQL (a fresh database on DATABASE_URL)' : 'PGlite inside the server process'}. The machine may be shared: read CPU µs/req first.`,
  );
  try {
    const probe = (await servers.kitaRequests(1))[0]!;
    const headers = (p: { key: string; altcha: string }) => ({
      Origin: servers.origin,
      'Content-Type': 'application/json',
      Authorization: `Bearer ${p.key}`,
      'Idempotency-Key': randomUUID(),
      'X-Altcha': p.altcha,
    });
    const check = await fetch(`${servers.api}/v1/kita/registrations`, { method: 'POST', body: probe.body, headers: headers(probe) });
    if (check.status !== 201) throw new Error(`POST /v1/kita/registrations answered ${check.status}: ${await check.text()}`);

    const runs: { acknowledged: number; stored: number }[] = [];
    let before = 0;
    const cases: Case[] = [
      {
        title: 'bare HTTP insert (a tip row)',
        options: () => ({ url: `${servers.bare}/insert`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(BENCH_TIP), rate: RATE }),
      },
      {
        title: 'POST /v1/kita/registrations',
        options: async () => {
          // The previous round's figures, now that its last answers are stored.
          if (runs.length) runs.at(-1)!.stored = (await settledCount(servers)) - before;
          // One prepared registration per request of this round (warm-up included), plus slack.
          const prepared = await servers.kitaRequests(Math.ceil(RATE * (DURATION + WARMUP) * 1.05) + 50);
          before = await settledCount(servers);
          runs.push({ acknowledged: 0, stored: 0 });
          let next = 0;
          return {
            url: `${servers.api}/v1/kita/registrations`,
            method: 'POST',
            rate: RATE,
            requests: [
              {
                setupRequest: (req: Record<string, unknown>) => {
                  const p = prepared[next++ % prepared.length]!;
                  return { ...req, method: 'POST', body: p.body, headers: headers(p) };
                },
              },
            ],
          };
        },
      },
    ];
    const rows = await interleaved(servers, cases, { rounds: ROUNDS, duration: DURATION, warmup: WARMUP });
    runs.at(-1)!.stored = (await settledCount(servers)) - before;
    const kita = rows[1]!;
    print(rows);
    // Warm-up and run both store; answers still on their way when autocannon stopped are
    // stored but not acknowledged, so stored ≥ acknowledged, and fewer would be a loss.
    for (const [i, r] of kita.runs.entries()) runs[i]!.acknowledged = r.ok + r.warmupOk;
    for (const [i, r] of runs.entries()) {
      const verdict =
        r.stored < r.acknowledged ? `${r.acknowledged - r.stored} LOST` : r.stored === r.acknowledged ? 'equal: 0 lost' : `${r.stored - r.acknowledged} answers still on their way at the stop: 0 lost`;
      console.log(`round ${i + 1}: acknowledged (201) ${r.acknowledged}, stored ${r.stored} → ${verdict}`);
    }
    const okRate = kita.rps >= RATE * 0.98;
    console.log(
      `registrations/s ${kita.rps.toFixed(0)} (target ${RATE}: ${okRate ? 'met' : 'MISSED'}), p99 ${kita.p99} ms (target < ${TARGET_P99_MS} ms: ${kita.p99 < TARGET_P99_MS ? 'met' : 'MISSED'}), ` +
        `errors ${kita.errors + kita.non2xx} (target 0: ${kita.errors + kita.non2xx === 0 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await servers.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchKita();
