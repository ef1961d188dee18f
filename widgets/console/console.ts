import { renderKeySignIn, renderLangSwitch } from '../core/staff-ui.ts';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { provide } from '@lit/context';
import { ApiClient } from '../core/api-client.ts';
import { ApiProblem } from '../core/api-errors.ts';
import { apiClientContext, localeContext } from '../core/context.ts';
import type { Locale } from '../core/i18n.ts';
import { staffContext, type StaffMe } from './context.ts';
import { consoleSections, type ConsoleSection } from './registry.ts';
import { ConsoleElement, describeError } from './shared.ts';
import './sections.ts';

/** Session storage only: the key is gone when the tab closes, and never in localStorage. */
export const STAFF_KEY_STORAGE = 'bn-console-key';
const LANG_STORAGE = 'bn-console-lang';
/** Format only; the checksum and everything else is the server's to judge. */
export const STAFF_KEY_FORMAT = /^bn_sk_[0-9A-Za-z]{28}$/;

/**
 * @summary The staff console: sign in with a personal staff key, then the shell the
 * modules fill — tenant name, navigation of the sections enabled for the tenant (see
 * registry.ts), language switch, sign-out.
 *
 * @csspart base - The console's wrapper.
 * @csspart nav - The section navigation.
 * @cssprop --bn-color-primary - Main colour of buttons and links.
 */
export class BnConsole extends ConsoleElement {
  static styles = [
    ...ConsoleElement.styles,
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
      .shell {
        display: grid;
        grid-template-columns: minmax(10rem, 14rem) 1fr;
        gap: var(--_space);
        align-items: start;
      }
      @media (max-width: 40rem) {
        .shell {
          grid-template-columns: 1fr;
        }
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: calc(var(--_space) / 4);
      }
      nav a {
        display: block;
        padding: calc(var(--_space) / 2);
        border-radius: var(--_radius);
        border: 2px solid transparent;
        color: var(--_color-primary);
        font-weight: 600;
        text-decoration: none;
      }
      nav a:hover {
        text-decoration: underline;
      }
      nav a[aria-current='page'] {
        background: var(--_color-primary);
        color: var(--_color-on-primary);
      }
      /* Empty live regions stay in the accessibility tree (a region that appears together
         with its message is often not announced); they just take no space. */
      .live:empty {
        border: 0;
        padding: 0;
        margin: 0;
      }
    `,
  ];

  @query('#key') private keyInput?: HTMLInputElement;
  @query('#section-title') private sectionTitle?: HTMLElement;

  @provide({ context: apiClientContext }) protected providedClient?: ApiClient;
  @provide({ context: staffContext }) @state() protected me?: StaffMe;
  @provide({ context: localeContext }) protected providedLocale?: Locale;

  @state() private phase: 'signed-out' | 'checking' | 'signed-in' = 'signed-out';
  @state() private current?: string;
  @state() private loaded = new Set<string>();
  @state() private failed = new Set<string>();
  @state() private signInError = '';
  @state() private status = '';

  /** API origin; the console page is served by the API, so its own origin by default. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** A fetch to use instead of the browser's (tests, Storybook). */
  @property({ attribute: false }) fetcher?: typeof fetch;

  constructor() {
    super();
    // In the constructor, not connectedCallback: a re-attached element must not listen twice.
    this.addEventListener('bn-console-session-end', () => this.signOut('sessionEnded'));
  }

  connectedCallback(): void {
    super.connectedCallback();
    const lang = sessionStorage.getItem(LANG_STORAGE);
    if (!this.lang && (lang === 'de' || lang === 'en')) this.lang = lang;
    const key = sessionStorage.getItem(STAFF_KEY_STORAGE);
    if (key && this.phase === 'signed-out') void this.signIn(key, false);
  }

  protected willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.providedLocale !== this.locale) this.providedLocale = this.locale;
  }

  /** The sections this tenant sees. */
  get sections(): ConsoleSection[] {
    return this.me ? consoleSections(this.me.tenant.modules) : [];
  }

  private async signIn(key: string, interactive: boolean): Promise<void> {
    if (!STAFF_KEY_FORMAT.test(key)) {
      this.signInError = this.m('keyFormat');
      this.keyInput?.focus();
      return;
    }
    this.phase = 'checking';
    this.signInError = '';
    const client = new ApiClient({ baseUrl: (this.apiBase || location.origin).replace(/\/+$/, ''), apiKey: key, fetch: this.fetcher, retries: 1 });
    let me: StaffMe;
    try {
      me = await client.get<StaffMe>('/v1/staff/me');
    } catch (err) {
      this.phase = 'signed-out';
      sessionStorage.removeItem(STAFF_KEY_STORAGE);
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
    sessionStorage.setItem(STAFF_KEY_STORAGE, key);
    this.providedClient = client;
    this.me = me;
    this.phase = 'signed-in';
    this.status = '';
    const wanted = location.hash.slice(1);
    const sections = this.sections;
    await this.open(sections.find((s) => s.id === wanted)?.id ?? sections[0]?.id, interactive);
  }

  /** Ends the session; `reason` is shown on the sign-in form. */
  signOut(reason: 'signedOut' | 'sessionEnded' = 'signedOut'): void {
    sessionStorage.removeItem(STAFF_KEY_STORAGE);
    this.providedClient = undefined;
    this.me = undefined;
    this.current = undefined;
    this.phase = 'signed-out';
    this.status = reason === 'signedOut' ? this.m('signedOut') : '';
    this.signInError = reason === 'sessionEnded' ? this.m('sessionEnded') : '';
    void this.updateComplete.then(() => this.keyInput?.focus());
  }

  private async open(id: string | undefined, focus = true): Promise<void> {
    this.current = id;
    const section = this.sections.find((s) => s.id === id);
    if (!section) return;
    history.replaceState(null, '', `#${section.id}`);
    if (!this.loaded.has(section.id) && !customElements.get(section.tag)) {
      try {
        await section.load();
        await customElements.whenDefined(section.tag);
      } catch (err) {
        console.error(`Bürgernah <bn-console>: section "${section.id}" failed to load`, err);
        this.failed = new Set([...this.failed, section.id]);
      }
    }
    this.loaded = new Set([...this.loaded, section.id]);
    await this.updateComplete;
    if (focus) this.sectionTitle?.focus();
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

  private renderSection(section: ConsoleSection | undefined) {
    if (!section) return html`<p>${this.m('noSections')}</p>`;
    const title = html`<h2 id="section-title" tabindex="-1">${section.label[this.locale]}</h2>`;
    if (this.failed.has(section.id)) return html`${title}<div class="notice error" role="alert">${this.m('sectionFailed')}</div>`;
    if (!this.loaded.has(section.id)) return html`${title}<p role="status">${this.m('sectionLoading')}</p>`;
    const tag = unsafeStatic(section.tag);
    return html`${title}${staticHtml`<${tag}></${tag}>`}`;
  }

  private renderShell(me: StaffMe) {
    const sections = this.sections;
    const section = sections.find((s) => s.id === this.current);
    return html`<div class="shell">
      <nav part="nav" aria-label=${this.m('sectionsNav')}>
        <ul>
          ${sections.map(
            (s) => html`<li>
              <a
                href="#${s.id}"
                aria-current=${s.id === this.current ? 'page' : 'false'}
                @click=${(e: Event) => {
                  e.preventDefault();
                  void this.open(s.id);
                }}
                >${s.label[this.locale]}</a
              >
            </li>`,
          )}
        </ul>
      </nav>
      <div class="section">${this.renderSection(section)}</div>
    </div>`;
  }

  render() {
    const me = this.phase === 'signed-in' ? this.me : undefined;
    return html`<div part="base" lang=${this.locale}>
      <header>
        <div>
          <h1>${me ? me.tenant.name : this.m('appTitle')}</h1>
          ${me
            ? html`<p class="muted">
                ${this.m('appTitle')}${me.tenant.parent ? html` · ${this.m('community', { name: me.tenant.parent.name })}` : nothing}
                · ${this.m('signedInAs', { label: me.key.label || me.key.id })}
              </p>`
            : nothing}
        </div>
        <div class="row">
          ${this.renderLangSwitch()}
          ${me ? html`<button type="button" class="sign-out" @click=${() => this.signOut()}>${this.m('signOut')}</button>` : nothing}
        </div>
      </header>
      <div class="live notice" role="status">${this.status}</div>
      ${me ? this.renderShell(me) : this.renderSignIn()}
    </div>`;
  }
}
