// The language switch both consoles show; signing in lives in staff-shell.ts.
import { html } from 'lit';

/** Deutsch / English toggle buttons, each labelled in its own language. */
export function renderLangSwitch(label: string, locale: string, setLang: (l: 'de' | 'en') => void) {
  return html`<div class="row lang" role="group" aria-label=${label}>
    ${(['de', 'en'] as const).map(
      (l) => html`<button type="button" class="small" lang=${l} aria-pressed=${locale === l ? 'true' : 'false'} @click=${() => setLang(l)}>
        ${l === 'de' ? 'Deutsch' : 'English'}
      </button>`,
    )}
  </div>`;
}
