import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AdminElement } from './shared.ts';
import type { ApiKey, Tenant } from './types.ts';
import { isolateText } from '../core/bidi.ts';
import { catalogueFor } from '../core/catalogue.ts';

export type EmbedVariant = 'module' | 'classic';

/** The exact HTML a webmaster pastes: one script tag, then the provider and the widget. */
export function embedSnippet(opts: { base: string; key: string; tag: string; variant: EmbedVariant }): string {
  const base = opts.base.replace(/\/+$/, '');
  const script = opts.variant === 'module' ? `<script type="module" src="${base}/widgets/buergernah.js"></script>` : `<script src="${base}/widgets/buergernah.classic.js" defer></script>`;
  return `${script}\n<bn-tenant api-key="${opts.key}">\n  <${opts.tag}></${opts.tag}>\n</bn-tenant>`;
}

/**
 * The sources a town's Content-Security-Policy must allow: the bundle and the API live on
 * one origin; photos are previewed from blob:/data: URLs; the proof-of-work runs in a
 * blob: worker that imports its solver from the API origin (module workers fetch their
 * whole graph under worker-src); map tiles come from the tenant's tile server. Styles need nothing: the
 * widgets use constructable stylesheets, which `style-src` does not govern.
 */
export function cspLines(opts: { base: string; tileUrl?: string | null }): string {
  const base = opts.base.replace(/\/+$/, '');
  let tiles = '';
  if (opts.tileUrl) {
    try {
      // Tile templates contain {s}/{z}; the host (with a wildcard for {s}) is what CSP needs.
      const host = new URL(opts.tileUrl.replace(/\{s\}/g, 'a').replace(/\{[a-z]\}/g, '0'));
      tiles = ' ' + (opts.tileUrl.includes('{s}.') ? `${host.protocol}//*.${host.host.split('.').slice(1).join('.')}` : host.origin);
    } catch {
      tiles = '';
    }
  }
  return [`script-src ${base};`, `connect-src ${base};`, `img-src ${base} data: blob:${tiles};`, `worker-src blob: ${base};`].join('\n');
}

/**
 * @summary The snippet generator: for a tenant and one of its publishable keys, the script
 * tag and element to paste for each widget (ES module or classic script), and the CSP lines
 * the town's site needs. It offers the elements of widgets/core/catalogue.ts that the
 * tenant's modules use — only elements the bundle really has.
 */
export class BnAdminSnippet extends AdminElement {
  @state() private keyId = '';
  @state() private tag = '';
  @state() private variant: EmbedVariant = 'module';

  @property({ attribute: false }) tenant?: Tenant;
  @property({ attribute: false }) keys: ApiKey[] = [];
  /** Origin of the API and the widgets bundle. */
  @property() base = location.origin;

  private get usable(): ApiKey[] {
    return this.keys.filter((k) => k.kind === 'publishable' && k.publishableKey && (k.status === 'active' || k.status === 'expiring'));
  }

  override render() {
    const t = this.tenant;
    if (!t) return nothing;
    const keys = this.usable;
    // Newest active key first; a rotated (expiring) one only when chosen.
    const key = keys.find((k) => k.id === this.keyId) ?? [...keys].reverse().find((k) => k.status === 'active') ?? keys[0];
    if (!key) return html`<p class="notice">${this.m('snippetNoKey')}</p>`;
    const offered = catalogueFor(t.modules);
    const widget = offered.find((w) => w.tag === this.tag) ?? offered[0];
    if (!widget) return html`<p class="notice">${this.m('snippetNoWidget')}</p>`;
    const snippet = embedSnippet({ base: this.base, key: key.publishableKey!, tag: widget.tag, variant: this.variant });
    return html`<p>${this.m('snippetIntro')}</p>
      ${t.origins.length ? nothing : html`<p class="notice error">${this.m('originMissing')}</p>`}
      <div class="field">
        <label for="s-key">${this.m('fieldSnippetKey')}</label>
        <select id="s-key" @change=${(e: Event) => (this.keyId = (e.target as HTMLSelectElement).value)}>
          ${keys.map((k) => html`<option value=${k.id} ?selected=${k.id === key.id}>${isolateText(k.label || k.hint)} (${k.hint})</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="s-widget">${this.m('fieldWidget')}</label>
        <select id="s-widget" @change=${(e: Event) => (this.tag = (e.target as HTMLSelectElement).value)}>
          ${offered.map((w) => html`<option value=${w.tag} ?selected=${w.tag === widget.tag}>${w.label[this.locale]} – &lt;${w.tag}&gt;</option>`)}
        </select>
      </div>
      <fieldset>
        <legend>${this.m('fieldVariant')}</legend>
        ${(['module', 'classic'] as const).map(
          (variant) => html`<label class="check"
            ><input
              type="radio"
              name="variant"
              value=${variant}
              .checked=${this.variant === variant}
              @change=${() => (this.variant = variant)}
            />
            ${this.m(variant === 'module' ? 'variantModule' : 'variantClassic')}</label
          >`,
        )}
      </fieldset>
      <bn-admin-copy-block class="snippet" .label=${this.m('snippetCode')} .text=${snippet}></bn-admin-copy-block>
      ${widget.hint ? html`<p class="hint widget-hint">${widget.hint[this.locale]}</p>` : nothing}
      <h4>${this.m('cspTitle')}</h4>
      <p>${this.m('cspIntro')}</p>
      <bn-admin-copy-block class="csp" .label=${this.m('cspCode')} .text=${cspLines({ base: this.base, tileUrl: t.map.tileUrl })}></bn-admin-copy-block>`;
  }
}
