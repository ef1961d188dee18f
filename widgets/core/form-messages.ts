import { plural, registerMessages, type Locale } from './i18n.ts';
import type { de } from './form-messages-de.ts';

/** A count with its noun in the language's plural form (Intl.PluralRules), one helper for all. */
export const count = (l: Locale, n: unknown, one: string, other: string) => plural(l, Number(n), { one, other });

/**
 * Messages of the form building blocks and of validation (valibot issues). Each language is a
 * chunk of its own (form-messages-de.ts, form-messages-en.ts), loaded with a module's texts in
 * that language (the tip form's first paint is on a gzip budget: bench/bundle-size.ts), or both
 * with the form blocks' chunk (form-elements.ts). A module that shows these texts imports the
 * language it needs; a language not loaded falls back to German.
 */
export const formMessages = registerMessages('form', { de: {} as typeof de, en: {} as typeof de });

export type FormMessageKey = Parameters<typeof formMessages.t>[1];
