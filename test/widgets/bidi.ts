// Checks for bidirectional isolation: every occurrence of a hostile string in a rendered
// widget — through all nested shadow roots — must sit inside an isolating element (computed
// `unicode-bidi: isolate`, e.g. `<bdi>`), or, where only text fits (attributes, <option>),
// between an isolate initiator (FSI/LRI/RLI) and its PDI.
import { expect } from '@open-wc/testing';

export const RLO = '\u202E';

/** The value of a text field as an attacker types it: a right-to-left override, then text. */
export const hostile = (field: string) => `${field} ${RLO}gnp.live 7`;

const ISOLATING = new Set(['isolate', 'isolate-override', 'plaintext']);
/** Attributes whose value a person reads or hears (not URLs, ids or form values). */
const SHOWN = ['aria-label', 'aria-description', 'aria-roledescription', 'title', 'alt', 'placeholder', 'label'];

/** True when every RLO in `text` lies inside an FSI/LRI/RLI … PDI pair. */
function textIsolated(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '\u2066' || ch === '\u2067' || ch === '\u2068') depth++;
    else if (ch === '\u2069') depth = Math.max(0, depth - 1);
    else if (ch === RLO && depth === 0) return false;
  }
  return true;
}

/**
 * True when an INLINE ancestor isolates the text (`<bdi>`, `unicode-bidi: isolate`) or the
 * text is inside an atomic inline (inline-block …), before the nearest block container.
 * Blocks compute `unicode-bidi: isolate` in the UA sheet too, but that does not separate
 * the text from what follows it inside the same block, so blocks do not count.
 */
function elementIsolated(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.display !== 'inline') return style.display.startsWith('inline-');
    if (ISOLATING.has(style.unicodeBidi)) return true;
  }
  return false;
}

/** Walks `root` (light DOM and every shadow root below it); returns what holds an RLO. */
export function bidiWalk(root: Element): { found: number; bad: string[] } {
  let found = 0;
  const bad: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.nodeValue ?? '';
      if (!text.includes(RLO)) return;
      found++;
      if (!elementIsolated(node.parentElement) && !textIsolated(text)) bad.push(`text in <${node.parentElement?.localName}>: ${JSON.stringify(text)}`);
      return;
    }
    if (node instanceof Element) {
      for (const a of node.attributes) {
        if (!SHOWN.includes(a.name) || !a.value.includes(RLO)) continue;
        found++;
        if (!textIsolated(a.value)) bad.push(`${a.name} of <${node.localName}>: ${JSON.stringify(a.value)}`);
      }
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return { found, bad };
}

/** Asserts at least `min` occurrences were rendered and all of them are isolated. */
export function expectIsolated(root: Element, min: number): void {
  const { found, bad } = bidiWalk(root);
  expect(bad, 'occurrences of outside text that are not bidi-isolated').to.deep.equal([]);
  expect(found, 'occurrences of the hostile strings rendered').to.be.at.least(min);
}

/** The on-screen box of the first occurrence of `needle` in a text node below `root`. */
export function boxOf(root: ParentNode, needle: string): DOMRect {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.nodeValue!.indexOf(needle);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(n, i);
    r.setEnd(n, i + needle.length);
    return r.getBoundingClientRect();
  }
  throw new Error(`${needle} not rendered`);
}
