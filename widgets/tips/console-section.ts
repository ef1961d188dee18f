import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { TIP_KINDS, TIP_STATUSES, type StaffTipPage, type StaffTipSummary } from '../../backend/tips/schema.ts';
import { InboxBulk, type InboxContext, pick, SavedFilters } from './console-actions.ts';
import { ConsoleTipsElement, type InboxFilter } from './console-api.ts';
import { consoleStyles } from './console-styles.ts';
import { inboxStyles } from './console-section-styles.ts';
import { DEFAULT_FILTER, IDLE_DAYS, PAGE_SIZE, SHORTCUTS, SORTS, typing } from './console-inbox.ts';
import { saveBlob } from '../core/download.ts';
import { renderLoad } from '../core/task-view.ts';
import { isolate } from '../core/bidi.ts';
import type { ConsoleTipsKey } from './console-messages.ts';
import type { MapHandle } from '../core/map-view.ts';
import type { BnStepEvent } from './console-detail.ts';

/**
 * @tag bn-console-tips
 * @summary The staff's tips inbox inside `<bn-console>`, for a few hundred tips a week:
 * status tabs with counts, "assigned to me" and "untouched for more than N days", the other
 * filters (text, kind, topic, dates, sorting), saved filters of one's own, a list or a map
 * view, a selection with bulk actions (status, assignee, publishing), paging, CSV export for
 * German Excel, keyboard shortcuts (listed under "Tastenkürzel"), and the detail of one tip
 * (`<bn-console-tip-detail>`) with next / previous. The address `#tips/BT-2026-00042` opens
 * a tip directly (the link in the new-tip e-mail).
 *
 * @csspart tabs - The status tabs with counts.
 * @csspart filters - The filter form.
 * @csspart saved - The saved filters.
 * @csspart bulk - The bulk action bar.
 * @csspart table - The inbox table.
 * @csspart map - The inbox map.
 * @csspart pager - The paging controls.
 * @csspart export - The CSV export button.
 * @csspart shortcuts - The list of keyboard shortcuts.
 * @cssprop --bn-color-primary - Buttons, links and the pins.
 */
export class BnConsoleTips extends ConsoleTipsElement {
  static override styles = [...ConsoleTipsElement.styles, ...consoleStyles, inboxStyles];

  private handle?: MapHandle;
  private readonly onKey = (e: KeyboardEvent) => this.shortcut(e);
  private readonly onHash = () => this.fromHash();

  @query('#q') private searchField?: HTMLElement;
  @query('.map') private mapEl?: HTMLElement;
  @query('#shortcuts') private shortcutsEl?: HTMLDetailsElement;

  /** What the form shows; applied on submit. */
  @state() private draft: InboxFilter = { ...DEFAULT_FILTER };
  @state() private filter: InboxFilter = { ...DEFAULT_FILTER };
  @state() private page = 1;
  @state() private open = '';
  @state() private note = '';
  @state() private exportBusy = false;
  @state() private view: 'list' | 'map' = 'list';
  @state() private selected = new Set<string>();
  /** The row the keyboard is on (j / k), by reference. */
  @state() private current = '';

  private readonly settingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api!.settings(signal) : undefined),
    args: () => [this.client] as const,
  });

  private readonly assigneesTask = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api!.assignees(signal).catch(() => []) : []),
    args: () => [this.client] as const,
  });

  private readonly listTask = new Task(this, {
    task: async ([client, filter, page], { signal }) => (client ? this.api!.list({ ...filter, page: String(page), pageSize: String(PAGE_SIZE) }, signal) : undefined),
    args: () => [this.client, this.filter, this.page] as const,
  });

  private readonly pointsTask = new Task(this, {
    task: async ([client, filter, view], { signal }) => (client && view === 'map' ? this.api!.points(filter, signal) : undefined),
    args: () => [this.client, this.filter, this.view] as const,
  });

  private readonly context: InboxContext = {
    api: () => this.api,
    m: (key, params) => this.m(key, params),
    describe: (err) => this.describe(err),
    note: (text) => (this.note = text),
  };

  private readonly bulk = new InboxBulk(this, {
    ...this.context,
    selected: () => this.selected,
    select: (refs) => (this.selected = refs),
    assignees: () => this.assigneesTask.value ?? [],
    why: (code) => this.why(code),
    done: () => void this.listTask.run(),
  });

  private readonly saved = new SavedFilters(this, {
    ...this.context,
    client: () => this.client,
    filter: () => this.filter,
    apply: (f) => this.applyFilter(f),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKey);
    window.addEventListener('hashchange', this.onHash);
    this.fromHash();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
    window.removeEventListener('hashchange', this.onHash);
    this.handle?.destroy();
    this.handle = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.view === 'map' && !this.open && this.pointsTask.value && this.mapEl && !this.mapEl.hasChildNodes()) void this.drawMap();
  }

  /** `#tips/BT-2026-00042` (the e-mail's link) opens that tip. */
  private fromHash(): void {
    const m = /^#tips\/(BT-\d{4}-\d{5,})$/.exec(decodeURIComponent(location.hash));
    if (m && m[1] !== this.open) this.open = m[1]!;
    else if (!m && location.hash === '#tips' && this.open) void this.closeTip();
  }

  private setHash(ref: string): void {
    const hash = ref ? `#tips/${ref}` : '#tips';
    if (location.hash !== hash && (location.hash === '' || location.hash.startsWith('#tips'))) history.replaceState(history.state, '', hash);
  }

  private get items(): StaffTipSummary[] {
    return this.listTask.value?.items ?? [];
  }

  private applyFilter(next: InboxFilter): void {
    this.filter = { ...next };
    this.draft = { ...next };
    this.page = 1;
    this.selected = new Set();
    this.bulk.forget();
    this.handle?.destroy();
    this.handle = undefined;
  }

  private apply(e: Event): void {
    e.preventDefault();
    this.applyFilter(this.draft);
  }

  private clearFilters(): void {
    this.applyFilter(DEFAULT_FILTER);
  }

  private set(name: keyof InboxFilter) {
    return (e: Event) => (this.draft = { ...this.draft, [name]: (e.target as HTMLInputElement).value });
  }

  /** Tabs, "mine" and "idle" apply at once, keeping the other filters. */
  private quick(name: keyof InboxFilter, value: string | undefined): void {
    this.applyFilter({ ...this.filter, [name]: value || undefined });
  }

  private openTip(ref: string): void {
    this.open = ref;
    this.current = ref;
    this.setHash(ref);
  }

  private async closeTip(): Promise<void> {
    const ref = this.open;
    this.open = '';
    this.setHash('');
    this.handle = undefined;
    void this.listTask.run();
    await this.updateComplete;
    await this.listTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLElement>(`[data-ref="${CSS.escape(ref)}"]`)?.focus();
  }

  /** Next / previous tip, across pages: from the detail (`bn-step`) and by j / k. */
  private async step(delta: 1 | -1): Promise<void> {
    const from = this.open || this.current;
    let items = this.items;
    const i = items.findIndex((t) => t.ref === from);
    let target: StaffTipSummary | undefined = i < 0 ? items[0] : items[i + delta];
    if (!target && i >= 0) {
      const page = this.listTask.value;
      const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
      const next = this.page + delta;
      if (next < 1 || next > pages) return;
      this.page = next;
      await this.updateComplete;
      items = (await this.listTask.taskComplete)?.items ?? [];
      target = delta > 0 ? items[0] : items.at(-1);
    }
    if (!target) return;
    if (this.open) this.openTip(target.ref);
    else {
      this.current = target.ref;
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>(`[data-ref="${CSS.escape(target.ref)}"]`)?.focus();
    }
  }

  private shortcut(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e) || !this.isConnected) return;
    const map: Record<string, () => void> = {
      j: () => void this.step(1),
      k: () => void this.step(-1),
      '?': () => {
        if (this.shortcutsEl) this.shortcutsEl.open = !this.shortcutsEl.open;
      },
      Escape: () => this.open && void this.closeTip(),
      '/': () => void this.focusSearch(),
      m: () => !this.open && this.setView(this.view === 'list' ? 'map' : 'list'),
      x: () => !this.open && this.current && this.toggle(this.current),
    };
    const run = map[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  }

  /** "/" opens the other filters when closed and puts the cursor in the search. */
  private async focusSearch(): Promise<void> {
    if (this.open) return;
    const more = this.shadowRoot?.querySelector<HTMLDetailsElement>('#more-filters');
    if (more && !more.open) more.open = true;
    await this.updateComplete;
    this.searchField?.focus();
  }

  private setView(view: 'list' | 'map'): void {
    this.handle?.destroy();
    this.handle = undefined;
    this.view = view;
  }

  private async drawMap(): Promise<void> {
    const points = this.pointsTask.value;
    const el = this.mapEl;
    if (!points || !el) return;
    try {
      const { createMap } = await import('../core/map-view.ts');
      if (!el.isConnected || el.hasChildNodes()) return;
      this.handle = createMap(el, { label: this.m('mapInbox'), locale: this.locale });
      this.handle.setMarkers(
        points.items.map((p) => ({ id: p.ref, lat: p.lat, lng: p.lng, title: `${p.ref} · ${this.m(`status_${p.status}`)} · ${this.categoryLabel(p.category)}` })),
        (ref) => this.openTip(ref),
      );
    } catch (err) {
      console.warn('Bürgernah tips console: map failed', err);
    }
  }

  private toggle(ref: string): void {
    const next = new Set(this.selected);
    if (next.has(ref)) next.delete(ref);
    else next.add(ref);
    this.selected = next;
  }

  private toggleAll(e: Event): void {
    const on = (e.target as HTMLInputElement).checked;
    const next = new Set(this.selected);
    for (const t of this.items) {
      if (on) next.add(t.ref);
      else next.delete(t.ref);
    }
    this.selected = next;
  }

  private async exportCsv(): Promise<void> {
    if (!this.api || this.exportBusy) return;
    this.exportBusy = true;
    this.note = this.m('exporting');
    try {
      const text = await this.api.exportCsv(this.filter);
      // Excel needs the BOM to read UTF-8; fetch's text() removed it.
      const blob = new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' });
      saveBlob(blob, `buergertipps-${new Date().toISOString().slice(0, 10)}.csv`, this.shadowRoot);
      this.note = this.m('exported');
    } catch (err) {
      this.note = this.describe(err);
    } finally {
      this.exportBusy = false;
    }
  }

  private loadText() {
    return { loading: this.m('loading'), retry: this.m('retry'), describe: (err: unknown) => this.describe(err) };
  }

  private categoryLabel(id: string): string {
    const c = this.settingsTask.value?.categories.find((x) => x.id === id);
    return c ? (this.locale === 'en' && c.label.en) || c.label.de : id;
  }

  private renderTabs(page: StaffTipPage | undefined) {
    const counts = page?.counts;
    const sum = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
    const tab = (value: string, label: string, n: number | undefined) =>
      html`<button type="button" aria-pressed=${(this.filter.status ?? '') === value ? 'true' : 'false'} @click=${() => this.quick('status', value)}>
        ${label}${n === undefined ? nothing : html` <span class="count">(${n})</span>`}
      </button>`;
    return html`<div part="tabs" class="row" role="group" aria-label=${this.m('statusTabs')}>
      ${tab('', this.m('allStatuses'), sum)} ${TIP_STATUSES.map((s) => tab(s, this.m(`status_${s}`), counts?.[s]))}
    </div>`;
  }

  private renderQuick() {
    return html`<div class="toolbar">
      <label class="check"><input type="checkbox" .checked=${this.filter.assignee === 'me'} @change=${(e: Event) => this.quick('assignee', (e.target as HTMLInputElement).checked ? 'me' : undefined)} /> ${this.m('mine')}</label>
      ${pick(
        'idle',
        this.m('idle'),
        html`<select id="idle" .value=${this.filter.idleDays ?? ''} @change=${(e: Event) => this.quick('idleDays', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.filter.idleDays}>${this.m('idleAny')}</option>
          ${IDLE_DAYS.map((n) => html`<option value=${n} ?selected=${this.filter.idleDays === String(n)}>${this.m('idleOption', { n })}</option>`)}
        </select>`,
      )}
      ${this.saved.render()}
    </div>
    ${this.saved.renderError()}`;
  }

  private renderFilters() {
    const all = this.m('all');
    const d = this.draft;
    return html`<details id="more-filters" ?open=${!!(this.filter.q || this.filter.kind || this.filter.category || this.filter.from || this.filter.to || this.filter.sort !== '-created')}>
      <summary>${this.m('moreFilters')}</summary>
      <form part="filters" role="search" aria-label=${this.m('filters')} novalidate @submit=${this.apply}>
        <bn-text-field id="q" label=${this.m('search')} hint=${this.m('searchHint')} .value=${d.q ?? ''} @input=${this.set('q')}></bn-text-field>
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
      </form>
    </details>`;
  }

  private renderRow(t: StaffTipSummary) {
    const place = t.location?.address ? isolate(t.location.address) : t.location?.lat != null ? `${t.location.lat.toFixed(5)}, ${t.location.lng?.toFixed(5)}` : '—';
    return html`<tr ?data-current=${t.ref === this.current}>
      <td class="sel"><label><input type="checkbox" .checked=${this.selected.has(t.ref)} aria-label=${this.m('select', { ref: t.ref })} @change=${() => this.toggle(t.ref)} /></label></td>
      <th scope="row">
        <button type="button" class="link ref" data-ref=${t.ref} @focus=${() => (this.current = t.ref)} @click=${() => this.openTip(t.ref)}>${t.ref}</button>
        <span class="sub"><time datetime=${t.createdAt}>${this.date(t.createdAt)}</time></span>
      </th>
      <td>${this.categoryLabel(t.category)}<span class="sub">${this.m(`kind_${t.kind}`)}</span></td>
      <td><span class="badge ${t.status}">${this.m(`status_${t.status}`)}</span>
        ${
          t.published || t.supportCount
            ? html`<span class="sub">${[t.published ? this.m('publishedMark') : '', t.supportCount ? this.m('supportShort', { n: t.supportCount }) : ''].filter(Boolean).join(' · ')}</span>`
            : nothing
        }</td>
      <td class="place">${place}</td>
      <td>${t.assignee ? isolate(t.assignee.label) : html`<span class="muted">${this.m('nobody')}</span>`}</td>
    </tr>`;
  }

  private renderTable(page: StaffTipPage) {
    const all = page.items.length > 0 && page.items.every((t) => this.selected.has(t.ref));
    return html`<div class="table-wrap">
      <table part="table" aria-label=${this.m('count', { n: page.total })}>
        <thead><tr>
          <th scope="col" class="sel"><label><input type="checkbox" .checked=${all} aria-label=${this.m('selectAll')} @change=${this.toggleAll} /></label></th>
          <th scope="col">${this.m('colRef')} / ${this.m('colCreated')}</th>
          <th scope="col">${this.m('category')} / ${this.m('kind')}</th>
          <th scope="col">${this.m('status')}</th>
          <th scope="col">${this.m('colPlace')}</th>
          <th scope="col">${this.m('colAssignee')}</th>
        </tr></thead>
        <tbody>${page.items.map((t) => this.renderRow(t))}</tbody>
      </table>
    </div>`;
  }

  private renderMap() {
    return renderLoad(this.pointsTask, {
      ...this.loadText(),
      complete: (points) =>
        points
          ? html`<p>${points.truncated ? this.m('mapTruncated', { n: points.items.length, total: points.total }) : this.m('mapCount', { n: points.total })} ${this.m('mapHint')}</p>
              <div class="map" part="map"></div>`
          : nothing,
    });
  }

  private renderShortcuts() {
    return html`<details id="shortcuts" part="shortcuts">
      <summary>${this.m('shortcuts')}</summary>
      <dl class="keys">
        ${SHORTCUTS.map((s) => html`<dt>${s.keys.map((k) => html`<kbd>${k}</kbd>`)}</dt><dd>${this.m(s.what)}</dd>`)}
      </dl>
      <p class="muted">${this.m('shortcutsNote')}</p>
    </details>`;
  }

  private renderInbox() {
    const page = this.listTask.value;
    return html`${this.renderTabs(page)} ${this.renderQuick()} ${this.renderFilters()}
      <div class="row spread">
        <div class="row" role="group" aria-label=${this.m('view')}>
          <button type="button" class="small" aria-pressed=${this.view === 'list' ? 'true' : 'false'} @click=${() => this.setView('list')}>${this.m('viewList')}</button>
          <button type="button" class="small" aria-pressed=${this.view === 'map' ? 'true' : 'false'} @click=${() => this.setView('map')}>${this.m('viewMap')}</button>
        </div>
        <button type="button" part="export" aria-disabled=${this.exportBusy ? 'true' : 'false'} @click=${this.exportCsv}>${this.m('exportCsv')}</button>
      </div>
      <p class="visually-hidden" role="status">${this.note}</p>
      ${
        this.view === 'map'
          ? this.renderMap()
          : html`${this.bulk.render()}
          ${renderLoad(this.listTask, { ...this.loadText(), keepStale: true, complete: (p) => (p ? this.renderPage(p) : nothing) })}`
      }
      ${this.renderShortcuts()}`;
  }

  private renderPage(page: StaffTipPage) {
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    return html`<p>${this.m('count', { n: page.total })}</p>
      ${page.items.length ? this.renderTable(page) : html`<p>${this.m('empty')}</p>`}
      ${
        pages > 1
          ? html`<nav part="pager" class="row" aria-label=${this.m('pagination')}>
            <button type="button" ?disabled=${this.page <= 1} @click=${() => this.page--}>${this.m('prev')}</button>
            <span>${this.m('page', { page: this.page, pages })}</span>
            <button type="button" ?disabled=${this.page >= pages} @click=${() => this.page++}>${this.m('next')}</button>
          </nav>`
          : nothing
      }`;
  }

  override render() {
    if (this.open) {
      const items = this.items;
      const i = items.findIndex((t) => t.ref === this.open);
      const total = this.listTask.value?.total ?? 0;
      const index = i < 0 ? -1 : (this.page - 1) * PAGE_SIZE + i;
      return html`<bn-console-tip-detail .ref=${this.open} .settings=${this.settingsTask.value}
          .position=${index < 0 ? null : { index, total }}
          @bn-close=${this.closeTip} @bn-step=${(e: BnStepEvent) => void this.step(e.delta)}></bn-console-tip-detail>
        ${this.renderShortcuts()}`;
    }
    return this.renderInbox();
  }
}
