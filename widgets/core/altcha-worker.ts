/**
 * The ALTCHA solver, as ONE module that works in two places:
 * - loaded inside a Worker (through the blob: bootstrap in altcha.ts) it answers
 *   `{ type: 'solve', challenge }` messages off the main thread;
 * - imported on the main thread it offers `solveOnMainThread` for pages whose CSP
 *   forbids blob: workers.
 * `import.meta.url` is this chunk's own URL, which the blob bootstrap imports; that
 * keeps one source and needs nothing special from the bundler.
 */
import { solveChallenge, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

export type { Challenge, Solution };

export type WorkerRequest = { type: 'solve'; challenge: Challenge } | { type: 'abort' };
export type WorkerReply = { type: 'ready' } | { type: 'solved'; solution: Solution | null } | { type: 'error'; message: string };

export const workerModuleUrl: string = import.meta.url;

/** Solves on the main thread; altcha-lib yields to the event loop between slices. */
export function solveOnMainThread(challenge: Challenge, signal?: AbortSignal): Promise<Solution | null> {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  return solveChallenge({ challenge, deriveKey, controller });
}

interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<WorkerRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope & { WorkerGlobalScope?: unknown; document?: unknown };

if (scope.WorkerGlobalScope !== undefined && scope.document === undefined) {
  let controller: AbortController | undefined;
  scope.addEventListener('message', async (e) => {
    if (e.data.type === 'abort') {
      controller?.abort();
      return;
    }
    controller = new AbortController();
    try {
      const solution = await solveChallenge({ challenge: e.data.challenge, deriveKey, controller });
      scope.postMessage({ type: 'solved', solution });
    } catch (err) {
      scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  });
  scope.postMessage({ type: 'ready' });
}
