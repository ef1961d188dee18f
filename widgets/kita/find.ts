import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { AGE_GROUPS, type KitaPublicSettings } from '../../backend/kita/schema.ts';
import type { PublicFacility } from '../../backend/kita/facility-schema.ts';
import { ADDRESS_QUERY_MIN } from '../../backend/core/address-search.ts';
import type { ApiClient } from '../core/api-client.ts';
import type { PublicConfig } from '../core/config.ts';
import { distanceMetres, formatDistance, formatNear } from '../core/distance.ts';
import { searchAddress } from '../core/geocode.ts';
import type { Locale, Params } from '../core/i18n.ts';
import type { MapHandle } from '../core/map-view.ts';
import { loadMapView } from '../core/map-loader.ts';
import { kitaMessages, type KitaMessageKey } from './messages.ts';

/** Radius choices of the distance filter, in kilometres. */
const RADII = [2, 5, 10, 20] as const;

/**
 * What the family chose in the find step. It stays on `<bn-kita-registration>` (reactive
 * state there), so the filters survive a trip to later steps and back.
 */
export interface FindState {
  age: string;
  town: string;
  provider: string;
  hours: string;
  /** The address typed for the distance filter, the place it was found at, and the radius (km). */
  near: string;
  origin?: { label: string; lat: number; lng: number };
  nearNote: '' | 'searching' | 'none' | 'short' | 'failed';
  radius: string;
  showMap: boolean;
  mapFailed: boolean;
}

export interface FindHost extends ReactiveControllerHost {
  readonly locale: Locale;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client: ApiClient | undefined;
  readonly config: PublicConfig | undefined;
}

export interface FindOptions {
  state: () => FindState;
  set: (patch: Partial<FindState>) => void;
  /** Every Kita of the community (the host loads them: later steps name the wished ones). */
  facilities: () => readonly PublicFacility[];
  wishes: () => string[];
  toggleWish: (id: string, settings: KitaPublicSettings) => void;
  /** Whether the find step is on screen (the map lives only there). */
  shown: () => boolean;
}

/**
 * The find step of `<bn-kita-registration>`: every Kita of the community as a list, filtered
 * by age group, town, Träger and care hours, sorted and limited by the distance from an address
 * (our backend's address search, never a geocoder from the browser), each Kita's details, and
 * a map that loads Leaflet only when the family opens it.
 */
export class KitaFind implements ReactiveController {
  private mapHandle?: MapHandle;
  /** Counts map draws and teardowns: a draw that waited for Leaflet while another began gives way. */
  private mapRun = 0;
  private drawnMarkers?: string;
  private nearAbort?: AbortController;

  constructor(
    private readonly host: FindHost,
    private readonly opts: FindOptions,
  ) {
    host.addController(this);
  }

  private get s(): FindState {
    return this.opts.state();
  }

  private get mapEl(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.map');
  }

  hostUpdated(): void {
    if (this.s.showMap && this.opts.shown() && this.host.config?.map.tileUrl && this.mapEl) void this.drawMap();
    else if (this.mapHandle || !this.mapEl) this.destroyMap();
  }

  hostDisconnected(): void {
    this.nearAbort?.abort();
    this.destroyMap();
  }

  private m(key: KitaMessageKey, params?: Params): string {
    return kitaMessages.t(this.host.locale, key, params);
  }

  private destroyMap(): void {
    this.mapRun++;
    this.mapHandle?.destroy();
    this.mapHandle = undefined;
    this.drawnMarkers = undefined;
  }

  /** Loads Leaflet on first use and puts the listed Kitas (and the address) on the map. */
  private async drawMap(): Promise<void> {
    const run = this.mapRun;
    if (!this.mapHandle) {
      try {
        const { createMap } = await loadMapView();
        const el = this.mapEl;
        if (run !== this.mapRun || !el || !this.s.showMap) return;
        // Two updates may await the import at once: the first one creates the map.
        this.mapHandle ??= createMap(el, { map: this.host.config?.map, label: this.m('mapLabel'), locale: this.host.locale });
      } catch (err) {
        console.warn('Bürgernah <bn-kita-registration>: the map could not be loaded.', err);
        this.opts.set({ mapFailed: true });
        return;
      }
    }
    const origin = this.s.origin;
    const located = this.shownFacilities().filter(({ f }) => f.lat != null && f.lng != null);
    const key = JSON.stringify([located.map(({ f }) => f.id), origin, this.opts.wishes()]);
    if (key === this.drawnMarkers) return;
    this.drawnMarkers = key;
    this.mapHandle.setMarkers(
      located.map(({ f }) => ({ id: f.id, lat: f.lat!, lng: f.lng!, title: f.name })),
      (id) => void this.showCard(id),
    );
    this.mapHandle.setPin(origin ? { lat: origin.lat, lng: origin.lng } : null, origin?.label);
  }

  /** A marker was chosen: open that Kita's details in the list and move focus there. */
  private async showCard(id: string): Promise<void> {
    const card = this.host.renderRoot.querySelector<HTMLElement>(`[data-facility="${id}"]`);
    if (!card) return;
    const details = card.querySelector('details');
    if (details) details.open = true;
    card.scrollIntoView?.({ block: 'nearest' });
    card.querySelector<HTMLElement>('h4')?.focus();
  }

  /** Asks our backend's address search (GET /v1/geocode), never a geocoder from the browser. */
  private async findNear(): Promise<void> {
    const client = this.host.client;
    const q = this.s.near.trim();
    if (!client) return;
    if (q.length < ADDRESS_QUERY_MIN) {
      this.opts.set({ nearNote: 'short' });
      return;
    }
    this.nearAbort?.abort();
    const abort = new AbortController();
    this.nearAbort = abort;
    this.opts.set({ nearNote: 'searching' });
    try {
      const [hit] = await searchAddress(client, q, this.host.locale, abort.signal);
      if (abort.signal.aborted) return;
      if (!hit) {
        this.opts.set({ nearNote: 'none' });
        return;
      }
      this.opts.set({ origin: { label: hit.label, lat: hit.lat, lng: hit.lon }, nearNote: '' });
    } catch {
      if (!abort.signal.aborted) this.opts.set({ nearNote: 'failed' });
    }
  }

  private clearNear(): void {
    this.nearAbort?.abort();
    this.opts.set({ origin: undefined, radius: '', near: '', nearNote: '' });
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('[name="near"]')?.focus());
  }

  /** The Kitas the filters let through, nearest first once an address is known. */
  private shownFacilities(): { f: PublicFacility; distance: number | null }[] {
    const all = this.opts.facilities();
    const { age, town, provider, hours, origin, radius } = this.s;
    const max = radius && origin ? Number(radius) * 1000 : Infinity;
    const rows = all
      .filter((f) => (!age || f.ageGroups.includes(age as never)) && (!town || f.town.slug === town) && (!provider || f.provider === provider) && (!hours || f.careHours.includes(Number(hours))))
      .map((f) => ({ f, distance: origin && f.lat != null && f.lng != null ? distanceMetres(origin, { lat: f.lat, lng: f.lng }) : null }))
      // Within the radius; a Kita without a location cannot be placed in one and drops out only then.
      .filter((r) => max === Infinity || (r.distance !== null && r.distance <= max));
    if (origin) rows.sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity));
    return rows;
  }

  private distanceText(d: number | null): string {
    if (d === null) return this.m('distanceUnknown');
    const away = formatDistance(this.host.locale, d);
    return away ? this.m('distanceAway', { d: away }) : this.m('distanceNear', { d: formatNear(this.host.locale) });
  }

  private photoUrl(path: string): string {
    const client = this.host.client!;
    const url = client.url(path);
    if (client.isPublishable) url.searchParams.set('key', client.apiKey);
    return url.toString();
  }

  private renderFacility(f: PublicFacility, settings: KitaPublicSettings, distance: number | null) {
    const wishes = this.opts.wishes();
    const wished = wishes.includes(f.id);
    const full = !wished && wishes.length >= settings.maxWishes;
    return html`<li class="card" data-facility=${f.id}>
      <h4 tabindex="-1">${f.name}</h4>
      <p>${f.town.name} · ${f.address} · <span class="badge light-${f.light}">${this.m(`light_${f.light}`)}</span></p>
      ${this.s.origin ? html`<p class="distance">${this.distanceText(distance)}</p>` : nothing}
      <p class="muted">${f.ageGroups.map((a) => this.m(`age_${a}`)).join(', ')}</p>
      <details>
        <summary>${this.m('details')}<span class="visually-hidden">: ${f.name}</span></summary>
        ${f.photo && this.host.client ? html`<img part="photo" class="photo" src=${this.photoUrl(f.photo)} alt=${this.m('photoAlt', { name: f.name })} loading="lazy" />` : nothing}
        <dl class="facts">
          <dt>${this.m('provider')}</dt><dd>${f.provider}</dd>
          <dt>${this.m('hours')}</dt><dd>${f.careHours.join(', ')} h</dd>
          ${f.openingHours ? html`<dt>${this.m('openingHours')}</dt><dd>${f.openingHours}</dd>` : nothing}
          ${f.concepts.length ? html`<dt>${this.m('concepts')}</dt><dd>${f.concepts.join(', ')}</dd>` : nothing}
          ${f.languages.length ? html`<dt>${this.m('languages')}</dt><dd>${f.languages.join(', ')}</dd>` : nothing}
          ${f.accessible || f.accessibility ? html`<dt>${this.m('accessibility')}</dt><dd>${[f.accessible ? this.m('accessibleYes') : '', f.accessibility].filter(Boolean).join(' – ')}</dd>` : nothing}
        </dl>
      </details>
      ${
        f.takesWishes
          ? html`<button type="button" aria-pressed=${wished ? 'true' : 'false'} ?disabled=${full} @click=${() => this.opts.toggleWish(f.id, settings)}>
            ${wished ? this.m('wished') : this.m('wish')}<span class="visually-hidden">: ${f.name}</span></button>`
          : html`<p class="muted">${this.m('noOutside')}</p>`
      }
    </li>`;
  }

  private renderNear(config: PublicConfig) {
    if (!config.map.addressSearch) return nothing;
    const { near, origin, radius, nearNote: note } = this.s;
    return html`<fieldset class="near">
      <legend>${this.m('nearLabel')}</legend>
      <div class="row">
        <bn-text-field name="near" label=${this.m('nearAddress')} hint=${this.m('nearHint')} autocomplete="street-address" maxlength="200" .value=${near}
          @input=${(e: Event) => this.opts.set({ near: (e.target as HTMLInputElement).value })}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.isComposing) {
              e.preventDefault();
              void this.findNear();
            }
          }}></bn-text-field>
        <button type="button" aria-disabled=${note === 'searching' ? 'true' : 'false'} @click=${() => note !== 'searching' && this.findNear()}>${this.m('nearSearch')}</button>
      </div>
      ${
        origin
          ? html`<div class="row">
            <bn-select name="radius" label=${this.m('radius')} .value=${radius} placeholder=${this.m('radiusAny')}
              .options=${RADII.map((km) => ({ value: String(km), label: formatDistance(this.host.locale, km * 1000)! }))}
              @change=${(e: Event) => this.opts.set({ radius: (e.target as HTMLInputElement).value })}></bn-select>
            <button type="button" @click=${() => this.clearNear()}>${this.m('nearClear')}</button>
          </div>`
          : nothing
      }
      <p class="near-note" role="status">${
        origin && !note
          ? this.m('nearFrom', { label: origin.label })
          : note === 'searching'
            ? this.m('nearSearching')
            : note === 'none'
              ? this.m('nearNone')
              : note === 'short'
                ? this.m('nearShort')
                : note === 'failed'
                  ? this.m('nearFailed')
                  : ''
      }</p>
    </fieldset>`;
  }

  private renderMap(config: PublicConfig) {
    const { showMap, mapFailed } = this.s;
    return html`<div class="map-box">
      <button type="button" aria-expanded=${showMap ? 'true' : 'false'} @click=${() => this.opts.set({ showMap: !showMap, mapFailed: false })}>${
        showMap ? this.m('hideMap') : this.m('showMap')
      }</button>
      ${
        showMap
          ? config.map.tileUrl
            ? html`<p class="muted">${this.m('mapHint')}</p>
              ${mapFailed ? html`<p class="notice error">${this.m('mapFailed')}</p>` : html`<div class="map" part="map"></div>`}`
            : html`<p class="notice info" part="no-tiles">${this.m('mapNoTiles')}</p>`
          : nothing
      }
    </div>`;
  }

  /** Step 1: filters, the address and radius, the map on request, and the list. */
  render(config: PublicConfig, settings: KitaPublicSettings) {
    const all = this.opts.facilities();
    const { age, town, provider, hours } = this.s;
    const rows = this.shownFacilities();
    const providers = [...new Set(all.map((f) => f.provider))].sort();
    const careHours = [...new Set(all.flatMap((f) => f.careHours))].sort((a, b) => a - b);
    const wishes = this.opts.wishes();
    return html`
      <div class="row">
        <bn-select name="age" label=${this.m('ageFilter')} .value=${age} placeholder=${this.m('allOption')}
          .options=${AGE_GROUPS.map((a) => ({ value: a, label: this.m(`age_${a}`) }))}
          @change=${(e: Event) => this.opts.set({ age: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="town" label=${this.m('townFilter')} .value=${town} placeholder=${this.m('allOption')}
          .options=${settings.towns.map((t) => ({ value: t.slug, label: t.name }))}
          @change=${(e: Event) => this.opts.set({ town: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="provider" label=${this.m('provider')} .value=${provider} placeholder=${this.m('allOption')}
          .options=${providers.map((p) => ({ value: p, label: p }))}
          @change=${(e: Event) => this.opts.set({ provider: (e.target as HTMLInputElement).value })}></bn-select>
        <bn-select name="hours" label=${this.m('hours')} .value=${hours} placeholder=${this.m('allOption')}
          .options=${careHours.map((h) => ({ value: String(h), label: `${h} h` }))}
          @change=${(e: Event) => this.opts.set({ hours: (e.target as HTMLInputElement).value })}></bn-select>
      </div>
      ${this.renderNear(config)}
      ${this.renderMap(config)}
      <p role="status">${this.m('found', { n: rows.length })} · ${this.m('wishCount', { n: wishes.length, max: settings.maxWishes })}</p>
      <ul class="plain">${rows.map(({ f, distance }) => this.renderFacility(f, settings, distance))}</ul>`;
  }
}
