// The replicas test's background traffic: citizens submitting tips (retried as the widget
// retries) and reading the config and the list, all through the proxy, from a pool of
// publishable keys, until stopped. What came back is kept for the test to check against
// the database.
import { randomBytes, randomUUID } from 'node:crypto';
import { http, ORIGIN, pause, post, solved, tip } from './replicas-harness.ts';

const WORKERS = 2;
const MAX_PER_WORKER = 2000;
/** Each worker starts a submission at most this often: 2 workers stay under the keys' budget. */
const PACE_MS = 300;

export interface Ack {
  marker: string;
  idem: string;
  ref: string;
  at: number;
  attempts: number;
}

const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * One submission as the widget sends it: a fresh Idempotency-Key, kept across retries; a
 * network error, 502/503/504 or 409 (first attempt still running) is retried with the same
 * key and body, a used-up ALTCHA with a new solution. Bounded in attempts and time.
 */
export async function submitRetrying(proxy: string, pk: string, marker: string, retried = new Map<string, number>()): Promise<Ack | null> {
  const idem = randomUUID();
  const body = tip(marker);
  const deadline = Date.now() + 90_000;
  let altcha: string | null = null;
  for (let attempt = 1; attempt <= 40 && Date.now() < deadline; attempt++) {
    try {
      altcha ??= await solved(proxy, pk);
      const res = await post(proxy, pk, body, { 'Idempotency-Key': idem, 'X-Altcha': altcha });
      const text = await res.text();
      if (res.status === 201) return { marker, idem, ref: JSON.parse(text).ref, at: Date.now(), attempts: attempt };
      if (res.status === 403 && text.includes('ALTCHA_FAILED')) {
        count(retried, '403 ALTCHA_FAILED');
        altcha = null;
      } else if ([409, 502, 503, 504].includes(res.status)) {
        count(retried, String(res.status));
      } else {
        throw new Error(`submission ${marker}: unexpected ${res.status} ${text}`);
      }
    } catch (err) {
      if ((err as Error).message.startsWith('submission ')) throw err;
      count(retried, `network: ${(err as Error).cause ? String(((err as Error).cause as Error).message ?? (err as Error).cause) : (err as Error).message}`.slice(0, 80));
    }
    await pause(Math.min(1000, 50 * attempt));
  }
  return null;
}

export class CitizenStream {
  stopped = false;
  readonly workers: Promise<void>[] = [];
  readonly acked: Ack[] = [];
  readonly gaveUp: string[] = [];
  /** Failed attempts that were retried, by cause. */
  readonly retried = new Map<string, number>();
  readonly reads = { ok: 0, failed: [] as string[] };
  readonly errors: string[] = [];

  constructor(
    private readonly proxy: string,
    private readonly pool: string[],
  ) {}

  start(): void {
    for (let w = 0; w < WORKERS; w++) {
      this.workers.push(
        (async () => {
          for (let i = 0; i < MAX_PER_WORKER && !this.stopped; i++) {
            const began = Date.now();
            const pk = this.pool[(i * WORKERS + w) % this.pool.length]!;
            try {
              const ack = await submitRetrying(this.proxy, pk, `s${w}-${i}-${randomBytes(3).toString('hex')}`, this.retried);
              if (ack) this.acked.push(ack);
              else this.gaveUp.push(`worker ${w} #${i}`);
            } catch (err) {
              this.errors.push((err as Error).message);
            }
            await this.read(`${this.proxy}/v1/config?key=${pk}`);
            await this.read(`${this.proxy}/v1/tips?key=${pk}`);
            await pause(Math.max(0, PACE_MS - (Date.now() - began)));
          }
        })(),
      );
    }
  }

  /** Stops starting submissions and waits (bounded) for the ones under way. */
  async stop(ms = 120_000): Promise<void> {
    this.stopped = true;
    await Promise.race([Promise.all(this.workers), pause(ms)]);
  }

  private async read(url: string): Promise<void> {
    try {
      const res = await http(url, { headers: { Origin: ORIGIN } });
      await res.arrayBuffer();
      if (res.status === 200) this.reads.ok++;
      else this.reads.failed.push(`${res.status} ${url.replace(/key=[^&]+/, 'key=…')}`);
    } catch (err) {
      this.reads.failed.push(`${(err as Error).message} ${url.replace(/key=[^&]+/, 'key=…')}`);
    }
  }
}
