// Simplified outlines for lists and overview maps: Douglas–Peucker on every ring, with the
// distance measured in metres (longitude scaled by cos φ), so the tolerance means the same in
// every direction. 5 m is below one screen pixel up to zoom 14 (town and district view).
import type { Geometry, Position } from './geometry.ts';

export const OUTLINE_TOLERANCE_M = 5;
const M_PER_DEG = 111_320;

/** Indices kept by Douglas–Peucker (iterative: rings of 100,000s of points do not recurse). */
function keep(r: Position[], tol: number, kx: number): boolean[] {
  const kept = new Array<boolean>(r.length).fill(false);
  kept[0] = kept[r.length - 1] = true;
  const stack: [number, number][] = [[0, r.length - 1]];
  const tol2 = tol * tol;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    // a, b and every i between are indices of r (a ≥ 0, b ≤ r.length - 1).
    const [pax, pay] = r[a]!;
    const [pbx, pby] = r[b]!;
    const ax = pax * kx,
      ay = pay * M_PER_DEG;
    const dx = pbx * kx - ax,
      dy = pby * M_PER_DEG - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1,
      at = -1;
    for (let i = a + 1; i < b; i++) {
      const [x, y] = r[i]!;
      const px = x * kx - ax,
        py = y * M_PER_DEG - ay;
      let d2: number;
      if (len2 === 0) d2 = px * px + py * py;
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const ex = px - t * dx,
          ey = py - t * dy;
        d2 = ex * ex + ey * ey;
      }
      if (d2 > worst) {
        worst = d2;
        at = i;
      }
    }
    if (at !== -1 && worst > tol2) {
      kept[at] = true;
      stack.push([a, at], [at, b]);
    }
  }
  return kept;
}

/** One closed ring; null when it shrinks below a triangle (a hole smaller than the tolerance). */
function ring(r: Position[], tol: number): Position[] | null {
  const [x0, y0] = r[0] ?? [0, 0];
  if (r.length <= 4) return r;
  const kx = M_PER_DEG * Math.cos((y0 * Math.PI) / 180);
  // A closed ring's first and last point coincide: split at the point farthest from the first,
  // so the two halves are open lines Douglas–Peucker can handle.
  let far = 1,
    best = -1;
  for (let i = 1; i < r.length - 1; i++) {
    const [x, y] = r[i]!;
    const d = ((x - x0) * kx) ** 2 + ((y - y0) * M_PER_DEG) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const k1 = keep(r.slice(0, far + 1), tol, kx);
  const k2 = keep(r.slice(far), tol, kx);
  const out: Position[] = [];
  for (let i = 0; i <= far; i++) if (k1[i]) out.push(r[i]!);
  for (let i = 1; i < k2.length; i++) if (k2[i]) out.push(r[far + i]!);
  return out.length >= 4 ? out : null;
}

/** The outline of a Geltungsbereich (Polygon or MultiPolygon), simplified; other types unchanged. */
export function simplifyOutline(g: Geometry, toleranceM = OUTLINE_TOLERANCE_M): Geometry {
  const poly = (rings: Position[][]): Position[][] => {
    const [outer, ...holes] = rings;
    if (!outer) return rings;
    return [ring(outer, toleranceM) ?? outer, ...holes.map((h) => ring(h, toleranceM)).filter((h): h is Position[] => !!h)];
  };
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: poly(g.coordinates) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map(poly) };
  return g;
}
