// Measures of WGS84 GeoJSON geometries: bounding box and ellipsoidal area.
import proj4 from 'proj4';
import type { BBox, Geometry, Position } from './geometry.ts';

export function bboxOf(g: Geometry, acc: BBox = [Infinity, Infinity, -Infinity, -Infinity]): BBox {
  const visit = (p: Position) => {
    if (p[0] < acc[0]) acc[0] = p[0];
    if (p[1] < acc[1]) acc[1] = p[1];
    if (p[0] > acc[2]) acc[2] = p[0];
    if (p[1] > acc[3]) acc[3] = p[1];
  };
  switch (g.type) {
    case 'Point':
      visit(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      for (const p of g.coordinates) visit(p);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of g.coordinates) for (const p of l) visit(p);
      break;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const l of poly) for (const p of l) visit(p);
      break;
    case 'GeometryCollection':
      for (const x of g.geometries) bboxOf(x, acc);
      break;
  }
  return acc;
}

// Area on the GRS80 ellipsoid via the equal-area ETRS89-LAEA projection (EPSG:3035): exact
// enough for Germany, unlike a spherical formula that is ~0.4 % off at 53° N.
const laea = proj4('EPSG:4326', '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs');
function ringArea(r: Position[]): number {
  const p = r.map((c) => laea.forward(c) as Position);
  let s = 0;
  for (let i = 0; i + 1 < p.length; i++) {
    const [x0, y0] = p[i]!;
    const [x1, y1] = p[i + 1]!;
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
}
export function areaM2(g: Geometry): number {
  const poly = (rings: Position[][]) => rings.reduce((a, r, i) => a + (i === 0 ? ringArea(r) : -ringArea(r)), 0);
  if (g.type === 'Polygon') return poly(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((a, p) => a + poly(p), 0);
  return 0;
}
