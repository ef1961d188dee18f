import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import type { PublicTip, PublicTipPage, TipCreate, TipCreated, TipsPublicSettings, TipStatusView } from '../../backend/tips/schema.ts';

/** Filters of the public list (GET /v1/tips). */
export interface TipListFilter {
  kind?: string;
  category?: string;
  status?: string;
  page?: number;
  pageSize?: number;
}

/**
 * The citizen-side calls of the tips module, typed. Errors arrive as ApiProblem or
 * NetworkError from the core client; writes carry the caller's Idempotency-Key so a
 * retry after a network failure replays instead of duplicating.
 */
export class TipsApi {
  constructor(readonly client: ApiClient) {}

  settings(signal?: AbortSignal): Promise<TipsPublicSettings> {
    return this.client.get<TipsPublicSettings>('/v1/tips/categories', { signal });
  }

  list(filter: TipListFilter, signal?: AbortSignal): Promise<PublicTipPage> {
    const query: Record<string, string | number | undefined> = {};
    for (const [k, val] of Object.entries(filter)) if (val !== undefined && val !== '') query[k] = val;
    return this.client.get<PublicTipPage>('/v1/tips', { signal, query });
  }

  async nearby(lat: number, lng: number, category: string, signal?: AbortSignal): Promise<PublicTip[]> {
    const res = await this.client.get<{ items: PublicTip[] }>('/v1/tips/nearby', {
      signal,
      query: { lat: lat.toFixed(6), lng: lng.toFixed(6), category: category || undefined },
    });
    return res.items;
  }

  create(body: TipCreate, idempotencyKey: string, altcha?: string): Promise<TipCreated> {
    return this.client.submit<TipCreated>('/v1/tips', body, { idempotencyKey, altcha });
  }

  status(ref: string, token: string, signal?: AbortSignal): Promise<TipStatusView> {
    return this.client.get<TipStatusView>('/v1/tips/status', { signal, query: { ref, token } });
  }

  reopen(ref: string, token: string, reason: string, idempotencyKey: string, altcha?: string): Promise<TipStatusView> {
    return this.client.submit<TipStatusView>('/v1/tips/status/reopen', { ref, token, reason }, { idempotencyKey, altcha });
  }

  support(ref: string, idempotencyKey: string, altcha?: string): Promise<{ ref: string; supportCount: number }> {
    return this.client.submit('/v1/tips/' + encodeURIComponent(ref) + '/support', undefined, { idempotencyKey, altcha });
  }

  /**
   * Sends a citizen write with an ALTCHA solution: `state.altcha` is reused (a retry of the
   * same submission may reuse it: the server replays by Idempotency-Key), and a consumed or
   * stale one is renewed once. `onStep` tells the form what it is waiting for.
   */
  async withAltcha<T>(state: { altcha?: string }, send: (altcha: string) => Promise<T>, onStep?: (s: 'checking' | 'sending') => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      onStep?.('checking');
      // The ALTCHA client loads at the first send, not with the form.
      if (!state.altcha) {
        const { solveAltcha } = await import('../core/altcha.ts');
        state.altcha = await solveAltcha(this.client);
      }
      onStep?.('sending');
      try {
        return await send(state.altcha);
      } catch (err) {
        if (attempt || !(err instanceof ApiProblem && err.code === 'ALTCHA_FAILED')) throw err;
        state.altcha = undefined;
      }
    }
  }

  /** A public photo URL usable in `<img src>` (the key rides in the query: public anyway). */
  photoUrl(path: string): string {
    const url = this.client.url(path);
    if (this.client.isPublishable) url.searchParams.set('key', this.client.apiKey);
    return url.toString();
  }
}
