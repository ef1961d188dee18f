import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import * as v from 'valibot';
import { ApplicationCreate, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, statusLink, type ApplicationCreated, type Disability, type PublicJob } from '../../backend/jobs/schema.ts';
import { ApiProblem, newIdempotencyKey, type ApiClient } from '../core/api-client.ts';
import type { FieldError } from '../core/api-errors.ts';
import type { PublicConfig } from '../core/config.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { BnSubmittedEvent } from '../core/events.ts';
import type { BnFilePicker } from '../core/file-picker.ts';
import type { Locale, Params } from '../core/i18n.ts';
import { applyFieldErrors, issuesToFieldErrors } from '../core/validation.ts';
import { JobsApi } from './api.ts';
import { jobsMessages, type JobsMessageKey } from './messages.ts';

export type Failure = '' | 'offline' | 'server' | 'rate';
type Step = '' | 'checking' | 'uploading' | 'sending';
const DISABILITY: Disability[] = ['undisclosed', 'severe', 'equal', 'none'];
/** A stand-in id for client-side validation before the documents are uploaded. */
const PENDING = '00000000-0000-4000-8000-000000000000';

interface Fields {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  locality: string;
  coverLetter: string;
  disability: Disability;
  talentPool: boolean;
  consent: boolean;
}
const EMPTY: Fields = { firstName: '', lastName: '', email: '', phone: '', street: '', postalCode: '', locality: '', coverLetter: '', disability: 'undisclosed', talentPool: false, consent: false };

export interface ApplicationHost extends ReactiveControllerHost, HTMLElement {
  readonly locale: Locale;
  readonly client: ApiClient | undefined;
  readonly shadowRoot: ShadowRoot | null;
}

/**
 * The online application of `<bn-job-listings>`: the form's fields, the PDF documents (uploaded
 * with progress), ALTCHA, the idempotent submission with its retry, and the confirmation with
 * the status link. Its parts (`form`, `submit`, `success`, `reference`) and its
 * `bn-submitted` event are the host's: it renders into the host's shadow root.
 */
export class JobApplication {
  private idemKey = '';
  private idemBody = '';
  private readonly solved: { altcha?: string } = {};
  private fields: Fields = { ...EMPTY };
  private phase: 'edit' | 'submitting' | 'done' = 'edit';
  private step: Step = '';
  private failure: Failure = '';
  private result?: ApplicationCreated;
  private applying = false;

  constructor(
    private readonly host: ApplicationHost,
    /** The host page's address of the list: the status link in the confirmation starts from it. */
    private readonly listUrl: () => string,
  ) {}

  /** Back to an empty, closed form (another posting, or back to the list). */
  reset(): void {
    this.applying = false;
    this.fields = { ...EMPTY };
    this.phase = 'edit';
    this.failure = '';
    this.result = undefined;
    this.idemBody = '';
    this.host.requestUpdate();
  }

  private m(key: JobsMessageKey, params?: Params): string {
    return jobsMessages.t(this.host.locale, key, params);
  }

  private get summary(): BnErrorSummary | null | undefined {
    return this.host.shadowRoot?.querySelector<BnErrorSummary>('bn-error-summary');
  }

  private get picker(): BnFilePicker | null | undefined {
    return this.host.shadowRoot?.querySelector<BnFilePicker>('bn-file-picker');
  }

  /** Changes what the form shows: the host draws it anew. */
  private patch(p: { phase?: 'edit' | 'submitting' | 'done'; step?: Step; result?: ApplicationCreated; failure?: Failure }): void {
    if (p.phase !== undefined) this.phase = p.phase;
    if (p.step !== undefined) this.step = p.step;
    if ('result' in p) this.result = p.result;
    if (p.failure !== undefined) this.failure = p.failure;
    this.host.requestUpdate();
  }

  private body(docs: { id: string; name: string }[]) {
    const f = this.fields;
    return {
      firstName: f.firstName,
      lastName: f.lastName,
      email: f.email,
      phone: f.phone,
      street: f.street,
      postalCode: f.postalCode,
      locality: f.locality,
      coverLetter: f.coverLetter,
      documents: docs,
      disability: f.disability,
      talentPool: f.talentPool,
      consent: f.consent as true,
      lang: this.host.locale,
    };
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    const byField = errors.map((e) => ({
      path: e.path.startsWith('documents') ? 'documents' : e.path,
      message: e.path.startsWith('documents') && e.path !== 'documents' ? this.m('errDocuments') : e.message,
    }));
    // The summary names each field: "Please fill in this field." alone does not say which.
    const targets = applyFieldErrors(this.host.shadowRoot!, byField).map((t) => {
      const label = (t.target as HTMLElement & { label?: string }).label;
      return label ? { target: t.target, message: `${label}: ${t.message}` } : t;
    });
    await this.summary?.show(targets);
  }

  private focusAfterUpdate(selector: string): void {
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
  }

  private async submit(job: PublicJob, e?: Event): Promise<void> {
    e?.preventDefault();
    const client = this.host.client;
    if (!client || this.phase === 'submitting') return;
    const files = this.picker?.files ?? [];
    const check = v.safeParse(ApplicationCreate, this.body(files.map((f, i) => ({ id: PENDING.slice(0, -2) + String(i).padStart(2, '0'), name: f.file.name }))));
    if (!check.success) return this.showErrors(issuesToFieldErrors(this.host.locale, check.issues, { consent: { de: this.m('errConsent'), en: this.m('errConsent') } }));
    applyFieldErrors(this.host.shadowRoot!, []);
    this.summary?.clear();
    this.patch({ phase: 'submitting', failure: '' });
    const api = new JobsApi(client);
    try {
      this.patch({ step: 'uploading' });
      let ids: string[];
      try {
        ids = (await this.picker?.upload(client)) ?? [];
      } catch (err) {
        if (err instanceof ApiProblem && [413, 415, 422].includes(err.status)) {
          this.patch({ phase: 'edit' });
          return this.showErrors([{ path: 'documents', message: this.m('errDocuments') }]);
        }
        throw err;
      }
      const body = this.body(ids.map((id, i) => ({ id, name: files[i]?.file.name ?? `dokument-${i + 1}.pdf` })));
      const json = JSON.stringify(body);
      if (json !== this.idemBody) {
        this.idemKey = newIdempotencyKey();
        this.idemBody = json;
        this.solved.altcha = undefined;
      }
      const result = await api.withAltcha(
        this.solved,
        (altcha) => api.apply(job.id, body, this.idemKey, altcha),
        (s) => this.patch({ step: s }),
      );
      this.patch({ phase: 'done', result });
      this.host.dispatchEvent(new BnSubmittedEvent(result));
      this.focusAfterUpdate('#done');
    } catch (err) {
      this.patch({ phase: 'edit' });
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) {
        void this.showErrors(err.errors);
      } else {
        this.patch({ failure: err instanceof ApiProblem ? (err.status === 429 ? 'rate' : 'server') : 'offline' });
        this.focusAfterUpdate('.failure');
      }
    } finally {
      this.patch({ step: '' });
    }
  }

  private set<K extends keyof Fields>(key: K) {
    return (e: Event) => {
      const t = e.target as HTMLInputElement;
      this.fields = { ...this.fields, [key]: typeof this.fields[key] === 'boolean' ? t.checked : t.value };
      this.host.requestUpdate();
      const field = t as HTMLInputElement & { error?: string };
      if (field.error) field.error = '';
    };
  }

  /** The "apply" button, the form, or the confirmation, below a posting's details. */
  render(job: PublicJob, config: PublicConfig): TemplateResult {
    if (this.phase === 'done' && this.result) return this.renderSuccess(this.result);
    if (this.applying) return this.renderForm(job, config);
    return html`<button part="apply" type="button" class="primary" @click=${() => {
      this.applying = true;
      this.host.requestUpdate();
      this.focusAfterUpdate('#apply-title');
    }}>${this.m('apply')}</button>`;
  }

  private renderForm(job: PublicJob, config: PublicConfig): TemplateResult {
    const busy = this.phase === 'submitting';
    const f = this.fields;
    return html`<form part="form" novalidate aria-labelledby="apply-title" aria-busy=${busy ? 'true' : 'false'} @submit=${(e: Event) => this.submit(job, e)}>
      <h3 id="apply-title" tabindex="-1">${this.m('applyTitle')}</h3>
      <bn-error-summary level="4"></bn-error-summary>
      <p class="muted">${this.m('requiredNote')}</p>
      <fieldset>
        <legend>${this.m('personal')}</legend>
        <div class="grid">
          <bn-text-field name="firstName" required label=${this.m('firstName')} autocomplete="given-name" maxlength="100" .value=${f.firstName} @input=${this.set('firstName')}></bn-text-field>
          <bn-text-field name="lastName" required label=${this.m('lastName')} autocomplete="family-name" maxlength="100" .value=${f.lastName} @input=${this.set('lastName')}></bn-text-field>
          <bn-text-field name="email" type="email" required label=${this.m('email')} hint=${this.m('emailHint')} autocomplete="email" maxlength="254" .value=${f.email} @input=${this.set('email')}></bn-text-field>
          <bn-text-field name="phone" type="tel" label=${this.m('phone')} autocomplete="tel" maxlength="40" .value=${f.phone} @input=${this.set('phone')}></bn-text-field>
          <bn-text-field name="street" label=${this.m('street')} autocomplete="street-address" maxlength="200" .value=${f.street} @input=${this.set('street')}></bn-text-field>
          <bn-text-field name="postalCode" label=${this.m('postalCode')} autocomplete="postal-code" maxlength="10" .value=${f.postalCode} @input=${this.set('postalCode')}></bn-text-field>
          <bn-text-field name="locality" label=${this.m('locality')} autocomplete="address-level2" maxlength="120" .value=${f.locality} @input=${this.set('locality')}></bn-text-field>
        </div>
      </fieldset>
      <bn-textarea name="coverLetter" required label=${this.m('coverLetter')} hint=${this.m('coverLetterHint')} maxlength="10000" rows="8" .value=${f.coverLetter} @input=${this.set('coverLetter')}></bn-textarea>
      <bn-file-picker name="documents" required label=${this.m('documents')} hint=${this.m('documentsHint')} accept="application/pdf" max-files=${MAX_DOCUMENTS} max-size=${MAX_DOCUMENT_BYTES}></bn-file-picker>
      <bn-radio-group name="disability" label=${this.m('disability')} hint=${this.m('disabilityHint')} .value=${f.disability}
        .options=${DISABILITY.map((d) => ({ value: d, label: this.m(`dis_${d}`) }))} @change=${this.set('disability')}></bn-radio-group>
      <bn-checkbox name="talentPool" .checked=${f.talentPool} @change=${this.set('talentPool')}>${this.m('talentPool')}</bn-checkbox>
      <bn-checkbox name="consent" required .checked=${f.consent} @change=${this.set('consent')}>
        ${
          config.privacyUrl
            ? html`${this.m('consentBefore')}<a href=${config.privacyUrl} target="_blank" rel="noopener">${this.m('consentLink')}<span class="visually-hidden"> ${this.m('newWindow')}</span></a>${this.m('consentAfter')}`
            : this.m('consentNoLink')
        }
      </bn-checkbox>
      ${
        this.failure
          ? html`<div class="notice error failure" role="alert" tabindex="-1"><p>${this.m(this.failure === 'offline' ? 'offline' : this.failure === 'rate' ? 'rateLimited' : 'serverError')}</p>
            <button type="button" class="primary" @click=${() => this.submit(job)}>${this.m('retry')}</button></div>`
          : nothing
      }
      <div class="row">
        <button part="submit" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.m('submitting') : this.m('submit')}</button>
        <span class="progress" role="status">${this.step ? this.m(this.step === 'checking' ? 'stepChecking' : this.step === 'uploading' ? 'stepUploading' : 'stepSending') : ''}</span>
      </div>
    </form>`;
  }

  private renderSuccess(r: ApplicationCreated): TemplateResult {
    const link = statusLink(this.listUrl(), r.ref, r.token);
    return html`<div part="success" class="notice success">
      <h3 id="done" tabindex="-1">${this.m('doneTitle')}</h3>
      <p>${this.m('reference')}: <strong part="reference">${r.ref}</strong></p>
      <p>${this.m('doneText')}</p>
      <p><a href=${link}>${this.m('statusLink')}</a></p>
    </div>`;
  }
}
