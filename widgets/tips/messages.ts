import { formatNumber, registerMessages, type Locale, type Params } from '../core/i18n.ts';
import type { de } from './messages-de.ts';

/** The pin's place in words; one function for both languages. */
export const pinSet = (p: Params, l: Locale) => `${l === 'de' ? 'Punkt gesetzt' : 'Pin placed'}: ${coord(l, p.lat)}, ${coord(l, p.lng)}`;

function coord(l: Locale, v: unknown): string {
  return formatNumber(l, Number(v), { maximumFractionDigits: 5, minimumFractionDigits: 5 });
}

/**
 * Citizen-facing texts of the tips widgets (form, list, status): German in messages-de.ts,
 * English in messages-en.ts, each a chunk of its own, fetched when a widget first renders in
 * that language (`ensureTipsLocale`): a page downloads only its own language (the tip form's
 * first paint is on a gzip budget, bench/bundle-size.ts). The console has its own texts.
 */
export const tipsMessages = registerMessages('tips', { de: {} as typeof de, en: {} as typeof de });

const loading: Partial<Record<Locale, Promise<void>>> = {};
const ready = new Set<Locale>();

/** Null when `locale` can render now; else a promise that resolves once it can. */
export function ensureTipsLocale(locale: Locale): Promise<void> | null {
  if (ready.has(locale)) return null;
  loading[locale] ??= (locale === 'en' ? import('./messages-en.ts') : import('./messages-de.ts')).then(
    () => {
      ready.add(locale);
    },
    (err: unknown) => {
      delete loading[locale]; // the next render tries again
      throw err;
    },
  );
  return loading[locale];
}

export type TipsMessageKey = Parameters<typeof tipsMessages.t>[1];
