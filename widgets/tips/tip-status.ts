import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import * as v from 'valibot';
import { parseTrackingHash, TipReopen, TipStatusQuery, type TipHistoryEntry, type TipStatusView } from '../../backend/tips/schema.ts';
import { ApiProblem, newIdempotencyKey } from '../core/api-client.ts';
import { BnSubmittedEvent } from '../core/events.ts';
import { formMessages } from '../core/form-messages.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { isolate, isolateParams } from '../core/bidi.ts';
import { TipsWidget } from './tips-widget.ts';
import { TipsViewApi } from './api-views.ts';
import { tipsViewStyles } from './view-styles.ts';
import { tipsViewMessages, type TipsViewMessageKey } from './view-messages.ts';

/**
 * @tag bn-tip-status
 * @summary The citizen's own view of a tip: status, history and every public answer,
 * by reference and code. Both come from the attributes, from the tracking link
 * (`#bn-tip=REF.CODE`, or `?ref=…&token=…`) or from a small lookup form. A resolved
 * tip that is not really fixed can be re-opened.
 *
 * @slot - Fallback for readers without JavaScript; shown again when the widget cannot load.
 * @fires bn-submitted - The tip was re-opened; `detail` is the new status view.
 * @csspart base - The status view.
 * @csspart lookup - The reference/code form.
 * @csspart status - The current status badge.
 * @csspart history - The list of history entries.
 * @csspart answer - The public answer.
 * @csspart reopen - The re-open form.
 * @cssprop --bn-color-success - Colour of "resolved".
 */
export class BnTipStatus extends TipsWidget {
  static override styles = [
    ...TipsWidget.styles,
    tipsViewStyles,
    css`
      [part~='history'] li {
        border-inline-start: 3px solid var(--_color-border);
        padding: 0 0 calc(var(--_space) / 2) calc(var(--_space) / 2);
      }
      time {
        color: var(--_color-muted);
        display: block;
      }
      blockquote {
        margin: 0 0 var(--_space);
        padding: calc(var(--_space) / 2) var(--_space);
        border-inline-start: 4px solid var(--_color-primary);
        white-space: pre-line;
      }
    `,
  ];

  private readonly onHash = () => this.readLink();

  @state() private formRef = '';
  @state() private formToken = '';
  @state() private lookupError = '';
  @state() private reason = '';
  @state() private reopenError = '';
  @state() private reopenBusy = false;
  @state() private reopenedNote = '';
  @state() private view?: TipStatusView;

  /** Reference, e.g. `BT-2026-00042`. */
  @property({ reflect: true }) ref = '';
  /** The secret tracking code from the confirmation. */
  @property() token = '';

  private readonly statusTask = new Task(this, {
    task: async ([client, ref, token], { signal }) => {
      if (!client || !ref || !token) return undefined;
      this.view = undefined;
      return new TipsViewApi(client).status(ref, token, signal);
    },
    args: () => [this.config ? this.client : undefined, this.ref, this.token] as const,
    onComplete: (view) => (this.view = view),
  });

  /** A text of the list and status view. */
  private v(key: TipsViewMessageKey, params?: Params): string {
    return tipsViewMessages.t(this.locale, key, params);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.ref || !this.token) this.readLink();
    window.addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  /** Reference and code from the tracking link: fragment first (never logged), then query. */
  private readLink(): void {
    const fromHash = parseTrackingHash(location.hash);
    const q = new URLSearchParams(location.search);
    const found = fromHash ?? (q.get('ref') && q.get('token') ? { ref: q.get('ref')!, token: q.get('token')! } : null);
    if (found) {
      this.ref = found.ref;
      this.token = found.token;
    }
  }

  private lookup(e: Event): void {
    e.preventDefault();
    const parsed = v.safeParse(TipStatusQuery, { ref: this.formRef, token: this.formToken.trim() });
    if (!parsed.success) {
      this.lookupError = this.v('statusNotFound');
      return;
    }
    this.lookupError = '';
    if (this.ref === parsed.output.ref && this.token === parsed.output.token) void this.statusTask.run();
    this.ref = parsed.output.ref;
    this.token = parsed.output.token;
  }

  private async reopen(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.reopenBusy) return;
    const parsed = v.safeParse(TipReopen, { ref: this.ref, token: this.token, reason: this.reason });
    if (!parsed.success) {
      this.reopenError = formMessages.t(this.locale, 'required');
      return;
    }
    this.reopenBusy = true;
    this.reopenError = '';
    try {
      const key = newIdempotencyKey();
      const api = new TipsViewApi(client);
      // The ALTCHA client loads when a citizen re-opens, not with the status view.
      const { withAltcha } = await import('../core/altcha.ts');
      const view = await withAltcha(client, {}, (altcha) => api.reopen(this.ref, this.token, parsed.output.reason, key, altcha));
      this.view = view;
      this.reason = '';
      this.reopenedNote = this.v('reopened');
      this.dispatchEvent(new BnSubmittedEvent(view));
    } catch (err) {
      this.reopenError = err instanceof ApiProblem && err.status < 500 ? err.detail || err.title : this.v('statusFailed');
    } finally {
      this.reopenBusy = false;
    }
  }

  private reset(): void {
    this.ref = this.token = '';
    this.view = undefined;
    this.formRef = this.formToken = '';
    this.reopenedNote = '';
    if (parseTrackingHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  }

  private historyText(h: TipHistoryEntry): string {
    if (h.type === 'status' && h.status) return this.v('hist_status', { status: this.v(`status_${h.status}` as TipsViewMessageKey) });
    return this.v(`hist_${h.type}` as TipsViewMessageKey);
  }

  private renderLookup() {
    return html`<form part="lookup" novalidate @submit=${this.lookup}>
      ${this.lookupError ? html`<div class="notice error" role="alert">${this.lookupError}</div>` : nothing}
      <bn-text-field name="ref" required label=${this.v('refLabel')} hint=${this.v('refHint')} autocomplete="off"
        .value=${this.formRef} @input=${(e: Event) => (this.formRef = (e.target as HTMLInputElement).value)}></bn-text-field>
      <bn-text-field name="token" required label=${this.v('tokenLabel')} hint=${this.v('tokenHint')} autocomplete="off"
        .value=${this.formToken} @input=${(e: Event) => (this.formToken = (e.target as HTMLInputElement).value)}></bn-text-field>
      <button type="submit" class="primary">${this.v('showStatus')}</button>
    </form>`;
  }

  private renderView(view: TipStatusView) {
    const date = (d: string) => formatDate(this.locale, d, { dateStyle: 'medium', timeStyle: 'short' });
    return html`<article part="base" aria-labelledby="st-title">
      <h3 id="st-title"><span class="ref">${view.ref}</span> · ${this.categoryLabel(view.category)}</h3>
      <p>${this.v('currentStatus')}: <span part="status" class="badge ${view.status}">${this.v(`status_${view.status}` as TipsViewMessageKey)}</span></p>
      <p class="muted">${isolateParams((p) => this.v('handledBy', p), { name: view.tenant.name })}${view.published ? html` · ${this.v('publishedYes')}` : nothing}</p>
      <p>${isolate(view.description)}</p>
      ${view.publicAnswer ? html`<h4>${this.v('answer')}</h4><blockquote part="answer">${isolate(view.publicAnswer)}</blockquote>` : nothing}
      <h4>${this.v('history')}</h4>
      <ol part="history" class="plain">
        ${[...view.history]
          .reverse()
          .map((h) => html`<li><time datetime=${h.at}>${date(h.at)}</time><strong>${this.historyText(h)}</strong>${h.text ? html`<p>${isolate(h.text)}</p>` : nothing}</li>`)}
      </ol>
      <div role="status">${this.reopenedNote ? html`<p class="notice success">${this.reopenedNote}</p>` : nothing}</div>
      ${
        view.canReopen
          ? html`<form part="reopen" novalidate @submit=${this.reopen}>
            <h4>${this.v('reopenTitle')}</h4>
            <bn-textarea name="reason" required rows="3" maxlength="2000" label=${this.v('reopenLabel')} .error=${this.reopenError}
              .value=${this.reason} @input=${(e: Event) => {
                this.reason = (e.target as HTMLTextAreaElement).value;
                this.reopenError = '';
              }}></bn-textarea>
            <button type="submit" class="primary" aria-disabled=${this.reopenBusy ? 'true' : 'false'}>${this.v('reopenSubmit')}</button>
          </form>`
          : nothing
      }
      <p><button type="button" @click=${this.reset}>${this.v('otherRef')}</button></p>
    </article>`;
  }

  override render() {
    return this.renderTips(() => {
      if (!this.ref || !this.token) return this.renderLookup();
      if (this.view) return this.renderView(this.view);
      return (
        this.statusTask.render({
          pending: () => html`<p role="status">${this.t('loading')}</p>`,
          error: (err) => {
            const notFound = err instanceof ApiProblem && (err.status === 404 || err.status === 422);
            return html`<div class="notice error" role="alert">
              <p>${notFound ? this.v('statusNotFound') : this.v('statusFailed')}</p>
              ${notFound ? nothing : html`<button type="button" @click=${() => this.statusTask.run()}>${this.t('retry')}</button>`}
            </div>
            ${this.renderLookup()}`;
          },
          complete: () => html``,
        }) ?? html``
      );
    });
  }
}
