import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnElement } from '../core/base-element.ts';
import type { PublicConfig } from '../core/config.ts';
import type { BnTextField } from '../core/text-field.ts';
import { tipsMessages, type TipsMessageKey } from './messages.ts';
import { tipsStyles } from './styles.ts';
import type { MapHandle } from '../core/map-view.ts';
import { loadMapView } from '../core/map-loader.ts';
import type { Params } from '../core/i18n.ts';
import type { Place } from '../core/geocode.ts';
import type { AddressFinder } from './location-search.ts';

/**
 * The map's part of the element (location-map.ts) loads with the map when it is opened; a
 * failed load says "map unavailable" and is tried again when the map is opened again.
 */
let mapPart: Promise<typeof import('./location-map.ts')> | undefined;
const loadMapPart = () =>
  (mapPart ??= import('./location-map.ts').catch((err: unknown) => {
    mapPart = undefined;
    throw err;
  }));

/** The address search loads at the first search; a failed load is tried again at the next. */
let finderModule: Promise<typeof import('./location-search.ts')> | undefined;
const loadFinder = () =>
  (finderModule ??= import('./location-search.ts').catch((err: unknown) => {
    finderModule = undefined;
    throw err;
  }));

export interface TipLocation {
  lat: number | null;
  lng: number | null;
  address: string;
}

/**
 * @tag bn-tip-location
 * @summary The place of a tip: an address field that works without the map (keyboard,
 * screen reader, no JavaScript map at all), "use my location", and a lazily loaded
 * Leaflet map with one pin. With the tenant's address search (`search`), the address field
 * finds places through our backend: results as a list of buttons (arrow keys move, Escape
 * closes), a choice sets address and pin. Without a tile server the map says so in words.
 * Used inside `<bn-tip-form>`.
 *
 * @fires change - The place changed (address typed, pin set or removed); read `value`.
 * @csspart base - The fieldset.
 * @csspart map - The map container.
 * @csspart pin-status - The text saying where the pin is.
 * @csspart search - The "search address" button.
 * @csspart results - The list of addresses found.
 * @csspart no-tiles - The note shown when the map has no tile server.
 * @cssprop --bn-tips-map-height - Height of the map (default 18em).
 */
export class BnTipLocation extends BnElement {
  static override styles = [...BnElement.styles, tipsStyles];
  static override shadowRootOptions: ShadowRootInit = { ...BnElement.shadowRootOptions, delegatesFocus: true };
  // Without decorators: part of the tip form's first paint (see BnFormElement.properties).
  static override properties: PropertyDeclarations = {
    mapShown: { state: true },
    mapState: { state: true },
    note: { state: true },
    name: { reflect: true },
    value: { attribute: false },
    required: { type: Boolean },
    error: {},
    map: { attribute: false },
    search: { attribute: false },
    openMap: { type: Boolean, attribute: 'open-map' },
  };

  /** @internal */
  handle?: MapHandle;
  private mapModule?: typeof import('./location-map.ts');

  private get addressField(): BnTextField | null | undefined {
    return this.shadowRoot?.querySelector('bn-text-field');
  }

  /** @internal */
  mapShown = false;
  /** @internal */
  mapState: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  /** @internal What the live region says. */
  note = '';
  private finder?: AddressFinder;

  name = 'location';
  value: TipLocation = { lat: null, lng: null, address: '' };
  required = false;
  /** Shown on the address field (schema errors for `location.*`). */
  error = '';
  /** The tenant's map settings (tile URL may be empty: no tiles, still a usable pin). */
  map?: PublicConfig['map'];
  /** The tenant's address search (our backend's GET /v1/geocode); none: no search button. */
  search?: (q: string, signal: AbortSignal) => Promise<Place[]>;
  /** Opens the map at once (damage reports). */
  openMap = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.handle?.destroy();
    this.handle = undefined;
    this.mapState = 'idle';
    this.mapShown = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('openMap') && this.openMap && !this.mapShown) this.mapShown = true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.mapShown && this.mapState === 'idle') void this.loadMap();
    if (changed.has('value')) this.mapModule?.placePin(this);
  }

  private m(key: TipsMessageKey, params?: Params): string {
    return tipsMessages.t(this.locale, key, params);
  }

  /** @internal */
  pin(): { lat: number; lng: number } | null {
    return this.value.lat != null && this.value.lng != null ? { lat: this.value.lat, lng: this.value.lng } : null;
  }

  private async loadMap(): Promise<void> {
    this.mapState = 'loading';
    try {
      // Both at once: the map's part of this element and the map (Leaflet) itself.
      const [part, { createMap }] = await Promise.all([loadMapPart(), loadMapView()]);
      this.mapModule = part;
      await part.showMap(this, createMap);
    } catch (err) {
      console.warn('Bürgernah <bn-tip-form>: the map could not be loaded.', err);
      this.mapState = 'failed';
    }
  }

  /** @internal */
  setPin(lat: number | null, lng: number | null): void {
    const round = (n: number | null) => (n == null ? null : Math.round(n * 1e6) / 1e6);
    this.value = { ...this.value, lat: round(lat), lng: round(lng) };
    this.note = lat == null ? '' : this.m('pinSet', { lat: this.value.lat!, lng: this.value.lng! });
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private onAddress(e: Event): void {
    this.value = { ...this.value, address: (e.target as BnTextField).value };
    this.changed();
  }

  private async findAddress(): Promise<void> {
    const search = this.search;
    if (!search) return;
    try {
      const { AddressFinder } = await loadFinder();
      this.finder ??= new AddressFinder(this, {
        say: (text) => (this.note = text),
        failed: () => this.m('addressFailed'),
        pick: (place) => this.pick(place),
        back: () => this.addressField?.focus(),
      });
    } catch {
      this.note = this.m('addressFailed');
      return;
    }
    await this.finder.find(search, this.value.address);
  }

  private async pick(place: Place): Promise<void> {
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    this.value = { address: place.label, lat: round(place.lat), lng: round(place.lon) };
    this.changed();
    await this.updateComplete;
    this.addressField?.focus();
  }

  /** Enter in the address field searches (instead of sending the form) when a search is offered. */
  private onAddressKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || !this.search || e.isComposing) return;
    e.preventDefault();
    e.stopPropagation();
    void this.findAddress();
  }

  /** "Use my location" comes with the map's part (location-map.ts): the map opens with it. */
  private locate(): void {
    loadMapPart().then(
      (part) => part.locate(this),
      () => (this.note = this.m('locateFailed')),
    );
  }

  private toggleMap(): void {
    this.mapShown = !this.mapShown;
    if (!this.mapShown) {
      this.handle?.destroy();
      this.handle = undefined;
      this.mapState = 'idle';
    }
  }

  /** Focus goes to the address field: it works for everyone. */
  override focus(options?: FocusOptions): void {
    this.addressField?.focus(options);
  }

  override render() {
    const pin = this.pin();
    return html`<fieldset part="base" lang=${this.locale}>
      <legend>${this.m('locationLegend')}${this.required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</legend>
      <p class="hint">${this.required ? this.m('locationHintRequired') : this.m('locationHintOptional')}</p>
      <bn-text-field
        name="location.address"
        label=${this.m('addressLabel')}
        hint=${this.m('addressHint')}
        autocomplete="off"
        maxlength="300"
        .value=${this.value.address}
        .error=${this.error}
        @input=${this.onAddress}
        @keydown=${this.onAddressKey}
      ></bn-text-field>
      ${
        this.search
          ? html`<p class="hint">${this.m('addressSearchHint')}</p>
            ${this.finder?.render() ?? nothing}`
          : nothing
      }
      <div class="row">
        ${
          this.search
            ? html`<button type="button" part="search" aria-disabled=${this.finder?.searching ? 'true' : 'false'} @click=${() => !this.finder?.searching && this.findAddress()}>
              ${this.m('addressSearch')}
            </button>`
            : nothing
        }
        <button type="button" @click=${this.locate}>${this.m('useMyLocation')}</button>
        <button type="button" aria-expanded=${this.mapShown ? 'true' : 'false'} @click=${this.toggleMap}>
          ${this.mapShown ? this.m('hideMap') : this.m('showMap')}
        </button>
      </div>
      ${
        this.mapShown
          ? html`${this.mapState === 'loading' ? html`<p class="muted">${this.m('mapLoading')}</p>` : nothing}
            ${this.mapState === 'failed' ? html`<p class="notice error">${this.m('mapFailed')}</p>` : nothing}
            ${this.mapModule?.renderMap(this) ?? nothing}`
          : nothing
      }
      <p part="pin-status" class="muted">${pin ? this.m('pinSet', pin) : nothing}</p>
      <div class="visually-hidden" role="status">${this.note}</div>
    </fieldset>`;
  }
}
