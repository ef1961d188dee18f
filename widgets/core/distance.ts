import { formatNumber, type Locale } from './i18n.ts';

/**
 * Distances between places: computed, and said as people say them. Apart from units.ts and
 * geocode.ts, which the tip form's first paint loads (on a gzip budget: bench/bundle-size.ts);
 * distances are shown only later (reports nearby) and by the Kita registration.
 */

/** Great-circle distance in metres (haversine on a sphere of 6 371 km: within 0.5 % for Germany). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A distance in metres, rounded as far as a person would say it: to 5 m below 100 m, to
 * 10 m below 1 km, then kilometres with one decimal ("15 m", "1,2 km"). Never "0 m":
 * anything under `NEAR_METRES` is `null`, for the caller to say "weniger als 10 m".
 */
export const NEAR_METRES = 10;

export function formatDistance(locale: Locale, metres: number): string | null {
  const m = Math.abs(metres);
  if (!Number.isFinite(m) || m < NEAR_METRES) return null;
  if (m >= 1000) return formatNumber(locale, m / 1000, { style: 'unit', unit: 'kilometer', unitDisplay: 'short', maximumFractionDigits: 1 });
  const step = m < 100 ? 5 : 10;
  return formatNumber(locale, Math.max(NEAR_METRES, Math.round(m / step) * step), { style: 'unit', unit: 'meter', unitDisplay: 'short' });
}

/** "Less than 10 m", spelled with the language's number format. */
export function formatNear(locale: Locale): string {
  return formatNumber(locale, NEAR_METRES, { style: 'unit', unit: 'meter', unitDisplay: 'short' });
}
