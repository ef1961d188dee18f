/**
 * A host page that tries hard to undo screen-reader-only text: the usual "reset everything"
 * rules of a CMS theme, all `!important`. Global rules do not match inside our shadow roots;
 * what can reach us is what the page sets on our hosts (and what inherits from them) and on
 * light-DOM content slotted into our elements.
 */
export const HOSTILE_CSS = `
  * {
    position: static !important;
    clip: auto !important;
    clip-path: none !important;
    overflow: visible !important;
    width: auto !important;
    height: auto !important;
    margin: 0 !important;
    white-space: pre !important;
    font-size: 2rem !important;
  }
  .visually-hidden, .sr-only, span, div { position: static !important; clip: auto !important; width: auto !important; height: auto !important; }
`;

/** Adds the hostile sheet to the document; returns a function that removes it. */
export function addHostileCss(css = HOSTILE_CSS): () => void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return () => style.remove();
}

/** Every element with class `visually-hidden`, through all open shadow roots below `root`. */
export function visuallyHidden(root: Element | ShadowRoot): HTMLElement[] {
  const out: HTMLElement[] = [];
  const walk = (node: ParentNode) => {
    for (const e of node.querySelectorAll<HTMLElement>('*')) {
      if (e.classList.contains('visually-hidden')) out.push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(root instanceof Element && root.shadowRoot ? root.shadowRoot : root);
  return out;
}

/** Is the element painted as nothing more than one clipped pixel? */
export function paintsNothing(e: Element): boolean {
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return r.width <= 1 && r.height <= 1 && s.overflow === 'hidden' && (s.clipPath === 'inset(50%)' || s.clip === 'rect(0px, 0px, 0px, 0px)');
}
