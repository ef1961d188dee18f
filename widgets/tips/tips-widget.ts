import { html, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { PublicConfig } from '../core/config.ts';
import type { Params } from '../core/i18n.ts';
import { renderLoading } from '../core/tenant-view.ts';
import { BnWidget } from '../core/widget.ts';
import { TipsApi } from './api.ts';
import { localized } from './form-parts.ts';
import { ensureTipsLocale, tipsMessages, type TipsMessageKey } from './messages.ts';
import { tipsStyles } from './styles.ts';

/** Base of the citizen-side tips widgets: messages, the tenant's tips settings, fallback. */
export class TipsWidget extends BnWidget {
  static override styles = [...BnWidget.styles, tipsStyles];

  /** Kinds, categories and form rules (GET /v1/tips/categories), once the tenant is ready. */
  protected readonly settingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? new TipsApi(client).settings(signal) : undefined),
    args: () => [this.config ? this.client : undefined] as const,
  });

  protected m(key: TipsMessageKey, params?: Params): string {
    return tipsMessages.t(this.locale, key, params);
  }

  protected categoryLabel(id: string): string {
    return localized(this.settingsTask.value?.categories.find((c) => c.id === id)?.label, this.locale) || id;
  }

  /** Loading and errors handled; when the widget cannot work, the town's light-DOM fallback shows. */
  protected renderTips(ready: (config: PublicConfig, api: TipsApi) => TemplateResult): TemplateResult {
    if (this.tenantState.status === 'error') return html`${this.renderWithTenant(() => html``)}<slot></slot>`;
    const waiting = ensureTipsLocale(this.locale);
    if (waiting) {
      void waiting.then(() => this.requestUpdate());
      return renderLoading(this.locale);
    }
    return this.renderWithTenant((config, client) => ready(config, new TipsApi(client)));
  }
}
