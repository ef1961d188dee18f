// Pieces the admin and staff consoles share: the key sign-in and the language switch.
// Plain template functions; each console passes its own texts and handlers.
import { html } from 'lit';

/** The message keys both consoles' catalogs carry for the sign-in. */
export type SignInMessage = 'signInTitle' | 'signInIntro' | 'keyLabel' | 'keyHint' | 'signIn' | 'signingIn';

/** Secret-key sign-in: a password field (never autocompleted), errors announced at once. */
export function renderKeySignIn(
  m: (key: SignInMessage) => string,
  state: { checking: boolean; error: string },
  onKey: (key: string) => void,
) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    onKey(String(new FormData(e.target as HTMLFormElement).get('key') ?? '').trim());
  };
  return html`<section class="card signin" aria-labelledby="signin-title">
    <h2 id="signin-title">${m('signInTitle')}</h2>
    <p>${m('signInIntro')}</p>
    <form novalidate @submit=${submit} aria-busy=${state.checking ? 'true' : 'false'}>
      <div class="field">
        <label for="key">${m('keyLabel')}</label>
        <span class="hint" id="key-hint">${m('keyHint')}</span>
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
        ${state.checking ? m('signingIn') : m('signIn')}
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
