/**
 * Typed message catalogs. German is the reference language; a catalog's English
 * side must have exactly the same keys (checked by the compiler), so neither can be
 * incomplete. Modules add their own namespace:
 *
 *   export const tipsMessages = registerMessages('tips', { de: {...}, en: {...} });
 *   tipsMessages.t(this.locale, 'title');        // typed key
 *   msg(this.locale, 'tips.title');              // untyped lookup by "ns.key"
 *
 * Dates, numbers and sizes go through Intl so they follow the language too.
 */

export type Locale = 'de' | 'en';
export const LOCALES: readonly Locale[] = ['de', 'en'];
export const DEFAULT_LOCALE: Locale = 'de';

export type Params = Record<string, string | number | Date | undefined>;
export type Message = string | ((params: Params, locale: Locale) => string);
export type Catalog = Record<string, Message>;

export interface Messages<C extends Catalog> {
  readonly ns: string;
  /** The message for `key` in `locale`, with `{param}` placeholders filled. */
  t(locale: Locale, key: keyof C & string, params?: Params): string;
  has(key: string): key is keyof C & string;
}

const registry = new Map<string, Record<Locale, Catalog>>();

export function registerMessages<C extends Catalog>(ns: string, catalogs: { de: C; en: { [K in keyof C]: Message } }): Messages<C> {
  registry.set(ns, { ...catalogs } as Record<Locale, Catalog>);
  return {
    ns,
    t: (locale, key, params) => render(lookup(ns, locale, key) ?? key, params, locale),
    has: (key): key is keyof C & string => LOCALES.some((l) => Object.hasOwn(registry.get(ns)?.[l] ?? {}, key)),
  };
}

/**
 * One language's texts for a namespace, from a chunk loaded when a widget first speaks that
 * language (the tips texts and the form blocks' texts: each page downloads only its own).
 */
export function addMessages(ns: string, locale: Locale, catalog: Catalog): void {
  const cats = registry.get(ns) ?? { de: {}, en: {} };
  cats[locale] = catalog;
  registry.set(ns, cats);
}

/** Untyped lookup by `"ns.key"`; falls back to German, then to the key itself. */
export function msg(locale: Locale, id: string, params?: Params): string {
  const dot = id.indexOf('.');
  const found = dot > 0 ? lookup(id.slice(0, dot), locale, id.slice(dot + 1)) : undefined;
  return render(found ?? id, params, locale);
}

function lookup(ns: string, locale: Locale, key: string): Message | undefined {
  const cat = registry.get(ns);
  if (!cat) return undefined;
  return Object.hasOwn(cat[locale], key) ? cat[locale][key] : Object.hasOwn(cat.de, key) ? cat.de[key] : undefined;
}

function render(m: Message, params: Params | undefined, locale: Locale): string {
  if (typeof m === 'function') return m(params ?? {}, locale);
  if (!params) return m;
  return m.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') return formatNumber(locale, v);
    if (v instanceof Date) return formatDate(locale, v);
    return v;
  });
}

/** `de-DE`, `de-AT`, `EN` → our locale; anything else → undefined. */
export function normalizeLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : undefined;
}

export const BCP47: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

export function formatNumber(locale: Locale, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(BCP47[locale], options).format(n);
}

export function formatDate(locale: Locale, d: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(BCP47[locale], options).format(new Date(d));
}

/** Picks `one` or `other` by the language's plural rules. */
export function plural(locale: Locale, n: number, forms: { one: string; other: string }): string {
  const rule = new Intl.PluralRules(BCP47[locale]).select(n);
  return (rule === 'one' ? forms.one : forms.other).replace('{n}', formatNumber(locale, n));
}
