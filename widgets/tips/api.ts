import type { ApiClient } from '../core/api-client.ts';
import type { PublicTip, PublicTipPage, TipsPublicSettings, TipStatusView } from '../../backend/tips/schema.ts';

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
 * retry after a network failure replays instead of duplicating. Sending a tip and supporting
 * one are with the form's send flow (validate.ts, form-after.ts), which loads at the first send.
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
