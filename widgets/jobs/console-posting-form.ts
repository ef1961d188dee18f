import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as v from 'valibot';
import { EMPLOYMENT_TYPES, PAY_SCHEMES, PostingCreate, PostingUpdate, SALARY_UNITS, type StaffPosting } from '../../backend/jobs/schema.ts';
import { BnEvent } from '../core/events.ts';
import { applyFieldErrors, issuesToFieldErrors } from '../core/validation.ts';
import { JobsConsolePart } from './console-base.ts';

/** The posting was saved (created or changed). */
export class BnSavedEvent extends BnEvent<StaffPosting> {
  constructor(posting: StaffPosting) {
    super('bn-saved', posting);
  }
}
/** The person left a form or view without saving. */
export class BnCloseEvent extends BnEvent {
  constructor() {
    super('bn-close', undefined);
  }
}

type Form = Record<string, string | boolean>;

function fromPosting(p?: StaffPosting): Form {
  if (!p) return { payScheme: 'tvoed', employmentType: 'full_time', salaryUnit: 'MONTH', published: false, telecommute: false, descriptionHtml: '' };
  return {
    title: p.title,
    descriptionHtml: p.descriptionHtml,
    department: p.department,
    payScheme: p.payScheme,
    payGrade: p.payGrade,
    employmentType: p.employmentType,
    hoursPerWeek: p.hoursPerWeek == null ? '' : String(p.hoursPerWeek),
    salaryMin: p.salary?.min == null ? '' : String(p.salary.min),
    salaryMax: p.salary?.max == null ? '' : String(p.salary.max),
    salaryUnit: p.salary?.unit ?? 'MONTH',
    street: p.location.street,
    postalCode: p.location.postalCode,
    locality: p.location.locality,
    telecommute: p.telecommute,
    contactName: p.contact?.name ?? '',
    contactEmail: p.contact?.email ?? '',
    contactPhone: p.contact?.phone ?? '',
    deadline: p.deadline ?? '',
    published: p.published,
  };
}

const num = (s: string | boolean | undefined) => (typeof s === 'string' && s.trim() !== '' ? Number(s.replace(',', '.')) : null);
const str = (s: string | boolean | undefined) => (typeof s === 'string' ? s : '');

/**
 * @tag bn-jobs-posting-form
 * @summary Creates or changes a posting (`posting` set = edit): the text in the rich-text
 * editor, pay, hours, salary, place, contact, deadline and whether it is published. Checked
 * with the API's own schema before it is sent; the server's field errors land on the fields.
 *
 * @fires bn-saved - The posting was stored; `detail` is the StaffPosting.
 * @fires bn-close - Cancelled.
 * @csspart form - The form.
 */
export class BnJobsPostingForm extends JobsConsolePart {
  @state() private form: Form = fromPosting();

  /** The posting to change; unset for a new one. */
  @property({ attribute: false }) posting?: StaffPosting;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('posting')) this.form = fromPosting(this.posting);
  }

  private field(name: string) {
    return (e: Event) => {
      const t = e.target as HTMLInputElement & { error?: string; checked?: boolean };
      this.form = { ...this.form, [name]: name === 'published' || name === 'telecommute' ? !!t.checked : t.value };
      if (t.error) t.error = '';
    };
  }

  private body() {
    const f = this.form;
    return {
      title: str(f.title),
      descriptionHtml: str(f.descriptionHtml),
      department: str(f.department),
      payScheme: str(f.payScheme) as 'tvoed',
      payGrade: str(f.payGrade),
      employmentType: str(f.employmentType) as 'full_time',
      hoursPerWeek: num(f.hoursPerWeek),
      salaryMin: num(f.salaryMin),
      salaryMax: num(f.salaryMax),
      salaryUnit: str(f.salaryUnit) as 'MONTH',
      street: str(f.street),
      postalCode: str(f.postalCode),
      locality: str(f.locality),
      telecommute: !!f.telecommute,
      contactName: str(f.contactName),
      contactEmail: str(f.contactEmail),
      contactPhone: str(f.contactPhone),
      deadline: str(f.deadline) || null,
      published: !!f.published,
    };
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const body = this.body();
    const check = v.safeParse(this.posting ? PostingUpdate : PostingCreate, body);
    if (!check.success) {
      const errors = applyFieldErrors(this.shadowRoot!, issuesToFieldErrors(this.locale, check.issues));
      errors[0]?.target.focus();
      return;
    }
    let saved: StaffPosting | undefined;
    const ok = await this.run(async () => {
      saved = this.posting ? await this.client!.send<StaffPosting>('PATCH', `/v1/staff/jobs/${this.posting.id}`, body) : await this.client!.send<StaffPosting>('POST', '/v1/staff/jobs', body);
    });
    if (ok && saved) this.dispatchEvent(new BnSavedEvent(saved));
  }

  override render() {
    const f = this.form;
    const text = (name: string, label: string, opts: { required?: boolean; max?: number; type?: string } = {}) =>
      html`<bn-text-field name=${name} label=${label} type=${opts.type ?? 'text'} ?required=${!!opts.required} maxlength=${opts.max ?? nothing}
        .value=${str(f[name])} @input=${this.field(name)}></bn-text-field>`;
    return html`<form part="form" novalidate @submit=${this.save}>
      <h3 tabindex="-1">${this.posting ? this.m('editPosting') : this.m('newPosting')}</h3>
      ${this.error ? html`<div class="notice error" role="alert"><p>${this.error}</p></div>` : nothing}
      ${text('title', this.m('fTitle'), { required: true, max: 200 })}
      <bn-jobs-editor name="descriptionHtml" required label=${this.m('fDescription')} hint=${this.m('fDescriptionHint')} .value=${str(f.descriptionHtml)}
        @input=${(e: Event) => (this.form = { ...this.form, descriptionHtml: (e.currentTarget as HTMLElement & { value: string }).value })}></bn-jobs-editor>
      <div class="grid">
        ${text('department', this.m('fDepartment'), { max: 200 })}
        <bn-select name="payScheme" label=${this.m('fPayScheme')} .value=${str(f.payScheme)} .options=${PAY_SCHEMES.map((s) => ({ value: s, label: this.m(`scheme_${s}`) }))} @change=${this.field('payScheme')}></bn-select>
        ${text('payGrade', this.m('fPayGrade'), { max: 40 })}
        <bn-select name="employmentType" label=${this.m('fType')} .value=${str(f.employmentType)} .options=${EMPLOYMENT_TYPES.map((s) => ({ value: s, label: this.m(`type_${s}`) }))} @change=${this.field('employmentType')}></bn-select>
        ${text('hoursPerWeek', this.m('fHours'), { type: 'number' })}
        ${text('salaryMin', this.m('fSalaryMin'), { type: 'number' })}
        ${text('salaryMax', this.m('fSalaryMax'), { type: 'number' })}
        <bn-select name="salaryUnit" label=${this.m('fSalaryUnit')} .value=${str(f.salaryUnit)} .options=${SALARY_UNITS.map((s) => ({ value: s, label: this.m(`unit_${s}`) }))} @change=${this.field('salaryUnit')}></bn-select>
        ${text('street', this.m('fStreet'), { max: 200 })}
        ${text('postalCode', this.m('fPostalCode'), { max: 10 })}
        ${text('locality', this.m('fLocality'), { required: true, max: 120 })}
        <bn-date-field name="deadline" label=${this.m('fDeadline')} .value=${str(f.deadline)} @change=${this.field('deadline')}></bn-date-field>
        ${text('contactName', this.m('fContactName'), { max: 200 })}
        ${text('contactEmail', this.m('fContactEmail'), { type: 'email', max: 254 })}
        ${text('contactPhone', this.m('fContactPhone'), { type: 'tel', max: 40 })}
      </div>
      <bn-checkbox name="telecommute" .checked=${!!f.telecommute} @change=${this.field('telecommute')}>${this.m('fTelecommute')}</bn-checkbox>
      <bn-checkbox name="published" .checked=${!!f.published} @change=${this.field('published')}>${this.m('fPublished')}</bn-checkbox>
      <div class="row"><button type="submit" class="primary">${this.m('save')}</button><button type="button" @click=${() => this.dispatchEvent(new BnCloseEvent())}>${this.m('cancel')}</button></div>
    </form>`;
  }
}
