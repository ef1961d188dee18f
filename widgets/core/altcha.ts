import { ApiProblem, type ApiClient } from './api-client.ts';
import type { Challenge, Solution, WorkerReply, WorkerRequest } from './altcha-worker.ts';

/**
 * ALTCHA proof of work for citizen POSTs: fetch `GET /v1/challenge`, solve it off
 * the main thread, and return the `X-Altcha` header value
 * (base64 of `{ challenge, solution }`).
 *
 * Why a blob: worker: the bundle is served from the API's origin, so a module
 * Worker pointed at it would be cross-origin, which browsers refuse. A worker
 * created from a same-origin blob: URL may `import` the cross-origin solver chunk
 * (served with `Access-Control-Allow-Origin: *`). The town's CSP needs:
 *
 *   worker-src blob: https://<api-host>;  script-src https://<api-host>;
 *   connect-src https://<api-host>
 *
 * The API host belongs in worker-src too: every module of a module worker's graph
 * is fetched with destination "worker" (tested in altcha-csp-blob.test.ts). Where
 * the worker cannot start (no such CSP line, the classic single-file build), the
 * same solver runs on the main thread in async slices — slower, never broken.
 */

let workersEnabled = true;
const READY_TIMEOUT_MS = 4000;

/** The classic build calls this: it has no separate solver chunk to import. */
export function disableAltchaWorker(): void {
  workersEnabled = false;
}

/**
 * A citizen write with an ALTCHA solution, for every module: `state.altcha` is reused (a retry
 * of the same submission may reuse it: the server replays by Idempotency-Key), and a consumed
 * or stale one is renewed once. `onStep` tells a form what it is waiting for.
 */
export async function withAltcha<T>(client: ApiClient, state: { altcha?: string }, send: (altcha: string) => Promise<T>, onStep?: (s: 'checking' | 'sending') => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    onStep?.('checking');
    state.altcha ??= await solveAltcha(client);
    onStep?.('sending');
    try {
      return await send(state.altcha);
    } catch (err) {
      if (attempt || !(err instanceof ApiProblem && err.code === 'ALTCHA_FAILED')) throw err;
      state.altcha = undefined;
    }
  }
}

export interface AltchaOptions {
  signal?: AbortSignal;
  /** Force main-thread solving (tests, CSP without worker-src blob:). */
  worker?: boolean;
  /** Challenge endpoint. */
  path?: string;
}

export async function solveAltcha(client: ApiClient, options: AltchaOptions = {}): Promise<string> {
  const challenge = await client.get<Challenge>(options.path ?? '/v1/challenge', { signal: options.signal });
  const solution = await solve(challenge, options);
  if (!solution) throw new Error('ALTCHA challenge could not be solved in time');
  return encodeAltcha(challenge, solution);
}

export function encodeAltcha(challenge: Challenge, solution: Solution): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ challenge, solution }));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** How the last challenge was solved, for diagnostics and tests. */
export let lastSolvedIn: 'worker' | 'main-thread' | undefined;

async function solve(challenge: Challenge, options: AltchaOptions): Promise<Solution | null> {
  const solver = await import('./altcha-worker.ts');
  if (workersEnabled && options.worker !== false) {
    try {
      const solution = await solveInWorker(solver.workerModuleUrl, challenge, options.signal);
      lastSolvedIn = 'worker';
      return solution;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      // Worker refused (CSP) or broken: fall through to the main thread.
    }
  }
  lastSolvedIn = 'main-thread';
  return solver.solveOnMainThread(challenge, options.signal);
}

function solveInWorker(moduleUrl: string, challenge: Challenge, signal?: AbortSignal): Promise<Solution | null> {
  return new Promise((resolve, reject) => {
    const blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(moduleUrl)};`], { type: 'text/javascript' }));
    let worker: Worker;
    try {
      worker = new Worker(blobUrl, { type: 'module' });
    } catch (err) {
      URL.revokeObjectURL(blobUrl);
      reject(err);
      return;
    }
    const done = () => {
      clearTimeout(readyTimer);
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
    };
    const readyTimer = setTimeout(() => {
      done();
      reject(new Error('ALTCHA worker did not start'));
    }, READY_TIMEOUT_MS);
    signal?.addEventListener(
      'abort',
      () => {
        done();
        reject(signal.reason);
      },
      { once: true },
    );
    worker.addEventListener('error', (e) => {
      done();
      reject(new Error(`ALTCHA worker failed: ${e.message || 'blocked'}`));
    });
    worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => {
      const msg = e.data;
      if (msg.type === 'ready') {
        clearTimeout(readyTimer);
        worker.postMessage({ type: 'solve', challenge } satisfies WorkerRequest);
      } else if (msg.type === 'solved') {
        done();
        resolve(msg.solution);
      } else {
        done();
        reject(new Error(msg.message));
      }
    });
  });
}
