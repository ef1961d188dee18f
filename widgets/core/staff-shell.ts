import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { ApiClient } from './api-client.ts';
import { BnElement } from './base-element.ts';
import { apiClientContext, localeContext } from './context.ts';
import type { BnErrorSummary } from './error-summary.ts';
import type { Locale, Params } from './i18n.ts';
import { SessionController, type AuthError, type AuthField } from './session-controller.ts';
import { staffContext, type Me } from './staff-context.ts';
import { staffMessages, type StaffMessageKey } from './staff-messages.ts';
import { staffStyles } from './staff-styles.ts';
import { renderLangSwitch } from './staff-ui.ts';
import { isolate, isolateParams } from './bidi.ts';

/** Only the language preference is kept (never anything secret). */
const LANG_STORAGE = 'bn-staff-lang';

/**
 * @summary The base of both staff consoles (`<bn-console>`, `<bn-admin>`): the header
 * with language switch and sign-out, the live regions, and every screen of signing in as a
 * person (password, one-time code, single sign-on, forgotten password, invitation and reset
 * links, two-factor enrolment), driven by one `SessionController`. A console adds its title
 * and what it shows once signed in. Not registered itself.
 *
 * @csspart base - The console's wrapper.
 * @cssprop --bn-color-primary - Main colour of buttons and links.
 */
export class StaffShellElement extends BnElement {
  static override styles = [
    ...BnElement.styles,
    staffStyles,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--_space);
        border-block-end: 3px solid var(--_color-primary);
        padding-block-end: calc(var(--_space) / 2);
        margin-block-end: var(--_space);
      }
      header p {
        margin: 0;
      }
      .lang button[aria-pressed='true'] {
        background: var(--_color-primary);
        color: var(--_color-on-primary);
      }
      .auth {
        max-inline-size: 40rem;
      }
      .auth input {
        max-inline-size: 30rem;
      }
      .actions {
        margin-block-start: var(--_space);
      }
      /* The whole key is visible (32 characters in groups of four) and wraps on a phone. */
      .secret {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 1.125em;
        letter-spacing: 0.05em;
        inline-size: 100%;
        max-inline-size: 27em;
        min-block-size: 0;
        resize: none;
        field-sizing: content;
      }
      .sso {
        margin-block-start: var(--_space);
        padding-block-start: var(--_space);
        border-block-start: 1px solid var(--_color-border);
      }
      a.button {
        color: var(--_color-primary);
      }
    `,
  ];

  /** The session: the only place that knows whether someone is signed in. */
  protected readonly session = new SessionController(this, {
    base: () => (this.apiBase || location.origin).replace(/\/+$/, ''),
    fetch: () => this.fetcher,
    accepts: (me) => this.accepts(me),
    changed: (what) => void this.onSessionChange(what),
  });

  @query('#screen-title') private screenTitle?: HTMLElement;
  @query('bn-error-summary.auth-summary') private summary?: BnErrorSummary;

  @provide({ context: apiClientContext }) protected providedClient?: ApiClient;
  @provide({ context: staffContext }) protected providedMe?: Me;
  @provide({ context: localeContext }) protected providedLocale?: Locale;

  /** A short message for the live region (saved, copied, signed out …). */
  @state() protected status = '';
  @state() protected alert = '';

  /** API origin; the console page is served by the API, so its own origin by default. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** A fetch to use instead of the browser's (tests, Storybook). */
  @property({ attribute: false }) fetcher?: typeof fetch;

  constructor() {
    super();
    // In the constructor, not connectedCallback: a re-attached element must not listen twice.
    this.addEventListener('bn-session-end', () => this.session.expire());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const lang = sessionStorage.getItem(LANG_STORAGE);
    if (!this.lang && (lang === 'de' || lang === 'en')) this.lang = lang;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.providedLocale !== this.locale) this.providedLocale = this.locale;
    const signedIn = this.session.screen.name === 'signed-in';
    const me = signedIn ? this.session.me : undefined;
    if (this.providedMe !== me) this.providedMe = me;
    const client = signedIn ? this.session.client : undefined;
    if (this.providedClient !== client) this.providedClient = client;
  }

  /** Can this console use the account? Overridden by `<bn-admin>` (hosting office only). */
  protected accepts(_me: Me): boolean {
    return true;
  }

  /** The `return` path for single sign-on (`/console`, `/admin`). */
  protected get returnPath(): string {
    return '/console';
  }

  /** The console's name, shown in the header. */
  protected appTitle(): string {
    return '';
  }

  /** A line under the title once signed in. */
  protected subtitle(_me: Me | undefined): unknown {
    return nothing;
  }

  /** What the console shows once signed in. */
  protected renderSignedIn(_me: Me): unknown {
    return nothing;
  }

  /** Called after the signed-in view rendered (on sign-in, after enrolment). Focus something there. */
  protected signedIn(_me: Me): void | Promise<void> {}

  /** A shared staff text in this console's language. */
  protected s(key: StaffMessageKey, params?: Params): string {
    return staffMessages.t(this.locale, key, params);
  }

  private async onSessionChange(what: 'screen' | 'error'): Promise<void> {
    if (what === 'screen') {
      const notice = this.session.notice;
      const err = this.session.error;
      this.alert = err && !err.field ? this.errorText(err) : '';
      this.status = notice ? this.s(notice) : '';
    }
    await this.updateComplete;
    if (what === 'error') {
      const err = this.session.error;
      if (err?.field && this.summary) await this.summary.show(this.summaryErrors(err));
      else if (err) this.alert = this.errorText(err);
      return;
    }
    if (this.session.screen.name === 'signed-in' && this.session.me) await this.signedIn(this.session.me);
    else this.screenTitle?.focus();
  }

  private errorText(err: AuthError): string {
    if (err.key === 'errTooMany') return this.s('errTooMany', { wait: this.waitText(Number(err.params?.seconds ?? 0)) });
    return this.s(err.key, err.params);
  }

  /** "30 Sekunden", "2 Minuten": Retry-After in words. */
  private waitText(seconds: number): string {
    return seconds < 90 ? this.s('waitSeconds', { n: seconds }) : this.s('waitMinutes', { n: Math.ceil(seconds / 60) });
  }

  private summaryErrors(err: AuthError | undefined) {
    return err?.field ? [{ target: err.field, message: this.errorText(err) }] : [];
  }

  /** aria attributes of a field that may carry the current error. */
  private fieldError(field: AuthField) {
    const err = this.session.error;
    return err?.field === field ? this.errorText(err) : '';
  }

  private setLang(lang: Locale): void {
    this.lang = lang;
    sessionStorage.setItem(LANG_STORAGE, lang);
  }

  protected async copy(text: string): Promise<void> {
    let ok = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      ok = false;
    }
    this.status = '';
    this.alert = '';
    await this.updateComplete;
    if (ok) this.status = this.s('copied');
    else this.alert = this.s('copyFailed');
  }

  private submit(e: SubmitEvent, then: (data: FormData) => void): void {
    e.preventDefault();
    then(new FormData(e.target as HTMLFormElement));
  }

  private field(o: { id: AuthField; name: string; label: string; type: string; autocomplete: string; hint?: string; numeric?: boolean; value?: string }): TemplateResult {
    const error = this.fieldError(o.id);
    const described = [o.hint ? `${o.id}-hint` : '', `${o.id}-error`].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${o.id}>${o.label}</label>
      ${o.hint ? html`<span class="hint" id="${o.id}-hint">${o.hint}</span>` : nothing}
      <span class="error" id="${o.id}-error">${error}</span>
      <input
        id=${o.id}
        name=${o.name}
        type=${o.type}
        autocomplete=${o.autocomplete}
        inputmode=${o.numeric ? 'numeric' : nothing}
        pattern=${o.numeric ? '[0-9 ]*' : nothing}
        spellcheck="false"
        autocapitalize="off"
        .value=${o.value ?? ''}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described}
      />
    </div>`;
  }

  private submitButton(label: StaffMessageKey, busy: StaffMessageKey) {
    const b = this.session.busy;
    return html`<button class="primary" type="submit" aria-disabled=${b ? 'true' : 'false'}>${b ? this.s(busy) : this.s(label)}</button>`;
  }

  private summaryEl() {
    return html`<bn-error-summary class="auth-summary" .heading=${this.s('errorSummary')} .errors=${this.summaryErrors(this.session.error)}></bn-error-summary>`;
  }

  private renderSignIn(step: 'password' | 'totp') {
    const oidc = this.session.providers?.oidc;
    return html`<section class="card auth" aria-labelledby="screen-title">
      <h2 id="screen-title" tabindex="-1">${this.s('signInTitle')}</h2>
      ${this.summaryEl()}
      <p>${step === 'totp' ? this.s('totpAsked') : this.s('signInIntro')}</p>
      <form novalidate aria-busy=${this.session.busy ? 'true' : 'false'} @submit=${(e: SubmitEvent) =>
        this.submit(e, (d) => void this.session.signIn({ email: String(d.get('email') ?? ''), password: String(d.get('password') ?? ''), totp: String(d.get('totp') ?? '') }))}>
        ${
          step === 'password'
            ? html`${this.field({ id: 'email', name: 'email', label: this.s('email'), type: 'email', autocomplete: 'username' })}
            ${this.field({ id: 'password', name: 'password', label: this.s('password'), type: 'password', autocomplete: 'current-password' })}`
            : this.field({ id: 'totp', name: 'totp', label: this.s('totpLabel'), hint: this.s('totpHint'), type: 'text', autocomplete: 'one-time-code', numeric: true })
        }
        <div class="row actions">
          ${this.submitButton('signIn', 'signingIn')}
          ${
            step === 'password'
              ? html`<button type="button" class="link forgot" @click=${() => this.session.showForgot()}>${this.s('forgot')}</button>`
              : html`<button type="button" class="link" @click=${() => this.session.backToSignIn()}>${this.s('backToSignIn')}</button>`
          }
        </div>
      </form>
      ${
        oidc && step === 'password'
          ? html`<div class="sso">
            <p class="muted">${this.s('orSso')}</p>
            <a class="button sso-link" href="${oidc.startUrl}?return=${this.returnPath}">${this.s('sso', { name: oidc.name })}</a>
          </div>`
          : nothing
      }
    </section>`;
  }

  private renderForgot(sent: boolean) {
    return html`<section class="card auth" aria-labelledby="screen-title">
      <h2 id="screen-title" tabindex="-1">${this.s('forgotTitle')}</h2>
      ${
        sent
          ? html`<p class="notice">${this.s('resetSent')}</p>`
          : html`${this.summaryEl()}
            <p>${this.s('forgotIntro')}</p>
            <form novalidate @submit=${(e: SubmitEvent) => this.submit(e, (d) => void this.session.requestReset(String(d.get('email') ?? '')))}>
              ${this.field({ id: 'reset-email', name: 'email', label: this.s('email'), type: 'email', autocomplete: 'username' })}
              <div class="row actions">${this.submitButton('sendLink', 'sending')}</div>
            </form>`
      }
      <p class="actions"><button type="button" class="link" @click=${() => this.session.backToSignIn()}>${this.s('backToSignIn')}</button></p>
    </section>`;
  }

  private renderToken(screen: Extract<SessionController['screen'], { name: 'token' }>) {
    if (screen.invalid) {
      return html`<section class="card auth" aria-labelledby="screen-title">
        <h2 id="screen-title" tabindex="-1">${this.s('tokenInvalidTitle')}</h2>
        <p>${this.s('tokenInvalid')}</p>
        <button type="button" class="link" @click=${() => this.session.backToSignIn()}>${this.s('backToSignIn')}</button>
      </section>`;
    }
    const info = screen.info;
    if (!info) {
      return html`<section class="card auth" aria-labelledby="screen-title">
        <h2 id="screen-title" tabindex="-1">${this.s('signInTitle')}</h2>
        <p>${this.session.busy ? this.s('tokenChecking') : nothing}</p>
      </section>`;
    }
    return html`<section class="card auth" aria-labelledby="screen-title">
      <h2 id="screen-title" tabindex="-1">${info.purpose === 'invite' ? this.s('inviteTitle') : this.s('resetTitle')}</h2>
      ${this.summaryEl()}
      <p>${isolateParams((p) => this.s('tokenFor', p), { name: info.name, email: info.email })}${info.tenant ? html` ${isolateParams((p) => this.s('tokenTenant', p), { tenant: info.tenant.name })}` : nothing}</p>
      ${info.totpRequired ? html`<p>${this.s('tokenTotp')}</p>` : nothing}
      <form novalidate @submit=${(e: SubmitEvent) => this.submit(e, (d) => void this.session.setPassword(String(d.get('password') ?? ''), String(d.get('code') ?? '')))}>
        <input type="text" name="username" autocomplete="username" .value=${info.email} hidden />
        ${this.field({ id: 'new-password', name: 'password', label: this.s('newPassword'), hint: this.s('newPasswordHint'), type: 'password', autocomplete: 'new-password' })}
        ${info.totpEnabled ? this.field({ id: 'totp-code', name: 'code', label: this.s('totpLabel'), hint: this.s('totpHint'), type: 'text', autocomplete: 'one-time-code', numeric: true }) : nothing}
        <div class="row actions">${this.submitButton('setPassword', 'saving')}</div>
      </form>
    </section>`;
  }

  private renderEnroll(screen: Extract<SessionController['screen'], { name: 'enroll' }>) {
    const setup = screen.setup;
    const grouped =
      setup?.secret
        .replace(/\s+/g, '')
        .match(/.{1,4}/g)
        ?.join(' ') ?? '';
    return html`<section class="card auth" aria-labelledby="screen-title">
      <h2 id="screen-title" tabindex="-1">${this.s('enrollTitle')}</h2>
      ${this.summaryEl()}
      ${screen.required ? html`<p>${this.s('enrollRequired')}</p>` : nothing}
      <p>${this.s('enrollIntro')}</p>
      ${
        setup
          ? html`<ol>
              <li>
                <p>${this.s('enrollStep1')}</p>
                <div class="row">
                  <div class="field">
                    <label for="totp-secret">${this.s('enrollSecret')}</label>
                    <textarea id="totp-secret" class="secret" rows="2" readonly spellcheck="false" .value=${grouped}></textarea>
                  </div>
                  <button type="button" class="small copy-secret" aria-label=${this.s('copyWhat', { what: this.s('enrollSecret') })} @click=${() => this.copy(setup.secret)}>
                    ${this.s('copy')}
                  </button>
                </div>
                <p><a href=${setup.uri}>${this.s('enrollLink')}</a></p>
              </li>
              <li>
                <p>${this.s('enrollStep2')}</p>
                <form novalidate @submit=${(e: SubmitEvent) => this.submit(e, (d) => void this.session.confirmTotp(String(d.get('code') ?? '')))}>
                  ${this.field({ id: 'totp-code', name: 'code', label: this.s('totpLabel'), hint: this.s('totpHint'), type: 'text', autocomplete: 'one-time-code', numeric: true })}
                  <div class="row actions">${this.submitButton('enrollConfirm', 'saving')}</div>
                </form>
              </li>
            </ol>`
          : html`<p>${this.session.busy ? this.s('loading') : html`<button type="button" @click=${() => this.session.beginEnrollment()}>${this.s('retry')}</button>`}</p>`
      }
      <div class="row actions">
        ${
          screen.required
            ? html`<button type="button" class="sign-out" @click=${() => this.session.signOut()}>${this.s('signOut')}</button>`
            : html`<button type="button" @click=${() => this.session.cancelEnrollment()}>${this.s('enrollCancel')}</button>`
        }
      </div>
    </section>`;
  }

  private renderAuth() {
    const screen = this.session.screen;
    switch (screen.name) {
      case 'checking':
        return html`<p>${this.s('checking')}</p>`;
      case 'sign-in':
        return this.renderSignIn(screen.step);
      case 'forgot':
        return this.renderForgot(screen.sent);
      case 'token':
        return this.renderToken(screen);
      case 'enroll':
        return this.renderEnroll(screen);
      default:
        return nothing;
    }
  }

  /** The header's account controls: who is signed in, two-factor set-up, sign-out. */
  private renderAccount(me: Me) {
    return html`${me.user.totpEnabled ? nothing : html`<button type="button" class="small enroll" @click=${() => this.session.offerEnrollment()}>${this.s('enrollOffer')}</button>`}
      <button type="button" class="sign-out" @click=${() => this.session.signOut()}>${this.s('signOut')}</button>`;
  }

  override render() {
    const me = this.session.screen.name === 'signed-in' ? this.session.me : undefined;
    return html`<div part="base" lang=${this.locale}>
      <header>
        <div>
          <h1>${isolate(this.appTitle())}</h1>
          ${me ? html`<p class="muted">${this.subtitle(me)} · ${isolateParams((p) => this.s('signedInAs', p), { name: me.user.name })}</p>` : nothing}
        </div>
        <div class="row">
          ${renderLangSwitch(this.s('language'), this.locale, (l) => this.setLang(l))} ${me ? this.renderAccount(me) : nothing}
        </div>
      </header>
      <div class="live notice" role="status">${this.status}</div>
      <div class="live notice error" role="alert">${this.alert}</div>
      ${me ? this.renderSignedIn(me) : this.renderAuth()}
    </div>`;
  }
}
