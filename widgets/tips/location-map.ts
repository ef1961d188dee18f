import { html, nothing, type TemplateResult } from 'lit';
import type { createMap as CreateMap } from '../core/map-view.ts';
import { addLateStyles } from '../core/late-styles.ts';
import type { BnTipLocation } from './location.ts';
import { tipsMessages } from './messages.ts';
import { tipsMapStyles } from './view-styles.ts';
import { registerMessages } from '../core/i18n.ts';

/**
 * The map of `<bn-tip-location>`: the map itself, the note when it has no tiles, and the buttons
 * that place and remove the pin. Loaded with the map (Leaflet) when the map is opened, not with
 * the form, whose first paint is on a gzip budget (bench/bundle-size.ts). The element keeps the
 * state (the place, whether the map is shown); these functions work on it. Its texts come with
 * it, in both languages (a few lines).
 */
const texts = registerMessages('tips-map', {
  de: {
    mapLabel: 'Karte: Ort antippen; Pfeiltasten verschieben die Karte',
    pinCenter: 'Punkt in die Kartenmitte setzen',
    pinRemove: 'Punkt entfernen',
    pinLabel: 'Gemeldeter Ort',
    locating: 'Standort wird ermittelt …',
    mapNoTiles: 'Für diese Karte ist kein Kartendienst eingerichtet: Sie sehen nur ein Raster ohne Straßen. Einen Punkt setzen können Sie trotzdem – oder Sie beschreiben den Ort oben.',
  },
  en: {
    mapLabel: 'Map: tap the place; arrow keys move the map',
    pinCenter: 'Place pin at the centre of the map',
    pinRemove: 'Remove pin',
    pinLabel: 'Reported place',
    locating: 'Finding your location …',
    mapNoTiles: 'No map service is set up for this map: you see only a grid without streets. You can still place a pin – or describe the place above.',
  },
});

/** Draws the map into the element's map container and puts the pin on it. */
export async function showMap(loc: BnTipLocation, createMap: typeof CreateMap): Promise<void> {
  loc.requestUpdate();
  await loc.updateComplete;
  const el = loc.renderRoot.querySelector<HTMLElement>('.map');
  if (!el || !loc.isConnected) return;
  const pin = loc.pin();
  loc.handle = createMap(el, { map: loc.map, center: pin && [pin.lat, pin.lng], label: texts.t(loc.locale, 'mapLabel'), locale: loc.locale }, (lat, lng) => loc.setPin(lat, lng));
  placePin(loc);
  loc.mapState = 'ready';
}

/** The pin on the map where the field's place is (none without coordinates). */
export function placePin(loc: BnTipLocation): void {
  loc.handle?.setPin(loc.pin(), texts.t(loc.locale, 'pinLabel'));
}

/** "Use my location": the device's position becomes the pin, on the map, which opens. */
export function locate(loc: BnTipLocation): void {
  const failed = () => (loc.note = tipsMessages.t(loc.locale, 'locateFailed'));
  if (!('geolocation' in navigator)) return void failed();
  loc.note = texts.t(loc.locale, 'locating');
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      loc.mapShown = true;
      loc.setPin(pos.coords.latitude, pos.coords.longitude);
    },
    failed,
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
}

/** The button goes with the pin: focus moves to "place pin" instead of getting lost. */
async function removePin(loc: BnTipLocation): Promise<void> {
  loc.setPin(null, null);
  await loc.updateComplete;
  loc.renderRoot.querySelector<HTMLElement>('.map + .row button')?.focus();
}

export function renderMap(loc: BnTipLocation): TemplateResult {
  addLateStyles(loc, tipsMapStyles);
  const m = (key: 'mapNoTiles' | 'pinCenter' | 'pinRemove') => texts.t(loc.locale, key);
  const tiles = !!loc.map?.tileUrl;
  return html`${tiles ? nothing : html`<p class="notice info" part="no-tiles" id="no-tiles">${m('mapNoTiles')}</p>`}
    <div class="map" part="map" aria-describedby=${tiles ? nothing : 'no-tiles'}></div>
    <div class="row">
      <button type="button" ?hidden=${loc.mapState !== 'ready'} @click=${() => {
        const c = loc.handle?.centre();
        if (c) loc.setPin(c.lat, c.lng);
      }}>
        ${m('pinCenter')}
      </button>
      ${loc.pin() ? html`<button type="button" @click=${() => removePin(loc)}>${m('pinRemove')}</button>` : nothing}
    </div>`;
}
