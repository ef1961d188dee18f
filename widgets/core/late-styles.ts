import { adoptStyles, type CSSResult, type ReactiveElement } from 'lit';

const added = new WeakMap<ShadowRoot, Set<CSSResult>>();

/**
 * Adds the styles of a lazily loaded part of an element (a view shown only after the citizen
 * acts) to the element's shadow root when the part first renders: in the element's static
 * styles they would weigh on its first paint, which is on a gzip budget (bench/bundle-size.ts).
 * Constructable style sheets like Lit's own, so a strict CSP (`style-src <host>`) is fine; where a
 * browser has none, Lit's fallback adds a `<style>` element as it does for static styles.
 */
export function addLateStyles(el: ReactiveElement, styles: CSSResult): void {
  const root = el.renderRoot;
  if (!(root instanceof ShadowRoot)) return;
  const set = added.get(root) ?? new Set();
  added.set(root, set);
  if (set.has(styles)) return;
  set.add(styles);
  const sheet = styles.styleSheet;
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  else adoptStyles(root, [styles]);
}
