import { DEFAULT_LOCALE, normalizeLocale, type Locale } from './i18n.ts';

/**
 * The nearest `lang` attribute, crossing shadow boundaries (a widget inside another
 * widget's shadow root still follows the page), else `<html lang>`.
 */
export function closestLang(start: Element): string | null {
  let el: Element | null = start;
  while (el) {
    const hit = el.closest('[lang]');
    if (hit) return hit.getAttribute('lang');
    const root = el.getRootNode();
    el = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.getAttribute('lang');
}

/** The page's language as one of ours; German when the page says nothing we speak. */
export function pageLocale(el: Element): Locale {
  return normalizeLocale(closestLang(el)) ?? DEFAULT_LOCALE;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let observer: MutationObserver | undefined;

/**
 * One shared observer for `lang` changes anywhere in the light DOM, so switching
 * `<html lang>` or a wrapper's `lang` re-renders every widget without each one
 * owning an observer.
 */
export function onLangChange(fn: Listener): () => void {
  listeners.add(fn);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const l of listeners) l();
    });
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
