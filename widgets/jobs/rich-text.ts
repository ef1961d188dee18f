/**
 * A posting's description arrives as HTML the server has already sanitised. The widget
 * still never hands it to the DOM as markup: it is parsed inertly (DOMParser runs no
 * script and loads nothing) and rebuilt node by node from an allow list, so even a
 * compromised server cannot put an event handler, a style or a script into the page.
 */
const ALLOWED = new Set(['H2', 'H3', 'H4', 'P', 'BR', 'UL', 'OL', 'LI', 'STRONG', 'B', 'EM', 'I', 'U', 'A', 'BLOCKQUOTE']);
/** Headings move down one level under the posting's own h2/h3. */
const SHIFT: Record<string, string> = { H2: 'h3', H3: 'h4', H4: 'h5' };

function copy(from: Node, into: Node, doc: Document, shift: boolean): void {
  for (const child of from.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(doc.createTextNode(child.textContent ?? ''));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const el = child as Element;
      if (!ALLOWED.has(el.tagName)) {
        copy(el, into, doc, shift);
        continue;
      }
      const out = doc.createElement((shift && SHIFT[el.tagName]) || el.tagName.toLowerCase());
      if (el.tagName === 'A') {
        const href = el.getAttribute('href') ?? '';
        if (/^(https?:|mailto:)/i.test(href)) {
          out.setAttribute('href', href);
          out.setAttribute('rel', 'noopener noreferrer');
          out.setAttribute('target', '_blank');
        }
      }
      copy(el, out, doc, shift);
      into.appendChild(out);
    }
  }
}

/** `shift: false` keeps the headings' levels (the console's editor shows what is stored). */
export function richText(html: string, { shift = true } = {}): DocumentFragment {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  const frag = document.createDocumentFragment();
  copy(parsed.body, frag, document, shift);
  return frag;
}
