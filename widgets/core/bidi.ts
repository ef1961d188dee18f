// Bidirectional isolation of text that comes from outside our catalogues: what a citizen
// typed (description, address, contact, answers), names and e-mails of people, tenant names,
// key labels, audit subjects. Without it a right-to-left override (U+202E) or a run of
// Arabic/Hebrew in such a string reorders the text AFTER it — e.g. the coordinates printed
// after an address. `<bdi>` isolates by itself (UA style `unicode-bidi: isolate`, direction
// from its own first strong character) and needs no style attribute, so it works under a
// strict CSP. Every widget renders such strings through this one module.
import { html, nothing, type TemplateResult } from 'lit';
import type { Params } from './i18n.ts';

/** FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: the plain-text form of `<bdi>`. */
export const FSI = '\u2068';
export const PDI = '\u2069';

/** Outside text as an isolated inline element; nothing for null or ''. */
export function isolate(text: string | null | undefined): TemplateResult | typeof nothing {
  if (text == null || text === '') return nothing;
  return html`<bdi>${text}</bdi>`;
}

/**
 * Outside text for places that take only a string — attribute values (`aria-label`),
 * `<option>` labels, live-region announcements, map marker titles: wrapped in FSI … PDI,
 * which isolates exactly like `<bdi>`.
 */
export function isolateText(text: string | null | undefined): string {
  return text == null || text === '' ? '' : `${FSI}${text}${PDI}`;
}

const MARK = /\uE000(\d+)\uE001/;

/**
 * A catalogue message whose string parameters are outside text, rendered with each parameter
 * isolated in `<bdi>`: `isolateParams((p) => this.m('by', p), { who: name })`. Numbers and
 * dates are passed through for the message to format.
 */
export function isolateParams(render: (params: Params) => string, params: Params): TemplateResult {
  const values: string[] = [];
  const marked: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string') {
      marked[k] = `\uE000${values.length}\uE001`;
      values.push(v);
    } else marked[k] = v;
  }
  const parts = render(marked).split(MARK);
  return html`${parts.map((p, i) => (i % 2 ? isolate(values[Number(p)]) : p))}`;
}
