import { html, type ReactiveController, type TemplateResult } from 'lit';
import type { ApiClient } from '../core/api-client.ts';
import type { PublicConfig } from '../core/config.ts';
import type { Params } from '../core/i18n.ts';
import { renderLoading, renderUnavailable } from '../core/tenant-view.ts';
import { BnWidget } from '../core/widget.ts';
import type { TipsPublicSettings } from '../../backend/tips/schema.ts';
import { TipsApi } from './api.ts';
import { localized } from './form-parts.ts';
import { ensureTipsLocale, tipsMessages, type TipsMessageKey } from './messages.ts';
import { tipsStyles } from './styles.ts';

/**
 * The tenant's tips settings (GET /v1/tips/categories), loaded once per API client,
 * abortable, with `run()` for "try again". Not @lit/task: these few lines keep the tip
 * form's first paint within its gzip budget (bench/bundle-size.ts), and a module widget
 * loads nothing else before the citizen acts.
 */
export class SettingsLoader implements ReactiveController {
  value?: TipsPublicSettings;
  failed = false;
  private loadedFor?: ApiClient | null;
  private abort?: AbortController;

  constructor(
    private readonly host: BnWidget,
    private readonly client: () => ApiClient | undefined,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.client() ?? null;
    if (client !== this.loadedFor) this.run(client);
  }

  hostDisconnected(): void {
    // A load cut short starts again when the element comes back.
    if (!this.value && this.loadedFor) {
      this.abort?.abort();
      this.loadedFor = undefined;
    }
  }

  /** Loads (again): on a new client, and from the "try again" button. */
  run(client: ApiClient | null = this.client() ?? null): void {
    this.abort?.abort();
    this.loadedFor = client;
    this.value = undefined;
    this.failed = false;
    if (!client) return;
    const abort = new AbortController();
    this.abort = abort;
    new TipsApi(client).settings(abort.signal).then(
      (settings) => {
        if (abort.signal.aborted) return;
        this.value = settings;
        this.host.requestUpdate();
      },
      () => {
        if (abort.signal.aborted) return;
        this.failed = true;
        this.host.requestUpdate();
      },
    );
    this.host.requestUpdate();
  }
}

/** Base of the citizen-side tips widgets: messages, the tenant's tips settings, fallback. */
export class TipsWidget extends BnWidget {
  static override styles = [...BnWidget.styles, tipsStyles];

  /** Kinds, categories and form rules, once the tenant is ready. */
  protected readonly settings = new SettingsLoader(this, () => (this.config ? this.client : undefined));
  private textsFailed = false;

  protected m(key: TipsMessageKey, params?: Params): string {
    return tipsMessages.t(this.locale, key, params);
  }

  categoryLabel(id: string): string {
    return localized(this.settings.value?.categories.find((c) => c.id === id)?.label, this.locale) || id;
  }

  /** Loading and errors handled; when the widget cannot work, the town's light-DOM fallback shows. */
  protected renderTips(ready: (config: PublicConfig, client: ApiClient) => TemplateResult): TemplateResult {
    if (this.tenantState.status === 'error') return html`${this.renderWithTenant(() => html``)}<slot></slot>`;
    // The texts of the page's language failed to load (network): "try again", never a lasting "Loading".
    if (this.textsFailed) {
      return renderUnavailable(this.locale, undefined, () => {
        this.textsFailed = false;
        this.requestUpdate();
      });
    }
    const waiting = ensureTipsLocale(this.locale);
    if (waiting) {
      void waiting.then(
        () => this.requestUpdate(),
        (err: unknown) => {
          console.warn(`Bürgernah <${this.localName}>: the texts in "${this.locale}" could not be loaded.`, err);
          this.textsFailed = true;
          this.requestUpdate();
        },
      );
      return renderLoading(this.locale);
    }
    return this.renderWithTenant(ready);
  }
}
