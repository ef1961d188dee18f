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

/** Great-circle distance in metres (haversine on a sphere of 6 371 km: within 0.5 % for Germany). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
