// Worker-thread side of runImport(): the import runs here so a huge or hostile file can be
// stopped hard (terminate) and capped in memory, and the server's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';
import { importXPlan, PlanImportError, type ImportLimits } from './index.ts';

const { bytes, limits } = workerData as { bytes: Uint8Array; limits: ImportLimits };
try {
  const result = await importXPlan(bytes, limits);
  parentPort!.postMessage({ ok: true, result }, result.files.map((f) => f.bytes.buffer as ArrayBuffer));
} catch (err) {
  if (err instanceof PlanImportError) {
    parentPort!.postMessage({ ok: false, error: { code: err.code, message: err.message, issues: err.issues } });
  } else {
    parentPort!.postMessage({ ok: false, crash: err instanceof Error ? err.message : String(err) });
  }
}
