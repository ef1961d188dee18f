// Small helpers for Storybook play functions (shadow-root walks, waiting for a render).

/** Shadow-root walk for play functions. */
export function deep(root: Element, ...selectors: string[]): HTMLElement {
  let el: Element | null = root;
  for (const sel of selectors) el = (el?.shadowRoot ?? el)?.querySelector(sel) ?? null;
  if (!el) throw new Error(`nothing at ${selectors.join(' → ')}`);
  return el as HTMLElement;
}

/** Polls until fn() is truthy (or ms pass): play functions wait for lazily rendered parts. */
export async function until(fn: () => unknown, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (fn()) return;
    } catch {
      // not rendered yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
