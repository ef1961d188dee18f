import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import * as v from 'valibot';
import {
  APPLICATION_TRANSITIONS,
  BulkReject,
  StaffNote,
  StaffApplicationUpdate,
  type ApplicationStatus,
  type StaffApplication,
  type StaffEvent,
  type StaffPosting,
} from '../../backend/jobs/schema.ts';
import { formMessages } from '../core/form-messages.ts';
import { formatDate } from '../core/i18n.ts';
import { applyFieldErrors, issuesToFieldErrors } from '../core/validation.ts';
import { renderLoad } from '../core/task-view.ts';
import { JobsConsolePart } from './console-base.ts';
import { BnCloseEvent } from './console-posting-form.ts';

export interface LetterTemplate {
  id: string;
  kind: 'rejection' | 'invitation' | 'other';
  name: string;
  subject: string;
  body: string;
  updatedAt: string;
}

/**
 * @tag bn-jobs-applications
 * @summary The applications of one posting. The clerk moves each through received → in review
 * → invited → rejected / hired (a flagged applicant never invited needs the §165 SGB IX
 * reason), rates and notes it, sends letters from templates, rejects several at once with a
 * letter each through the outbox, and downloads every document as one ZIP. The disability
 * representative and the staff council see the read-only participation view.
 *
 * @fires bn-close - Back to the postings.
 * @csspart table - The applications table.
 * @csspart details - The open application.
 */
export class BnJobsApplications extends JobsConsolePart {
  @state() private editing = '';
  @state() private nextStatus: ApplicationStatus | '' = '';
  @state() private reason = '';
  @state() private selected = new Set<string>();
  @state() private bulk = false;
  @state() private bulkTemplate = '';
  @state() private bulkReasons: Record<string, string> = {};
  @state() private openId = '';
  @state() private note = '';
  @state() private letterTemplate = '';

  @property({ attribute: false }) posting!: StaffPosting;

  private readonly appsTask = new Task(this, {
    task: async ([client, posting], { signal }) => (client && posting ? client.get<{ items: StaffApplication[]; view: string }>(`/v1/staff/jobs/${posting.id}/applications`, { signal }) : undefined),
    args: () => [this.client, this.posting] as const,
  });

  private readonly templatesTask = new Task(this, {
    task: async ([client, clerk], { signal }) => (client && clerk ? (await client.get<{ items: LetterTemplate[] }>('/v1/staff/jobs/templates', { signal })).items : []),
    args: () => [this.client, this.clerk] as const,
  });

  private readonly detailTask = new Task(this, {
    task: async ([client, posting, id], { signal }) => (client && posting && id ? client.get<StaffApplication>(`/v1/staff/jobs/${posting.id}/applications/${id}`, { signal }) : undefined),
    args: () => [this.client, this.posting, this.openId] as const,
  });

  private get base(): string {
    return `/v1/staff/jobs/${this.posting.id}/applications`;
  }

  private refresh(): void {
    void this.appsTask.run();
    if (this.openId) void this.detailTask.run();
  }

  /** Checks a body with the API's schema; the first issue's field gets the message and focus. */
  private valid(schema: v.GenericSchema, body: unknown): boolean {
    const check = v.safeParse(schema, body);
    if (check.success) return true;
    const errors = applyFieldErrors(this.shadowRoot!, issuesToFieldErrors(this.locale, check.issues));
    errors[0]?.target.focus();
    return false;
  }

  private async setStatus(a: StaffApplication): Promise<void> {
    const body = { ...(this.nextStatus ? { status: this.nextStatus } : {}), ...(this.reason ? { reason: this.reason } : {}) };
    if (!this.valid(StaffApplicationUpdate, body)) return;
    if (await this.run(() => this.client!.send('PATCH', `${this.base}/${a.id}`, body))) {
      this.editing = '';
      this.reason = '';
      this.refresh();
    }
  }

  private async rate(a: StaffApplication, value: string): Promise<void> {
    const body = { rating: value ? Number(value) : null };
    if (await this.run(() => this.client!.send('PATCH', `${this.base}/${a.id}`, body))) this.refresh();
  }

  private async addNote(e: Event, a: StaffApplication): Promise<void> {
    e.preventDefault();
    const body = { text: this.note };
    if (!this.valid(StaffNote, body)) return;
    if (await this.run(() => this.client!.send('POST', `${this.base}/${a.id}/notes`, body))) {
      this.note = '';
      void this.detailTask.run();
    }
  }

  private async sendLetter(e: Event, a: StaffApplication): Promise<void> {
    e.preventDefault();
    if (!this.letterTemplate) {
      applyFieldErrors(this.shadowRoot!, [{ path: 'letter', message: formMessages.t(this.locale, 'requiredChoice') }]);
      return;
    }
    if (await this.run(() => this.client!.send('POST', `${this.base}/${a.id}/letters`, { templateId: this.letterTemplate }))) {
      this.notice = this.m('letterSent');
      void this.detailTask.run();
    }
  }

  private async rejectSelected(e: Event, items: StaffApplication[]): Promise<void> {
    e.preventDefault();
    const ids = items.filter((a) => this.selected.has(a.id)).map((a) => a.id);
    const reasons = Object.fromEntries(Object.entries(this.bulkReasons).filter(([id, r]) => ids.includes(id) && r.trim()));
    const body = { ids, templateId: this.bulkTemplate, reasons };
    if (!this.valid(BulkReject, body)) return;
    let count = 0;
    const ok = await this.run(async () => {
      count = (await this.client!.send<{ rejected: number }>('POST', `${this.base}/reject`, body)).rejected;
    });
    if (ok) {
      this.bulk = false;
      this.selected = new Set();
      this.bulkReasons = {};
      this.notice = this.m('bulkDone', { count });
      this.refresh();
    }
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private templateOptions(kind?: LetterTemplate['kind']) {
    const list = (this.templatesTask.value ?? []).filter((t) => !kind || t.kind === kind);
    return list.map((t) => ({ value: t.id, label: `${t.name} (${this.m(`kind_${t.kind}`)})` }));
  }

  private renderStatus(a: StaffApplication) {
    if (!this.clerk || !APPLICATION_TRANSITIONS[a.status].length) return nothing;
    if (this.editing !== a.id) {
      return html`<br /><button type="button" class="link" @click=${() => {
        this.editing = a.id;
        this.nextStatus = '';
        this.reason = '';
      }}>${this.m('setStatus')}<span class="visually-hidden">: ${a.ref}</span></button>`;
    }
    return html`<fieldset><legend>${this.m('statusFor', { name: `${a.firstName} ${a.lastName}` })}</legend>
      <bn-select name="status" label=${this.m('newStatus')} .value=${this.nextStatus} .options=${APPLICATION_TRANSITIONS[a.status].map((s) => ({ value: s, label: this.m(`st_${s}`) }))}
        @change=${(e: Event) => (this.nextStatus = (e.target as HTMLInputElement).value as ApplicationStatus)}></bn-select>
      ${
        a.flagged && !a.invitedAt && this.nextStatus === 'rejected'
          ? html`<bn-textarea name="reason" required label=${this.m('reason')} hint=${this.m('reasonHint')} rows="3" maxlength="2000" @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}></bn-textarea>`
          : nothing
      }
      <div class="row"><button type="button" class="primary" @click=${() => this.setStatus(a)}>${this.m('apply')}</button><button type="button" @click=${() => (this.editing = '')}>${this.m('cancel')}</button></div>
    </fieldset>`;
  }

  private renderBulk(items: StaffApplication[]) {
    const chosen = items.filter((a) => this.selected.has(a.id));
    const options = this.templateOptions('rejection');
    return html`<form class="panel" novalidate @submit=${(e: Event) => this.rejectSelected(e, items)}>
      <h4>${this.m('bulkTitle', { count: chosen.length })}</h4>
      ${
        options.length
          ? html`<bn-select name="templateId" required label=${this.m('bulkTemplate')} .value=${this.bulkTemplate} .options=${options}
            @change=${(e: Event) => (this.bulkTemplate = (e.target as HTMLInputElement).value)}></bn-select>`
          : html`<p>${this.m('noTemplates')}</p>`
      }
      ${chosen
        .filter((a) => a.flagged && !a.invitedAt)
        .map(
          (a) => html`<bn-textarea name=${`reasons.${a.id}`} required rows="3" maxlength="2000" hint=${this.m('reasonHint')}
        label=${this.m('bulkReasonFor', { name: `${a.firstName} ${a.lastName}`, ref: a.ref })} .value=${this.bulkReasons[a.id] ?? ''}
        @input=${(e: Event) => (this.bulkReasons = { ...this.bulkReasons, [a.id]: (e.target as HTMLInputElement).value })}></bn-textarea>`,
        )}
      <div class="row"><button type="submit" class="primary" ?disabled=${!options.length}>${this.m('bulkSend')}</button><button type="button" @click=${() => (this.bulk = false)}>${this.m('cancel')}</button></div>
    </form>`;
  }

  private event(e: StaffEvent): string {
    if (e.type === 'status') return this.m('ev_status', { status: e.status ? this.m(`st_${e.status}`) : '' }) + (e.text ? ` — ${e.text}` : '');
    if (e.type === 'rating') return this.m('ev_rating', { text: e.text ? this.m('stars', { n: Number(e.text) }) : this.m('noRating') });
    if (e.type === 'letter') return this.m('ev_letter', { text: e.text ?? '' });
    return `${this.m('ev_note')}: ${e.text ?? ''}`;
  }

  private renderDetail(a: StaffApplication) {
    const letters = this.templateOptions();
    return html`<section class="panel" part="details" aria-labelledby="detail-heading">
      <h4 id="detail-heading" tabindex="-1">${this.m('detailsOf', { ref: a.ref })}: ${a.firstName} ${a.lastName}</h4>
      ${
        a.contact
          ? html`<p><strong>${this.m('contact')}:</strong> <a href=${`mailto:${a.contact.email}`}>${a.contact.email}</a>${a.contact.phone ? ` · ${a.contact.phone}` : ''}
            ${[a.contact.street, `${a.contact.postalCode} ${a.contact.locality}`.trim()].filter(Boolean).join(', ')}</p>`
          : nothing
      }
      ${a.talentPool ? html`<p>${this.m('talentPool')}</p>` : nothing}
      <h5>${this.m('coverLetter')}</h5>
      <p class="pre">${a.coverLetter}</p>
      ${
        this.clerk
          ? html`<bn-select name="rating" label=${this.m('rating')} .value=${a.rating ? String(a.rating) : ''}
            .options=${[{ value: '', label: this.m('noRating') }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: this.m('stars', { n }) }))]}
            @change=${(e: Event) => this.rate(a, (e.target as HTMLInputElement).value)}></bn-select>
          <form novalidate @submit=${(e: Event) => this.sendLetter(e, a)}>
            <h5>${this.m('letter')}</h5>
            ${
              letters.length
                ? html`<bn-select name="letter" required label=${this.m('letterTemplate')} .value=${this.letterTemplate} .options=${letters}
                  @change=${(e: Event) => (this.letterTemplate = (e.target as HTMLInputElement).value)}></bn-select>
                <button type="submit">${this.m('sendLetter')}</button>`
                : html`<p>${this.m('noTemplates')}</p>`
            }
          </form>
          <h5>${this.m('notes')}</h5>
          ${
            a.events?.length
              ? html`<ul>${a.events.map((e) => html`<li><span class="muted">${formatDate(this.locale, new Date(e.at), { dateStyle: 'medium', timeStyle: 'short' })}, ${e.actor}:</span> <span class="pre">${this.event(e)}</span></li>`)}</ul>`
              : html`<p>${this.m('noEvents')}</p>`
          }
          <form novalidate @submit=${(e: Event) => this.addNote(e, a)}>
            <bn-textarea name="text" label=${this.m('noteText')} rows="3" maxlength="4000" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLInputElement).value)}></bn-textarea>
            <button type="submit">${this.m('addNote')}</button>
          </form>`
          : nothing
      }
      <p><button type="button" @click=${() => (this.openId = '')}>${this.m('close')}</button></p>
    </section>`;
  }

  private renderTable(items: StaffApplication[]) {
    return html`<div class="table-wrap"><table part="table" class="stack">
      <caption class="visually-hidden">${this.m('appsOf', { title: this.posting.title })}</caption>
      <thead><tr>${this.clerk ? html`<th scope="col"><span class="visually-hidden">${this.m('colSelect')}</span></th>` : nothing}<th scope="col">${this.m('colRef')}</th><th scope="col">${this.m('colName')}</th><th scope="col">${this.m('colFlag')}</th><th scope="col">${this.m('colStatus')}</th>${this.clerk ? html`<th scope="col">${this.m('colRating')}</th>` : nothing}<th scope="col">${this.m('colDocs')}</th></tr></thead>
      <tbody>${items.map(
        (a) => html`<tr>
        ${
          this.clerk
            ? html`<td>${
                APPLICATION_TRANSITIONS[a.status].includes('rejected')
                  ? html`<input type="checkbox" aria-label=${this.m('select', { ref: a.ref })} .checked=${this.selected.has(a.id)} @change=${(e: Event) => this.toggle(a.id, (e.target as HTMLInputElement).checked)} />`
                  : nothing
              }</td>`
            : nothing
        }
        <td data-label=${this.m('colRef')}>${a.ref}<br /><button type="button" class="link" @click=${() => {
          this.openId = a.id;
          this.note = '';
          void this.updateComplete
            .then(() => this.detailTask.taskComplete)
            .then(() => this.updateComplete)
            .then(() => this.renderRoot.querySelector<HTMLElement>('#detail-heading')?.focus());
        }}>${this.m('details')}<span class="visually-hidden">: ${a.ref}</span></button></td>
        <td data-label=${this.m('colName')}>${a.lastName}, ${a.firstName}${a.contact ? html`<br /><a href=${`mailto:${a.contact.email}`}>${a.contact.email}</a>` : nothing}</td>
        <td data-label=${this.m('colFlag')}>${a.flagged ? html`<span class="flag">${this.m('flagged')}</span>` : this.m('none')}</td>
        <td data-label=${this.m('colStatus')}>${this.m(`st_${a.status}`)}${a.rejectionReason ? html`<br /><span class="muted">${a.rejectionReason}</span>` : nothing}${this.renderStatus(a)}</td>
        ${this.clerk ? html`<td data-label=${this.m('colRating')}>${a.rating ? this.m('stars', { n: a.rating }) : this.m('none')}</td>` : nothing}
        <td data-label=${this.m('colDocs')}><ul class="plain">${a.documents.map((d) => html`<li><button type="button" class="link" @click=${() => this.download(`${this.base}/${a.id}/documents/${d.id}`, d.name)}>${d.name}</button></li>`)}</ul></td>
      </tr>`,
      )}</tbody>
    </table></div>`;
  }

  override render() {
    const p = this.posting;
    return html`<p><button type="button" class="link" @click=${() => this.dispatchEvent(new BnCloseEvent())}>‹ ${this.m('back')}</button></p>
      <h3 tabindex="-1">${this.m('appsOf', { title: p.title })}</h3>
      ${this.error ? html`<div class="notice error" role="alert"><p>${this.error}</p></div>` : nothing}
      <div role="status">${this.notice ? html`<div class="notice success"><p>${this.notice}</p></div>` : nothing}</div>
      ${
        this.clerk
          ? html`<p><button type="button" @click=${() => this.download(`/v1/staff/jobs/${p.id}/documents.zip`, `bewerbungen-${p.id.slice(0, 8)}.zip`)}>${this.m('zip')}</button></p>`
          : html`<p class="muted">${this.m('readOnly')}</p>`
      }
      ${renderLoad(this.appsTask, {
        ...this.loadText(),
        complete: (res) => {
          if (!res) return nothing;
          if (!res.items.length) return html`<p>${this.m('noApps')}</p>`;
          const open = this.openId ? this.detailTask.value : undefined;
          return html`
            ${
              this.clerk && this.selected.size
                ? html`<div class="row"><span>${this.m('selectedCount', { count: this.selected.size })}</span>
                  <button type="button" aria-expanded=${String(this.bulk)} @click=${() => (this.bulk = !this.bulk)}>${this.m('bulkReject')}</button></div>`
                : nothing
            }
            ${this.bulk && this.selected.size ? this.renderBulk(res.items) : nothing}
            ${this.renderTable(res.items)}
            ${open && open.id === this.openId ? this.renderDetail(open) : nothing}`;
        },
      })}`;
  }
}
