import { formatNumber, type Locale } from './i18n.ts';

/**
 * Units as people read them, through Intl.NumberFormat in the element's language. Counts
 * ("1 Unterstützung", "2 Unterstützungen") go through `plural()` in i18n.ts; everything with
 * a unit goes through here, except distances (distance.ts: only what loads after the tip form's
 * first paint uses them). Apart from i18n.ts so the always-loaded entry does not carry it.
 *
 * Bytes are BINARY: 1 KB = 1024 bytes, 1 MB = 1024 × 1024 bytes, labelled KB/MB/GB as
 * operating systems' file dialogs and our own API messages do. The limits are binary too
 * (BN_UPLOAD_MAX_BYTES = 10 × 1024 × 1024), so a 10 MiB limit reads "10 MB", never "10,5 MB".
 */
export const BYTES_PER_KB = 1024;

/** File sizes: "10 MB", "1,5 MB" / "1.5 MB", "512 Byte" / "512 byte". */
export function formatBytes(locale: Locale, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let v = Math.max(0, bytes);
  while (v >= BYTES_PER_KB && i < units.length - 1) {
    v /= BYTES_PER_KB;
    i++;
  }
  return formatNumber(locale, v, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 });
}

/** A share 0…1 as a percentage: "42 %" / "42%". */
export function formatPercent(locale: Locale, share: number): string {
  return formatNumber(locale, Math.min(1, Math.max(0, share)), { style: 'percent', maximumFractionDigits: 0 });
}
