// Child-process side of runImport(): the import runs here so a huge or hostile file can be
// killed hard and capped in memory, and the server's event loop stays free.
import { importXPlan, PlanImportError, type ImportLimits } from './index.ts';

process.once('message', async (msg: { bytes: Uint8Array; limits: ImportLimits }) => {
  let reply: unknown;
  try {
    reply = { ok: true, result: await importXPlan(msg.bytes, msg.limits) };
  } catch (err) {
    reply =
      err instanceof PlanImportError ? { ok: false, error: { code: err.code, message: err.message, issues: err.issues } } : { ok: false, crash: err instanceof Error ? err.message : String(err) };
  }
  process.send!({ ...(reply as object), rssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
});
