import { css, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { CategoryConfig, PublicTip, Question, TipCreated, TipKind, TipsPublicSettings } from '../../backend/tips/schema.ts';
import { parseTrackingHash } from '../../backend/tips/tracking.ts';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { PublicConfig } from '../core/config.ts';
import { Draft } from '../core/draft.ts';
import { searchAddress } from '../core/geocode.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import type { BnFilePicker } from '../core/file-picker.ts';
import { ensureDefined } from '../core/lazy.ts';
import { TipsWidget } from './tips-widget.ts';
import { TipsApi } from './api.ts';
import { answerValue, localized, renderEmergency, renderQuestions, type Answer } from './form-parts.ts';
import type { TipLocation } from './location.ts';
import type { TipsViewMessageKey } from './view-messages.ts';
/**
 * The checks (valibot and the shared tips schema) and the send itself load when the citizen
 * first sends, not with the form: the form's first paint stays within its gzip budget
 * (bench/bundle-size.ts). The form keeps its state; validate.ts and form-after.ts work on it,
 * which is why the members they use are not private (marked @internal).
 */
type Checks = typeof import('./validate.ts');
let checks: Promise<Checks> | undefined;
const loadChecks = () =>
  (checks ??= import('./validate.ts').catch((err: unknown) => {
    checks = undefined; // a later send tries again
    throw err;
  }));
/** Reports nearby, the support and the confirmation (form-after.ts): loaded when reports nearby are found, or at the first send. */
type After = typeof import('./form-after.ts');
const loadAfter = () => import('./form-after.ts');

/** @internal */
export type Failure = '' | 'offline' | 'server' | 'rate' | 'upload';
type Step = '' | 'checking' | 'uploading' | 'sending';
const DRAFT_FIELDS = ['kind', 'category', 'description', 'location'] as const;
const EMPTY_LOCATION: TipLocation = { lat: null, lng: null, address: '' };

/**
 * @tag bn-tip-form
 * @summary The citizen's form for ideas, complaints and damage reports: kind, category
 * (hint, extra questions, emergency stop), description, place (address or map pin),
 * photos, contact, consent; with a non-personal local draft, duplicate offers near the
 * pin, retry without data loss, and a success view with reference, code (each with a copy
 * button) and tracking link.
 *
 * The tracking link leads back to this page (or to `status-page`) with `#bn-tip=REF.CODE`:
 * opened so, the form shows the tip's status itself (through `<bn-tip-status>`), so one
 * pasted element is enough. When the page also holds a `<bn-tip-status>`, that one shows it
 * and the form stays a form.
 *
 * @slot - Fallback for readers without JavaScript (e.g. an e-mail address); shown again
 *   when the form cannot load.
 * @fires bn-submitted - A tip was sent; `detail` is `{ ref, token, status, tenant, createdAt }`.
 * @csspart base - The form.
 * @csspart submit - The send button.
 * @csspart emergency - The emergency notice that replaces the form.
 * @csspart duplicates - Reports nearby offered for support.
 * @csspart success - The confirmation.
 * @csspart reference - The reference number in the confirmation.
 * @csspart code - The tracking code in the confirmation.
 * @csspart copy - The copy buttons next to reference and code.
 * @csspart tracking-link - The link to follow the tip.
 * @csspart tracking - The status view shown when the page is opened with a tracking link.
 * @cssprop --bn-color-primary - Buttons and links.
 * @cssprop --bn-tips-map-height - Height of the map.
 */
export class BnTipForm extends TipsWidget {
  static override styles = [
    ...TipsWidget.styles,
    // The confirmation's and the reports nearby's styles come with them (form-after.ts).
    css`
      .progress {
        font-weight: 700;
      }
    `,
  ];
  // Without decorators: the form's first paint is on a gzip budget (see BnFormElement.properties).
  static override properties: PropertyDeclarations = {
    kind: { state: true },
    category: { state: true },
    description: { state: true },
    location: { state: true },
    answers: { state: true },
    name: { state: true },
    email: { state: true },
    notify: { state: true },
    consent: { state: true },
    phase: { state: true },
    step: { state: true },
    failure: { state: true },
    result: { state: true },
    supported: { state: true },
    dupDismissed: { state: true },
    supportBusy: { state: true },
    draftRestored: { state: true },
    tracking: { state: true },
    copied: { state: true },
    nearby: { state: true },
    statusPage: { attribute: 'status-page' },
  };

  /** @internal */
  draft?: Draft<(typeof DRAFT_FIELDS)[number]>;
  /** @internal */
  idemKey = '';
  /** @internal */
  idemBody = '';
  /** The ALTCHA solution of the current submission, kept for its retries. */
  /** @internal */
  readonly solved: { altcha?: string } = {};
  private readonly onHash = () => this.readTracking(true);

  /** @internal */
  get summary(): BnErrorSummary | null | undefined {
    return this.shadowRoot?.querySelector('bn-error-summary');
  }
  /** @internal */
  get picker(): BnFilePicker | null | undefined {
    return this.shadowRoot?.querySelector('bn-file-picker');
  }

  /** @internal */
  kind: TipKind | '' = '';
  /** @internal */
  category = '';
  /** @internal */
  description = '';
  /** @internal */
  location: TipLocation = EMPTY_LOCATION;
  /** @internal */
  answers: Record<string, Answer> = {};
  /** @internal */
  name = '';
  /** @internal */
  email = '';
  /** @internal */
  notify = false;
  /** @internal */
  consent = false;
  /** @internal */
  phase: 'edit' | 'submitting' | 'done' = 'edit';
  /** @internal */
  step: Step = '';
  /** @internal */
  failure: Failure = '';
  /** @internal */
  result?: TipCreated;
  /** @internal */
  supported?: { ref: string; count: number };
  /** @internal */
  dupDismissed = false;
  /** @internal */
  supportBusy = '';
  /** @internal */
  draftRestored = false;
  /** Reference and code from a tracking link in the page's fragment: the status is shown. */
  private tracking?: { ref: string; token: string };
  /** @internal */
  copied = '';
  /** Open published reports of the same category within ~50 m of the pin (damage reports). */
  private nearby: PublicTip[] = [];
  private nearbyFor = '';
  private nearbyAbort?: AbortController;
  private later?: After;

  /**
   * Where the tracking link leads (relative or absolute URL): a page with `<bn-tip-status>`
   * or with this form. Defaults to this very page, where the form shows the status itself.
   */
  statusPage = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.readTracking(false);
    window.addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.draft?.flush();
  }

  /**
   * A tracking link (`#bn-tip=REF.CODE`) opened on this page shows the status here, unless a
   * `<bn-tip-status>` on the page shows it. Following the link from the confirmation (only the
   * fragment changes) moves focus to the status.
   */
  private readTracking(navigated: boolean): void {
    const found = document.querySelector('bn-tip-status') ? null : parseTrackingHash(location.hash);
    if (found?.ref === this.tracking?.ref && found?.token === this.tracking?.token) return;
    this.tracking = found ?? undefined;
    if (!found) return;
    void ensureDefined('bn-tip-status');
    if (navigated) void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('#tracking-title')?.focus());
  }

  /** Back from the status to an empty form; the fragment goes, so a reload shows the form. */
  private closeTracking(): void {
    if (parseTrackingHash(location.hash)) history.replaceState(history.state, '', location.pathname + location.search);
    this.tracking = undefined;
    if (this.phase === 'done') this.reset();
    else this.focusStart();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const settings = this.settings.value;
    if (settings && this.config && !this.draft) this.startDraft(this.config, settings);
    this.findNearby();
  }

  /**
   * Damage reports: open published reports of the same category within ~50 m of the pin,
   * asked once the pin settles. The view that offers them loads with the first hit; when it
   * (or the search) fails, the form simply offers none.
   */
  private findNearby(): void {
    const client = this.config ? this.client : undefined;
    const { lat, lng } = this.location;
    const key = client && this.kind === 'schaden' && this.category && lat != null && lng != null ? `${this.category} ${lat} ${lng}` : '';
    if (key === this.nearbyFor) return;
    this.nearbyFor = key;
    this.nearbyAbort?.abort();
    if (!key || !client || lat == null || lng == null) {
      this.nearby = [];
      return;
    }
    const abort = new AbortController();
    this.nearbyAbort = abort;
    const category = this.category;
    setTimeout(async () => {
      // A dragged pin settles first.
      if (abort.signal.aborted) return;
      const items = await new TipsApi(client).nearby(lat, lng, category, abort.signal).catch(() => [] as PublicTip[]);
      if (items.length) this.later ??= await loadAfter().catch(() => undefined);
      if (!abort.signal.aborted) this.nearby = items;
    }, 300);
  }

  private startDraft(config: PublicConfig, settings: TipsPublicSettings): void {
    this.draft = new Draft({ tenant: config.tenant.slug, widget: 'tip-form', fields: DRAFT_FIELDS });
    const saved = this.draft.load();
    if (typeof saved.kind === 'string' && settings.kinds.includes(saved.kind as TipKind)) this.kind = saved.kind as TipKind;
    if (typeof saved.category === 'string') this.category = saved.category;
    if (typeof saved.description === 'string') this.description = saved.description;
    const loc = saved.location as Partial<TipLocation> | undefined;
    if (loc && typeof loc === 'object') {
      this.location = {
        lat: typeof loc.lat === 'number' ? loc.lat : null,
        lng: typeof loc.lng === 'number' ? loc.lng : null,
        address: typeof loc.address === 'string' ? loc.address : '',
      };
    }
    this.draftRestored = !!(saved.description || saved.category || saved.location);
    if (!this.kind && settings.kinds.length === 1) this.kind = settings.kinds[0] ?? '';
  }

  private saveDraft(): void {
    const loc = this.location;
    const values: Record<string, unknown> = { kind: this.kind, category: this.category, description: this.description };
    if (loc.lat != null || loc.address) values.location = { ...loc };
    // Only what was really entered: an untouched form leaves no draft behind.
    this.draft?.saveSoon(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')));
  }

  private categories(settings: TipsPublicSettings): CategoryConfig[] {
    return this.kind ? settings.categories.filter((c) => c.kinds.includes(this.kind as TipKind)) : [];
  }

  /** @internal */
  selectedCategory(settings: TipsPublicSettings): CategoryConfig | undefined {
    return this.categories(settings).find((c) => c.id === this.category);
  }

  private async submit(e?: Event): Promise<void> {
    e?.preventDefault();
    const settings = this.settings.value;
    const client = this.client;
    if (!settings || !client || this.phase === 'submitting') return;
    let checks: Checks;
    try {
      checks = await loadChecks();
      // Already there with the checks (they import it): the confirmation is rendered from it.
      this.later = await loadAfter();
    } catch {
      // Not loaded (the connection): nothing was sent, nothing typed is lost.
      this.showFailure('offline');
      return;
    }
    await checks.sendTip(this, settings, client);
  }

  /** @internal The notice with "send again" instead of a send (form-after.ts says which), which takes focus. */
  showFailure(failure: Failure): void {
    this.failure = failure;
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('.failure')?.focus());
  }

  /** Focus to the first choice of the form. */
  private focusStart(): void {
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('[name="kind"], [name="category"]')?.focus());
  }

  /** @internal An empty form again (after a send or a support, "report another"). */
  reset(): void {
    this.kind = (this.settings.value?.kinds.length === 1 && this.settings.value.kinds[0]) || '';
    this.category = '';
    this.description = '';
    this.location = EMPTY_LOCATION;
    this.answers = {};
    this.name = this.email = '';
    this.notify = this.consent = false;
    this.result = this.supported = undefined;
    this.copied = '';
    this.dupDismissed = false;
    this.idemBody = '';
    this.phase = 'edit';
    this.focusStart();
  }

  private discardDraft(): void {
    this.draft?.clear();
    this.draftRestored = false;
    this.category = this.description = '';
    this.location = EMPTY_LOCATION;
  }

  /** The tenant's address search, through our backend (never the geocoder from here). */
  private readonly searchAddress = (q: string, signal: AbortSignal) => (this.client ? searchAddress(this.client, q, this.locale, signal) : Promise.resolve([]));

  /** An error shown on a field goes once the citizen changes that field. */
  private clearError(e: Event): void {
    const field = e.target as HTMLElement & { error?: string };
    if (field.error) field.error = '';
  }

  private onAnswer(q: Question, raw: string): void {
    const next = { ...this.answers };
    const val = answerValue(q, raw);
    if (val === undefined) delete next[q.id];
    else next[q.id] = val;
    this.answers = next;
  }

  /** The send's words beyond a lost connection: loaded with the send, which is the only one to need them. */
  private v(key: TipsViewMessageKey): string {
    return this.later?.viewText(this.locale, key) ?? '';
  }

  private renderFailure() {
    if (!this.failure) return nothing;
    const text = this.failure === 'offline' ? this.m('offlineText') : this.v(this.failure === 'rate' ? 'rateLimited' : this.failure === 'upload' ? 'uploadFailed' : 'serverError');
    return html`<div class="notice error failure" role="alert" tabindex="-1">
      ${this.failure === 'offline' ? html`<h3>${this.m('offlineTitle')}</h3>` : nothing}
      <p>${text}</p>
      <button type="button" class="primary" @click=${() => this.submit()}>${this.m('retrySend')}</button>
    </div>`;
  }

  private renderForm(config: PublicConfig, settings: TipsPublicSettings) {
    const cat = this.selectedCategory(settings);
    const busy = this.phase === 'submitting';
    const later = this.later;
    const nearby = this.kind === 'schaden' && !this.dupDismissed && later ? this.nearby : [];
    const onInput = (fn: (v: string) => void) => (e: Event) => {
      fn((e.target as HTMLInputElement).value);
      this.saveDraft();
    };
    return html`<form part="base" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.submit} @input=${this.clearError} @change=${this.clearError}>
      <bn-error-summary level="3"></bn-error-summary>
      ${this.draftRestored ? html`<div class="notice info row"><p>${this.m('draftRestored')}</p><button type="button" @click=${this.discardDraft}>${this.m('draftDiscard')}</button></div>` : nothing}
      <p class="muted">${this.m('requiredNote')}</p>
      ${
        settings.kinds.length > 1
          ? html`<bn-radio-group name="kind" required label=${this.m('kindLabel')} .value=${this.kind}
            .options=${settings.kinds.map((k) => ({ value: k, label: this.m(`kind_${k}`), hint: this.m(`kindHint_${k}`) }))}
            @change=${onInput((v) => {
              this.kind = v as TipKind;
              if (!this.categories(settings).some((c) => c.id === this.category)) this.category = '';
            })}></bn-radio-group>`
          : nothing
      }
      <bn-select name="category" required label=${this.m('categoryLabel')} .value=${this.category}
        hint=${localized(cat?.hint, this.locale)} ?disabled=${!this.kind}
        .options=${this.categories(settings).map((c) => ({ value: c.id, label: localized(c.label, this.locale) }))}
        @change=${onInput((v) => {
          this.category = v;
          this.answers = {};
        })}></bn-select>
      ${
        cat?.emergency
          ? renderEmergency(this.locale, cat, () => {
              this.category = '';
              void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('[name="category"]')?.focus());
            })
          : html`
          ${renderQuestions(this.locale, cat, this.answers, (q, v) => this.onAnswer(q, v))}
          <bn-textarea name="description" required label=${this.m('descriptionLabel')} hint=${this.m('descriptionHint')}
            maxlength="4000" rows="6" .value=${this.description} @input=${onInput((v) => (this.description = v))}></bn-textarea>
          <bn-tip-location name="location" ?required=${this.kind === 'schaden'} ?open-map=${this.kind === 'schaden'}
            .map=${config.map} .value=${this.location} .search=${config.map.addressSearch ? this.searchAddress : undefined}
            @change=${(e: Event) => {
              this.location = (e.target as HTMLElement & { value: TipLocation }).value;
              this.saveDraft();
            }}></bn-tip-location>
          ${nearby.length ? later!.renderNearby(this, nearby) : nothing}
          <bn-file-picker name="photos" label=${this.m('photosLabel')} hint=${this.m('photosHint')}
            accept=${settings.photoTypes.join(',')} max-files=${settings.maxPhotos} max-size=${settings.maxUploadBytes}></bn-file-picker>
          <fieldset>
            <legend>${this.m('contactLegend')}</legend>
            <p class="hint">${settings.anonymousAllowed ? this.m('contactHintAnonymous') : this.m('contactHintRequired')}</p>
            <bn-text-field name="contact.name" label=${this.m('nameLabel')} autocomplete="name" maxlength="200"
              ?required=${!settings.anonymousAllowed} .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}></bn-text-field>
            <bn-text-field name="contact.email" type="email" label=${this.m('emailLabel')} autocomplete="email" maxlength="254"
              ?required=${!settings.anonymousAllowed || this.notify} .value=${this.email} @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}></bn-text-field>
            <bn-checkbox name="notify" .checked=${this.notify} @change=${(e: Event) => (this.notify = (e.target as HTMLInputElement).checked)}>${this.m('notifyLabel')}</bn-checkbox>
          </fieldset>
          <bn-checkbox name="consent" required .checked=${this.consent} @change=${(e: Event) => (this.consent = (e.target as HTMLInputElement).checked)}>
            ${
              config.privacyUrl
                ? html`${this.m('consentBefore')}<a href=${config.privacyUrl} target="_blank" rel="noopener">${this.m('consentLink')}<span class="visually-hidden"> ${this.m('newWindow')}</span></a>${this.m('consentAfter')}`
                : this.m('consentNoLink')
            }
          </bn-checkbox>
          ${this.renderFailure()}
          <div class="row">
            <button part="submit" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.v('submitting') : this.m('submit')}</button>
            <span class="progress" role="status">${this.step ? this.v(this.step === 'checking' ? 'stepChecking' : this.step === 'uploading' ? 'stepUploading' : 'stepSending') : ''}</span>
          </div>`
      }
    </form>`;
  }

  private renderTracking(t: { ref: string; token: string }) {
    return html`<section part="tracking" aria-labelledby="tracking-title">
      <h2 id="tracking-title" tabindex="-1">${this.m('statusTitle')}</h2>
      <bn-tip-status .ref=${t.ref} .token=${t.token} lang=${this.locale}
        api-key=${ifDefined(this.apiKey || undefined)} api-base=${ifDefined(this.apiBase || undefined)}></bn-tip-status>
      <p><button type="button" @click=${this.closeTracking}>${this.m('trackNew')}</button></p>
    </section>`;
  }

  override render() {
    return this.renderTips((config) => {
      if (this.tracking) return this.renderTracking(this.tracking);
      const settings = this.settings.value;
      if (this.settings.failed) {
        return html`<div class="notice error" role="alert"><p>${this.t('unavailableNetwork')}</p>
          <button type="button" @click=${() => this.settings.run()}>${this.t('retry')}</button></div><slot></slot>`;
      }
      if (!settings) return html`<p role="status">${this.t('loading')}</p>`;
      // The confirmation and the thanks come with the send flow, loaded before anything is sent.
      const done = this.phase === 'done' ? this.later?.renderDone(this) : undefined;
      if (done) return done;
      return this.renderForm(config, settings);
    });
  }
}
