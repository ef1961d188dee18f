import { formatNumber, type Locale } from './i18n.ts';

// Apart from i18n.ts so the always-loaded entry does not carry it.
/** File sizes as people read them: "1,5 MB" / "1.5 MB". */
export function formatBytes(locale: Locale, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let v = bytes;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return formatNumber(locale, v, {
    style: 'unit',
    unit: units[i],
    unitDisplay: 'short',
    maximumFractionDigits: i === 0 ? 0 : 1,
  });
}
