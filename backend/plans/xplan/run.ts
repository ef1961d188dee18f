// Runs the importer in a child process with a hard time limit and a heap cap. The in-process
// importer checks its time budget cooperatively between steps; a single huge synchronous
// step (XML parsing) is only stoppable from outside, which is what this adds.
// A child process, not a worker thread: terminating a worker while V8 compiles on a helper
// thread aborts the whole Node 20 process (seen in CI: "ForIsolate … Assertion failed"),
// and a hostile file must never take the server down. SIGKILL of a child is always safe.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PlanImportError, type ImportErrorCode, type ImportIssue } from './errors.ts';
import { limitsFromEnv, type ImportLimits } from './index.ts';
import type { ImportResult } from './types.ts';

const CHILD = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface RunOptions {
  /** Hard stop after this many ms (default: the time budget plus 3 s for start-up). */
  hardTimeoutMs?: number;
  /** Heap cap of the child in MB (BN_PLAN_MAX_MEMORY_MB, default 1024). */
  maxMemoryMb?: number;
  /** Filled with the import process's peak resident memory (for the benchmark). */
  stats?: { maxRssMb?: number };
}

type Reply = { rssKb?: number } & ({ ok: true; result: ImportResult } | { ok: false; error: { code: ImportErrorCode; message: string; issues: ImportIssue[] } } | { ok: false; crash: string });

export function runImport(bytes: Uint8Array, limits: ImportLimits = limitsFromEnv(), opts: RunOptions = {}): Promise<ImportResult> {
  const hard = opts.hardTimeoutMs ?? limits.timeBudgetMs + 3000;
  const maxMemoryMb = opts.maxMemoryMb ?? Number(process.env.BN_PLAN_MAX_MEMORY_MB ?? 1024);
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', TSX, `--max-old-space-size=${maxMemoryMb}`, '--max-semi-space-size=16'],
      // Structured clone: bytes travel as binary, not as JSON arrays of numbers.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      if (stderr.length < 10_000) stderr += d;
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new PlanImportError(
              'TIME_BUDGET_EXCEEDED',
              `Der Import hat das Zeitlimit von ${Math.round(hard / 1000)} s überschritten und wurde abgebrochen; nichts wurde gespeichert. ` +
                '/ The import exceeded its time limit and was stopped; nothing was saved.',
            ),
          ),
        ),
      hard,
    );
    child.once('message', (m: Reply) =>
      settle(() => {
        if (opts.stats && m.rssKb) opts.stats.maxRssMb = m.rssKb / 1024;
        if (m.ok) resolve(m.result);
        else if ('error' in m) reject(new PlanImportError(m.error.code, m.error.message, m.error.issues));
        else {
          reject(new PlanImportError('UNREADABLE', `Die Datei konnte nicht gelesen werden (${m.crash}). / The file could not be read.`, [{ path: '', message: m.crash }]));
        }
      }),
    );
    child.once('error', (err) => settle(() => reject(err)));
    child.once('exit', (code, signal) =>
      settle(() =>
        reject(
          /heap out of memory|Allocation failed/i.test(stderr)
            ? new PlanImportError(
                'RESOURCE_LIMIT_EXCEEDED',
                `Der Import brauchte mehr als ${maxMemoryMb} MB Arbeitsspeicher und wurde abgebrochen; nichts wurde gespeichert. / The import exceeded its memory limit.`,
              )
            : new Error(`plan import process exited with ${signal ?? `code ${code}`}`),
        ),
      ),
    );
    child.send({ bytes, limits });
  });
}
