import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { TIP_KINDS, TIP_STATUSES, type StaffTipSummary } from '../../backend/tips/schema.ts';
import { ConsoleTipsElement, type InboxFilter } from './console-api.ts';
import { consoleStyles } from './console-styles.ts';
import { isolate } from '../core/bidi.ts';
import type { ConsoleTipsKey } from './console-messages.ts';

const PAGE_SIZE = 20;
const SORTS = ['-created', 'created', '-updated', 'status', '-support'] as const;

/**
 * @tag bn-console-tips
 * @summary The staff's tips inbox inside `<bn-console>`: filters (status, kind, topic,
 * dates, full text), sorting, paging, CSV export for German Excel, and the detail of one
 * tip (`<bn-console-tip-detail>`) with status, answer, notes, publishing, assignment and
 * forwarding.
 *
 * @csspart filters - The filter form.
 * @csspart table - The inbox table.
 * @csspart pager - The paging controls.
 * @csspart export - The CSV export button.
 * @cssprop --bn-color-primary - Buttons, links and the pin.
 */
export class BnConsoleTips extends ConsoleTipsElement {
  static override styles = [
    ...ConsoleTipsElement.styles,
    ...consoleStyles,
    css`
      [part~='filters'] {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0 var(--_space);
        align-items: end;
      }
    `,
  ];

  /** What the form shows; applied on submit. */
  @state() private draft: InboxFilter = { sort: '-created' };
  @state() private filter: InboxFilter = { sort: '-created' };
  @state() private page = 1;
  @state() private open = '';
  @state() private note = '';
  @state() private exportBusy = false;

  private readonly settingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api!.settings(signal) : undefined),
    args: () => [this.client] as const,
  });

  private readonly listTask = new Task(this, {
    task: async ([client, filter, page], { signal }) =>
      client ? this.api!.list({ ...filter, page: String(page), pageSize: String(PAGE_SIZE) }, signal) : undefined,
    args: () => [this.client, this.filter, this.page] as const,
  });

  private apply(e: Event): void {
    e.preventDefault();
    this.filter = { ...this.draft };
    this.page = 1;
  }

  private clearFilters(): void {
    this.draft = this.filter = { sort: '-created' };
    this.page = 1;
  }

  private set(name: keyof InboxFilter) {
    return (e: Event) => (this.draft = { ...this.draft, [name]: (e.target as HTMLInputElement).value });
  }

  private async openTip(ref: string): Promise<void> {
    this.open = ref;
  }

  private async closeTip(): Promise<void> {
    const ref = this.open;
    this.open = '';
    void this.listTask.run();
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLElement>(`[data-ref="${CSS.escape(ref)}"]`)?.focus();
  }

  private async exportCsv(): Promise<void> {
    if (!this.api || this.exportBusy) return;
    this.exportBusy = true;
    this.note = this.m('exporting');
    try {
      const text = await this.api.exportCsv(this.filter);
      // Excel needs the BOM to read UTF-8; fetch's text() removed it.
      const blob = new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `buergertipps-${new Date().toISOString().slice(0, 10)}.csv`;
      this.shadowRoot!.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      this.note = this.m('exported');
    } catch (err) {
      this.note = this.describe(err);
    } finally {
      this.exportBusy = false;
    }
  }

  private categoryLabel(id: string): string {
    const c = this.settingsTask.value?.categories.find((x) => x.id === id);
    return c ? (this.locale === 'en' && c.label.en) || c.label.de : id;
  }

  private renderFilters() {
    const all = this.m('all');
    const d = this.draft;
    return html`<form part="filters" role="search" aria-label=${this.m('filters')} novalidate @submit=${this.apply}>
      <bn-text-field label=${this.m('search')} hint=${this.m('searchHint')} .value=${d.q ?? ''} @input=${this.set('q')}></bn-text-field>
      <bn-select label=${this.m('status')} placeholder=${all} .value=${d.status ?? ''} @change=${this.set('status')}
        .options=${TIP_STATUSES.map((s) => ({ value: s, label: this.m(`status_${s}`) }))}></bn-select>
      <bn-select label=${this.m('kind')} placeholder=${all} .value=${d.kind ?? ''} @change=${this.set('kind')}
        .options=${TIP_KINDS.map((k) => ({ value: k, label: this.m(`kind_${k}`) }))}></bn-select>
      <bn-select label=${this.m('category')} placeholder=${all} .value=${d.category ?? ''} @change=${this.set('category')}
        .options=${(this.settingsTask.value?.categories ?? []).map((c) => ({ value: c.id, label: this.categoryLabel(c.id) }))}></bn-select>
      <bn-date-field label=${this.m('from')} .value=${d.from ?? ''} @change=${this.set('from')}></bn-date-field>
      <bn-date-field label=${this.m('to')} .value=${d.to ?? ''} @change=${this.set('to')}></bn-date-field>
      <bn-select label=${this.m('sort')} placeholder=${this.m('sort_-created')} .value=${d.sort === '-created' ? '' : (d.sort ?? '')} @change=${(e: Event) => (this.draft = { ...this.draft, sort: (e.target as HTMLSelectElement).value || '-created' })}
        .options=${SORTS.slice(1).map((s) => ({ value: s, label: this.m(`sort_${s}` as ConsoleTipsKey) }))}></bn-select>
      <div class="row">
        <button type="submit" class="primary">${this.m('apply')}</button>
        <button type="button" @click=${this.clearFilters}>${this.m('clear')}</button>
      </div>
    </form>`;
  }

  private renderRow(t: StaffTipSummary) {
    return html`<tr>
      <th scope="row"><button type="button" class="link ref" data-ref=${t.ref} @click=${() => this.openTip(t.ref)}>${t.ref}</button></th>
      <td><time datetime=${t.createdAt}>${this.date(t.createdAt)}</time></td>
      <td>${this.m(`kind_${t.kind}`)}</td>
      <td>${this.categoryLabel(t.category)}</td>
      <td><span class="badge ${t.status}">${this.m(`status_${t.status}`)}</span></td>
      <td>${t.location?.address ? isolate(t.location.address) : t.location?.lat != null ? `${t.location.lat.toFixed(5)}, ${t.location.lng?.toFixed(5)}` : '—'}</td>
      <td>${t.supportCount}</td>
      <td>${t.assignee ? isolate(t.assignee.label) : this.m('nobody')}</td>
      <td>${t.published ? this.m('yes') : this.m('no')}</td>
    </tr>`;
  }

  private renderInbox() {
    return html`${this.renderFilters()}
      <div class="row">
        <button type="button" part="export" aria-disabled=${this.exportBusy ? 'true' : 'false'} @click=${this.exportCsv}>${this.m('exportCsv')}</button>
      </div>
      <p class="visually-hidden" role="status">${this.note}</p>
      ${this.listTask.render({
        initial: () => html`<p role="status">${this.m('loading')}</p>`,
        pending: () => html`<p role="status">${this.m('loading')}</p>`,
        error: (err) => html`<div class="notice error" role="alert"><p>${this.describe(err)}</p>
            <button type="button" @click=${() => this.listTask.run()}>${this.m('retry')}</button></div>`,
        complete: (page) => {
          if (!page) return nothing;
          const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
          return html`<p>${this.m('count', { n: page.total })}</p>
            ${page.items.length
              ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.m('count', { n: page.total })}>
                  <table part="table">
                    <thead><tr>
                      <th scope="col">${this.m('colRef')}</th><th scope="col">${this.m('colCreated')}</th><th scope="col">${this.m('kind')}</th>
                      <th scope="col">${this.m('category')}</th><th scope="col">${this.m('status')}</th><th scope="col">${this.m('colPlace')}</th>
                      <th scope="col">${this.m('colSupport')}</th><th scope="col">${this.m('colAssignee')}</th><th scope="col">${this.m('colPublished')}</th>
                    </tr></thead>
                    <tbody>${page.items.map((t) => this.renderRow(t))}</tbody>
                  </table>
                </div>`
              : html`<p>${this.m('empty')}</p>`}
            ${pages > 1
              ? html`<nav part="pager" class="row" aria-label=${this.m('pagination')}>
                  <button type="button" ?disabled=${this.page <= 1} @click=${() => this.page--}>${this.m('prev')}</button>
                  <span>${this.m('page', { page: this.page, pages })}</span>
                  <button type="button" ?disabled=${this.page >= pages} @click=${() => this.page++}>${this.m('next')}</button>
                </nav>`
              : nothing}`;
        },
      })}`;
  }

  override render() {
    if (this.open) {
      return html`<bn-console-tip-detail .ref=${this.open} .settings=${this.settingsTask.value} @bn-close=${this.closeTip}></bn-console-tip-detail>`;
    }
    return this.renderInbox();
  }
}
