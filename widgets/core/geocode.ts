import type { ApiClient } from './api-client.ts';
import type { Locale } from './i18n.ts';
import type { Place, PlaceList } from '../../backend/core/config-schema.ts';

export type { Place };

/**
 * The address search of the tenant (GET /v1/geocode): our backend asks the tenant's geocoder,
 * the browser only ever talks to our API. Offered when `config.map.addressSearch` is true.
 */
export async function searchAddress(client: ApiClient, q: string, locale: Locale, signal?: AbortSignal): Promise<Place[]> {
  const res = await client.get<PlaceList>('/v1/geocode', { query: { q, lang: locale }, signal });
  return res.items;
}
