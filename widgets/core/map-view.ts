/**
 * The map of every widget that shows one, loaded only when a map is shown
 * (dynamic import: Leaflet stays out of the widgets' chunks). Leaflet's CSS is adopted into the caller's shadow root as a constructed
 * stylesheet (CSP-safe); tiles come only from the tenant's configured URL, and with no
 * tile URL the map is a plain grid around the town centre, so nothing is requested
 * from a third party (the widget says so in words beside it). leaflet-css.ts is node_modules/leaflet/dist/leaflet.css with comments
 * and url() declarations removed and whitespace collapsed; regenerate it after an update.
 */
import * as L from 'leaflet/dist/leaflet-src.esm.js';
import { adoptLeafletCss, escapeHtml } from './leaflet-css.ts';

export interface MapSetup {
  /** The tenant's map settings (public config); none: a plain grid around `center`. */
  map?: { tileUrl: string | null; attribution: string; maxZoom?: number; center: [number, number]; zoom: number } | null;
  /** Overrides the configured centre and zoom (e.g. the place of one report). */
  center?: [number, number] | null;
  zoom?: number;
  /** Accessible name of the map region. */
  label: string;
  locale: 'de' | 'en';
}

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  title: string;
}

export interface MapHandle {
  /** Moves the single pin (form) or removes it with null. */
  setPin(pos: { lat: number; lng: number } | null, title?: string): void;
  /** Shows many markers (list); Enter, Space or a click selects one. */
  setMarkers(markers: MapMarker[], onSelect: (id: string) => void, selected?: string): void;
  centre(): { lat: number; lng: number };
  /** Recomputes size after the container was shown or resized. */
  refresh(): void;
  destroy(): void;
}

const pinIcon = (selected = false) => L.divIcon({ className: `bn-pin${selected ? ' bn-pin-selected' : ''}`, html: '<span class="bn-pin-shape"></span>', iconSize: [28, 28], iconAnchor: [14, 28] });

export function createMap(container: HTMLElement, setup: MapSetup, onPick?: (lat: number, lng: number) => void): MapHandle {
  const root = container.getRootNode();
  if (root instanceof ShadowRoot) adoptLeafletCss(root);
  // No animations: calmer for people sensitive to motion, and no animation frame can
  // outlive the map when its widget leaves the page.
  const cfg = setup.map;
  const map = L.map(container, {
    center: setup.center ?? cfg?.center ?? [51.16, 10.45],
    zoom: setup.zoom ?? cfg?.zoom ?? 6,
    zoomControl: false,
    attributionControl: false,
    zoomAnimation: false,
    fadeAnimation: false,
    markerZoomAnimation: false,
  });
  const de = setup.locale === 'de';
  L.control.zoom({ zoomInTitle: de ? 'Vergrößern' : 'Zoom in', zoomOutTitle: de ? 'Verkleinern' : 'Zoom out' }).addTo(map);
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', setup.label);
  if (cfg?.tileUrl) {
    map.setMaxZoom(cfg.maxZoom ?? 19);
    L.tileLayer(cfg.tileUrl, { maxZoom: cfg.maxZoom ?? 19, crossOrigin: true }).addTo(map);
    // Escaped: attribution is configuration, and Leaflet writes it as HTML.
    if (cfg.attribution) L.control.attribution({ prefix: false }).addAttribution(escapeHtml(cfg.attribution)).addTo(map);
  } else {
    container.classList.add('bn-no-tiles');
  }

  let pin: L.Marker | undefined;
  let markers: L.Marker[] = [];

  if (onPick) {
    map.on('click', (e: L.LeafletMouseEvent) => onPick(e.latlng.lat, e.latlng.lng));
  }

  return {
    setPin(pos, title = '') {
      if (!pos) {
        pin?.remove();
        pin = undefined;
        return;
      }
      if (!pin) {
        // Not keyboard-focusable: keyboard users place it with the "centre" button.
        pin = L.marker([pos.lat, pos.lng], { icon: pinIcon(true), draggable: !!onPick, keyboard: false, title }).addTo(map);
        pin.on('dragend', () => {
          const p = pin!.getLatLng();
          onPick?.(p.lat, p.lng);
        });
      } else {
        pin.setLatLng([pos.lat, pos.lng]);
      }
      if (!map.getBounds().contains([pos.lat, pos.lng])) map.panTo([pos.lat, pos.lng], { animate: false });
    },
    setMarkers(list, onSelect, selected) {
      for (const m of markers) m.remove();
      markers = list.map((item) => {
        const m = L.marker([item.lat, item.lng], { icon: pinIcon(item.id === selected), title: item.title, keyboard: true }).addTo(map);
        m.on('click', () => onSelect(item.id));
        m.getElement()?.addEventListener('keydown', (e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect(item.id);
          }
        });
        m.getElement()?.setAttribute('aria-pressed', item.id === selected ? 'true' : 'false');
        return m;
      });
      if (list.length && !selected) map.fitBounds(L.latLngBounds(list.map((i) => [i.lat, i.lng] as [number, number])), { maxZoom: 16, padding: [24, 24], animate: false });
    },
    centre() {
      const c = map.getCenter();
      return { lat: c.lat, lng: c.lng };
    },
    refresh() {
      map.invalidateSize();
    },
    destroy() {
      map.remove();
    },
  };
}
