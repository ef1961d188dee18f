import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { consoleSections, onSectionsChange, type ConsoleSection } from '../core/console-registry.ts';
import type { Params } from '../core/i18n.ts';
import type { Me } from '../core/staff-context.ts';
import { StaffShellElement } from '../core/staff-shell.ts';
import { consoleMessages, type ConsoleMessageKey } from './messages.ts';
import { consoleStyles } from './styles.ts';
import './platform-sections.ts';
import { isolateParams } from '../core/bidi.ts';

/**
 * @summary The staff console: sign in as a person (see `StaffShellElement`), then the
 * shell the modules fill — tenant name, navigation of the sections this person may use
 * (registered by the modules in core's console registry), language switch, sign-out.
 *
 * @csspart base - The console's wrapper.
 * @csspart nav - The section navigation.
 * @cssprop --bn-color-primary - Main colour of buttons and links.
 */
export class BnConsole extends StaffShellElement {
  static override styles = [
    ...StaffShellElement.styles,
    ...consoleStyles,
    css`
      .shell {
        display: grid;
        grid-template-columns: minmax(10rem, 14rem) minmax(0, 1fr);
        gap: var(--_space);
        align-items: start;
      }
      @media (max-width: 40rem) {
        .shell {
          grid-template-columns: minmax(0, 1fr);
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
    `,
  ];

  private stopRegistry?: () => void;

  @query('#section-title') private sectionTitle?: HTMLElement;

  @state() private current?: string;
  @state() private loaded = new Set<string>();
  @state() private failed = new Set<string>();

  override connectedCallback(): void {
    super.connectedCallback();
    // Registration files may arrive after the console (they are separate imports).
    this.stopRegistry = onSectionsChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRegistry?.();
  }

  /** A console text in this element's language. */
  private m(key: ConsoleMessageKey, params?: Params): string {
    return consoleMessages.t(this.locale, key, params);
  }

  /** The sections the signed-in person may use. */
  get sections(): ConsoleSection[] {
    const me = this.session.me;
    if (!me?.tenant) return [];
    return consoleSections({ modules: me.tenant.modules, roles: me.user.roles });
  }

  protected override accepts(me: Me): boolean {
    return !!me.tenant;
  }

  protected override appTitle(): string {
    const me = this.session.screen.name === 'signed-in' ? this.session.me : undefined;
    return me?.tenant ? me.tenant.name : this.m('appTitle');
  }

  protected override subtitle(me: Me) {
    const parent = me.tenant?.parent;
    return html`${this.m('appTitle')}${parent ? html` · ${isolateParams((p) => this.m('community', p), { name: parent.name })}` : nothing}`;
  }

  protected override async signedIn(): Promise<void> {
    const wanted = location.hash.slice(1);
    const sections = this.sections;
    const keep = sections.find((s) => s.id === (this.current ?? wanted));
    await this.open(keep?.id ?? sections[0]?.id);
  }

  private async open(id: string | undefined, focus = true): Promise<void> {
    this.current = id;
    const section = this.sections.find((s) => s.id === id);
    if (!section) {
      await this.updateComplete;
      if (focus) this.sectionTitle?.focus();
      return;
    }
    history.replaceState(history.state, '', `#${section.id}`);
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

  private renderSection(section: ConsoleSection | undefined) {
    if (!section) return html`<h2 id="section-title" tabindex="-1">${this.m('noSectionsTitle')}</h2><p>${this.m('noSections')}</p>`;
    const title = html`<h2 id="section-title" tabindex="-1">${section.label(this.locale)}</h2>`;
    if (this.failed.has(section.id)) return html`${title}<div class="notice error" role="alert">${this.m('sectionFailed')}</div>`;
    if (!this.loaded.has(section.id)) return html`${title}<p role="status">${this.m('sectionLoading')}</p>`;
    const tag = unsafeStatic(section.tag);
    return html`${title}${staticHtml`<${tag}></${tag}>`}`;
  }

  protected override renderSignedIn() {
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
                >${s.label(this.locale)}</a
              >
            </li>`,
          )}
        </ul>
      </nav>
      <div class="section">${this.renderSection(section)}</div>
    </div>`;
  }
}
