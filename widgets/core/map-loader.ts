/**
 * Loads the map (Leaflet) when a map is shown. The module build splits it into its own file;
 * the classic build replaces this module (rollup.config.mjs) with one that loads the module
 * build's `buergernah-map.js` from beside the classic script, so that script carries no Leaflet.
 */
export const loadMapView = () => import('./map-view.ts');
