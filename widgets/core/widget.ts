import { css, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { ApiClient } from './api-client.ts';
import { BnElement } from './base-element.ts';
import type { PublicConfig } from './config.ts';
import type { Locale } from './i18n.ts';
import { apiClientContext, tenantContext, type TenantState } from './context.ts';
import { TenantController } from './tenant-controller.ts';
import { renderLoading, renderUnavailable, tenantViewStyles } from './tenant-view.ts';

/**
 * Base of every module widget (tip form, Kita registration, job list …). Inside a
 * `<bn-tenant>` it uses the client and config provided there; with its own
 * `api-key` attribute it loads them itself, through the same TenantController.
 *
 *   render() { return this.renderWithTenant((config) => html`…`); }
 */
export class BnWidget extends BnElement {
  static override styles = [
    ...BnElement.styles,
    tenantViewStyles,
    css`
    :host {
      display: block;
    }
  `,
  ];
  // Without decorators, like BnElement's: the tip form's first paint is on a gzip budget
  // (bench/bundle-size.ts; see BnFormElement.properties).
  static override properties: PropertyDeclarations = {
    contextClient: { state: true },
    contextState: { state: true },
    apiKey: { attribute: 'api-key' },
    apiBase: { attribute: 'api-base' },
  };

  private readonly own = new TenantController(this, () => (this.apiKey ? { apiKey: this.apiKey, apiBase: this.apiBase } : undefined));

  private contextClient?: ApiClient;
  private contextState?: TenantState;

  /** Use this widget without `<bn-tenant>`: the publishable key. */
  apiKey = '';
  /** API origin when used alone; defaults to the script's origin. */
  apiBase = '';

  constructor() {
    super();
    new ContextConsumer(this, { context: apiClientContext, subscribe: true, callback: (c) => (this.contextClient = c) });
    new ContextConsumer(this, { context: tenantContext, subscribe: true, callback: (s) => (this.contextState = s) });
  }

  /** The API client: own when `api-key` is set, else the provider's. */
  get client(): ApiClient | undefined {
    return this.apiKey ? this.own.client : this.contextClient;
  }

  get tenantState(): TenantState {
    if (this.apiKey) return this.own.state;
    return this.contextState ?? { status: 'error', error: new Error('No <bn-tenant> around and no api-key attribute') };
  }

  /** Standalone, the town's languages limit the page's (inside a tenant, it did that). */
  override get locale(): Locale {
    const wanted = super.locale;
    const offered = this.apiKey ? this.own.state.config?.languages : undefined;
    return offered?.[0] && !offered.includes(wanted) ? offered[0] : wanted;
  }

  get config(): PublicConfig | undefined {
    return this.tenantState.config;
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    if (!this.apiKey && !this.contextState) {
      console.error(`Bürgernah <${this.localName}>: place it inside <bn-tenant api-key="bn_pk_…"> or give it an api-key attribute.`);
    }
  }

  /** Loading and error states handled; `ready` renders the widget itself. */
  protected renderWithTenant(ready: (config: PublicConfig, client: ApiClient) => TemplateResult): TemplateResult {
    const s = this.tenantState;
    if (s.status === 'loading') return renderLoading(this.locale);
    if (s.status === 'error' || !s.config || !this.client) {
      return renderUnavailable(this.locale, s.error, () => this.own.retry());
    }
    return ready(s.config, this.client);
  }
}
