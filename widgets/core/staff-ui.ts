// Pieces the admin and staff consoles share: the key sign-in and the language switch.
// Plain template functions; each console passes its own texts and handlers.
import { html } from 'lit';

export interface SignInTexts {
  title: string;
  intro: string;
  keyLabel: string;
  keyHint: string;
  signIn: string;
  signingIn: string;
}

/** Secret-key sign-in: a password field (never autocompleted), errors announced at once. */
export function renderKeySignIn(t: SignInTexts, state: { checking: boolean; error: string }, onSubmit: (e: SubmitEvent) => void) {
  return html`<section class="card signin" aria-labelledby="signin-title">
    <h2 id="signin-title">${t.title}</h2>
    <p>${t.intro}</p>
    <form novalidate @submit=${onSubmit} aria-busy=${state.checking ? 'true' : 'false'}>
      <div class="field">
        <label for="key">${t.keyLabel}</label>
        <span class="hint" id="key-hint">${t.keyHint}</span>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="off"
          spellcheck="false"
          autocapitalize="off"
          required
          aria-invalid=${state.error ? 'true' : 'false'}
          aria-describedby="key-hint key-error"
        />
        <span class="error" id="key-error" role="alert">${state.error}</span>
      </div>
      <button class="primary" type="submit" aria-disabled=${state.checking ? 'true' : 'false'}>
        ${state.checking ? t.signingIn : t.signIn}
      </button>
    </form>
  </section>`;
}

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
