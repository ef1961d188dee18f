import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { EMPLOYMENT_TYPES, PAY_SCHEMES, parseStatusHash, type ApplicationStatusView, type JobPage, type PublicJob } from '../../backend/jobs/schema.ts';
import { ApiProblem, newIdempotencyKey } from '../core/api-client.ts';
import type { PublicConfig } from '../core/config.ts';
import { formatDate, formatNumber, type Params } from '../core/i18n.ts';
import { fragmentId, permalink, queryId } from '../core/permalink.ts';
import { BnWidget } from '../core/widget.ts';
import { JobsApi, type JobFilter } from './api.ts';
import { JobApplication } from './application.ts';
import { HeadJsonLd, jobPostingLd } from './json-ld.ts';
import { jobsMessages, type JobsMessageKey } from './messages.ts';
import { richText } from './rich-text.ts';
import { jobsStyles } from './styles.ts';

const PARAM = 'bn-job';
/**
 * @tag bn-job-listings
 * @summary A town's open positions: list with filters and search, a detail view with its own
 * address on the host page (`?bn-job=<id>`, or `#bn-job=<id>` with `link-mode="fragment"`)
 * and schema.org JobPosting JSON-LD in `document.head` for search engines, the online
 * application (PDF documents with upload progress, ALTCHA) and the applicant's status view
 * (`#bn-job-status=REF.TOKEN`, with withdrawal).
 *
 * @slot - Fallback for readers without JavaScript (a link to the town's job page); shown again
 *   when the widget cannot load.
 * @fires bn-submitted - An application was sent; `detail` is `{ ref, token, status, createdAt }`.
 * @csspart base - The list view.
 * @csspart filters - The filter form.
 * @csspart item - Each posting in the list.
 * @csspart detail - The detail view.
 * @csspart apply - The "apply" button.
 * @csspart form - The application form.
 * @csspart submit - The send button.
 * @csspart success - The confirmation.
 * @csspart reference - The reference in the confirmation.
 * @csspart status - The status view.
 * @cssprop --bn-color-primary - Buttons and links.
 * @cssprop --bn-jobs-gap - Space between list items.
 */
export class BnJobListings extends BnWidget {
  static override styles = [...BnWidget.styles, jobsStyles];

  private readonly ld = new HeadJsonLd('bn-job-listings');
  /** The online application below a posting (its status link starts from the list's address). */
  private readonly application = new JobApplication(this, () => this.jobUrl(null));
  private readonly onLocation = () => this.readLocation();
  /** Where focus goes once it has rendered (a view loads before its heading exists). */
  private focusNext = '';

  @state() private selected = '';
  @state() private statusRef?: { ref: string; token: string };
  @state() private filter: JobFilter = { page: 1 };
  @state() private query = '';
  @state() private confirmWithdraw = false;
  /** Why the last withdrawal failed (shown at the question; the same key is sent again). */
  @state() private withdrawFailure: '' | 'offline' | 'rate' | 'server' = '';
  private withdrawKey = '';
  @state() private withdrawnView?: ApplicationStatusView;

  /** Where a posting's address lives: `query` (`?bn-job=<id>`, best for search engines) or `fragment`. */
  @property({ attribute: 'link-mode' }) linkMode: 'query' | 'fragment' = 'query';
  /** Postings per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;

  private readonly listTask = new Task(this, {
    task: async ([client, filter, size], { signal }) => (client ? new JobsApi(client).list({ ...filter, pageSize: size }, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.filter, this.pageSize] as const,
  });

  private readonly detailTask = new Task(this, {
    task: async ([client, id], { signal }) => (client && id ? new JobsApi(client).job(id, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.selected] as const,
  });

  private readonly statusTask = new Task(this, {
    task: async ([client, s], { signal }) => (client && s ? new JobsApi(client).status(s.ref, s.token, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.statusRef] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.readLocation();
    addEventListener('popstate', this.onLocation);
    addEventListener('hashchange', this.onLocation);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onLocation);
    removeEventListener('hashchange', this.onLocation);
    this.ld.clear();
  }

  protected override updated(): void {
    const target = this.focusNext && this.shadowRoot?.querySelector<HTMLElement>(this.focusNext);
    if (target) {
      this.focusNext = '';
      target.focus();
    }
    // The JSON-LD follows what the detail view shows, and nothing else.
    const job = this.selected ? this.detailTask.value : undefined;
    if (job && job.id === this.selected) this.ld.set(jobPostingLd(job, this.jobUrl(job.id)));
    else this.ld.clear();
  }

  private m(key: JobsMessageKey, params?: Params): string {
    return jobsMessages.t(this.locale, key, params);
  }

  private readLocation(): void {
    const hash = location.hash;
    const id = fragmentId(PARAM, hash) || queryId(PARAM);
    if (id !== this.selected) {
      this.selected = id;
      this.application.reset();
    }
    this.statusRef = parseStatusHash(hash) ?? undefined;
  }

  /** The host page's address of one posting. */
  private jobUrl(id: string | null): string {
    return permalink(PARAM, id, this.linkMode);
  }

  private open(id: string | null, e?: Event): void {
    if (e && (e as MouseEvent).button === 0 && ((e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey || (e as MouseEvent).shiftKey)) return;
    e?.preventDefault();
    history.pushState(null, '', this.jobUrl(id));
    this.selected = id ?? '';
    this.application.reset();
    this.focusNext = id ? '#detail-title' : '#list-title';
  }

  private setFilter(patch: Partial<JobFilter>): void {
    this.filter = { ...this.filter, ...patch, page: patch.page ?? 1 };
  }

  private async withdraw(): Promise<void> {
    const client = this.client;
    if (!client || !this.statusRef) return;
    // One key per withdrawal: a retry after a lost answer is the same request, not a second one.
    this.withdrawKey ||= newIdempotencyKey();
    this.withdrawFailure = '';
    try {
      this.withdrawnView = await new JobsApi(client).withdraw(this.statusRef.ref, this.statusRef.token, this.withdrawKey);
      this.confirmWithdraw = false;
      void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('#status-title')?.focus());
    } catch (err) {
      this.withdrawFailure = err instanceof ApiProblem ? (err.status === 429 ? 'rate' : 'server') : 'offline';
    }
  }

  // ------------------------------------------------------------ rendering

  private facts(job: PublicJob): TemplateResult {
    const salary = job.salary;
    const money = (n: number) => formatNumber(this.locale, n, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    return html`<dl class="facts">
      <div><dt>${this.m('employer')}</dt><dd>${job.employer.name}</dd></div>
      ${job.department ? html`<div><dt>${this.m('department')}</dt><dd>${job.department}</dd></div>` : nothing}
      ${job.payGrade ? html`<div><dt>${this.m('payGrade')}</dt><dd>${job.payGrade}, ${this.m(`scheme_${job.payScheme}`)}</dd></div>` : nothing}
      <div><dt>${this.m('employmentType')}</dt><dd>${this.m(`type_${job.employmentType}`)}${job.hoursPerWeek ? html`, ${this.m('hours', { n: job.hoursPerWeek })}` : nothing}</dd></div>
      ${
        salary
          ? html`<div><dt>${this.m('salary')}</dt><dd>${[salary.min, salary.max]
              .filter((x): x is number => x !== null)
              .map(money)
              .join(' – ')} ${this.m(`per${salary.unit}`)}</dd></div>`
          : nothing
      }
      <div><dt>${this.m('location')}</dt><dd>${[job.location.street, [job.location.postalCode, job.location.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ')}${job.telecommute ? html`<br />${this.m('remote')}` : nothing}</dd></div>
      <div><dt>${this.m('deadline')}</dt><dd>${job.deadline ? formatDate(this.locale, new Date(`${job.deadline}T12:00:00Z`)) : this.m('noDeadline')}</dd></div>
    </dl>`;
  }

  private renderFilters(page: JobPage | undefined): TemplateResult {
    const f = page?.facets;
    const opts = (xs: string[] = []) => xs.map((x) => ({ value: x, label: x }));
    return html`<form part="filters" class="filters" role="search" aria-labelledby="filters-title" @submit=${(e: Event) => {
      e.preventDefault();
      this.setFilter({ q: this.query });
    }}>
      <h3 id="filters-title" class="visually-hidden">${this.m('filters')}</h3>
      <div class="row search">
        <bn-text-field name="q" label=${this.m('search')} hint=${this.m('searchHint')} maxlength="200" .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}></bn-text-field>
        <button type="submit" class="primary">${this.m('search')}</button>
      </div>
      <div class="grid">
        ${
          (f?.employers.length ?? 0) > 1
            ? html`<bn-select name="employer" label=${this.m('employer')} placeholder=${this.m('all')} .value=${this.filter.employer ?? ''}
              .options=${f!.employers.map((e) => ({ value: e.slug, label: e.name }))} @change=${(e: Event) => this.setFilter({ employer: (e.target as HTMLInputElement).value })}></bn-select>`
            : nothing
        }
        <bn-select name="department" label=${this.m('department')} placeholder=${this.m('all')} .value=${this.filter.department ?? ''}
          .options=${opts(f?.departments)} @change=${(e: Event) => this.setFilter({ department: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="payScheme" label=${this.m('payScheme')} placeholder=${this.m('all')} .value=${this.filter.payScheme ?? ''}
          .options=${PAY_SCHEMES.map((s) => ({ value: s, label: this.m(`scheme_${s}`) }))} @change=${(e: Event) => this.setFilter({ payScheme: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="payGrade" label=${this.m('payGrade')} placeholder=${this.m('all')} .value=${this.filter.payGrade ?? ''}
          .options=${opts(f?.payGrades)} @change=${(e: Event) => this.setFilter({ payGrade: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="employmentType" label=${this.m('employmentType')} placeholder=${this.m('all')} .value=${this.filter.employmentType ?? ''}
          .options=${EMPLOYMENT_TYPES.filter((t) => t !== 'full_or_part_time').map((t) => ({ value: t, label: this.m(`type_${t}`) }))}
          @change=${(e: Event) => this.setFilter({ employmentType: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="location" label=${this.m('location')} placeholder=${this.m('all')} .value=${this.filter.location ?? ''}
          .options=${opts(f?.locations)} @change=${(e: Event) => this.setFilter({ location: (e.target as HTMLInputElement).value })}></bn-select>
      </div>
      <bn-checkbox name="withDeadline" .checked=${!!this.filter.withDeadline} @change=${(e: Event) => this.setFilter({ withDeadline: (e.target as HTMLInputElement).checked })}>${this.m('withDeadline')}</bn-checkbox>
    </form>`;
  }

  private renderList(): TemplateResult {
    const page = this.listTask.value;
    return html`<section part="base" aria-labelledby="list-title">
      <h2 id="list-title" tabindex="-1" class="visually-hidden">${this.m('title')}</h2>
      ${this.renderFilters(page)}
      ${this.listTask.render({
        pending: () => html`<p role="status">${this.t('loading')}</p>`,
        error: () => html`<div class="notice error" role="alert"><p>${this.t('unavailableNetwork')}</p><button type="button" @click=${() => this.listTask.run()}>${this.t('retry')}</button></div>`,
        complete: (p) => (p ? this.renderItems(p) : html``),
      })}
    </section>`;
  }

  private renderItems(p: JobPage): TemplateResult {
    const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
    return html`<p role="status" class="count">${this.m('count', { n: p.total })}</p>
      ${
        p.items.length
          ? html`<ul class="jobs">${p.items.map(
              (j) => html`<li part="item">
            <h3><a href=${this.jobUrl(j.id)} @click=${(e: Event) => this.open(j.id, e)}>${j.title}</a></h3>
            <p class="muted">${[j.employer.name, j.department, j.payGrade, this.m(`type_${j.employmentType}`), j.location.locality].filter(Boolean).join(' · ')}</p>
            <p>${j.deadline ? `${this.m('deadline')}: ${formatDate(this.locale, new Date(`${j.deadline}T12:00:00Z`))}` : this.m('noDeadline')}</p>
          </li>`,
            )}</ul>`
          : html`<p>${this.m('none')}</p>`
      }
      ${
        pages > 1
          ? html`<nav class="row pager" aria-label=${this.m('title')}>
            <button type="button" ?disabled=${p.page <= 1} @click=${() => this.setFilter({ page: p.page - 1 })}>‹ ${p.page - 1}</button>
            <span>${p.page} / ${pages}</span>
            <button type="button" ?disabled=${p.page >= pages} @click=${() => this.setFilter({ page: p.page + 1 })}>${p.page + 1} ›</button>
          </nav>`
          : nothing
      }`;
  }

  private renderDetail(config: PublicConfig): TemplateResult {
    const back = html`<p><a href=${this.jobUrl(null)} @click=${(e: Event) => this.open(null, e)}>‹ ${this.m('back')}</a></p>`;
    return html`<article part="detail" aria-labelledby="detail-title">
      ${back}
      ${this.detailTask.render({
        pending: () => html`<p role="status">${this.t('loading')}</p>`,
        error: (err) => html`<h2 id="detail-title" tabindex="-1">${this.m('title')}</h2>
          <div class="notice error" role="alert"><p>${err instanceof ApiProblem && err.status === 410 ? this.m('closed') : err instanceof ApiProblem && err.status === 404 ? this.m('notFound') : this.t('unavailableNetwork')}</p></div>`,
        complete: (job) => (job ? this.renderJob(job, config) : html``),
      })}
    </article>`;
  }

  private renderJob(job: PublicJob, config: PublicConfig): TemplateResult {
    return html`<h2 id="detail-title" tabindex="-1">${job.title}</h2>
      ${this.facts(job)}
      <div class="description">${richText(job.descriptionHtml)}</div>
      ${
        job.contact
          ? html`<p><strong>${this.m('contact')}:</strong> ${job.contact.name}${job.contact.email ? html`, <a href=${`mailto:${job.contact.email}`}>${job.contact.email}</a>` : nothing}${job.contact.phone ? html`, ${job.contact.phone}` : nothing}</p>`
          : nothing
      }
      ${this.application.render(job, config)}`;
  }

  private renderStatus(): TemplateResult {
    return html`<section part="status" aria-labelledby="status-title">
      ${this.statusTask.render({
        pending: () => html`<p role="status">${this.t('loading')}</p>`,
        error: () => html`<h2 id="status-title" tabindex="-1">${this.m('statusLink')}</h2><div class="notice error" role="alert"><p>${this.m('statusMissing')}</p></div>`,
        complete: (loaded) => {
          const s = this.withdrawnView ?? loaded;
          if (!s) return html``;
          return html`<h2 id="status-title" tabindex="-1">${this.m('statusTitle', { ref: s.ref })}</h2>
            <dl class="facts">
              <div><dt>${this.m('statusFor')}</dt><dd>${s.posting.title} (${s.employer.name})</dd></div>
              <div><dt>${this.m('status')}</dt><dd><strong>${this.m(`st_${s.status}`)}</strong></dd></div>
            </dl>
            ${this.withdrawnView ? html`<p role="status">${this.m('withdrawn')}</p>` : nothing}
            ${
              s.canWithdraw && !this.withdrawnView
                ? this.confirmWithdraw
                  ? html`<div class="notice" role="group" aria-labelledby="confirm"><p id="confirm">${this.m('withdrawConfirm')}</p>
                    ${
                      this.withdrawFailure
                        ? html`<div class="notice error" role="alert"><p>${this.m(this.withdrawFailure === 'offline' ? 'withdrawOffline' : this.withdrawFailure === 'rate' ? 'rateLimited' : 'serverError')}</p></div>`
                        : nothing
                    }
                    <div class="row"><button type="button" class="primary" @click=${() => this.withdraw()}>${this.m('withdrawYes')}</button>
                    <button type="button" @click=${() => (this.confirmWithdraw = false)}>${this.m('withdrawNo')}</button></div></div>`
                  : html`<button type="button" @click=${() => (this.confirmWithdraw = true)}>${this.m('withdraw')}</button>`
                : nothing
            }
            <p><a href=${this.jobUrl(null)} @click=${(e: Event) => {
              history.pushState(null, '', this.jobUrl(null));
              this.statusRef = undefined;
              this.open(null, e);
            }}>‹ ${this.m('back')}</a></p>`;
        },
      })}
    </section>`;
  }

  override render() {
    if (this.tenantState.status === 'error') return html`${this.renderWithTenant(() => html``)}<slot></slot>`;
    return this.renderWithTenant((config) => (this.statusRef ? this.renderStatus() : this.selected ? this.renderDetail(config) : this.renderList()));
  }
}
