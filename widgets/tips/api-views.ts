import type { PublicTipPage, TipStatusView } from '../../backend/tips/schema.ts';
import { TipsApi } from './api.ts';

/** Filters of the public list (GET /v1/tips). */
export interface TipListFilter {
  kind?: string;
  category?: string;
  status?: string;
  page?: number;
  pageSize?: number;
}

/**
 * The calls of the public list and the citizen's status view (with the form's in TipsApi).
 * Writes carry the caller's Idempotency-Key, so a retry after a network failure replays
 * instead of duplicating.
 */
export class TipsViewApi extends TipsApi {
  list(filter: TipListFilter, signal?: AbortSignal): Promise<PublicTipPage> {
    const query: Record<string, string | number | undefined> = {};
    for (const [k, val] of Object.entries(filter)) if (val !== undefined && val !== '') query[k] = val;
    return this.client.get<PublicTipPage>('/v1/tips', { signal, query });
  }

  status(ref: string, token: string, signal?: AbortSignal): Promise<TipStatusView> {
    return this.client.get<TipStatusView>('/v1/tips/status', { signal, query: { ref, token } });
  }

  reopen(ref: string, token: string, reason: string, idempotencyKey: string, altcha?: string): Promise<TipStatusView> {
    return this.client.submit<TipStatusView>('/v1/tips/status/reopen', { ref, token, reason }, { idempotencyKey, altcha });
  }

  /** A public photo URL usable in `<img src>` (the key rides in the query: public anyway). */
  photoUrl(path: string): string {
    const url = this.client.url(path);
    if (this.client.isPublishable) url.searchParams.set('key', this.client.apiKey);
    return url.toString();
  }
}
