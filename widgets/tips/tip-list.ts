import { css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { TIP_STATUSES, type PublicTip, type PublicTipPage, type TipsPublicSettings } from '../../backend/tips/schema.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { isolate } from '../core/bidi.ts';
import { TipsWidget } from './tips-widget.ts';
import { TipsViewApi } from './api-views.ts';
import { tipsMapStyles, tipsViewStyles } from './view-styles.ts';
import { tipsViewMessages, type TipsViewMessageKey } from './view-messages.ts';
import { localized } from './form-parts.ts';
import type { MapHandle } from '../core/map-view.ts';
import { loadMapView } from '../core/map-loader.ts';

/**
 * @tag bn-tip-list
 * @summary The town's published tips with their status and the administration's public
 * answer; filters (kind, topic, status), paging, and a list or map view. Shows no
 * personal data (the API never sends any).
 *
 * @slot - Fallback for readers without JavaScript; shown again when the list cannot load.
 * @csspart base - The wrapper.
 * @csspart filters - The filter bar.
 * @csspart item - Each tip.
 * @csspart answer - A tip's public answer.
 * @csspart pager - The paging controls.
 * @csspart map - The map view.
 * @cssprop --bn-tips-map-height - Height of the map (default 18em).
 */
export class BnTipList extends TipsWidget {
  static override styles = [
    ...TipsWidget.styles,
    tipsViewStyles,
    tipsMapStyles,
    css`
      [part~='filters'] {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
        gap: 0 var(--_space);
      }
      [part~='item'] {
        border: 1px solid var(--_color-border);
        border-radius: var(--_radius);
        padding: var(--_space);
        margin-block-end: calc(var(--_space) / 2);
      }
      [part~='item'].selected {
        border: 3px solid var(--_color-primary);
      }
      [part~='item'] h3 {
        font-size: 1.05em;
      }
      [part~='answer'] {
        margin: calc(var(--_space) / 2) 0 0;
        padding: calc(var(--_space) / 2);
        border-inline-start: 4px solid var(--_color-primary);
        white-space: pre-line;
      }
      .photos {
        display: flex;
        gap: calc(var(--_space) / 2);
        flex-wrap: wrap;
      }
      .photos img {
        inline-size: 6em;
        block-size: 6em;
        object-fit: cover;
        border-radius: var(--_radius);
      }
      :host([compact]) [part~='item'] {
        border: 0;
        border-block-end: 1px solid var(--_color-border);
        border-radius: 0;
        padding: calc(var(--_space) / 2) 0;
      }
    `,
  ];

  private handle?: MapHandle;
  private drawn?: { items: PublicTip[]; selected: string };

  @query('.map') private mapEl?: HTMLElement;

  @state() private page = 1;
  @state() private selected = '';
  @state() private mapFailed = false;

  /** Tips per page (the homepage teaser uses 3). */
  @property({ type: Number }) limit = 10;
  /** A short teaser: no filters, no map, no paging, no photos. */
  @property({ type: Boolean, reflect: true }) compact = false;
  @property() kind = '';
  @property() category = '';
  @property() status = '';
  /** `list` or `map`. */
  @property({ reflect: true }) view: 'list' | 'map' = 'list';

  private readonly listTask = new Task(this, {
    task: async ([client, kind, category, status, page, limit], { signal }) => (client ? new TipsViewApi(client).list({ kind, category, status, page, pageSize: limit }, signal) : undefined),
    args: () => [this.config ? this.client : undefined, this.kind, this.category, this.status, this.page, this.limit] as const,
  });

  /** A text of the list and status view. */
  private v(key: TipsViewMessageKey, params?: Params): string {
    return tipsViewMessages.t(this.locale, key, params);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.handle?.destroy();
    this.handle = this.drawn = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.view === 'map' && !this.compact) void this.drawMap();
    else if (this.handle) {
      this.handle.destroy();
      this.handle = this.drawn = undefined;
    }
  }

  private async drawMap(): Promise<void> {
    if (!this.handle) {
      try {
        const { createMap } = await loadMapView();
        if (!this.mapEl || this.view !== 'map') return;
        // Two updates may await the import at once: the first one creates the map.
        this.handle ??= createMap(this.mapEl, { map: this.config?.map, label: this.v('viewMap'), locale: this.locale });
      } catch (err) {
        console.warn('Bürgernah <bn-tip-list>: the map could not be loaded.', err);
        this.mapFailed = true;
        return;
      }
    }
    // The items of now, not of when the import started; redrawn only when they change.
    const items = this.listTask.value?.items ?? [];
    if (this.drawn?.items === items && this.drawn.selected === this.selected) return;
    this.drawn = { items, selected: this.selected };
    const located = items.filter((t) => t.location?.lat != null && t.location.lng != null);
    this.handle.setMarkers(
      located.map((t) => ({ id: t.ref, lat: t.location!.lat!, lng: t.location!.lng!, title: `${t.ref}: ${this.categoryLabel(t.category)}` })),
      (ref) => this.select(ref),
      this.selected,
    );
  }

  private async select(ref: string): Promise<void> {
    this.selected = ref;
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLElement>(`[data-ref="${CSS.escape(ref)}"]`)?.focus();
  }

  private filter(name: 'kind' | 'category' | 'status', value: string): void {
    this[name] = value;
    this.page = 1;
  }

  private renderFilters(settings: TipsPublicSettings | undefined) {
    const all = this.v('filterAll');
    const kinds = settings?.kinds ?? [];
    return html`<div part="filters" role="group" aria-label=${this.v('listFilters')}>
      ${
        kinds.length > 1
          ? html`<bn-select label=${this.v('filterKind')} placeholder=${all} .value=${this.kind}
            .options=${kinds.map((k) => ({ value: k, label: this.m(`kind_${k}`) }))}
            @change=${(e: Event) => this.filter('kind', (e.target as HTMLSelectElement).value)}></bn-select>`
          : nothing
      }
      <bn-select label=${this.v('filterCategory')} placeholder=${all} .value=${this.category}
        .options=${(settings?.categories ?? []).filter((c) => !c.emergency).map((c) => ({ value: c.id, label: localized(c.label, this.locale) }))}
        @change=${(e: Event) => this.filter('category', (e.target as HTMLSelectElement).value)}></bn-select>
      <bn-select label=${this.v('filterStatus')} placeholder=${all} .value=${this.status}
        .options=${TIP_STATUSES.map((s) => ({ value: s, label: this.v(`status_${s}`) }))}
        @change=${(e: Event) => this.filter('status', (e.target as HTMLSelectElement).value)}></bn-select>
    </div>
    <div class="row" role="group" aria-label=${this.v('viewLabel')}>
      <button type="button" aria-pressed=${this.view === 'list' ? 'true' : 'false'} @click=${() => (this.view = 'list')}>${this.v('viewList')}</button>
      <button type="button" aria-pressed=${this.view === 'map' ? 'true' : 'false'} @click=${() => (this.view = 'map')}>${this.v('viewMap')}</button>
    </div>`;
  }

  private renderItem(t: PublicTip, api: TipsViewApi) {
    const date = formatDate(this.locale, t.createdAt);
    return html`<li part="item" class=${this.selected === t.ref ? 'selected' : ''} data-ref=${t.ref} tabindex="-1" aria-labelledby=${`h-${t.ref}`}>
      <h3 id=${`h-${t.ref}`}>${this.categoryLabel(t.category)} <span class="muted">· ${this.m(`kind_${t.kind}`)}</span></h3>
      <p><span class="badge ${t.status}">${this.v(`status_${t.status}`)}</span>
        <span class="muted">${this.v('reportedOn', { date })} · <span class="ref">${t.ref}</span></span></p>
      <p>${this.compact && t.description.length > 140 ? html`${isolate(t.description.slice(0, 140))} …` : isolate(t.description)}</p>
      ${t.location?.address ? html`<p class="muted">${isolate(t.location.address)}</p>` : nothing}
      ${
        !this.compact && t.photos.length
          ? html`<div class="photos">${t.photos.map((p, i) => html`<img src=${api.photoUrl(p)} alt=${this.v('photoAlt', { n: i + 1, ref: t.ref })} loading="lazy" />`)}</div>`
          : nothing
      }
      ${t.supportCount ? html`<p class="muted">${this.v('supportCount', { n: t.supportCount })}</p>` : nothing}
      ${t.publicAnswer ? html`<div part="answer"><strong>${this.v('answer')}:</strong> ${isolate(t.publicAnswer)}</div>` : nothing}
    </li>`;
  }

  private renderPage(page: PublicTipPage | undefined, api: TipsViewApi) {
    if (!page) return nothing;
    const filtered = !!(this.kind || this.category || this.status);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    return html`${this.compact ? nothing : html`<p role="status">${this.v('listCount', { n: page.total })}</p>`}
      ${
        this.view === 'map' && !this.compact
          ? html`${this.mapFailed ? html`<p class="notice error">${this.m('mapFailed')}</p>` : nothing}
            <div class="map" part="map"></div>
            <p class="muted">${this.v('mapNoLocation')}</p>`
          : nothing
      }
      ${page.items.length ? html`<ul class="plain">${page.items.map((t) => this.renderItem(t, api))}</ul>` : html`<p>${filtered ? this.v('listEmptyFiltered') : this.v('listEmpty')}</p>`}
      ${
        !this.compact && pages > 1
          ? html`<nav part="pager" class="row" aria-label=${this.v('pagination')}>
            <button type="button" ?disabled=${this.page <= 1} @click=${() => this.page--}>${this.v('prev')}</button>
            <span>${this.v('listPage', { page: this.page, pages })}</span>
            <button type="button" ?disabled=${this.page >= pages} @click=${() => this.page++}>${this.v('next')}</button>
          </nav>`
          : nothing
      }`;
  }

  override render() {
    return this.renderTips((_config, client) => {
      const api = new TipsViewApi(client);
      return html`<div part="base">
        ${this.compact ? nothing : this.renderFilters(this.settings.value)}
        ${this.listTask.render({
          initial: () => html`<p role="status">${this.t('loading')}</p>`,
          pending: () => (this.listTask.value ? this.renderPage(this.listTask.value, api) : html`<p role="status">${this.t('loading')}</p>`),
          error: () => html`<div class="notice error" role="alert"><p>${this.t('unavailableNetwork')}</p>
              <button type="button" @click=${() => this.listTask.run()}>${this.t('retry')}</button></div>`,
          complete: (page) => this.renderPage(page, api),
        })}
      </div>`;
    });
  }
}
