// Coordinate reference systems as real XPlanGML files spell them, reprojected with proj4.
import proj4 from 'proj4';
import { PlanImportError } from './errors.ts';

// Definitions with the datum shifts German files need: DHDN (Gauß-Krüger) is NOT WGS84,
// and without +towgs84 a 31467 plan lands ~100 m off.
const DHDN = '+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs';
const UTM = (zone: number, x0 = 500000) => `+proj=utm +zone=${zone} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs${x0 !== 500000 ? ` +x_0=${x0}` : ''}`;
const DEFS: Record<number, string> = {
  25831: UTM(31),
  25832: UTM(32),
  25833: UTM(33),
  4647: `+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=32500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
  5650: `+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=33500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
  31466: `+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 ${DHDN}`,
  31467: `+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 ${DHDN}`,
  31468: `+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 ${DHDN}`,
  31469: `+proj=tmerc +lat_0=0 +lon_0=15 +k=1 +x_0=5500000 +y_0=0 ${DHDN}`,
  4258: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  4326: '+proj=longlat +datum=WGS84 +no_defs',
  3857: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
};
for (const [code, def] of Object.entries(DEFS)) proj4.defs(`EPSG:${code}`, def);

// AdV spellings (urn:adv:crs:…) used by German surveying offices.
const ADV: Record<string, number> = {
  ETRS89_UTM31: 25831,
  ETRS89_UTM32: 25832,
  ETRS89_UTM33: 25833,
  ETRS89_3GK2: 31466,
  ETRS89_3GK3: 31467,
  ETRS89_3GK4: 31468,
  DE_DHDN_3GK2: 31466,
  DE_DHDN_3GK3: 31467,
  DE_DHDN_3GK4: 31468,
  DE_DHDN_3GK5: 31469,
  'ETRS89_LAT-LON': 4258,
  'WGS84_LAT-LON': 4326,
  'ETRS89_LAT-LON_3D': 4258,
};

export interface Crs {
  epsg: number;
  /** True when coordinates come as latitude, longitude (EPSG axis order in URN/URI forms). */
  latLon: boolean;
  /** Projected in metres (planar area is meaningful). */
  projected: boolean;
}

const GEOGRAPHIC = new Set([4258, 4326]);

const EPSG_SPELLINGS = [
  { re: /^EPSG:(\d+)$/i, uri: false },
  { re: /^urn:(?:x-)?ogc:def:crs:EPSG:[\d.]*:(\d+)$/i, uri: true },
  { re: /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i, uri: true },
  { re: /^https?:\/\/www\.opengis\.net\/gml\/srs\/epsg\.xml#(\d+)$/i, uri: false },
];

/** Parses every spelling real files use; null when the name is not understood. */
export function parseCrs(srsName: string): Crs | null {
  const s = srsName.trim();
  let epsg: number | undefined;
  let uriForm = false;
  // EPSG codes: the short form, the two URN/URI forms (which put latitude first for
  // geographic systems) and the old epsg.xml URL.
  const code = EPSG_SPELLINGS.map(({ re, uri }) => ({ m: re.exec(s), uri })).find((x) => x.m);
  // Compound AdV names ("ETRS89_UTM32*DE_DHHN2016_NH") carry a height system after '*'.
  const adv = /^urn:adv:crs:([^*]+)/i.exec(s);
  if (code?.m) {
    epsg = Number(code.m[1]);
    uriForm = code.uri;
  } else if (adv) {
    epsg = ADV[(adv[1] ?? '').toUpperCase()];
    uriForm = epsg !== undefined && GEOGRAPHIC.has(epsg);
  }
  if (epsg === undefined || !DEFS[epsg]) return null;
  const geographic = GEOGRAPHIC.has(epsg);
  return { epsg, latLon: geographic && uriForm, projected: !geographic };
}

export function requireCrs(srsName: string | undefined, where: string): Crs {
  if (!srsName) {
    throw new PlanImportError('UNSUPPORTED_CRS', `Für ${where} ist kein Koordinatenreferenzsystem (srsName) angegeben. / No CRS (srsName) given for ${where}.`, [
      { path: where, message: 'srsName fehlt / missing' },
    ]);
  }
  const crs = parseCrs(srsName);
  if (!crs) {
    throw new PlanImportError(
      'UNSUPPORTED_CRS',
      `Das Koordinatenreferenzsystem „${srsName}“ wird nicht unterstützt (unterstützt: EPSG 25832, 25833, 31466–31469, 3857, 4326, 4258). / Unsupported CRS "${srsName}".`,
      [{ path: where, message: `srsName „${srsName}“ unbekannt / unknown` }],
    );
  }
  return crs;
}

export type Transform = (x: number, y: number) => [number, number];

const cache = new Map<number, Transform>();
/** A function from the file's axis order to WGS84 [lon, lat]. */
export function toWgs84(crs: Crs): Transform {
  const key = crs.epsg * 2 + (crs.latLon ? 1 : 0);
  let t = cache.get(key);
  if (!t) {
    if (crs.epsg === 4326 || crs.epsg === 4258) t = crs.latLon ? (a, b) => [b, a] : (a, b) => [a, b];
    else {
      const conv = proj4(`EPSG:${crs.epsg}`, 'EPSG:4326');
      t = (x, y) => conv.forward([x, y]) as [number, number];
    }
    cache.set(key, t);
  }
  return t;
}
