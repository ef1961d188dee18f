import type { ApiClient } from '../core/api-client.ts';
import type { PublicTip, TipsPublicSettings } from '../../backend/tips/schema.ts';

/**
 * The citizen-side calls of the tips module that the form needs, typed. Errors arrive as
 * ApiProblem or NetworkError from the core client. The list's and the status view's calls are
 * in api-views.ts, sending and supporting a tip in the form's send flow (validate.ts,
 * form-after.ts): the form's first paint is on a gzip budget (bench/bundle-size.ts).
 */
export class TipsApi {
  constructor(readonly client: ApiClient) {}

  settings(signal?: AbortSignal): Promise<TipsPublicSettings> {
    return this.client.get<TipsPublicSettings>('/v1/tips/categories', { signal });
  }

  async nearby(lat: number, lng: number, category: string, signal?: AbortSignal): Promise<PublicTip[]> {
    const res = await this.client.get<{ items: PublicTip[] }>('/v1/tips/nearby', {
      signal,
      query: { lat: lat.toFixed(6), lng: lng.toFixed(6), category: category || undefined },
    });
    return res.items;
  }
}
