/**
 * Guarded registration: the embed snippet may be pasted twice on one page, and a
 * second `customElements.define` for the same tag would throw and stop the script.
 */
export function define(tag: string, cls: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, cls);
}
