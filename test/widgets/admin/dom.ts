/** Walks shadow roots: deep(el, 'bn-admin-tenant', 'bn-admin-keys', 'button.revoke'). */
export function deep<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T {
  let el: Element | null = root;
  for (const sel of selectors) {
    const scope: ParentNode | null = el?.shadowRoot ?? el;
    el = scope?.querySelector(sel) ?? null;
    if (!el) throw new Error(`deep(): nothing matches "${sel}" (path: ${selectors.join(' → ')})`);
  }
  return el as T;
}

/** Like deep() but null instead of throwing. */
export function maybe<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  try {
    return deep<T>(root, ...selectors);
  } catch {
    return null;
  }
}

/** The element that has focus, through shadow roots. */
export function focused(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Text of an element with whitespace collapsed. */
export const text = (el: Element) => (el.shadowRoot ? [...el.shadowRoot.childNodes].map((n) => n.textContent).join(' ') : (el.textContent ?? '')).replace(/\s+/g, ' ').trim();
