// Tips benchmark, called by bench/run.ts as benchTips(): the public list. GET /v1/tips (200,
// and 304 with If-None-Match) of a tenant with 20 published tips, beside a bare Hono route
// answering the same JSON, interleaved on the benchmark's server (bench/http.ts); target CPU
// ratio ≥ 0.5. The submission (POST /v1/tips against a bare insert) is measured in one place,
// bench/run.ts (`--only=submit`); the tip form's bundle weight in bench/bundle-size.ts.
//   npm run bench -- --only=tips
import { interleaved, report, startBenchServers, type Case } from './http.ts';

const opt = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

export async function benchTips(): Promise<void> {
  const o = { rounds: Number(opt('rounds') ?? 3), duration: Number(opt('duration') ?? 5), warmup: Number(opt('warmup') ?? 2) };
  const servers = await startBenchServers({ tips: 20, logLevel: opt('log-level') });
  try {
    const headers = { Origin: servers.origin, Accept: 'application/json' };
    const url = `${servers.api}/v1/tips?key=${servers.key}`;
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) throw new Error(`GET /v1/tips answered ${probe.status}: ${await probe.text()}`);
    const etag = probe.headers.get('etag');
    const body = await probe.text();
    const items = (JSON.parse(body) as { items: unknown[] }).items.length;
    // The baseline sends back these very bytes.
    await fetch(`${servers.bare}/stored`, { method: 'PUT', body });
    console.log(`GET /v1/tips, ${items} published tips (target: CPU ratio ≥ 0.5 of the bare route answering the same JSON, p99 < 100 ms)`);
    const cases: Case[] = [
      { title: 'bare Hono route (same JSON)', options: () => ({ url: `${servers.bare}/stored` }) },
      { title: 'GET /v1/tips (200)', options: () => ({ url, headers }) },
    ];
    if (etag) cases.push({ title: 'GET /v1/tips (304)', options: () => ({ url, headers: { ...headers, 'If-None-Match': etag } }) });
    report(await interleaved(servers, cases, o), { ratio: 0.5, p99Ms: 100 });
    if (etag) console.log('(autocannon counts the 304 answers as non-2xx; they are the expected answer there.)');
  } finally {
    await servers.stop();
  }
}
