import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import * as v from 'valibot';
import { checkRegistration, pickLang, RegistrationCreate, trackingLink, type DraftData, type KitaPublicSettings, type RegistrationCreated } from '../../backend/kita/schema.ts';
import { ApiProblem, newIdempotencyKey } from '../core/api-client.ts';
import type { FieldError } from '../core/api-errors.ts';
import type { PublicConfig } from '../core/config.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { BnSubmittedEvent } from '../core/events.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { berlinToday } from '../../backend/core/time.ts';
import { issueMessage, applyFieldErrors } from '../core/validation.ts';
import { BnWidget } from '../core/widget.ts';
import { KitaApi } from './api.ts';
import { KitaDraft } from './draft.ts';
import { KitaFind, type FindState } from './find.ts';
import { kitaMessages, type KitaMessageKey } from './messages.ts';
import { kitaStyles } from './styles.ts';

interface GuardianForm {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  working: boolean;
}
const emptyGuardian = (): GuardianForm => ({ firstName: '', lastName: '', email: '', phone: '', address: '', working: false });
const STEPS = 5;
/** Which fields each step owns (paths of RegistrationCreate). */
const STEP_FIELDS: Record<number, RegExp> = {
  1: /^$/,
  2: /^wishes/,
  3: /^(child|startDate|careHours)/,
  4: /^(guardians|residence|hardship|siblings)/,
  5: /^consent/,
};

/**
 * @tag bn-kita-registration
 * @summary The family's Kita registration in five steps ("Schritt 2 von 5"): find Kitas of the
 * whole community (filters, details), rank up to N wishes with up/down buttons, the child, the
 * guardians and the facts the tenant's rules weigh, review with consent → reference and tracking
 * link. "Später fortsetzen" keeps the form on the server and mails a resume link; nothing about
 * the child or the family is kept in browser storage. A network error keeps everything typed.
 *
 * @slot - Fallback for readers without JavaScript (e.g. the youth office's address).
 * @fires bn-submitted - The registration was sent; `detail` is `{ ref, token, state, createdAt }`.
 * @csspart base - The form.
 * @csspart progress - The "Schritt 2 von 5" line.
 * @csspart submit - The send button.
 * @csspart success - The confirmation.
 * @csspart reference - The reference in the confirmation.
 * @csspart map - The map of the Kitas (find step; loaded only when asked for, an extra to the list).
 * @csspart photo - A Kita's photo in its details.
 * @cssprop --bn-color-primary - Buttons and links.
 * @cssprop --bn-kita-gap - Space between blocks.
 * @cssprop --bn-kita-map-height - Height of the map (default 20em).
 */
export class BnKitaRegistration extends BnWidget {
  static override styles = [...BnWidget.styles, kitaStyles];

  private idemKey = '';
  private idemBody = '';
  private readonly solved: { altcha?: string } = {};

  @query('bn-error-summary') private summary?: BnErrorSummary;

  @state() private step = 1;
  // The find step's choices (find.ts), kept here so they survive the later steps.
  @state() private age = '';
  @state() private town = '';
  @state() private provider = '';
  @state() private hours = '';
  @state() private near = '';
  @state() private origin?: FindState['origin'];
  @state() private nearNote: FindState['nearNote'] = '';
  @state() private radius = '';
  @state() private showMap = false;
  @state() private mapFailed = false;
  @state() private wishes: string[] = [];
  @state() private child = { firstName: '', lastName: '', birthDate: '', expected: false, specialNeeds: '' };
  @state() private startDate = '';
  @state() private careHours = '';
  @state() private guardians: GuardianForm[] = [emptyGuardian()];
  @state() private residence = '';
  @state() private hardship = false;
  @state() private hardshipReason = '';
  @state() private siblings: string[] = [];
  @state() private consent = false;
  @state() private phase: 'edit' | 'submitting' | 'done' = 'edit';
  @state() private failure: '' | 'offline' | 'server' = '';
  @state() private result?: RegistrationCreated;
  @state() private announce = '';

  /** The page with `<bn-kita-status>` for the tracking link; defaults to this page. */
  @property({ attribute: 'status-page' }) statusPage = '';

  private readonly settingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? new KitaApi(client).settings(signal) : undefined),
    args: () => [this.config ? this.client : undefined] as const,
  });

  /** Every Kita of the community (filters apply in the browser: the list is small and cached). */
  private readonly facilitiesTask = new Task(this, {
    task: async ([client], { signal }) => (client ? new KitaApi(client).facilities({}, signal) : []),
    args: () => [this.config ? this.client : undefined] as const,
  });

  private readonly find = new KitaFind(this, {
    state: () => ({
      age: this.age,
      town: this.town,
      provider: this.provider,
      hours: this.hours,
      near: this.near,
      origin: this.origin,
      nearNote: this.nearNote,
      radius: this.radius,
      showMap: this.showMap,
      mapFailed: this.mapFailed,
    }),
    set: (patch) => Object.assign(this, patch),
    facilities: () => this.facilitiesTask.value ?? [],
    wishes: () => this.wishes,
    toggleWish: (id, settings) => this.toggleWish(id, settings),
    shown: () => this.step === 1,
  });

  private readonly draft = new KitaDraft(this, { data: () => this.draftData(), fill: (d) => this.fill(d) });

  private m(key: KitaMessageKey, params?: Params): string {
    return kitaMessages.t(this.locale, key, params);
  }

  private fill(d: DraftData): void {
    if (d.wishes) this.wishes = [...d.wishes];
    if (d.child) this.child = { ...this.child, ...d.child };
    if (d.startDate !== undefined) this.startDate = d.startDate;
    if (d.careHours !== undefined) this.careHours = String(d.careHours);
    if (d.guardians?.length) this.guardians = d.guardians.map((g) => ({ ...emptyGuardian(), ...g }));
    if (d.residence !== undefined) this.residence = d.residence;
    if (d.hardship !== undefined) this.hardship = d.hardship;
    if (d.hardshipReason !== undefined) this.hardshipReason = d.hardshipReason;
    if (d.siblings) this.siblings = [...d.siblings];
    if (d.step) this.step = d.step;
  }

  private draftData(): DraftData {
    return {
      step: this.step,
      wishes: this.wishes,
      child: this.child,
      startDate: this.startDate,
      careHours: this.careHours === '' ? '' : Number(this.careHours),
      guardians: this.guardians,
      residence: this.residence,
      hardship: this.hardship,
      hardshipReason: this.hardshipReason,
      siblings: this.siblings,
    };
  }

  private body() {
    return {
      wishes: this.wishes,
      child: this.child,
      startDate: this.startDate,
      careHours: this.careHours === '' ? (undefined as unknown as number) : Number(this.careHours),
      guardians: this.guardians,
      residence: this.residence,
      hardship: this.hardship,
      hardshipReason: this.hardship ? this.hardshipReason : '',
      siblings: this.siblings.filter((s) => this.wishes.includes(s)),
      consent: this.consent as true,
      lang: this.locale,
    };
  }

  /** The shared schema and the tenant's rules, limited to the fields of the steps up to `upTo`. */
  private errorsUpTo(upTo: number, settings: KitaPublicSettings): FieldError[] {
    const body = this.body();
    const res = v.safeParse(RegistrationCreate, body);
    const all: FieldError[] = res.success
      ? []
      : res.issues.map((i) => ({
          path: v.getDotPath(i) ?? '',
          message: i.message.includes(' · ') ? pickLang(i.message, this.locale) : issueMessage(this.locale, i),
        }));
    if (this.wishes.length && this.child.birthDate && this.startDate && /^\d{4}-\d{2}-\d{2}$/.test(this.child.birthDate) && /^\d{4}-\d{2}-\d{2}$/.test(this.startDate)) {
      for (const e of checkRegistration(body, settings, berlinToday())) all.push({ path: e.path, message: pickLang(e.message, this.locale) });
    }
    const owned = (p: string) => Object.entries(STEP_FIELDS).some(([n, re]) => Number(n) <= upTo && Number(n) > 1 && re.test(p));
    const seen = new Set<string>();
    return all.filter((e) => owned(e.path) && !seen.has(e.path) && seen.add(e.path)).map((e) => ({ ...e, path: e.path.replace(/^wishes\.\d+$/, 'wishes') }));
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    const targets = applyFieldErrors(this.shadowRoot!, errors);
    const listed = targets.length ? targets : errors.map((e) => ({ target: this.shadowRoot!.querySelector<HTMLElement>('[data-field="wishes"]') ?? this, message: e.message }));
    await this.summary?.show(listed);
  }

  private async go(to: number, settings: KitaPublicSettings): Promise<void> {
    if (to > this.step) {
      const errors = this.errorsUpTo(this.step, settings);
      if (errors.length) return this.showErrors(errors);
    }
    this.summary?.clear();
    this.step = to;
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLElement>('h3')?.focus();
  }

  private toggleWish(id: string, settings: KitaPublicSettings): void {
    if (this.wishes.includes(id)) this.wishes = this.wishes.filter((w) => w !== id);
    else if (this.wishes.length < settings.maxWishes) this.wishes = [...this.wishes, id];
  }

  private move(i: number, by: -1 | 1, name: string): void {
    const next = [...this.wishes];
    const j = i + by;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j]!, next[i]!];
    this.wishes = next;
    this.announce = this.m('movedTo', { name, n: j + 1 });
    void this.updateComplete.then(() => {
      const btn = this.shadowRoot?.querySelector<HTMLButtonElement>(`[data-move="${by < 0 ? 'up' : 'down'}-${j}"]`);
      (btn && !btn.disabled ? btn : this.shadowRoot?.querySelector<HTMLButtonElement>(`[data-move="${by < 0 ? 'down' : 'up'}-${j}"]`))?.focus();
    });
  }

  private async submit(e: Event, settings: KitaPublicSettings): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.phase === 'submitting') return;
    const errors = this.errorsUpTo(5, settings);
    if (errors.length) return this.showErrors(errors);
    this.summary?.clear();
    this.phase = 'submitting';
    this.failure = '';
    const body = this.body();
    const json = JSON.stringify(body);
    // Same body, same key: a retry after a lost answer replays instead of duplicating.
    if (json !== this.idemBody) {
      this.idemKey = newIdempotencyKey();
      this.idemBody = json;
      this.solved.altcha = undefined;
    }
    try {
      const api = new KitaApi(client);
      this.result = await api.withAltcha(this.solved, (altcha) => api.register(body, this.idemKey, altcha));
      this.phase = 'done';
      this.dispatchEvent(new BnSubmittedEvent(this.result));
      this.draft.registered();
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>('#done')?.focus();
    } catch (err) {
      this.phase = 'edit';
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) {
        const mapped = err.errors.map((x) => ({ path: x.path.replace(/^wishes\.\d+$/, 'wishes'), message: pickLang(x.message, this.locale) }));
        const first = Math.min(...mapped.map((x) => Number(Object.entries(STEP_FIELDS).find(([n, re]) => Number(n) > 1 && re.test(x.path))?.[0] ?? 5)));
        this.step = first;
        await this.updateComplete;
        return this.showErrors(mapped);
      }
      this.failure = err instanceof ApiProblem ? 'server' : 'offline';
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>('.failure')?.focus();
    }
  }

  private onSubmit(e: Event, settings: KitaPublicSettings): void {
    e.preventDefault();
    if (this.step === STEPS) void this.submit(e, settings);
    else void this.go(this.step + 1, settings);
  }

  private facilityName(id: string): string {
    return this.facilitiesTask.value?.find((f) => f.id === id)?.name ?? id;
  }

  private renderStep2(settings: KitaPublicSettings) {
    return html`<div data-field="wishes" tabindex="-1">
      <p>${this.m('wishCount', { n: this.wishes.length, max: settings.maxWishes })}</p>
      ${this.wishes.length === 0 ? html`<p class="notice info">${this.m('wishesEmpty')}</p>` : nothing}
      <ol class="plain">
        ${this.wishes.map((id, i) => {
          const name = this.facilityName(id);
          return html`<li class="card row">
            <strong>${i + 1}. ${name}</strong>
            <button type="button" data-move="up-${i}" ?disabled=${i === 0} aria-label=${this.m('moveUp', { name })} @click=${() => this.move(i, -1, name)}>↑</button>
            <button type="button" data-move="down-${i}" ?disabled=${i === this.wishes.length - 1} aria-label=${this.m('moveDown', { name })} @click=${() => this.move(i, 1, name)}>↓</button>
            <button type="button" aria-label=${this.m('remove', { name })} @click=${() => {
              this.wishes = this.wishes.filter((w) => w !== id);
            }}>✕</button>
          </li>`;
        })}
      </ol>
      <p class="visually-hidden" role="status">${this.announce}</p>
    </div>`;
  }

  private renderStep3() {
    const set = (k: keyof typeof this.child) => (e: Event) => {
      const t = e.target as HTMLInputElement;
      this.child = { ...this.child, [k]: k === 'expected' ? t.checked : t.value };
    };
    return html`
      <bn-text-field name="child.firstName" required label=${this.m('firstName')} maxlength="100" .value=${this.child.firstName} @input=${set('firstName')}></bn-text-field>
      <bn-text-field name="child.lastName" required label=${this.m('lastName')} maxlength="100" .value=${this.child.lastName} @input=${set('lastName')}></bn-text-field>
      <bn-date-field name="child.birthDate" required label=${this.m('birthDate')} .value=${this.child.birthDate} @change=${set('birthDate')} @input=${set('birthDate')}></bn-date-field>
      <bn-checkbox name="child.expected" .checked=${this.child.expected} @change=${set('expected')}>${this.m('expected')}</bn-checkbox>
      <bn-date-field name="startDate" required label=${this.m('startDate')} .value=${this.startDate}
        @change=${(e: Event) => (this.startDate = (e.target as HTMLInputElement).value)} @input=${(e: Event) => (this.startDate = (e.target as HTMLInputElement).value)}></bn-date-field>
      <bn-text-field name="careHours" type="number" inputmode="numeric" required min="10" max="60" label=${this.m('careHours')} .value=${this.careHours}
        @input=${(e: Event) => (this.careHours = (e.target as HTMLInputElement).value)}></bn-text-field>
      <bn-textarea name="child.specialNeeds" label=${this.m('specialNeeds')} hint=${this.m('specialNeedsHint')} maxlength="2000" rows="3"
        .value=${this.child.specialNeeds} @input=${set('specialNeeds')}></bn-textarea>`;
  }

  private renderStep4(settings: KitaPublicSettings) {
    const setG = (i: number, k: keyof GuardianForm) => (e: Event) => {
      const t = e.target as HTMLInputElement;
      this.guardians = this.guardians.map((g, j) => (j === i ? { ...g, [k]: k === 'working' ? t.checked : t.value } : g));
    };
    return html`
      ${this.guardians.map(
        (g, i) => html`<fieldset>
        <legend>${this.m('guardian', { n: i + 1 })}</legend>
        <bn-text-field name="guardians.${i}.firstName" required label=${this.m('firstName')} autocomplete=${i ? 'off' : 'given-name'} maxlength="100" .value=${g.firstName} @input=${setG(i, 'firstName')}></bn-text-field>
        <bn-text-field name="guardians.${i}.lastName" required label=${this.m('lastName')} autocomplete=${i ? 'off' : 'family-name'} maxlength="100" .value=${g.lastName} @input=${setG(i, 'lastName')}></bn-text-field>
        <bn-text-field name="guardians.${i}.email" type="email" ?required=${i === 0} label=${this.m('email')} autocomplete=${i ? 'off' : 'email'} maxlength="254" .value=${g.email} @input=${setG(i, 'email')}></bn-text-field>
        <bn-text-field name="guardians.${i}.phone" type="tel" label=${this.m('phone')} autocomplete=${i ? 'off' : 'tel'} maxlength="40" .value=${g.phone} @input=${setG(i, 'phone')}></bn-text-field>
        <bn-text-field name="guardians.${i}.address" required label=${this.m('homeAddress')} autocomplete=${i ? 'off' : 'street-address'} maxlength="300" .value=${g.address} @input=${setG(i, 'address')}></bn-text-field>
        <bn-checkbox name="guardians.${i}.working" .checked=${g.working} @change=${setG(i, 'working')}>${this.m('working')}</bn-checkbox>
      </fieldset>`,
      )}
      ${
        this.guardians.length < 2
          ? html`<p><button type="button" @click=${() => (this.guardians = [...this.guardians, emptyGuardian()])}>${this.m('addGuardian')}</button></p>`
          : html`<p><button type="button" @click=${() => (this.guardians = this.guardians.slice(0, 1))}>${this.m('removeGuardian')}</button></p>`
      }
      <bn-select name="residence" label=${this.m('residence')} .value=${this.residence} placeholder=${this.m('residenceOther')}
        .options=${settings.towns.map((t) => ({ value: t.slug, label: t.name }))}
        @change=${(e: Event) => (this.residence = (e.target as HTMLInputElement).value)}></bn-select>
      ${
        this.wishes.length
          ? html`<fieldset><legend>${this.m('siblings')}</legend>
          ${this.wishes.map(
            (id) => html`<bn-checkbox name="siblings.${id}" .checked=${this.siblings.includes(id)}
            @change=${(e: Event) => {
              this.siblings = (e.target as HTMLInputElement).checked ? [...this.siblings, id] : this.siblings.filter((s) => s !== id);
            }}>${this.facilityName(id)}</bn-checkbox>`,
          )}
          </fieldset>`
          : nothing
      }
      <bn-checkbox name="hardship" .checked=${this.hardship} @change=${(e: Event) => (this.hardship = (e.target as HTMLInputElement).checked)}>${this.m('hardship')}</bn-checkbox>
      ${
        this.hardship
          ? html`<bn-textarea name="hardshipReason" required label=${this.m('hardshipReason')} maxlength="2000" rows="3" .value=${this.hardshipReason}
            @input=${(e: Event) => (this.hardshipReason = (e.target as HTMLInputElement).value)}></bn-textarea>`
          : nothing
      }`;
  }

  private renderStep5(config: PublicConfig, settings: KitaPublicSettings) {
    const edit = (n: number) =>
      html`<p class="edit"><button type="button" @click=${() => this.go(n, settings)}>${this.m('edit')}<span class="visually-hidden">: ${this.m(`step${n}` as KitaMessageKey)}</span></button></p>`;
    const date = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? formatDate(this.locale, `${d}T12:00:00Z`) : d);
    return html`
      <p>${this.m('review')}</p>
      <h4>${this.m('wishes')}</h4>
      <ol>${this.wishes.map((id) => html`<li>${this.facilityName(id)}</li>`)}</ol>
      ${edit(2)}
      <h4>${this.m('child')}</h4>
      <dl class="facts">
        <dt>${this.m('childName')}</dt><dd>${this.child.firstName} ${this.child.lastName}</dd>
        <dt>${this.m('birthDate')}</dt><dd>${date(this.child.birthDate)}</dd>
        <dt>${this.m('startDate')}</dt><dd>${date(this.startDate)}</dd>
        <dt>${this.m('careHours')}</dt><dd>${this.careHours}</dd>
      </dl>
      ${edit(3)}
      <h4>${this.m('step4')}</h4>
      <ul>${this.guardians.map((g) => html`<li>${g.firstName} ${g.lastName}, ${g.email}</li>`)}</ul>
      ${edit(4)}
      <bn-checkbox name="consent" required .checked=${this.consent} @change=${(e: Event) => (this.consent = (e.target as HTMLInputElement).checked)}>
        ${
          config.privacyUrl
            ? html`${this.m('consentBefore')}<a href=${config.privacyUrl} target="_blank" rel="noopener">${this.m('consentLink')}<span class="visually-hidden"> ${this.m('newWindow')}</span></a>${this.m('consentAfter')}`
            : this.m('consentNoLink')
        }
      </bn-checkbox>`;
  }

  private renderForm(config: PublicConfig, settings: KitaPublicSettings): TemplateResult {
    const busy = this.phase === 'submitting';
    const stepTitle = this.m(`step${this.step}` as KitaMessageKey);
    const body = [() => this.find.render(config, settings), () => this.renderStep2(settings), () => this.renderStep3(), () => this.renderStep4(settings), () => this.renderStep5(config, settings)][
      this.step - 1
    ]!();
    return html`<form part="base" novalidate aria-busy=${busy ? 'true' : 'false'}
        @submit=${(e: Event) => this.onSubmit(e, settings)}
        @input=${(e: Event) => {
          const f = e.target as HTMLElement & { error?: string };
          if (f.error) f.error = '';
        }}>
      <h2>${this.m('title')}</h2>
      ${this.draft.renderNote()}
      <p part="progress" class="progress">${this.m('stepOf', { n: this.step, total: STEPS })}</p>
      <progress max=${STEPS} value=${this.step} aria-hidden="true"></progress>
      <h3 tabindex="-1">${stepTitle}</h3>
      <bn-error-summary level="4"></bn-error-summary>
      ${body}
      ${
        this.failure
          ? html`<div class="notice error failure" role="alert" tabindex="-1">
            ${this.failure === 'offline' ? html`<h4>${this.m('offlineTitle')}</h4>` : nothing}
            <p>${this.failure === 'offline' ? this.m('offlineText') : this.m('serverError')}</p>
            <button type="submit" class="primary">${this.m('retry')}</button>
          </div>`
          : nothing
      }
      <div class="row">
        ${this.step > 1 ? html`<button type="button" @click=${() => this.go(this.step - 1, settings)}>${this.m('back')}</button>` : nothing}
        ${
          this.step < STEPS
            ? html`<button type="submit" class="primary">${this.m('next')}</button>`
            : html`<button part="submit" type="submit" class="primary" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.m('submitting') : this.m('submit')}</button>`
        }
      </div>
      <div class="later">${this.draft.render()}</div>
    </form>`;
  }

  private renderDone(result: RegistrationCreated) {
    const page = this.statusPage ? new URL(this.statusPage, location.href).href : location.href.split('#')[0]!;
    return html`<div part="success" class="notice success" id="done" tabindex="-1" role="status">
      <h2>${this.m('successTitle')}</h2>
      <p>${this.m('successText')} <span part="reference" class="ref">${result.ref}</span></p>
      <p>${this.m('successMail')}</p>
      <p><a href=${trackingLink(page, result.ref, result.token)}>${this.m('track')}</a></p>
    </div>`;
  }

  override render() {
    return this.renderWithTenant((config) =>
      this.settingsTask.render({
        initial: () => html`<p role="status">${this.m('loading')}</p>`,
        pending: () => html`<p role="status">${this.m('loading')}</p>`,
        error: () => html`<div class="notice error" role="alert"><p>${this.m('offlineText')}</p></div><slot></slot>`,
        complete: (settings) => {
          if (!settings) return html``;
          if (this.phase === 'done' && this.result) return this.renderDone(this.result);
          return this.renderForm(config, settings);
        },
      }),
    );
  }
}
