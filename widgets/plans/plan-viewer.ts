import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PLAN_KINDS, PLAN_STAGES, type PlanDetail, type PlanSummary, type StatementCreate, type StatementReceipt } from '../../backend/plans/schema.ts';
import { ApiProblem, newIdempotencyKey } from '../core/api-client.ts';
import { solveAltcha } from '../core/altcha.ts';
import { isolate } from '../core/bidi.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { BnSubmittedEvent } from '../core/events.ts';
import type { BnFilePicker } from '../core/file-picker.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { fragmentId, permalink } from '../core/permalink.ts';
import { applyFieldErrors } from '../core/validation.ts';
import { BnWidget } from '../core/widget.ts';
import { PlansApi } from './api.ts';
import { planViewerStyles } from './plan-viewer-styles.ts';
import { plansMessages, type PlansMessageKey } from './messages.ts';
import { PARAM, renderPlanDetail } from './plan-detail.ts';
import type { PlanFeature, PlanMapHandle } from './plan-map.ts';

type Step = '' | 'checking' | 'uploading' | 'sending';

/**
 * @tag bn-plan-viewer
 * @summary The town's land-use plans: a list (filters; plans open for statements first),
 * a plan with its map in Planzeichenverordnung colours, legend, the contents as a table
 * (no map needed), documents, procedure timeline and a permanent link (`#bn-plan=<id>`), and
 * the statement form while the publication period runs (§ 3(2) BauGB).
 *
 * @slot - Fallback for readers without JavaScript; shown again when the plans cannot load.
 * @fires bn-submitted - A statement was sent; `detail` is `{ ref, receivedOn, period, named, outsideArea }`.
 * @fires bn-plan-map-ready - The plan's map has drawn; `detail.ms` is the time Leaflet took to draw it.
 * @csspart base - The wrapper.
 * @csspart filters - The filter bar.
 * @csspart item - A plan in the list.
 * @csspart map - The map.
 * @csspart legend - The legend.
 * @csspart contents - The table of plan contents.
 * @csspart statement - The statement form.
 * @cssprop --bn-plan-map-height - Height of the map (default 24rem).
 */
export class BnPlanViewer extends BnWidget {
  static override styles = [...BnWidget.styles, planViewerStyles];

  @query('bn-error-summary') private summary?: BnErrorSummary;
  @query('bn-file-picker') private picker?: BnFilePicker;
  @query('.map') private mapEl?: HTMLElement;

  /** Level of the widget's top heading (2–5), to fit the host page's outline; sub-headings follow. */
  @property({ type: Number }) level = 2;
  /** Id of the plan shown (also read from and written to `#bn-plan=<id>`). */
  @property({ attribute: 'plan-id' }) planId = '';
  @state() private stage = '';
  @state() private kind = '';
  @state() private text = '';
  @state() private selected = '';
  @state() private mapFailed = false;
  @state() private picking = false;
  /** The map has drawn: the statement form offers to set a point on it. */
  @state() private mapReady = false;
  @state() private point: { lat: number; lng: number } | null = null;
  @state() private phase: 'edit' | 'submitting' | 'done' = 'edit';
  @state() private step: Step = '';
  @state() private failure: '' | 'offline' | 'server' | 'closed' = '';
  @state() private receipt?: StatementReceipt;
  private handle?: PlanMapHandle;
  private drawnFor = '';
  /** Move focus to the title once the opened plan (or the list) has rendered. */
  private focusTitle = false;
  private idem = { key: '', body: '', altcha: undefined as string | undefined };
  private form = { text: '', place: '', name: '', email: '', address: '', noOtherPersons: false, consent: false };

  private readonly onHash = () => {
    const id = fragmentId(PARAM);
    if (id !== this.planId) this.planId = id;
  };

  private readonly listTask = new Task(this, {
    task: async ([client, stage, type, text], { signal }) => (client ? new PlansApi(client).list({ stage, type, text }, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.stage, this.kind, this.text] as const,
  });

  private readonly planTask = new Task(this, {
    task: async ([client, id], { signal }) => (client && id ? new PlansApi(client).get(id, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.planId] as const,
  });

  /** A heading `offset` levels below the widget's top level. */
  private hd(offset: number, content: unknown, opts: { id?: string; focus?: boolean } = {}): TemplateResult {
    const n = Math.min(6, Math.max(2, Math.round(this.level) || 2) + offset);
    const tag = unsafeStatic(`h${n}`);
    return staticHtml`<${tag} id=${opts.id ?? nothing} tabindex=${opts.focus ? '-1' : nothing}>${content}</${tag}>`;
  }

  private m(key: PlansMessageKey, params?: Params): string {
    return plansMessages.t(this.locale, key, params);
  }

  private day(d: string): string {
    return formatDate(this.locale, `${d}T12:00:00Z`, { dateStyle: 'long', timeZone: 'Europe/Berlin' });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    // An address naming a plan wins; without one the page's own `plan-id` stays.
    const id = fragmentId(PARAM);
    if (id) this.planId = id;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.destroyMap();
  }

  private destroyMap(): void {
    this.mapRun++;
    this.handle?.destroy();
    this.handle = undefined;
    this.drawnFor = '';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('planId')) {
      this.destroyMap();
      this.selected = '';
      this.point = null;
      this.phase = 'edit';
      this.receipt = undefined;
      this.failure = '';
    }
    const plan = this.planTask.value;
    if (plan && this.mapEl && this.drawnFor !== plan.id) void this.drawMap(plan);
    if (this.focusTitle && (this.planId ? plan?.id === this.planId && this.mapEl : this.listTask.value)) {
      const title = this.shadowRoot?.querySelector<HTMLElement>('[tabindex="-1"]:is(h2,h3,h4,h5,h6)');
      if (title) {
        this.focusTitle = false;
        title.focus();
      }
    }
  }

  /** Counts map draws and teardowns: a draw that waited for Leaflet while another began gives way. */
  private mapRun = 0;

  private async drawMap(plan: PlanDetail): Promise<void> {
    this.drawnFor = plan.id;
    const run = ++this.mapRun;
    try {
      const { createPlanMap } = await import('./plan-map.ts');
      if (run !== this.mapRun || !this.mapEl || this.planTask.value?.id !== plan.id) return;
      this.handle?.destroy();
      const started = performance.now();
      this.handle = createPlanMap(this.mapEl, {
        map: this.config?.map,
        outline: plan.geltungsbereich,
        features: plan.contents.features as PlanFeature[],
        label: this.m('mapLabel', { title: plan.title }),
        locale: this.locale,
        onSelect: (id) => void this.select(id, false),
        onPick: (lat, lng) => this.setPoint({ lat, lng }),
      });
      this.mapReady = true;
      this.dispatchEvent(new CustomEvent('bn-plan-map-ready', { detail: { ms: performance.now() - started } }));
      if (this.selected) this.handle.select(this.selected);
    } catch (err) {
      console.warn('Bürgernah <bn-plan-viewer>: the map could not be loaded.', err);
      this.mapFailed = true;
    }
  }

  private async select(id: string, fromTable: boolean): Promise<void> {
    this.selected = id;
    this.handle?.select(id);
    if (!fromTable) {
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] button`)?.focus();
    }
  }

  private setPoint(p: { lat: number; lng: number } | null): void {
    this.point = p;
    this.picking = false;
    this.handle?.picking(false);
    this.handle?.setPoint(p);
  }

  private open(id: string): void {
    history.pushState(null, '', permalink(PARAM, id || null));
    this.planId = id;
    this.focusTitle = true;
  }

  // ── list ────────────────────────────────────────────────────────────────────────────────

  private period(p: PlanSummary) {
    const part = p.participation;
    if (!part?.start || !part.end) return nothing;
    if (part.statements) return html`<p><span class="badge">${this.m('openNow')}</span> ${this.m('openUntil', { date: this.day(part.end) })}</p>`;
    return html`<p class="muted">${this.m('openFrom', { start: this.day(part.start), end: this.day(part.end) })}</p>`;
  }

  private renderList() {
    const page = this.listTask.value;
    // Open for statements first, each with its period; the rest as the API orders them.
    const items = [...(page?.items ?? [])].sort((a, b) => Number(!!b.participation?.statements) - Number(!!a.participation?.statements));
    return html`${this.hd(0, this.m('title'), { focus: true })}
      <form part="filters" role="search" aria-label=${this.m('filters')} @submit=${(e: Event) => {
        e.preventDefault();
        this.text = (this.shadowRoot?.querySelector<HTMLInputElement & { value: string }>('bn-text-field[name="text"]')?.value ?? '').trim();
      }}>
        <bn-select name="stage" label=${this.m('filterStage')} placeholder=${this.m('filterAll')} .value=${this.stage}
          .options=${PLAN_STAGES.filter((s) => s !== 'unknown').map((s) => ({ value: s, label: this.m(`stage_${s}` as PlansMessageKey) }))}
          @change=${(e: Event) => (this.stage = (e.target as HTMLSelectElement).value)}></bn-select>
        <bn-select name="type" label=${this.m('filterKind')} placeholder=${this.m('filterAll')} .value=${this.kind}
          .options=${PLAN_KINDS.map((k) => ({ value: k, label: this.m(`kind_${k}`) }))}
          @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value)}></bn-select>
        <bn-text-field name="text" type="search" label=${this.m('search')} hint=${this.m('searchHint')} maxlength="100"></bn-text-field>
        <div><button type="submit">${this.m('searchButton')}</button></div>
      </form>
      ${this.listTask.render({
        initial: () => html`<p role="status">${this.t('loading')}</p>`,
        pending: () => html`<p role="status">${this.t('loading')}</p>`,
        error: () => html`<div class="notice error" role="alert"><p>${this.t('unavailableNetwork')}</p>
          <button type="button" @click=${() => this.listTask.run()}>${this.t('retry')}</button></div>`,
        complete: () => html`<p role="status">${this.m('listCount', { n: page?.total ?? 0 })}</p>
          ${
            items.length
              ? html`<ul class="plain">${items.map(
                  (p) => html`<li part="item">
                  ${this.hd(1, isolate(p.title))}
                  <p class="muted">${this.m(`kind_${p.kind}`)}${p.nummer ? html` · ${this.m('number', { n: p.nummer })}` : nothing} ·
                    ${p.rechtsstand?.label ?? this.m(`stage_${p.stage}` as PlansMessageKey)}</p>
                  ${this.period(p)}
                  ${p.summary ? html`<p>${isolate(p.summary)}</p>` : nothing}
                  <a href=${`#${PARAM}=${p.id}`} aria-label=${`${this.m('showPlan')}: ${p.title}`} @click=${(e: Event) => {
                    e.preventDefault();
                    this.open(p.id);
                  }}>${this.m('showPlan')}</a>
                </li>`,
                )}</ul>`
              : html`<p>${this.m('listEmpty')}</p>`
          }`,
      })}`;
  }

  // ── detail ──────────────────────────────────────────────────────────────────────────────

  private renderPlan(plan: PlanDetail, api: PlansApi): TemplateResult {
    return renderPlanDetail(
      {
        locale: this.locale,
        m: (key, params) => this.m(key, params),
        hd: (offset, content, opts) => this.hd(offset, content, opts),
        day: (d) => this.day(d),
        selected: this.selected,
        mapFailed: this.mapFailed,
        select: (id, fromTable) => void this.select(id, fromTable),
        back: () => this.open(''),
        focusStatement: () => this.shadowRoot?.querySelector<HTMLElement>('#statement')?.focus(),
        statement: (p) => this.renderStatement(p),
      },
      plan,
      api,
    );
  }

  // ── statement ───────────────────────────────────────────────────────────────────────────

  private body(attachments: string[]): StatementCreate {
    const f = this.form;
    return {
      text: f.text,
      point: this.point,
      place: f.place,
      attachments,
      name: f.name,
      email: f.email,
      address: f.address,
      noOtherPersons: f.noOtherPersons,
      consent: f.consent as true,
      lang: this.locale,
    };
  }

  private validate(): { path: string; message: string }[] {
    const f = this.form;
    const errors: { path: string; message: string }[] = [];
    if (!f.text.trim()) errors.push({ path: 'text', message: this.m('errText') });
    if (f.email.trim() && !f.name.trim()) errors.push({ path: 'name', message: this.m('errNameForEmail') });
    if (!f.consent) errors.push({ path: 'consent', message: this.m('errConsent') });
    return errors;
  }

  private async showErrors(errors: { path: string; message: string }[]): Promise<void> {
    const targets = applyFieldErrors(
      this.shadowRoot!,
      errors.map((e) => ({ path: e.path.split('.')[0]!, message: e.message })),
    );
    await this.summary?.show(targets);
  }

  private async submit(e: Event, plan: PlanDetail): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.phase === 'submitting') return;
    const errors = this.validate();
    if (errors.length) return this.showErrors(errors);
    applyFieldErrors(this.shadowRoot!, []);
    this.summary?.clear();
    this.phase = 'submitting';
    this.failure = '';
    const api = new PlansApi(client);
    try {
      this.step = 'uploading';
      let ids: string[];
      try {
        ids = (await this.picker?.upload(client)) ?? [];
      } catch (err) {
        if (err instanceof ApiProblem) {
          this.phase = 'edit';
          return this.showErrors([{ path: 'attachments', message: this.m('errAttachments') }]);
        }
        throw err;
      }
      const body = this.body(ids);
      const json = JSON.stringify(body);
      if (json !== this.idem.body) this.idem = { key: newIdempotencyKey(), body: json, altcha: undefined };
      for (let attempt = 0; ; attempt++) {
        this.step = 'checking';
        this.idem.altcha ??= await solveAltcha(client);
        this.step = 'sending';
        try {
          this.receipt = await api.statement(plan.id, body, this.idem.key, this.idem.altcha);
          break;
        } catch (err) {
          if (attempt || !(err instanceof ApiProblem && err.code === 'ALTCHA_FAILED')) throw err;
          this.idem.altcha = undefined;
        }
      }
      this.phase = 'done';
      this.dispatchEvent(new BnSubmittedEvent(this.receipt));
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>('#done')?.focus();
    } catch (err) {
      this.phase = 'edit';
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) {
        void this.showErrors(err.errors.map((x) => ({ path: x.path, message: x.path === 'consent' ? this.m('errConsent') : x.path === 'text' ? this.m('errText') : x.message })));
        return;
      }
      this.failure = err instanceof ApiProblem ? (err.code === 'PARTICIPATION_CLOSED' ? 'closed' : 'server') : 'offline';
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>('.failure')?.focus();
    } finally {
      this.step = '';
    }
  }

  private renderStatement(plan: PlanDetail) {
    if (this.phase === 'done' && this.receipt) {
      return html`<section part="statement" aria-labelledby="done">
        ${this.hd(1, this.m('done'), { id: 'done', focus: true })}
        <p>${this.m('doneRef')}: <span class="ref">${this.receipt.ref}</span></p>
        ${this.form.email ? html`<p>${this.m('doneMail')}</p>` : nothing}
        ${this.receipt.outsideArea ? html`<p>${this.m('doneOutside')}</p>` : nothing}
      </section>`;
    }
    const busy = this.phase === 'submitting';
    const set = (k: 'text' | 'place' | 'name' | 'email' | 'address') => (e: Event) => (this.form[k] = (e.target as HTMLInputElement).value);
    const privacy = this.config?.privacyUrl;
    const [before, after] = this.m('consent').split('{privacy}') as [string, string | undefined];
    return html`<section part="statement" aria-labelledby="statement">
      ${this.hd(1, this.m('statementTitle'), { id: 'statement', focus: true })}
      <p>${this.m('statementIntro', { date: this.day(plan.participation!.end!) })}</p>
      <form novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${(e: Event) => this.submit(e, plan)}>
        <bn-error-summary level="4"></bn-error-summary>
        <bn-textarea name="text" required label=${this.m('textLabel')} hint=${this.m('textHint')} maxlength="20000" rows="8" .value=${this.form.text} @input=${set('text')}></bn-textarea>
        <bn-text-field name="place" label=${this.m('placeLabel')} hint=${this.m('placeHint')} maxlength="300" .value=${this.form.place} @input=${set('place')}></bn-text-field>
        <div class="row">
          ${
            this.mapReady
              ? html`<button type="button" aria-pressed=${this.picking ? 'true' : 'false'} @click=${() => {
                  this.picking = !this.picking;
                  this.handle?.picking(this.picking);
                }}>${this.m('pickOnMap')}</button>`
              : nothing
          }
          ${this.point ? html`<button type="button" @click=${() => this.setPoint(null)}>${this.m('removePoint')}</button>` : nothing}
          <span role="status">${this.picking ? this.m('pickActive') : this.point ? this.m('pointSet', { lat: this.point.lat.toFixed(5), lng: this.point.lng.toFixed(5) }) : ''}</span>
        </div>
        <bn-file-picker name="attachments" label=${this.m('attachments')} hint=${this.m('attachmentsHint')} accept="application/pdf,image/jpeg,image/png,image/webp" max-files="10" max-size="10485760"></bn-file-picker>
        <fieldset>
          <legend>${this.m('aboutYou')}</legend>
          <p class="muted">${this.m('aboutYouHint')}</p>
          <bn-text-field name="name" label=${this.m('nameLabel')} autocomplete="name" maxlength="200" .value=${this.form.name} @input=${set('name')}></bn-text-field>
          <bn-text-field name="address" label=${this.m('addressLabel')} autocomplete="street-address" maxlength="300" .value=${this.form.address} @input=${set('address')}></bn-text-field>
          <bn-text-field name="email" type="email" label=${this.m('emailLabel')} autocomplete="email" maxlength="254" .value=${this.form.email} @input=${set('email')}></bn-text-field>
        </fieldset>
        <bn-checkbox name="noOtherPersons" .checked=${this.form.noOtherPersons} @change=${(e: Event) => (this.form.noOtherPersons = (e.target as HTMLInputElement).checked)}>${this.m('noOtherPersons')}</bn-checkbox>
        <bn-checkbox name="consent" required .checked=${this.form.consent} @change=${(e: Event) => (this.form.consent = (e.target as HTMLInputElement).checked)}>
          ${before}${privacy ? html`<a href=${privacy} target="_blank" rel="noopener">${this.m('privacy')}</a>` : this.m('privacy')}${after ?? ''}
        </bn-checkbox>
        ${this.failure ? html`<div class="notice error failure" role="alert" tabindex="-1"><p>${this.failure === 'closed' ? this.m('closedNow') : this.failure === 'offline' ? this.m('failOffline') : this.m('failServer')}</p></div>` : nothing}
        <div class="row">
          <button class="primary" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.m('submitting') : this.failure ? this.m('retry') : this.m('submit')}</button>
          <span role="status">${this.step ? this.m(this.step === 'checking' ? 'stepChecking' : this.step === 'uploading' ? 'stepUploading' : 'stepSending') : ''}</span>
        </div>
      </form>
    </section>`;
  }

  override render() {
    if (this.tenantState.status === 'error') return html`${this.renderWithTenant(() => html``)}<slot></slot>`;
    return this.renderWithTenant((_config, client) => {
      const api = new PlansApi(client);
      return html`<div part="base">${
        this.planId
          ? this.planTask.render({
              initial: () => html`<p role="status">${this.t('loading')}</p>`,
              pending: () => html`<p role="status">${this.t('loading')}</p>`,
              error: (err) =>
                html`<p><a href="#" @click=${(e: Event) => {
                  e.preventDefault();
                  this.open('');
                }}>← ${this.m('back')}</a></p><div class="notice error" role="alert"><p>${err instanceof ApiProblem && err.status === 404 ? this.m('listEmpty') : this.t('unavailableNetwork')}</p></div>`,
              complete: (plan) => (plan ? this.renderPlan(plan, api) : html``),
            })
          : this.renderList()
      }</div>`;
    });
  }
}
