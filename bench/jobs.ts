// Jobs benchmark (issue 11), called by bench/run.ts as benchJobs(), or alone:
//   node --import tsx bench/jobs.ts [--duration=5] [--warmup=2] [--rounds=3] [--db=postgres]
// On the shared bench servers (bench/server.ts with 200 open postings, bench/http.ts: server and
// load generator pinned to separate cores, interleaved A B A B rounds, CPU µs per request):
//   1. GET /v1/jobs (the first page of 200 open postings) beside a bare route sending the same
//      bytes, as a ratio; and the 304 answer to If-None-Match.
//   2. One application, POST /v1/jobs/:id/applications (ALTCHA, Idempotency-Key, a PDF uploaded
//      before the run, §165 flag, reference, receipt in the outbox) beside the bare HTTP insert
//      of a row.
//   3. The gzip size of the jobs widget chunk against 12 KB.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { interleaved, report, startBenchServers, type Case, type RunningServers } from './http.ts';
import { BENCH_TIP } from './tip.ts';

const opt = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const POSTINGS = 200;
const JOBS_CHUNK_BUDGET = 12 * 1024;

function chunkSize() {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'widgets', 'chunks');
  if (!fs.existsSync(dist)) return console.log('\ndist/widgets missing (npm run build): no jobs chunk size.');
  // The citizen's chunk (<bn-job-listings>); the staff console's chunk is shown beside it, without a budget.
  for (const f of fs.readdirSync(dist).filter((f) => /^jobs-.*\.js$/.test(f))) {
    const n = gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
    const verdict = f.startsWith('jobs-console') ? 'staff console, no budget' : `budget 12 KB → ${n <= JOBS_CHUNK_BUDGET ? 'within budget' : 'OVER BUDGET'}`;
    console.log(`\nJobs chunk ${f}: ${(n / 1024).toFixed(1)} KB gzip (${n} B), ${verdict}`);
  }
}

/** `n` uploaded PDFs (ids), 8 at a time; before a run, outside its window. */
async function uploads(s: RunningServers, n: number, pdf: Uint8Array): Promise<string[]> {
  const ids: string[] = [];
  const one = async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'lebenslauf.pdf');
    const res = await fetch(`${s.api}/v1/uploads`, { method: 'POST', body: form, headers: { Origin: s.origin, Authorization: `Bearer ${s.key}` } });
    if (res.status !== 201) throw new Error(`POST /v1/uploads answered ${res.status}: ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  };
  for (let i = 0; i < n; i += 8) await Promise.all(Array.from({ length: Math.min(8, n - i) }, one));
  return ids;
}

export async function benchJobs(): Promise<void> {
  const duration = Number(opt('duration') ?? 5);
  const warmup = Number(opt('warmup') ?? 2);
  const rounds = Number(opt('rounds') ?? 3);
  const databaseUrl = opt('db') === 'postgres' ? process.env.DATABASE_URL : undefined;
  const s = await startBenchServers({ jobs: POSTINGS, databaseUrl });
  const opts = { rounds, duration, warmup };
  console.log(
    `${POSTINGS} open postings; ${rounds} rounds interleaved, ${duration} s each after ${warmup} s warm-up, 50 connections; ` +
      `${s.pinned ? 'server and load generator pinned to separate cores' : 'NOT pinned'}; ${databaseUrl ? 'PostgreSQL' : 'PGlite in the server process'}.`,
  );
  try {
    const headers = { Origin: s.origin, Accept: 'application/json' };
    const url = `${s.api}/v1/jobs?key=${s.key}`;
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) throw new Error(`GET /v1/jobs answered ${probe.status}: ${await probe.text()}`);
    const body = await probe.text();
    const etag = probe.headers.get('etag')!;
    await fetch(`${s.bare}/stored`, { method: 'PUT', body });
    console.log(
      `\nGET /v1/jobs: one page is ${(body.length / 1024).toFixed(1)} KB JSON, ${(gzipSync(body).length / 1024).toFixed(1)} KB gzip (target: CPU ratio ≥ 0.5 of the bare route, p99 < 100 ms)`,
    );
    report(
      await interleaved(
        s,
        [
          { title: 'bare route (same bytes)', options: () => ({ url: `${s.bare}/stored` }) },
          { title: 'GET /v1/jobs (200)', options: () => ({ url, headers }) },
          { title: 'GET /v1/jobs (304)', options: () => ({ url, headers: { ...headers, 'If-None-Match': etag } }) },
        ],
        opts,
      ),
      { ratio: 0.5, p99Ms: 100 },
    );
    console.log('(autocannon counts the 304 answers as non-2xx; they are the expected answer there.)');

    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const pdf = await doc.save();
    const application = (id: string) =>
      JSON.stringify({
        firstName: 'Erika',
        lastName: 'Beispiel',
        email: 'erika@example.org',
        coverLetter: 'Sehr geehrte Damen und Herren, hiermit bewerbe ich mich.',
        documents: [{ id, name: 'Lebenslauf.pdf' }],
        disability: 'severe',
        consent: true,
      });
    const json = { 'Content-Type': 'application/json' };
    const applyUrl = `${s.api}/v1/jobs/${s.job}/applications`;
    const check = await fetch(applyUrl, {
      method: 'POST',
      body: application((await uploads(s, 1, pdf))[0]!),
      headers: { ...json, Origin: s.origin, Authorization: `Bearer ${s.key}`, 'Idempotency-Key': randomUUID(), 'X-Altcha': (await s.altchas(1))[0]! },
    });
    if (check.status !== 201) throw new Error(`POST ${applyUrl} answered ${check.status}: ${await check.text()}`);
    console.log('\nPOST /v1/jobs/:id/applications (ALTCHA, Idempotency-Key, an uploaded PDF, reference, receipt) vs. a bare HTTP insert of a row, 10 connections');
    const apply: Case = {
      title: 'POST /v1/jobs/:id/applications',
      // Each request its own upload, ALTCHA solution and Idempotency-Key, all made before the run.
      options: async (lastRps) => {
        const n = Math.ceil(Math.max(100, (lastRps ?? 50) * 1.5) * (duration + warmup));
        const [ids, altchas] = await Promise.all([uploads(s, n, pdf), s.altchas(n)]);
        let next = 0;
        return {
          url: applyUrl,
          method: 'POST',
          // Applications come one by one, not fifty at once: ten at a time is already a rush.
          connections: 10,
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const i = next++ % n;
                return {
                  ...req,
                  method: 'POST',
                  body: application(ids[i]!),
                  headers: { ...json, Origin: s.origin, Authorization: `Bearer ${s.key}`, 'Idempotency-Key': randomUUID(), 'X-Altcha': altchas[i] },
                };
              },
            },
          ],
        };
      },
    };
    report(
      await interleaved(
        s,
        [{ title: 'bare HTTP insert (a tip row)', options: () => ({ url: `${s.bare}/insert`, method: 'POST', headers: json, body: JSON.stringify(BENCH_TIP), connections: 10 }) }, apply],
        opts,
      ),
      { ratio: 0.1, p99Ms: 300 },
    );
  } finally {
    await s.stop();
  }
  chunkSize();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchJobs();
