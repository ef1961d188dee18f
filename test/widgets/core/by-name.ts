/** Finding controls as a screen-reader user would: by their accessible name. */
// Names as a person hears them: bidi isolation marks (FSI … PDI around outside text) are silent.
const norm = (s: string | null | undefined) =>
  (s ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function roots(el: Element): (Document | ShadowRoot | Element)[] {
  const out: (ShadowRoot | Element)[] = [];
  const walk = (node: Element | ShadowRoot) => {
    out.push(node);
    for (const child of node.querySelectorAll('*')) if (child.shadowRoot) walk(child.shadowRoot);
  };
  walk(el.shadowRoot ?? el);
  return out;
}

/** The input whose label (or aria-label) is `name`, through shadow roots. */
export function field(el: Element, name: string): HTMLInputElement {
  for (const root of roots(el)) {
    for (const input of root.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
      const label = norm(input.labels?.[0]?.textContent) || norm(input.getAttribute('aria-label'));
      if (label === name) return input;
    }
  }
  throw new Error(`No field labelled "${name}"`);
}

/** The button or link whose name (aria-label, else text) is `name`. */
export function control(el: Element, name: string): HTMLElement {
  const hit = maybeControl(el, name);
  if (!hit) throw new Error(`No button or link named "${name}"`);
  return hit;
}

export function maybeControl(el: Element, name: string): HTMLElement | null {
  for (const root of roots(el)) {
    for (const c of root.querySelectorAll<HTMLElement>('button, a[href]')) {
      if ((norm(c.getAttribute('aria-label')) || norm(c.textContent)) === name) return c;
    }
  }
  return null;
}

/** The heading with this text. */
export function heading(el: Element, name: string): HTMLElement | null {
  for (const root of roots(el)) {
    for (const h of root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, [role=heading]')) if (norm(h.textContent) === name) return h;
  }
  return null;
}

/** All text of the element's shadow tree (nested ones included), whitespace collapsed. */
export function allText(el: Element): string {
  return norm(
    roots(el)
      .map((r) => [...r.childNodes].map((n) => (n instanceof Element && n.shadowRoot ? '' : n.textContent)).join(' '))
      .join(' '),
  );
}
