import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { StaffPosting } from '../../backend/jobs/schema.ts';
import { formatDate } from '../core/i18n.ts';
import { renderLoad } from '../core/task-view.ts';
import { JobsConsolePart } from './console-base.ts';

type View = { kind: 'list' } | { kind: 'form'; posting?: StaffPosting } | { kind: 'apps'; posting: StaffPosting } | { kind: 'templates' };

/**
 * @tag bn-console-jobs
 * @summary The jobs section of `<bn-console>`: postings (create and change in a rich-text
 * form, publish, unpublish), the applications of a posting (`<bn-jobs-applications>`) and the
 * letter templates (`<bn-jobs-templates>`). The representations see the read-only
 * participation view of the applications and nothing else they may not see.
 *
 * @csspart table - The postings table.
 * @cssprop --bn-color-primary - Buttons and links.
 */
export class BnConsoleJobs extends JobsConsolePart {
  @state() private view: View = { kind: 'list' };

  private readonly postingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<StaffPosting[]>('/v1/staff/jobs', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  /** Changes the view and puts the focus on its heading, so a screen reader hears where it is. */
  private go(view: View): void {
    this.view = view;
    this.error = '';
    void this.updateComplete.then(async () => {
      // A form or a posting's applications: their heading. The list or the templates: the tab.
      const part = this.renderRoot.querySelector<JobsConsolePart>('bn-jobs-posting-form, bn-jobs-applications');
      if (part) await part.updateComplete;
      const target = part ? part.shadowRoot?.querySelector<HTMLElement>('h3[tabindex="-1"]') : this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      target?.focus();
    });
  }

  private back = (): void => {
    this.go({ kind: 'list' });
    void this.postingsTask.run();
  };

  private async togglePublish(p: StaffPosting): Promise<void> {
    if (await this.run(() => this.client!.send('PATCH', `/v1/staff/jobs/${p.id}`, { published: !p.published }))) void this.postingsTask.run();
  }

  private renderPostings(list: StaffPosting[]) {
    if (!list.length) return html`<p>${this.m('noPostings')}</p>`;
    return html`<div class="table-wrap"><table part="table" class="stack">
      <caption class="visually-hidden">${this.m('postings')}</caption>
      <thead><tr><th scope="col">${this.m('colTitle')}</th><th scope="col">${this.m('colDeadline')}</th><th scope="col">${this.m('colState')}</th><th scope="col">${this.m('colApplications')}</th><th scope="col">${this.m('colActions')}</th></tr></thead>
      <tbody>${list.map(
        (p) => html`<tr>
        <td>${p.title}<br /><span class="muted">${[p.department, p.payGrade, p.location.locality].filter(Boolean).join(' · ')}</span></td>
        <td data-label=${this.m('colDeadline')}>${p.deadline ? formatDate(this.locale, new Date(`${p.deadline}T12:00:00Z`)) : this.m('none')}</td>
        <td data-label=${this.m('colState')}>${!p.published ? this.m('draft') : p.open ? this.m('published') : this.m('closed')}</td>
        <td data-label=${this.m('colApplications')}>${p.applications}</td>
        <td><div class="row">
          ${
            this.clerk
              ? html`<button type="button" @click=${() => this.go({ kind: 'form', posting: p })}>${this.m('edit')}<span class="visually-hidden">: ${p.title}</span></button>
                <button type="button" @click=${() => this.togglePublish(p)}>${p.published ? this.m('unpublish') : this.m('publish')}<span class="visually-hidden">: ${p.title}</span></button>`
              : nothing
          }
          <button type="button" @click=${() => this.go({ kind: 'apps', posting: p })}>${this.m('applications')}<span class="visually-hidden">: ${p.title}</span></button>
        </div></td>
      </tr>`,
      )}</tbody>
    </table></div>`;
  }

  private renderTabs() {
    // Two plain buttons with aria-pressed would do as well; a tab list says "one of two parts".
    const tab = (kind: 'list' | 'templates', label: string) => {
      const on = this.view.kind === kind || (kind === 'list' && this.view.kind !== 'templates');
      return html`<button type="button" role="tab" aria-selected=${String(on)} tabindex=${on ? 0 : -1} class=${on ? 'primary' : ''}
        @click=${() => (kind === 'list' ? this.back() : this.go({ kind: 'templates' }))}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
          e.preventDefault();
          if (kind === 'list') this.go({ kind: 'templates' });
          else this.back();
        }}>${label}</button>`;
    };
    return html`<div class="row" role="tablist" aria-label=${this.m('tabsLabel')}>${tab('list', this.m('tabPostings'))}${this.clerk ? tab('templates', this.m('tabTemplates')) : nothing}</div>`;
  }

  private renderView() {
    const v = this.view;
    if (v.kind === 'form') return html`<bn-jobs-posting-form .posting=${v.posting} @bn-saved=${this.back} @bn-close=${this.back}></bn-jobs-posting-form>`;
    if (v.kind === 'apps') return html`<bn-jobs-applications .posting=${v.posting} @bn-close=${this.back}></bn-jobs-applications>`;
    if (v.kind === 'templates') return html`<bn-jobs-templates></bn-jobs-templates>`;
    return html`${this.clerk ? html`<p><button type="button" class="primary" @click=${() => this.go({ kind: 'form' })}>${this.m('newPosting')}</button></p>` : nothing}
      ${renderLoad(this.postingsTask, { ...this.loadText(), complete: (list) => (list ? this.renderPostings(list) : nothing) })}`;
  }

  override render() {
    // The console names the section in its own heading.
    return html`<section>
      ${this.clerk ? this.renderTabs() : nothing}
      ${this.error ? html`<div class="notice error" role="alert"><p>${this.error}</p></div>` : nothing}
      <div role=${this.clerk ? 'tabpanel' : nothing}>${this.renderView()}</div>
    </section>`;
  }
}
