import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { parseDraftHash, type DraftData } from '../../backend/kita/schema.ts';
import { newIdempotencyKey, type ApiClient } from '../core/api-client.ts';
import type { PublicConfig } from '../core/config.ts';
import { formatDate, type Locale, type Params } from '../core/i18n.ts';
import { KitaApi } from './api.ts';
import { kitaMessages, type KitaMessageKey } from './messages.ts';

export interface DraftHost extends ReactiveControllerHost {
  readonly locale: Locale;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client: ApiClient | undefined;
  readonly config: PublicConfig | undefined;
}

interface DraftView {
  later: '' | 'ask' | 'sending' | 'sent' | 'failed';
  /** Where the resume link goes, and until when the draft is kept (formatted). */
  email: string;
  until: string;
  resumeNote: '' | 'ok' | 'failed';
}

export interface DraftOptions {
  /** What the family typed so far, as the server keeps it. */
  data: () => DraftData;
  /** Puts a resumed draft back into the form. */
  fill: (d: DraftData) => void;
}

/**
 * "Später fortsetzen" of `<bn-kita-registration>`: keeps the form on the server and has a resume
 * link mailed (nothing about the child or the family stays in browser storage), and fills the
 * form again when the page is opened with that link (`#bn-kita-draft=ID.TOKEN`).
 */
export class KitaDraft implements ReactiveController {
  /** The draft this page was opened with: a new save replaces it, a registration ends its link. */
  private resumed?: { id: string; token: string };
  private s: DraftView = { later: '', email: '', until: '', resumeNote: '' };

  constructor(
    private readonly host: DraftHost,
    private readonly opts: DraftOptions,
  ) {
    host.addController(this);
  }

  /** Once the widget has its client and config: a resume link in the address fills the form. */
  hostUpdate(): void {
    if (!this.host.client || !this.host.config || this.resumed) return;
    const hit = parseDraftHash(location.hash);
    if (!hit) return;
    this.resumed = hit;
    void new KitaApi(this.host.client).resume(hit.id, hit.token).then(
      (d) => {
        this.opts.fill(d.data);
        this.set({ resumeNote: 'ok' });
      },
      () => this.set({ resumeNote: 'failed' }),
    );
  }

  /** The registration was sent: the resume link in the address has served (reloading must not fill the form again). */
  registered(): void {
    if (this.resumed && location.hash.includes('bn-kita-draft=')) history.replaceState(null, '', location.pathname + location.search);
  }

  private m(key: KitaMessageKey, params?: Params): string {
    return kitaMessages.t(this.host.locale, key, params);
  }

  private set(patch: Partial<DraftView>): void {
    this.s = { ...this.s, ...patch };
    this.host.requestUpdate();
  }

  private get emailField(): (HTMLElement & { error: string }) | null {
    return this.host.renderRoot.querySelector<HTMLElement & { error: string }>('[name="laterEmail"]');
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.host.client;
    if (!client) return;
    const field = this.emailField;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(this.s.email.trim())) {
      if (field) field.error = this.host.locale === 'de' ? 'Bitte eine gültige E-Mail-Adresse angeben.' : 'Enter a valid e-mail address.';
      field?.focus();
      return;
    }
    this.set({ later: 'sending' });
    try {
      const api = new KitaApi(client);
      const pageUrl = location.href.split('#')[0]!;
      const res = await api.withAltcha({}, (altcha) =>
        api.saveDraft({ email: this.s.email.trim(), data: this.opts.data(), pageUrl, lang: this.host.locale, ...(this.resumed && { replaces: this.resumed }) }, newIdempotencyKey(), altcha),
      );
      this.set({ until: formatDate(this.host.locale, res.expiresAt), later: 'sent' });
    } catch {
      this.set({ later: 'failed' });
    }
  }

  /** Whether the form came back from a resume link, or the link did not work. */
  renderNote(): TemplateResult | typeof nothing {
    if (this.s.resumeNote === 'ok') return html`<p class="notice info" role="status">${this.m('resumed')}</p>`;
    if (this.s.resumeNote === 'failed') return html`<p class="notice error" role="alert">${this.m('resumeFailed')}</p>`;
    return nothing;
  }

  /** The "Später fortsetzen" button, then its e-mail field, then what became of it. */
  render(): TemplateResult {
    if (!this.s.later)
      return html`<button type="button" @click=${async () => {
        this.set({ later: 'ask' });
        await this.host.updateComplete;
        this.emailField?.focus();
      }}>${this.m('later')}</button>`;
    if (this.s.later === 'sent') return html`<p class="notice success" role="status">${this.m('laterDone', { until: this.s.until })}</p>`;
    return html`<div class="notice info">
      <p>${this.m('laterText')}</p>
      <bn-text-field name="laterEmail" type="email" required label=${this.m('email')} autocomplete="email" .value=${this.s.email}
        @input=${(e: Event) => this.set({ email: (e.target as HTMLInputElement).value })}></bn-text-field>
      ${this.s.later === 'failed' ? html`<p role="alert">${this.m('serverError')}</p>` : nothing}
      <div class="row">
        <button type="button" class="primary" aria-disabled=${this.s.later === 'sending' ? 'true' : 'false'} @click=${(e: Event) => this.save(e)}>${this.m('laterSend')}</button>
        <button type="button" @click=${() => this.set({ later: '' })}>${this.m('laterCancel')}</button>
      </div>
    </div>`;
  }
}
