import { renderKeySignIn, renderLangSwitch } from '../core/staff-ui.ts';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { ApiClient } from '../core/api-client.ts';
import { ApiProblem } from '../core/api-errors.ts';
import { localeContext } from '../core/context.ts';
import type { Locale } from '../core/i18n.ts';
import { AdminApi } from './api.ts';
import { AdminElement, adminApiContext, describeError, type AdminAnnounceEvent } from './shared.ts';
import type { BnAdminTenant } from './tenant-view.ts';
import type { TenantSavedEvent } from './tenant-form.ts';
import type { Tenant } from './types.ts';

/** Session storage only: the key is gone when the tab closes, and never in localStorage. */
export const ADMIN_KEY_STORAGE = 'bn-admin-key';
const LANG_STORAGE = 'bn-admin-lang';
/** Format only; the checksum and everything else is the server's to judge. */
export const ADMIN_KEY_FORMAT = /^bn_ak_[0-9A-Za-z]{28}$/;

type View = { name: 'list' } | { name: 'create' } | { name: 'tenant'; slug: string };

/**
 * @summary The hosting office's console: sign in with an admin key, manage tenants
 * (create, edit origins, community, modules), their keys (create – shown once –, revoke,
 * rotate) and copy the embed snippet for each widget.
 *
 * @csspart base - The console's wrapper.
 * @cssprop --bn-color-primary - Main colour of buttons and links.
 */
export class BnAdmin extends AdminElement {
  static styles = [
    ...AdminElement.styles,
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
      .signin {
        max-inline-size: 40rem;
      }
      /* Empty live regions stay in the accessibility tree (a region that appears together
         with its message is often not announced); they just take no space. */
      .live:empty {
        border: 0;
        padding: 0;
        margin: 0;
      }
      .live {
        margin-block-end: var(--_space);
      }
    `,
  ];

  @query('#key') private keyInput?: HTMLInputElement;
  @query('#view-title') private viewTitle?: HTMLElement;
  @query('bn-admin-tenant') private tenantView?: BnAdminTenant;

  @provide({ context: adminApiContext }) @state() protected providedApi?: AdminApi;
  @provide({ context: localeContext }) protected providedLocale?: Locale;

  @state() private phase: 'signed-out' | 'checking' | 'signed-in' = 'signed-out';
  @state() private view: View = { name: 'list' };
  @state() private tenants: Tenant[] = [];
  @state() private signInError = '';
  @state() private status = '';
  @state() private alert = '';

  /** API origin; the console page is served by the API, so its own origin by default. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** A fetch to use instead of the browser's (tests, Storybook). */
  @property({ attribute: false }) fetcher?: typeof fetch;

  constructor() {
    super();
    // In the constructor, not connectedCallback: a re-attached element must not listen twice.
    this.addEventListener('bn-admin-announce', (e: AdminAnnounceEvent) => this.show(e.message, e.tone));
    this.addEventListener('bn-admin-session-end', () => this.signOut('sessionEnded'));
    this.addEventListener('bn-admin-tenant-saved', (e: TenantSavedEvent) => this.onSaved(e));
    this.addEventListener('bn-admin-open', (e) => void this.go({ name: 'tenant', slug: e.slug }));
    this.addEventListener('bn-admin-new', () => void this.go({ name: 'create' }));
    this.addEventListener('bn-admin-cancel', () => void this.go({ name: 'list' }));
    this.addEventListener('bn-admin-back', () => void this.go({ name: 'list' }));
  }

  connectedCallback(): void {
    super.connectedCallback();
    const lang = sessionStorage.getItem(LANG_STORAGE);
    if (!this.lang && (lang === 'de' || lang === 'en')) this.lang = lang;
    const key = sessionStorage.getItem(ADMIN_KEY_STORAGE);
    if (key && this.phase === 'signed-out') void this.signIn(key, false);
  }

  protected willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.providedLocale !== this.locale) this.providedLocale = this.locale;
  }

  private get base(): string {
    return (this.apiBase || location.origin).replace(/\/+$/, '');
  }

  private show(message: string, tone: 'status' | 'error'): void {
    // Cleared first so the same message twice is announced twice.
    this.status = '';
    this.alert = '';
    void this.updateComplete.then(() => {
      if (tone === 'error') this.alert = message;
      else this.status = message;
    });
  }

  private async signIn(key: string, interactive: boolean): Promise<void> {
    if (!ADMIN_KEY_FORMAT.test(key)) {
      this.signInError = this.m('keyFormat');
      this.keyInput?.focus();
      return;
    }
    this.phase = 'checking';
    this.signInError = '';
    const api = new AdminApi(new ApiClient({ baseUrl: this.base, apiKey: key, fetch: this.fetcher, retries: 1 }));
    try {
      this.tenants = await api.tenants();
    } catch (err) {
      this.phase = 'signed-out';
      sessionStorage.removeItem(ADMIN_KEY_STORAGE);
      this.signInError =
        err instanceof ApiProblem && err.status === 401
          ? this.m('keyRejected')
          : err instanceof ApiProblem && err.status === 403
            ? this.m('keyForbidden')
            : describeError(this.locale, err);
      await this.updateComplete;
      if (interactive) this.keyInput?.focus();
      return;
    }
    sessionStorage.setItem(ADMIN_KEY_STORAGE, key);
    this.providedApi = api;
    this.phase = 'signed-in';
    this.status = '';
    this.alert = '';
    await this.go({ name: 'list' }, interactive);
  }

  /** Ends the session; `reason` is shown on the sign-in form. */
  signOut(reason: 'signedOut' | 'sessionEnded' = 'signedOut'): void {
    sessionStorage.removeItem(ADMIN_KEY_STORAGE);
    this.providedApi = undefined;
    this.tenants = [];
    this.phase = 'signed-out';
    this.view = { name: 'list' };
    this.alert = '';
    this.status = reason === 'signedOut' ? this.m('signedOut') : '';
    this.signInError = reason === 'sessionEnded' ? this.m('sessionEnded') : '';
    void this.updateComplete.then(() => this.keyInput?.focus());
  }

  private async refreshTenants(): Promise<void> {
    if (!this.providedApi) return;
    try {
      this.tenants = await this.providedApi.tenants();
    } catch (err) {
      this.checkSession(err);
      this.show(this.describeError(err), 'error');
    }
  }

  private async go(view: View, focus = true): Promise<void> {
    this.view = view;
    if (view.name === 'list') void this.refreshTenants();
    await this.updateComplete;
    if (!focus) return;
    if (view.name === 'tenant') await this.tenantView?.focusTitle();
    else this.viewTitle?.focus();
  }

  private onSaved(e: TenantSavedEvent): void {
    void this.refreshTenants();
    if (e.created) void this.go({ name: 'tenant', slug: e.tenant.slug });
  }

  private setLang(lang: Locale): void {
    this.lang = lang;
    sessionStorage.setItem(LANG_STORAGE, lang);
  }

  private renderLangSwitch() {
    return renderLangSwitch(this.m('language'), this.locale, (l) => this.setLang(l));
  }

  private renderSignIn() {
    return renderKeySignIn((k) => this.m(k), { checking: this.phase === 'checking', error: this.signInError }, (key) => void this.signIn(key, true));
  }

  private renderView() {
    const v = this.view;
    if (v.name === 'tenant') {
      return html`<bn-admin-tenant .slug=${v.slug} .tenants=${this.tenants} .base=${this.base}></bn-admin-tenant>`;
    }
    if (v.name === 'create') {
      return html`<button type="button" class="link back" @click=${() => this.go({ name: 'list' })}>← ${this.m('back')}</button>
        <h2 id="view-title" tabindex="-1">${this.m('createTitle')}</h2>
        <section class="card">
          <bn-admin-tenant-form .tenants=${this.tenants}></bn-admin-tenant-form>
        </section>`;
    }
    return html`<h2 id="view-title" tabindex="-1">${this.m('tenantsTitle')}</h2>
      <bn-admin-tenants .tenants=${this.tenants}></bn-admin-tenants>`;
  }

  render() {
    const signedIn = this.phase === 'signed-in';
    return html`<div part="base" lang=${this.locale}>
      <header>
        <div>
          <h1>${this.m('appTitle')}</h1>
          <p class="muted">${this.m('appSubtitle')}</p>
        </div>
        <div class="row">
          ${this.renderLangSwitch()}
          ${signedIn ? html`<button type="button" class="sign-out" @click=${() => this.signOut()}>${this.m('signOut')}</button>` : nothing}
        </div>
      </header>
      <div class="live notice" role="status">${this.status}</div>
      <div class="live notice error" role="alert">${this.alert}</div>
      ${signedIn ? this.renderView() : this.renderSignIn()}
    </div>`;
  }
}
