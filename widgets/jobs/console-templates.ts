import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import * as v from 'valibot';
import { LETTER_KINDS, LETTER_PLACEHOLDERS, LetterTemplateCreate } from '../../backend/jobs/schema.ts';
import { applyFieldErrors, issuesToFieldErrors } from '../core/validation.ts';
import type { LetterTemplate } from './console-applications.ts';
import { renderLoad } from '../core/task-view.ts';
import { JobsConsolePart } from './console-base.ts';

type Draft = { id: string | null; kind: LetterTemplate['kind']; name: string; subject: string; body: string };
const empty = (): Draft => ({ id: null, kind: 'rejection', name: '', subject: '', body: '' });

/**
 * @tag bn-jobs-templates
 * @summary The letter templates of the jobs module (rejection, invitation, other): list,
 * create, change, delete. The body is plain text with placeholders ({{firstName}},
 * {{lastName}}, {{title}}, {{ref}}, {{employer}}) that buttons insert at the cursor; the
 * server fills them when a letter goes to the outbox.
 *
 * @csspart form - The template form.
 * @csspart table - The list of templates.
 */
export class BnJobsTemplates extends JobsConsolePart {
  @state() private draft?: Draft;
  /** The template whose deletion waits for a second click (no blocking confirm()). */
  @state() private confirming = '';

  private readonly listTask = new Task(this, {
    task: async ([client], { signal }) => (client ? (await client.get<{ items: LetterTemplate[] }>('/v1/staff/jobs/templates', { signal })).items : undefined),
    args: () => [this.client] as const,
  });

  private edit(t?: LetterTemplate): void {
    this.error = '';
    this.notice = '';
    this.draft = t ? { id: t.id, kind: t.kind, name: t.name, subject: t.subject, body: t.body } : empty();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('bn-text-field[name="name"]')?.focus());
  }

  private set(name: keyof Draft) {
    return (e: Event) => {
      this.draft = { ...this.draft!, [name]: (e.target as HTMLInputElement).value };
    };
  }

  /** Puts `{{name}}` where the cursor stands in the body (or at its end). */
  private insert(ph: string): void {
    const area = this.renderRoot.querySelector('bn-textarea[name="body"]')?.shadowRoot?.querySelector('textarea');
    const token = `{{${ph}}}`;
    const body = this.draft!.body;
    const at = area ? area.selectionStart : body.length;
    const end = area ? area.selectionEnd : body.length;
    this.draft = { ...this.draft!, body: body.slice(0, at) + token + body.slice(end) };
    void this.updateComplete.then(() => {
      if (!area) return;
      area.focus();
      area.setSelectionRange(at + token.length, at + token.length);
    });
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const { id, ...body } = this.draft!;
    const check = v.safeParse(LetterTemplateCreate, body);
    if (!check.success) {
      applyFieldErrors(this.shadowRoot!, issuesToFieldErrors(this.locale, check.issues))[0]?.target.focus();
      return;
    }
    const ok = await this.run(() => (id ? this.client!.send('PUT', `/v1/staff/jobs/templates/${id}`, body) : this.client!.send('POST', '/v1/staff/jobs/templates', body)));
    if (ok) {
      this.draft = undefined;
      this.notice = this.m('saved');
      void this.listTask.run();
    }
  }

  private async deleteTemplate(t: LetterTemplate): Promise<void> {
    this.confirming = '';
    if (await this.run(() => this.client!.send('DELETE', `/v1/staff/jobs/templates/${t.id}`))) {
      this.notice = this.m('deleted');
      void this.listTask.run();
    }
  }

  private renderForm(d: Draft) {
    return html`<form part="form" class="panel" novalidate @submit=${this.save}>
      <h4>${d.id ? this.m('editTemplate') : this.m('newTemplate')}</h4>
      <div class="grid">
        <bn-select name="kind" required label=${this.m('tKind')} .value=${d.kind} .options=${LETTER_KINDS.map((k) => ({ value: k, label: this.m(`kind_${k}`) }))} @change=${this.set('kind')}></bn-select>
        <bn-text-field name="name" required label=${this.m('tName')} maxlength="120" .value=${d.name} @input=${this.set('name')}></bn-text-field>
      </div>
      <bn-text-field name="subject" required label=${this.m('tSubject')} maxlength="200" .value=${d.subject} @input=${this.set('subject')}></bn-text-field>
      <bn-textarea name="body" required label=${this.m('tBody')} hint=${this.m('tBodyHint')} rows="10" maxlength="10000" .value=${d.body} @input=${this.set('body')}></bn-textarea>
      <div class="row" role="group" aria-labelledby="ph-label"><span id="ph-label">${this.m('placeholders')}</span>
        ${LETTER_PLACEHOLDERS.map((ph) => html`<button type="button" @click=${() => this.insert(ph)}><span aria-hidden="true">{{${ph}}}</span><span class="visually-hidden">${this.m('insert', { placeholder: this.m(`ph_${ph}`) })}</span></button>`)}
      </div>
      <div class="row"><button type="submit" class="primary">${this.m('save')}</button><button type="button" @click=${() => (this.draft = undefined)}>${this.m('cancel')}</button></div>
    </form>`;
  }

  override render() {
    return html`
      ${this.error ? html`<div class="notice error" role="alert"><p>${this.error}</p></div>` : nothing}
      <div role="status">${this.notice ? html`<div class="notice success"><p>${this.notice}</p></div>` : nothing}</div>
      ${this.draft ? this.renderForm(this.draft) : html`<p><button type="button" class="primary" @click=${() => this.edit()}>${this.m('newTemplate')}</button></p>`}
      ${renderLoad(this.listTask, {
        ...this.loadText(),
        complete: (list) =>
          !list
            ? nothing
            : html`<div class="table-wrap"><table part="table" class="stack">
            <caption class="visually-hidden">${this.m('templates')}</caption>
            <thead><tr><th scope="col">${this.m('tName')}</th><th scope="col">${this.m('tKind')}</th><th scope="col">${this.m('tSubject')}</th><th scope="col">${this.m('colActions')}</th></tr></thead>
            <tbody>${list.map(
              (t) => html`<tr><td>${t.name}</td><td data-label=${this.m('tKind')}>${this.m(`kind_${t.kind}`)}</td><td data-label=${this.m('tSubject')}>${t.subject}</td>
              <td><div class="row"><button type="button" @click=${() => this.edit(t)}>${this.m('edit')}<span class="visually-hidden">: ${t.name}</span></button>
                ${
                  this.confirming === t.id
                    ? html`<span role="alert">${this.m('confirmDelete', { name: t.name })}</span>
                      <button type="button" class="primary" @click=${() => this.deleteTemplate(t)}>${this.m('deleteTemplate')}</button>
                      <button type="button" @click=${() => (this.confirming = '')}>${this.m('cancel')}</button>`
                    : html`<button type="button" @click=${() => (this.confirming = t.id)}>${this.m('deleteTemplate')}<span class="visually-hidden">: ${t.name}</span></button>`
                }</div></td></tr>`,
            )}</tbody>
          </table></div>`,
      })}`;
  }
}
