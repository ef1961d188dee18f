// GML 3.x geometry → GeoJSON in WGS84. Curves (Arc, ArcString, Circle, …) are densified in
// the file's own planar coordinates before reprojection, because arcs are circular there.
import type { SizeBudget } from './budget.ts';
import { PlanImportError } from './errors.ts';
import { isGml, type XNode } from './xml.ts';
import { requireCrs, toWgs84, type Transform } from './crs.ts';

export type Position = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

export type BBox = [number, number, number, number];

/** Maximum angle of one chord when an arc is approximated (2°: area error < 0.03 %). */
const ARC_STEP = (2 * Math.PI) / 180;

interface Ctx {
  srs: string | undefined;
  dim: number | undefined;
  where: string;
  budget?: SizeBudget;
}

function fail(node: XNode, where: string, what: string): never {
  throw new PlanImportError('INVALID_GEOMETRY', `Ungültige Geometrie in ${where} (Zeile ${node.line}): ${what}. / Invalid geometry in ${where} (line ${node.line}).`, [
    { path: where, message: what, line: node.line },
  ]);
}

function sub(node: XNode, ctx: Ctx): Ctx {
  const srs = node.attrs.srsName ?? ctx.srs;
  const d = node.attrs.srsDimension;
  return { srs, dim: d ? Number(d) : ctx.dim, where: ctx.where, budget: ctx.budget };
}

const gmlKids = (n: XNode) => n.children.filter(isGml);
const gmlChild = (n: XNode, name: string) => n.children.find((c) => c.name === name && isGml(c));

function numbers(node: XNode, ctx: Ctx): number[] {
  const parts = node.text.split(/\s+/).filter(Boolean);
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isFinite(v)) fail(node, ctx.where, `„${parts[i]}“ ist keine Zahl / not a number`);
    out[i] = v;
  }
  return out;
}

function posList(node: XNode, ctx: Ctx): Position[] {
  const nums = numbers(node, ctx);
  const count = node.attrs.count ? Number(node.attrs.count) : 0;
  let dim = node.attrs.srsDimension ? Number(node.attrs.srsDimension) : (ctx.dim ?? 0);
  if (!dim) dim = count && nums.length % count === 0 ? nums.length / count : 2;
  if (dim < 2 || nums.length % dim !== 0) fail(node, ctx.where, `posList mit ${nums.length} Zahlen passt nicht zu Dimension ${dim}`);
  const out: Position[] = [];
  // nums.length is a multiple of dim ≥ 2: both indices exist.
  for (let i = 0; i < nums.length; i += dim) out.push([nums[i]!, nums[i + 1]!]);
  return out;
}

function coordinates(node: XNode, ctx: Ctx): Position[] {
  const cs = node.attrs.cs ?? ',';
  const ts = node.attrs.ts ?? ' ';
  const tuples = node.text.split(ts === ' ' ? /\s+/ : ts).filter(Boolean);
  return tuples.map((t) => {
    const [x, y] = t.split(cs).map(Number);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) fail(node, ctx.where, `Koordinate „${t}“ ungültig`);
    return [x, y] as Position;
  });
}

/** Positions directly under a geometry element: posList, pos*, pointProperty/Point, coordinates. */
function directPositions(node: XNode, ctx: Ctx): Position[] {
  const pl = gmlChild(node, 'posList');
  if (pl) return posList(pl, sub(pl, ctx));
  const co = gmlChild(node, 'coordinates');
  if (co) return coordinates(co, ctx);
  const out: Position[] = [];
  for (const c of gmlKids(node)) {
    if (c.name === 'pos') {
      const [q] = posList(c, sub(c, ctx));
      if (!q) fail(c, ctx.where, 'pos ohne Koordinaten');
      out.push(q);
    } else if (c.name === 'pointProperty' || c.name === 'pointRep') {
      const p = gmlChild(c, 'Point');
      if (p) out.push(point(p, sub(p, ctx)));
    }
  }
  return out;
}

function point(node: XNode, ctx: Ctx): Position {
  const p = directPositions(node, ctx);
  const [only] = p;
  if (p.length !== 1 || !only) fail(node, ctx.where, 'Point braucht genau eine Position');
  return only;
}

// ── arcs ────────────────────────────────────────────────────────────────────

function circleThrough(a: Position, b: Position, c: Position): { cx: number; cy: number; r: number } | null {
  const d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
  if (Math.abs(d) < 1e-12) return null;
  const a2 = a[0] ** 2 + a[1] ** 2;
  const b2 = b[0] ** 2 + b[1] ** 2;
  const c2 = c[0] ** 2 + c[1] ** 2;
  const cx = (a2 * (b[1] - c[1]) + b2 * (c[1] - a[1]) + c2 * (a[1] - b[1])) / d;
  const cy = (a2 * (c[0] - b[0]) + b2 * (a[0] - c[0]) + c2 * (b[0] - a[0])) / d;
  return { cx, cy, r: Math.hypot(a[0] - cx, a[1] - cy) };
}

const TAU = 2 * Math.PI;
const norm = (x: number) => ((x % TAU) + TAU) % TAU;

function arcPoints(ctx: Ctx, node: XNode, cx: number, cy: number, r: number, start: number, sweep: number): Position[] {
  if (!Number.isFinite(sweep) || !Number.isFinite(r)) fail(node, ctx.where, 'Bogen mit ungültigem Winkel oder Radius');
  const n = Math.max(2, Math.ceil(Math.abs(sweep) / ARC_STEP));
  // Densified points count before they exist: a hostile angle cannot allocate millions.
  ctx.budget?.addPoints(n + 1, node.line);
  const out: Position[] = [];
  for (let i = 0; i <= n; i++) {
    const t = start + (sweep * i) / n;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  return out;
}

/** Arc from a through b to c (full circle when `full`), as a polyline from a. */
function arc3(ctx: Ctx, node: XNode, a: Position, b: Position, c: Position, full: boolean): Position[] {
  const circ = circleThrough(a, b, c);
  if (!circ) return full ? [a, b, c, a] : [a, b, c];
  const { cx, cy, r } = circ;
  const ta = Math.atan2(a[1] - cy, a[0] - cx);
  const tb = Math.atan2(b[1] - cy, b[0] - cx);
  const tc = Math.atan2(c[1] - cy, c[0] - cx);
  // Counter-clockwise when b lies on the ccw way from a to c.
  const ccw = norm(tb - ta) < norm(tc - ta);
  let sweep = ccw ? norm(tc - ta) : -norm(ta - tc);
  if (full) sweep = ccw ? TAU : -TAU;
  const pts = arcPoints(ctx, node, cx, cy, r, ta, sweep);
  pts[0] = a;
  if (!full) pts[pts.length - 1] = c;
  else pts[pts.length - 1] = a;
  return pts;
}

function segmentPositions(seg: XNode, ctx: Ctx): Position[] {
  const c = sub(seg, ctx);
  switch (seg.name) {
    case 'LineStringSegment':
    case 'LineString':
      return directPositions(seg, c);
    case 'Arc':
    case 'ArcString': {
      const p = directPositions(seg, c);
      const [first] = p;
      if (!first || p.length < 3 || p.length % 2 === 0) fail(seg, ctx.where, `${seg.name} braucht 3, 5, 7 … Punkte, hat ${p.length}`);
      const out: Position[] = [first];
      for (let i = 0; i + 2 < p.length; i += 2) out.push(...arc3(c, seg, p[i]!, p[i + 1]!, p[i + 2]!, false).slice(1));
      return out;
    }
    case 'Circle': {
      const p = directPositions(seg, c);
      const [a, b, m] = p;
      if (p.length !== 3 || !a || !b || !m) fail(seg, ctx.where, 'Circle braucht 3 Punkte');
      return arc3(c, seg, a, b, m, true);
    }
    case 'CircleByCenterPoint':
    case 'ArcByCenterPoint': {
      const center = directPositions(seg, c)[0];
      const rNode = gmlChild(seg, 'radius');
      if (!center || !rNode) fail(seg, ctx.where, `${seg.name} braucht Mittelpunkt und Radius`);
      const r = Number(rNode.text);
      if (seg.name === 'CircleByCenterPoint') return arcPoints(c, seg, center[0], center[1], r, 0, TAU);
      const rad = (n?: XNode) => (Number(n?.text ?? 0) * Math.PI) / 180;
      const s = rad(gmlChild(seg, 'startAngle'));
      const e = rad(gmlChild(seg, 'endAngle'));
      return arcPoints(c, seg, center[0], center[1], r, s, e - s);
    }
    default:
      return fail(seg, ctx.where, `Kurvensegment ${seg.name} wird nicht unterstützt`);
  }
}

function join(parts: Position[][]): Position[] {
  const out: Position[] = [];
  for (const p of parts) {
    const [first] = p;
    if (!first) continue;
    const last = out.at(-1);
    const start = last && last[0] === first[0] && last[1] === first[1] ? 1 : 0;
    for (let i = start; i < p.length; i++) out.push(p[i]!);
  }
  return out;
}

/** Any curve-like element → positions in native coordinates. */
function curvePositions(node: XNode, ctx: Ctx): Position[] {
  const c = sub(node, ctx);
  switch (node.name) {
    case 'LineString':
    case 'LinearRing':
      return directPositions(node, c);
    case 'Curve': {
      const segs = gmlChild(node, 'segments');
      if (!segs) fail(node, ctx.where, 'Curve ohne segments');
      return join(gmlKids(segs).map((s) => segmentPositions(s, c)));
    }
    case 'CompositeCurve':
    case 'Ring': {
      const parts: Position[][] = [];
      for (const m of gmlKids(node)) {
        if (m.name !== 'curveMember') continue;
        const inner = gmlKids(m)[0];
        if (!inner) fail(m, ctx.where, 'curveMember ohne Kurve');
        parts.push(curvePositions(inner, c));
      }
      return join(parts);
    }
    case 'OrientableCurve': {
      const base = gmlChild(node, 'baseCurve');
      const inner = base && gmlKids(base)[0];
      if (!inner) fail(node, ctx.where, 'OrientableCurve ohne baseCurve');
      const p = curvePositions(inner, c);
      return node.attrs.orientation === '-' ? p.reverse() : p;
    }
    default:
      return fail(node, ctx.where, `${node.name} ist keine Kurve`);
  }
}

function ring(boundary: XNode, ctx: Ctx, tf: (c: Ctx) => Transform): Position[] {
  const r = gmlKids(boundary)[0];
  if (!r) fail(boundary, ctx.where, `${boundary.name} ohne Ring`);
  const c = sub(r, ctx);
  const pts = curvePositions(r, c);
  const f = pts[0];
  const l = pts.at(-1);
  if (pts.length < 3 || !f || !l) fail(r, ctx.where, `Ring mit nur ${pts.length} Punkten`);
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push([f[0], f[1]]);
  if (pts.length < 4) fail(r, ctx.where, 'Ring braucht mindestens 4 Punkte');
  const t = tf(c);
  return pts.map(([x, y]) => round(t(x, y)));
}

function polygonRings(node: XNode, ctx: Ctx, tf: (c: Ctx) => Transform): Position[][] {
  const c = sub(node, ctx);
  const ext = gmlChild(node, 'exterior') ?? gmlChild(node, 'outerBoundaryIs');
  if (!ext) fail(node, ctx.where, `${node.name} ohne exterior`);
  const rings = [orient(ring(ext, c, tf), true)];
  for (const i of node.children) {
    if ((i.name === 'interior' || i.name === 'innerBoundaryIs') && isGml(i)) rings.push(orient(ring(i, c, tf), false));
  }
  return rings;
}

/** All polygons of a surface-like element. */
function surfaces(node: XNode, ctx: Ctx, tf: (c: Ctx) => Transform): Position[][][] {
  const c = sub(node, ctx);
  switch (node.name) {
    case 'Polygon':
    case 'PolygonPatch':
    case 'Rectangle':
      return [polygonRings(node, c, tf)];
    case 'Surface': {
      const patches = gmlChild(node, 'patches') ?? gmlChild(node, 'polygonPatches');
      if (!patches) fail(node, ctx.where, 'Surface ohne patches');
      return gmlKids(patches).flatMap((p) => surfaces(p, c, tf));
    }
    case 'OrientableSurface': {
      const base = gmlChild(node, 'baseSurface');
      const inner = base && gmlKids(base)[0];
      if (!inner) fail(node, ctx.where, 'OrientableSurface ohne baseSurface');
      return surfaces(inner, c, tf);
    }
    case 'MultiSurface':
    case 'CompositeSurface':
    case 'MultiPolygon': {
      const out: Position[][][] = [];
      for (const m of gmlKids(node)) {
        if (m.name === 'surfaceMember' || m.name === 'polygonMember') {
          const inner = gmlKids(m)[0];
          if (!inner) fail(m, ctx.where, `${m.name} ohne Fläche`);
          out.push(...surfaces(inner, c, tf));
        } else if (m.name === 'surfaceMembers') {
          for (const inner of gmlKids(m)) out.push(...surfaces(inner, c, tf));
        }
      }
      return out;
    }
    default:
      return fail(node, ctx.where, `${node.name} ist keine Fläche`);
  }
}

const SURFACES = new Set(['Polygon', 'Surface', 'OrientableSurface', 'MultiSurface', 'CompositeSurface', 'MultiPolygon']);
const CURVES = new Set(['LineString', 'Curve', 'CompositeCurve', 'OrientableCurve']);

function round(p: Position): Position {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}

/** RFC 7946 right-hand rule: exterior rings counter-clockwise, holes clockwise. */
function orient(r: Position[], exterior: boolean): Position[] {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const [x0, y0] = r[i]!;
    const [x1, y1] = r[i + 1]!;
    s += (x1 - x0) * (y1 + y0);
  }
  const clockwise = s > 0;
  return clockwise === exterior ? r.reverse() : r;
}

export interface ReadOptions {
  /** srsName inherited from an enclosing element or the file's envelope. */
  srs: string | undefined;
  where: string;
  /** Counts points added by densifying arcs (the file's own points were counted while parsing). */
  budget?: SizeBudget;
}

/** Reads one GML geometry element into WGS84 GeoJSON. */
export function readGeometry(node: XNode, opts: ReadOptions): Geometry {
  const ctx: Ctx = { srs: opts.srs, dim: undefined, where: opts.where, budget: opts.budget };
  const tf = (c: Ctx) => toWgs84(requireCrs(c.srs, opts.where));
  if (!isGml(node)) fail(node, opts.where, `${node.name} ist keine GML-Geometrie`);
  if (SURFACES.has(node.name)) {
    const polys = surfaces(node, ctx, tf);
    if (!polys.length) fail(node, opts.where, 'leere Fläche');
    const [only] = polys;
    return polys.length === 1 && only ? { type: 'Polygon', coordinates: only } : { type: 'MultiPolygon', coordinates: polys };
  }
  const c = sub(node, ctx);
  if (CURVES.has(node.name)) {
    const t = tf(c);
    return { type: 'LineString', coordinates: curvePositions(node, c).map(([x, y]) => round(t(x, y))) };
  }
  switch (node.name) {
    case 'Point': {
      const [x, y] = point(node, c);
      return { type: 'Point', coordinates: round(tf(c)(x, y)) };
    }
    case 'MultiPoint': {
      const pts: Position[] = [];
      for (const m of gmlKids(node)) {
        const members = m.name === 'pointMembers' ? gmlKids(m) : m.name === 'pointMember' ? gmlKids(m).slice(0, 1) : [];
        for (const p of members) {
          const pc = sub(p, c);
          const [x, y] = point(p, pc);
          pts.push(round(tf(pc)(x, y)));
        }
      }
      return { type: 'MultiPoint', coordinates: pts };
    }
    case 'MultiCurve': {
      const lines: Position[][] = [];
      for (const m of gmlKids(node)) {
        const members = m.name === 'curveMembers' ? gmlKids(m) : m.name === 'curveMember' ? gmlKids(m).slice(0, 1) : [];
        for (const l of members) {
          const lc = sub(l, c);
          const t = tf(lc);
          lines.push(curvePositions(l, lc).map(([x, y]) => round(t(x, y))));
        }
      }
      return { type: 'MultiLineString', coordinates: lines };
    }
    case 'MultiGeometry': {
      const geoms: Geometry[] = [];
      for (const m of gmlKids(node)) {
        const members = m.name === 'geometryMembers' ? gmlKids(m) : m.name === 'geometryMember' ? gmlKids(m).slice(0, 1) : [];
        for (const g of members) geoms.push(readGeometry(g, { srs: c.srs, where: opts.where, budget: opts.budget }));
      }
      return { type: 'GeometryCollection', geometries: geoms };
    }
    default:
      return fail(node, opts.where, `Geometrietyp ${node.name} wird nicht unterstützt`);
  }
}

/** Reads the geometry inside a property element (e.g. xplan:position); null when empty. */
export function readGeometryProperty(prop: XNode, opts: ReadOptions): Geometry | null {
  const g = prop.children.find(isGml);
  return g ? readGeometry(g, opts) : null;
}
