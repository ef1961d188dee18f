import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/**
 * Label, hint and error markup shared by the text-like fields. Ids are local to
 * the element's shadow root, which also holds the control, so `for`,
 * `aria-describedby` and `aria-errormessage` resolve.
 */
export function renderLabel(label: string, required: boolean, forId = 'control'): TemplateResult {
  return html`<label part="label" for=${forId} id="label"
    >${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</label
  >`;
}

export function renderHint(hint: string): TemplateResult | typeof nothing {
  return hint ? html`<div part="hint" id="hint">${hint}</div>` : nothing;
}

export function renderError(text: string): TemplateResult {
  // Always in the DOM so aria-errormessage has a target; empty when valid.
  return html`<div part="error" id="error">${text}</div>`;
}

/** The ARIA wiring for the control. */
export function describedBy(hint: string, error: string, ...extra: string[]): string | undefined {
  const ids = [hint ? 'hint' : '', error ? 'error' : '', ...extra].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export { ifDefined };
