// The address search behind GET /v1/geocode: our backend asks the tenant's geocoder (a Photon
// or Nominatim search endpoint), never the citizen's browser, so the geocoder sees no citizen's
// IP address and a page's CSP needs no entry for it. Answers are normalised to
// { label, lat, lon }, cached (bounded LRU with a TTL, per app), deduplicated while in flight,
// time out, and never pass an upstream error on: the caller gets one 502 problem.
import type { Geocoder } from '../admin/schema.ts';
import type { Place } from './config-schema.ts';
import { ApiError } from './errors.ts';
import { log } from './log.ts';

export interface GeocodeOptions {
  /** Location bias (Photon): the tenant's map centre. */
  near?: [number, number];
  timeoutMs?: number;
  /** At most this many hits. */
  limit?: number;
}

/** Upstream answers larger than this are refused (a geocoder answers a few KB). */
const MAX_BYTES = 512 * 1024;
const USER_AGENT = 'Buergernah/1 (municipal widgets; address search proxy)';

export const geocoderUnavailable = () =>
  new ApiError('GEOCODER_UNAVAILABLE', {
    detail: 'The address search is not available right now. Please describe the place or set a pin on the map.',
  });

/**
 * A small LRU cache with a time to live: a Map keeps insertion order, so a hit is moved to the
 * end and the first key is the least recently used.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    readonly max: number,
    readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (this.clock() - hit.at >= this.ttlMs) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { at: this.clock(), value });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export function geocoderUrl(g: Geocoder, q: string, lang: string, opts: GeocodeOptions = {}): URL {
  const url = new URL(g.url);
  const limit = String(opts.limit ?? 5);
  if (g.kind === 'photon') {
    url.searchParams.set('q', q);
    url.searchParams.set('limit', limit);
    // Photon knows de, en, fr (and "default"); our two languages are both among them.
    url.searchParams.set('lang', lang);
    if (opts.near) {
      url.searchParams.set('lat', String(opts.near[0]));
      url.searchParams.set('lon', String(opts.near[1]));
    }
  } else {
    url.searchParams.set('q', q);
    url.searchParams.set('format', 'jsonv2');
    url.searchParams.set('limit', limit);
    url.searchParams.set('accept-language', lang);
  }
  return url;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const str = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');
const inRange = (lat: number, lon: number) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
/** Labels are shown as text; control characters and overlong names are cut. */
const clean = (s: string) =>
  [...s]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);

/** A Photon feature's properties as one German-style address line: "Hauptstraße 12, 38100 Braunschweig". */
function photonLabel(p: Record<string, unknown>): string {
  const street = [str(p.street), str(p.housenumber)].filter(Boolean).join(' ');
  const place = [str(p.postcode), str(p.city) || str(p.town) || str(p.village) || str(p.district)].filter(Boolean).join(' ');
  const name = str(p.name);
  const parts = [name && name !== street ? name : '', street, place].filter(Boolean);
  if (!parts.length) parts.push(str(p.state), str(p.country));
  return parts.filter(Boolean).join(', ');
}

/** The geocoder's JSON as our places; anything malformed is skipped, not trusted. */
export function normalise(kind: Geocoder['kind'], body: unknown, limit = 5): Place[] {
  const out: Place[] = [];
  if (kind === 'photon') {
    const features = (body as { features?: unknown } | null)?.features;
    if (!Array.isArray(features)) throw new Error('Photon answer without features[]');
    for (const f of features as { geometry?: { coordinates?: unknown }; properties?: Record<string, unknown> }[]) {
      const c = f?.geometry?.coordinates;
      if (!Array.isArray(c) || !finite(c[0]) || !finite(c[1]) || !inRange(c[1], c[0])) continue;
      const label = clean(photonLabel(f.properties ?? {}));
      if (label) out.push({ label, lat: c[1], lon: c[0] });
    }
  } else {
    if (!Array.isArray(body)) throw new Error('Nominatim answer is not an array');
    for (const r of body as Record<string, unknown>[]) {
      const lat = Number(r?.lat);
      const lon = Number(r?.lon);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || !inRange(lat, lon)) continue;
      const label = clean(str(r.display_name));
      if (label) out.push({ label, lat, lon });
    }
  }
  return out.slice(0, limit);
}

async function readLimited(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error(`answer too large (${declared} bytes)`);
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Error('answer too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks the geocoder once; any failure becomes GEOCODER_UNAVAILABLE (the cause is logged, not sent). */
export async function geocode(g: Geocoder, q: string, lang: string, opts: GeocodeOptions = {}): Promise<Place[]> {
  const url = geocoderUrl(g, q, lang, opts);
  const started = Date.now();
  try {
    const res = await fetch(url, {
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 4000),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`status ${res.status}`);
    }
    return normalise(g.kind, JSON.parse(await readLimited(res)) as unknown, opts.limit ?? 5);
  } catch (err) {
    log.warn({ geocoder: url.origin, ms: Date.now() - started, err: (err as Error).message }, 'geocoder failed');
    throw geocoderUnavailable();
  }
}

/** One cache per app: answers by tenant, geocoder, language and query; failures are not kept. */
export function cachedGeocode(
  cache: LruCache<Promise<Place[]>>,
  tenantId: string,
  g: Geocoder,
  q: string,
  lang: string,
  opts: GeocodeOptions & { onMiss?: () => Promise<void> } = {},
): Promise<Place[]> {
  const key = JSON.stringify([tenantId, g.kind, g.url, lang, q.toLocaleLowerCase('de').replace(/\s+/g, ' ')]);
  const hit = cache.get(key);
  if (hit) return hit;
  const value = (async () => {
    await opts.onMiss?.();
    return geocode(g, q, lang, opts);
  })();
  value.catch(() => cache.delete(key));
  cache.set(key, value);
  return value;
}
