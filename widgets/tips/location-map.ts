import { html, nothing, type TemplateResult } from 'lit';
import type { createMap as CreateMap } from '../core/map-view.ts';
import type { BnTipLocation } from './location.ts';
import { tipsMessages } from './messages.ts';

/**
 * The map of `<bn-tip-location>`: the map itself, the note when it has no tiles, and the buttons
 * that place and remove the pin. Loaded with the map (Leaflet) when the map is opened, not with
 * the form, whose first paint is on a gzip budget (bench/bundle-size.ts). The element keeps the
 * state (the place, whether the map is shown); these functions work on it.
 */

/** Draws the map into the element's map container and puts the pin on it. */
export async function showMap(loc: BnTipLocation, createMap: typeof CreateMap): Promise<void> {
  loc.requestUpdate();
  await loc.updateComplete;
  const el = loc.renderRoot.querySelector<HTMLElement>('.map');
  if (!el || !loc.isConnected) return;
  const pin = loc.pin();
  const t = (key: 'mapLabel' | 'pinLabel') => tipsMessages.t(loc.locale, key);
  loc.handle = createMap(el, { map: loc.map, center: pin && [pin.lat, pin.lng], label: t('mapLabel'), locale: loc.locale }, (lat, lng) => loc.setPin(lat, lng));
  loc.handle.setPin(pin, t('pinLabel'));
  loc.mapState = 'ready';
}

/** The button goes with the pin: focus moves to "place pin" instead of getting lost. */
async function removePin(loc: BnTipLocation): Promise<void> {
  loc.setPin(null, null);
  await loc.updateComplete;
  loc.renderRoot.querySelector<HTMLElement>('.map + .row button')?.focus();
}

export function renderMap(loc: BnTipLocation): TemplateResult {
  const m = (key: 'mapNoTiles' | 'pinCenter' | 'pinRemove') => tipsMessages.t(loc.locale, key);
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
