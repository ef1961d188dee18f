/**
 * Lazy module elements: the entry knows only tag → loader. A tag that appears on
 * the page (now or later, e.g. inserted by a CMS script) loads its chunk once; the
 * chunk's define.ts registers the element and the browser upgrades every instance.
 * Tags inside our own shadow roots are loaded by the widget that renders them
 * (`ensureDefined`), since a document observer cannot see into shadow roots.
 */
export type Loader = () => Promise<unknown>;

const loaders = new Map<string, Loader>();
const loading = new Map<string, Promise<void>>();
let observer: MutationObserver | undefined;

/** Registers loaders and starts watching the document. Safe to call twice. */
export function lazyDefine(entries: Record<string, Loader>, root: Document = document): void {
  for (const [tag, load] of Object.entries(entries)) loaders.set(tag, load);
  scan(root);
  if (!observer) {
    observer = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
    });
    observer.observe(root, { childList: true, subtree: true });
  }
}

/** Loads a lazy element's chunk (no-op when defined or unknown); resolves when defined. */
export function ensureDefined(tag: string): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  const load = loaders.get(tag);
  if (!load) return Promise.resolve();
  let p = loading.get(tag);
  if (!p) {
    p = load()
      .then(() => customElements.whenDefined(tag))
      .then(() => undefined)
      .catch((err: unknown) => {
        loading.delete(tag); // allow a later retry, e.g. after a network hiccup
        console.error(`Bürgernah: could not load <${tag}>.`, err);
      });
    loading.set(tag, p);
  }
  return p;
}

function scan(node: Element | Document): void {
  const pending = [...loaders.keys()].filter((t) => !customElements.get(t) && !loading.has(t));
  if (!pending.length) return;
  const selector = pending.join(',');
  if (node instanceof Element && node.matches(selector)) void ensureDefined(node.localName);
  for (const el of node.querySelectorAll(selector)) void ensureDefined(el.localName);
}
