import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import * as v from 'valibot';
import {
  APPLICATION_TRANSITIONS, EMPLOYMENT_TYPES, PAY_SCHEMES, PostingCreate,
  type ApplicationStatus, type StaffApplication, type StaffPosting,
} from '../../backend/jobs/schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import { formatDate, registerMessages, type Params } from '../core/i18n.ts';
import { SessionEndEvent, staffContext, type Me } from '../core/staff-context.ts';
import { applyFieldErrors, issuesToFieldErrors } from '../core/validation.ts';
import { jobsStyles } from './styles.ts';

const de = {
  newPosting: 'Neue Stelle',
  postings: 'Stellen',
  colTitle: 'Stelle', colDeadline: 'Frist', colState: 'Stand', colApplications: 'Bewerbungen', colActions: 'Aktionen',
  published: 'veröffentlicht', draft: 'Entwurf', closed: 'Frist abgelaufen', none: '—',
  publish: 'Veröffentlichen', unpublish: 'Zurückziehen', applications: 'Bewerbungen ansehen',
  fTitle: 'Stellenbezeichnung', fDescription: 'Ausschreibungstext', fDescriptionHint: 'Absätze, Überschriften, Listen, Links (einfaches HTML wie <p>, <h2>, <ul><li>); alles andere wird entfernt.',
  fDepartment: 'Bereich', fPayScheme: 'Bezahlung', fPayGrade: 'Entgelt-/Besoldungsgruppe', fType: 'Arbeitszeit', fHours: 'Wochenstunden',
  fLocality: 'Arbeitsort', fDeadline: 'Bewerbungsfrist', fContactEmail: 'E-Mail für Rückfragen', fPublished: 'Sofort veröffentlichen',
  save: 'Speichern', cancel: 'Abbrechen',
  scheme_tvoed: 'TVöD', scheme_besoldung: 'Besoldung', scheme_other: 'Sonstige',
  type_full_time: 'Vollzeit', type_part_time: 'Teilzeit', type_full_or_part_time: 'Voll- oder Teilzeit',
  back: 'Zurück zu den Stellen', zip: 'Alle Unterlagen als ZIP',
  appsOf: 'Bewerbungen: {title}', noApps: 'Noch keine Bewerbungen.',
  readOnly: 'Nur-Lese-Ansicht der Beteiligung (§ 178 SGB IX, Personalvertretungsrecht): ohne Kontaktdaten, Bewertungen und Notizen.',
  colRef: 'Referenz', colName: 'Name', colFlag: '§ 165', colStatus: 'Stand', colDocs: 'Unterlagen',
  flagged: 'schwerbehindert/gleichgestellt',
  st_received: 'Eingegangen', st_in_review: 'In Prüfung', st_invited: 'Eingeladen', st_rejected: 'Abgesagt', st_hired: 'Eingestellt', st_withdrawn: 'Zurückgezogen',
  setStatus: 'Stand ändern', reason: 'Begründung (§ 165 SGB IX)', reasonHint: 'Nötig, wenn eine schwerbehinderte Person ohne Einladung abgesagt wird.',
  apply: 'Übernehmen', offline: 'Keine Verbindung zum Server.', failed: 'Das hat nicht geklappt: {why}', sessionEnded: 'Ihre Sitzung ist abgelaufen.',
  statusFor: 'Neuer Stand für {name}',
};
const en: { [K in keyof typeof de]: string } = {
  newPosting: 'New posting',
  postings: 'Postings',
  colTitle: 'Position', colDeadline: 'Deadline', colState: 'State', colApplications: 'Applications', colActions: 'Actions',
  published: 'published', draft: 'draft', closed: 'deadline passed', none: '—',
  publish: 'Publish', unpublish: 'Unpublish', applications: 'See applications',
  fTitle: 'Job title', fDescription: 'Posting text', fDescriptionHint: 'Paragraphs, headings, lists, links (simple HTML such as <p>, <h2>, <ul><li>); anything else is removed.',
  fDepartment: 'Department', fPayScheme: 'Pay', fPayGrade: 'Pay grade', fType: 'Working time', fHours: 'Hours per week',
  fLocality: 'Place of work', fDeadline: 'Application deadline', fContactEmail: 'E-mail for questions', fPublished: 'Publish at once',
  save: 'Save', cancel: 'Cancel',
  scheme_tvoed: 'TVöD', scheme_besoldung: 'Civil service pay', scheme_other: 'Other',
  type_full_time: 'Full time', type_part_time: 'Part time', type_full_or_part_time: 'Full or part time',
  back: 'Back to the postings', zip: 'All documents as ZIP',
  appsOf: 'Applications: {title}', noApps: 'No applications yet.',
  readOnly: 'Read-only view for the representations (§ 178 SGB IX, personnel representation law): without contact data, ratings and notes.',
  colRef: 'Reference', colName: 'Name', colFlag: '§ 165', colStatus: 'Status', colDocs: 'Documents',
  flagged: 'severely disabled / equal status',
  st_received: 'Received', st_in_review: 'Under review', st_invited: 'Invited', st_rejected: 'Rejected', st_hired: 'Hired', st_withdrawn: 'Withdrawn',
  setStatus: 'Change status', reason: 'Reason (§ 165 SGB IX)', reasonHint: 'Needed when a severely disabled applicant is rejected without an invitation.',
  apply: 'Apply', offline: 'No connection to the server.', failed: 'That did not work: {why}', sessionEnded: 'Your session has ended.',
  statusFor: 'New status for {name}',
};
const messages = registerMessages('jobs-console', { de, en });
type Key = keyof typeof de & string;

/**
 * @tag bn-console-jobs
 * @summary The jobs section of `<bn-console>`: postings (create, publish, unpublish), the
 * applications of a posting with status changes (§165 SGB IX reason), documents and the ZIP of
 * all documents. The representations see the read-only participation view.
 *
 * @csspart table - The tables.
 * @csspart form - The posting form.
 * @cssprop --bn-color-primary - Buttons and links.
 */
export class BnConsoleJobs extends BnElement {
  static override styles = [
    ...BnElement.styles,
    jobsStyles,
    css`
      :host { display: block; }
      .table-wrap { overflow-x: auto; margin-block-end: var(--_space); }
      table { border-collapse: collapse; inline-size: 100%; }
      th, td { text-align: start; vertical-align: top; padding: calc(var(--_space) / 3) calc(var(--_space) / 2); border-block-end: 1px solid var(--_color-border); }
      .flag { font-weight: 700; color: var(--_color-error); }
      ul.plain { list-style: none; margin: 0; padding: 0; }
      button.link { border: 0; background: none; padding: 0; color: var(--_color-primary); text-decoration: underline; min-block-size: 2.75em; }
    `,
  ];

  @consume({ context: apiClientContext, subscribe: true }) @state() private client?: ApiClient;
  @consume({ context: staffContext, subscribe: true }) @state() private me?: Me;

  @state() private creating = false;
  @state() private open?: StaffPosting;
  @state() private error = '';
  @state() private editing = '';
  @state() private nextStatus: ApplicationStatus | '' = '';
  @state() private reason = '';
  @state() private form: Record<string, string | boolean> = {};

  private get clerk(): boolean {
    return !!this.me?.user.roles.includes('jobs');
  }

  private readonly postingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<StaffPosting[]>('/v1/staff/jobs', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  private readonly appsTask = new Task(this, {
    task: async ([client, posting], { signal }) =>
      client && posting ? client.get<{ items: StaffApplication[]; view: string }>(`/v1/staff/jobs/${posting.id}/applications`, { signal }) : undefined,
    args: () => [this.client, this.open] as const,
  });

  private m(key: Key, params?: Params): string {
    return messages.t(this.locale, key, params);
  }

  private describe(err: unknown): string {
    if (!(err instanceof ApiProblem)) return this.m('offline');
    if (err.status === 401) {
      this.dispatchEvent(new SessionEndEvent());
      return this.m('sessionEnded');
    }
    return this.m('failed', { why: err.errors[0]?.message || err.detail || err.title });
  }

  private async run(fn: () => Promise<unknown>): Promise<boolean> {
    this.error = '';
    try {
      await fn();
      return true;
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) applyFieldErrors(this.shadowRoot!, err.errors);
      this.error = this.describe(err);
      return false;
    }
  }

  private async togglePublish(p: StaffPosting): Promise<void> {
    if (await this.run(() => this.client!.send('PATCH', `/v1/staff/jobs/${p.id}`, { published: !p.published }))) void this.postingsTask.run();
  }

  private async create(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    const body = {
      title: f.title ?? '', descriptionHtml: f.descriptionHtml ?? '', department: f.department ?? '', payScheme: f.payScheme || 'tvoed', payGrade: f.payGrade ?? '',
      employmentType: f.employmentType || 'full_time', hoursPerWeek: f.hoursPerWeek ? Number(f.hoursPerWeek) : null, locality: f.locality ?? '',
      deadline: f.deadline || null, contactEmail: f.contactEmail ?? '', published: !!f.published,
    };
    const check = v.safeParse(PostingCreate, body);
    if (!check.success) {
      applyFieldErrors(this.shadowRoot!, issuesToFieldErrors(this.locale, check.issues));
      return;
    }
    if (await this.run(() => this.client!.send('POST', '/v1/staff/jobs', body))) {
      this.creating = false;
      this.form = {};
      void this.postingsTask.run();
    }
  }

  private async setStatus(a: StaffApplication): Promise<void> {
    const body = { status: this.nextStatus, ...(this.reason ? { reason: this.reason } : {}) };
    if (await this.run(() => this.client!.send('PATCH', `/v1/staff/jobs/${this.open!.id}/applications/${a.id}`, body))) {
      this.editing = '';
      this.reason = '';
      void this.appsTask.run();
    }
  }

  /** Files come through the API with the session (or key): opened as blob URLs. */
  private async download(path: string, name: string): Promise<void> {
    await this.run(async () => {
      const res = await fetch(this.client!.url(path), { headers: this.client!.authHeaders(), credentials: this.client!.credentials });
      if (!res.ok) throw new ApiProblem({ status: res.status, code: `HTTP_${res.status}`, title: res.statusText });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  private field(name: string) {
    return (e: Event) => {
      const t = e.target as HTMLInputElement & { error?: string };
      this.form = { ...this.form, [name]: t.type === 'checkbox' || name === 'published' ? t.checked : t.value };
      if (t.error) t.error = '';
    };
  }

  private renderForm() {
    return html`<form part="form" novalidate @submit=${this.create}>
      <h3>${this.m('newPosting')}</h3>
      <bn-text-field name="title" required label=${this.m('fTitle')} maxlength="200" @input=${this.field('title')}></bn-text-field>
      <bn-textarea name="descriptionHtml" required label=${this.m('fDescription')} hint=${this.m('fDescriptionHint')} rows="8" maxlength="50000" @input=${this.field('descriptionHtml')}></bn-textarea>
      <div class="grid">
        <bn-text-field name="department" label=${this.m('fDepartment')} maxlength="200" @input=${this.field('department')}></bn-text-field>
        <bn-select name="payScheme" label=${this.m('fPayScheme')} .options=${PAY_SCHEMES.map((s) => ({ value: s, label: this.m(`scheme_${s}`) }))} @change=${this.field('payScheme')}></bn-select>
        <bn-text-field name="payGrade" label=${this.m('fPayGrade')} maxlength="40" @input=${this.field('payGrade')}></bn-text-field>
        <bn-select name="employmentType" label=${this.m('fType')} .options=${EMPLOYMENT_TYPES.map((s) => ({ value: s, label: this.m(`type_${s}`) }))} @change=${this.field('employmentType')}></bn-select>
        <bn-text-field name="hoursPerWeek" type="number" label=${this.m('fHours')} min="1" max="60" @input=${this.field('hoursPerWeek')}></bn-text-field>
        <bn-text-field name="locality" required label=${this.m('fLocality')} maxlength="120" @input=${this.field('locality')}></bn-text-field>
        <bn-date-field name="deadline" label=${this.m('fDeadline')} @change=${this.field('deadline')}></bn-date-field>
        <bn-text-field name="contactEmail" type="email" label=${this.m('fContactEmail')} maxlength="254" @input=${this.field('contactEmail')}></bn-text-field>
      </div>
      <bn-checkbox name="published" @change=${this.field('published')}>${this.m('fPublished')}</bn-checkbox>
      <div class="row"><button type="submit" class="primary">${this.m('save')}</button><button type="button" @click=${() => (this.creating = false)}>${this.m('cancel')}</button></div>
    </form>`;
  }

  private renderPostings(list: StaffPosting[]) {
    return html`<div class="table-wrap"><table part="table">
      <caption class="visually-hidden">${this.m('postings')}</caption>
      <thead><tr><th scope="col">${this.m('colTitle')}</th><th scope="col">${this.m('colDeadline')}</th><th scope="col">${this.m('colState')}</th><th scope="col">${this.m('colApplications')}</th><th scope="col">${this.m('colActions')}</th></tr></thead>
      <tbody>${list.map((p) => html`<tr>
        <td>${p.title}<br /><span class="muted">${[p.department, p.payGrade, p.location.locality].filter(Boolean).join(' · ')}</span></td>
        <td>${p.deadline ? formatDate(this.locale, new Date(`${p.deadline}T12:00:00Z`)) : this.m('none')}</td>
        <td>${!p.published ? this.m('draft') : p.open ? this.m('published') : this.m('closed')}</td>
        <td>${p.applications}</td>
        <td><div class="row">
          ${this.clerk ? html`<button type="button" @click=${() => this.togglePublish(p)}>${p.published ? this.m('unpublish') : this.m('publish')}<span class="visually-hidden">: ${p.title}</span></button>` : nothing}
          <button type="button" @click=${() => { this.open = p; this.error = ''; }}>${this.m('applications')}<span class="visually-hidden">: ${p.title}</span></button>
        </div></td>
      </tr>`)}</tbody>
    </table></div>`;
  }

  private renderApplications(p: StaffPosting) {
    return html`<p><button type="button" class="link" @click=${() => (this.open = undefined)}>‹ ${this.m('back')}</button></p>
      <h3>${this.m('appsOf', { title: p.title })}</h3>
      ${this.clerk ? html`<p><button type="button" @click=${() => this.download(`/v1/staff/jobs/${p.id}/documents.zip`, `bewerbungen-${p.id.slice(0, 8)}.zip`)}>${this.m('zip')}</button></p>` : html`<p class="muted">${this.m('readOnly')}</p>`}
      ${this.appsTask.render({
        pending: () => html`<p role="status">${this.t('loading')}</p>`,
        error: (err) => html`<p role="alert">${this.describe(err)}</p>`,
        complete: (res) => (!res ? nothing : !res.items.length ? html`<p>${this.m('noApps')}</p>` : html`<div class="table-wrap"><table part="table">
          <caption class="visually-hidden">${this.m('appsOf', { title: p.title })}</caption>
          <thead><tr><th scope="col">${this.m('colRef')}</th><th scope="col">${this.m('colName')}</th><th scope="col">${this.m('colFlag')}</th><th scope="col">${this.m('colStatus')}</th><th scope="col">${this.m('colDocs')}</th></tr></thead>
          <tbody>${res.items.map((a) => html`<tr>
            <td>${a.ref}</td>
            <td>${a.lastName}, ${a.firstName}${a.contact ? html`<br /><a href=${`mailto:${a.contact.email}`}>${a.contact.email}</a>` : nothing}</td>
            <td>${a.flagged ? html`<span class="flag">${this.m('flagged')}</span>` : this.m('none')}</td>
            <td>${this.m(`st_${a.status}`)}${a.rejectionReason ? html`<br /><span class="muted">${a.rejectionReason}</span>` : nothing}
              ${this.clerk && APPLICATION_TRANSITIONS[a.status].length
                ? this.editing === a.id
                  ? html`<fieldset><legend>${this.m('statusFor', { name: `${a.firstName} ${a.lastName}` })}</legend>
                      <bn-select name="status" label=${this.m('colStatus')} .value=${this.nextStatus} .options=${APPLICATION_TRANSITIONS[a.status].map((s) => ({ value: s, label: this.m(`st_${s}`) }))}
                        @change=${(e: Event) => (this.nextStatus = (e.target as HTMLInputElement).value as ApplicationStatus)}></bn-select>
                      ${a.flagged && !a.invitedAt && this.nextStatus === 'rejected'
                        ? html`<bn-textarea name="reason" required label=${this.m('reason')} hint=${this.m('reasonHint')} rows="3" maxlength="2000" @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}></bn-textarea>`
                        : nothing}
                      <div class="row"><button type="button" class="primary" @click=${() => this.setStatus(a)}>${this.m('apply')}</button><button type="button" @click=${() => (this.editing = '')}>${this.m('cancel')}</button></div>
                    </fieldset>`
                  : html`<br /><button type="button" class="link" @click=${() => { this.editing = a.id; this.nextStatus = ''; this.reason = ''; }}>${this.m('setStatus')}<span class="visually-hidden">: ${a.ref}</span></button>`
                : nothing}
            </td>
            <td><ul class="plain">${a.documents.map((d) => html`<li><button type="button" class="link" @click=${() => this.download(`/v1/staff/jobs/${p.id}/applications/${a.id}/documents/${d.id}`, d.name)}>${d.name}</button></li>`)}</ul></td>
          </tr>`)}</tbody>
        </table></div>`),
      })}`;
  }

  override render() {
    // The console names the section in its own heading.
    return html`<section>
      ${this.error ? html`<div class="notice error" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.open
        ? this.renderApplications(this.open)
        : html`${this.clerk && !this.creating ? html`<p><button type="button" class="primary" @click=${() => (this.creating = true)}>${this.m('newPosting')}</button></p>` : nothing}
          ${this.creating ? this.renderForm() : nothing}
          ${this.postingsTask.render({
            pending: () => html`<p role="status">${this.t('loading')}</p>`,
            error: (err) => html`<p role="alert">${this.describe(err)}</p>`,
            complete: (list) => (list ? this.renderPostings(list) : nothing),
          })}`}
    </section>`;
  }
}
