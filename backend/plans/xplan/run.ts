// Runs the importer in a worker thread with a hard time limit and a heap cap. The in-process
// importer checks its time budget cooperatively between steps; a single huge synchronous
// step (XML parsing) is only stoppable from outside, which is what this adds.
import { Worker } from 'node:worker_threads';
import { PlanImportError, type ImportErrorCode, type ImportIssue } from './errors.ts';
import { limitsFromEnv, type ImportLimits } from './index.ts';
import type { ImportResult } from './types.ts';

const WORKER = new URL('./worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
// Worker threads do not inherit the tsx loader of the main thread (neither from
// `--import tsx` nor from the CLI's register()), so the worker registers it first.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => {
  register();
  return import(workerData.worker);
});`;

export interface RunOptions {
  /** Hard stop after this many ms (default: the time budget plus 2 s for start-up). */
  hardTimeoutMs?: number;
  /** Heap cap of the worker in MB (BN_PLAN_MAX_MEMORY_MB, default 1024). */
  maxMemoryMb?: number;
}

type Reply =
  | { ok: true; result: ImportResult }
  | { ok: false; error: { code: ImportErrorCode; message: string; issues: ImportIssue[] } }
  | { ok: false; crash: string };

export function runImport(bytes: Uint8Array, limits: ImportLimits = limitsFromEnv(), opts: RunOptions = {}): Promise<ImportResult> {
  const hard = opts.hardTimeoutMs ?? limits.timeBudgetMs + 2000;
  const maxMemoryMb = opts.maxMemoryMb ?? Number(process.env.BN_PLAN_MAX_MEMORY_MB ?? 1024);
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { worker: WORKER, tsx: TSX, bytes, limits },
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: 48 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
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
    worker.once('message', (m: Reply) =>
      settle(() => {
        if (m.ok) resolve(m.result);
        else if ('error' in m) reject(new PlanImportError(m.error.code, m.error.message, m.error.issues));
        else {
          reject(
            new PlanImportError('UNREADABLE', `Die Datei konnte nicht gelesen werden (${m.crash}). / The file could not be read.`, [
              { path: '', message: m.crash },
            ]),
          );
        }
      }),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PlanImportError(
                'RESOURCE_LIMIT_EXCEEDED',
                `Der Import brauchte mehr als ${maxMemoryMb} MB Arbeitsspeicher und wurde abgebrochen; nichts wurde gespeichert. / The import exceeded its memory limit.`,
              )
            : err,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`plan import worker exited with code ${code}`))));
  });
}
