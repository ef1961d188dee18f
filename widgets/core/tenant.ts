import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import type { ApiClient } from './api-client.ts';
import { BnElement } from './base-element.ts';
import { apiClientContext, localeContext, tenantContext, type TenantState } from './context.ts';
import type { Locale } from './i18n.ts';
import { TenantController } from './tenant-controller.ts';
import { renderLoading, renderUnavailable, tenantViewStyles } from './tenant-view.ts';

/**
 * @tag bn-tenant
 * @summary Provides one town's API client, language and public configuration to
 * every Bürgernah widget inside it, and applies the town's theme.
 *
 * @slot - The widgets, shown once the configuration has loaded.
 * @fires bn-ready - The configuration has loaded.
 * @fires bn-error - The key, the origin or the network failed; details in the console.
 * @csspart status - The loading message.
 * @csspart unavailable - The "not available" box shown on errors.
 * @csspart retry - The "try again" button (network errors only).
 * @cssprop --bn-color-primary - Main colour (buttons, links). Also every other `--bn-*` token.
 */
export class BnTenant extends BnElement {
  static override properties: PropertyDeclarations = {
    apiKey: { attribute: 'api-key' },
    apiBase: { attribute: 'api-base' },
    client: { attribute: false },
  };
  static override styles = [
    ...BnElement.styles,
    tenantViewStyles,
    css`
    :host {
      display: block;
    }
  `,
  ];

  private readonly tenant = new TenantController(this, () => (this.client || this.apiKey ? { client: this.client, apiKey: this.apiKey, apiBase: this.apiBase } : undefined));

  // Controllers rather than @provide: same behaviour, less code in the entry.
  private readonly clientProvider = new ContextProvider(this, { context: apiClientContext });
  private readonly stateProvider = new ContextProvider(this, { context: tenantContext });
  private readonly localeProvider = new ContextProvider(this, { context: localeContext });

  /** The publishable key (`bn_pk_…`) from the embed snippet. */
  apiKey = '';
  /** API origin; defaults to the origin the script was loaded from. */
  apiBase = '';
  /** A prepared client instead of key and base (tests, Storybook). */
  client?: ApiClient;

  /** The tenant's language: the page's, limited to the languages the town offers. */
  override get locale(): Locale {
    const wanted = super.locale;
    const offered = this.tenant.state.config?.languages;
    return offered?.[0] && !offered.includes(wanted) ? offered[0] : wanted;
  }

  get state(): TenantState {
    return this.tenant.state;
  }

  // update(), not willUpdate(): controllers' hostUpdate (where the config load starts)
  // runs between the two, and the providers must advertise the state being rendered.
  protected override update(changed: PropertyValues): void {
    const state = this.tenant.state;
    const prev = this.stateProvider.value;
    // setValue notifies consumers only when the value changed (by identity).
    this.clientProvider.setValue(this.tenant.client);
    if (prev?.status !== state.status || prev.config !== state.config) this.stateProvider.setValue(state);
    this.localeProvider.setValue(this.locale);
    super.update(changed);
  }

  override render() {
    const state = this.tenant.state;
    if (state.status === 'error') return renderUnavailable(this.locale, state.error, () => this.tenant.retry());
    if (state.status === 'loading') return renderLoading(this.locale);
    return html`<slot></slot>`;
  }
}
