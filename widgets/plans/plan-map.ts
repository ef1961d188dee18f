/**
 * The plan map, loaded only when a plan is opened (dynamic import: Leaflet stays out of the
 * viewer chunk). Draws the Geltungsbereich (black dashed, PlanZV 15.13) and the contents in
 * Planzeichenverordnung colours; areas answer a click. Keyboard and screen-reader users select
 * areas from the table outside the map, which calls `select()`: the map is never needed.
 * Tiles only from the tenant's configured URL; without one the plan draws on a plain background.
 */
import * as L from 'leaflet/dist/leaflet-src.esm.js';
import { adoptLeafletCss, escapeHtml } from '../core/leaflet-css.ts';
import { colorKeyOf, PLAIN_BACKGROUND, PLAN_COLORS } from './colors.ts';

export interface PlanFeature {
  type: 'Feature';
  id?: string;
  geometry: { type: string; coordinates: unknown };
  properties: { id: string; category: string; label: string; attrs?: Record<string, unknown> };
}

export interface PlanMapSetup {
  map?: { tileUrl: string | null; attribution: string } | null;
  outline: { type: 'Feature'; geometry: unknown };
  features: PlanFeature[];
  label: string;
  locale: 'de' | 'en';
  onSelect: (id: string) => void;
  onPick?: (lat: number, lng: number) => void;
}

export interface PlanMapHandle {
  select(id: string | null): void;
  setPoint(p: { lat: number; lng: number } | null): void;
  /** While true, a click sets the statement's point instead of selecting an area. */
  picking(on: boolean): void;
  destroy(): void;
}

export function createPlanMap(container: HTMLElement, setup: PlanMapSetup): PlanMapHandle {
  const root = container.getRootNode();
  if (root instanceof ShadowRoot) adoptLeafletCss(root);
  const map = L.map(container, { zoomControl: false, attributionControl: false, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
  const de = setup.locale === 'de';
  L.control.zoom({ zoomInTitle: de ? 'Vergrößern' : 'Zoom in', zoomOutTitle: de ? 'Verkleinern' : 'Zoom out' }).addTo(map);
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', setup.label);
  if (setup.map?.tileUrl) {
    L.tileLayer(setup.map.tileUrl, { maxZoom: 20, crossOrigin: true }).addTo(map);
    if (setup.map.attribution) L.control.attribution({ prefix: false }).addAttribution(escapeHtml(setup.map.attribution)).addTo(map);
  } else {
    container.style.background = PLAIN_BACKGROUND;
  }
  let picking = false;
  const layers = new Map<string, L.Path>();
  const style = (f: PlanFeature, selected: boolean): L.PathOptions => {
    const color = PLAN_COLORS[colorKeyOf(f.properties.category, f.properties.label)];
    const line = /Line|Point/.test(f.geometry.type);
    return { color, weight: selected ? 5 : line ? 3 : 2, fillColor: color, fillOpacity: line ? 0 : selected ? 0.55 : 0.3, opacity: 1 };
  };
  // Areas first, lines on top: what lies on an area stays clickable.
  const ordered = [...setup.features].sort((a, b) => Number(/Line|Point/.test(a.geometry.type)) - Number(/Line|Point/.test(b.geometry.type)));
  for (const f of ordered) {
    const layer = L.geoJSON(f as never, {
      style: () => style(f, false),
      pointToLayer: (_p, latlng) => L.circleMarker(latlng, { radius: 5 }),
      // Keyboard users select from the table; SVG paths are not focusable stops.
      interactive: true,
    });
    layer.eachLayer((l) => {
      const path = l as L.Path;
      layers.set(f.properties.id, path);
      path.on('click', (e: L.LeafletMouseEvent) => {
        if (picking) return setup.onPick?.(e.latlng.lat, e.latlng.lng);
        L.DomEvent.stopPropagation(e);
        setup.onSelect(f.properties.id);
      });
    });
    layer.addTo(map);
  }
  const outline = L.geoJSON(setup.outline as never, {
    style: () => ({ color: PLAN_COLORS.geltungsbereich, weight: 3, dashArray: '10 6', fill: false }),
    interactive: false,
  }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [16, 16], animate: false });
  map.on('click', (e: L.LeafletMouseEvent) => {
    if (picking) setup.onPick?.(e.latlng.lat, e.latlng.lng);
  });
  let selected: string | null = null;
  let point: L.CircleMarker | undefined;
  return {
    select(id) {
      if (selected) {
        const f = setup.features.find((x) => x.properties.id === selected);
        if (f) layers.get(selected)?.setStyle(style(f, false));
      }
      selected = id;
      const f = id ? setup.features.find((x) => x.properties.id === id) : undefined;
      const layer = id ? layers.get(id) : undefined;
      if (f && layer) {
        layer.setStyle(style(f, true));
        layer.bringToFront();
        const b = (layer as unknown as { getBounds?: () => L.LatLngBounds }).getBounds?.();
        if (b && !map.getBounds().contains(b)) map.fitBounds(b, { padding: [24, 24], animate: false, maxZoom: 18 });
      }
    },
    setPoint(p) {
      point?.remove();
      point = p ? L.circleMarker([p.lat, p.lng], { radius: 9, color: '#000', weight: 3, fillColor: '#fff', fillOpacity: 1, interactive: false }).addTo(map) : undefined;
    },
    picking(on) {
      picking = on;
      container.style.cursor = on ? 'crosshair' : '';
    },
    destroy() {
      map.remove();
    },
  };
}
