import { css, html, type TemplateResult } from 'lit';
import { ApiProblem } from './api-errors.ts';
import type { Locale } from './i18n.ts';
import { coreMessages } from './messages.ts';

/** Loading and "not available" states, shared by `<bn-tenant>` and standalone widgets. */
export const tenantViewStyles = css`
  [part~='status'] { color: var(--_color-muted); }
  [part~='unavailable'] { border: 2px solid var(--_color-error); border-inline-start-width: 8px; border-radius: var(--_radius); padding: var(--_space); }
  [part~='unavailable'] p { margin: 0.25em 0 0.5em; }
  [part~='retry'] { font: inherit; cursor: pointer; padding: 0.5em 1em; border-radius: var(--_radius); border: 2px solid var(--_color-primary); background: var(--_color-primary); color: var(--_color-on-primary); }
`;

export function renderLoading(locale: Locale): TemplateResult {
  return html`<div part="status" role="status" lang=${locale}>${coreMessages.t(locale, 'loading')}</div>`;
}

export function renderUnavailable(locale: Locale, error: Error | undefined, retry: () => void): TemplateResult {
  const t = (k: Parameters<typeof coreMessages.t>[1]) => coreMessages.t(locale, k);
  // A key or origin problem is not fixed by retrying; a network problem may be.
  const network = !(error instanceof ApiProblem) || error.status >= 500 || error.status === 429;
  return html`<div part="unavailable" role="alert" lang=${locale}>
    <strong>${t('unavailableTitle')}</strong>
    <p>${network ? t('unavailableNetwork') : t('unavailableConfig')}</p>
    ${network ? html`<button part="retry" type="button" @click=${retry}>${t('retry')}</button>` : ''}
  </div>`;
}
