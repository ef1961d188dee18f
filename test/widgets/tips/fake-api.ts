/**
 * A fake tips backend for widget tests and stories: routes by method + path, records every
 * call, answers with the contract's shapes (backend/tips/routes.ts). Uploads are faked in
 * the client (XMLHttpRequest cannot be intercepted through fetch).
 */
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import * as v from 'valibot';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import type { UploadOptions } from '../../../widgets/core/upload.ts';
import {
  InboxPointsQuery,
  NearbyQuery,
  SavedFilterCreate,
  StaffForward,
  StaffNote,
  StaffTipQuery,
  StaffTipUpdate,
  TipBulk,
  TipCreate,
  TipListQuery,
  TipReopen,
  TipsSettingsUpdate,
  TipStatusQuery,
  type PublicTip,
  type TipsPublicSettings,
  type TipStatusView,
} from '../../../backend/tips/schema.ts';

/**
 * The API's own schemas (backend/tips/routes.ts), by route: every query and body the widgets
 * send is checked as the server checks it, so a widget that sends what the server refuses
 * fails its test here too.
 */
type Schemas = { query?: v.GenericSchema; body?: v.GenericSchema };
const SCHEMAS: Record<string, Schemas> = {
  'GET /v1/tips': { query: TipListQuery },
  'GET /v1/tips/nearby': { query: NearbyQuery },
  'GET /v1/tips/status': { query: TipStatusQuery },
  'POST /v1/tips': { body: TipCreate },
  'POST /v1/tips/status/reopen': { body: TipReopen },
  'GET /v1/staff/tips': { query: StaffTipQuery },
  'GET /v1/staff/tips/export.csv': { query: StaffTipQuery },
  'GET /v1/staff/tips/points': { query: InboxPointsQuery },
  'POST /v1/staff/tips/bulk': { body: TipBulk },
  'POST /v1/staff/tips/filters': { body: SavedFilterCreate },
  'PUT /v1/staff/tips/settings': { body: TipsSettingsUpdate },
  'PATCH /v1/staff/tips/:ref': { body: StaffTipUpdate },
  'POST /v1/staff/tips/:ref/notes': { body: StaffNote },
  'POST /v1/staff/tips/:ref/forward': { body: StaffForward },
};

/** Citizen writes the server takes only with an Idempotency-Key and a solved ALTCHA. */
const GUARDED = ['POST /v1/tips', 'POST /v1/tips/status/reopen', 'POST /v1/tips/:ref/support'];

export interface Call {
  method: string;
  path: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json({ type: 'about:blank', title: code, status, code, requestId: 'req-test', ...extra }, status);

export const config = (over: Record<string, unknown> = {}) => ({
  tenant: { id: '00000000-0000-4000-8000-000000000001', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
  modules: ['tips'],
  languages: ['de', 'en'],
  theme: {},
  // No tile URL: the map is a plain grid, so tests make no third-party requests.
  map: { tileUrl: '', attribution: '', center: [51.5, 9.9], zoom: 15 },
  privacyUrl: 'https://beispielstadt.example/datenschutz',
  accessibilityUrl: null,
  contactEmail: 'rathaus@beispielstadt.example',
  ...over,
});

const L = (de: string, en: string) => ({ de, en });

export const settings = (over: Partial<TipsPublicSettings> = {}): TipsPublicSettings => ({
  kinds: ['idee', 'beschwerde', 'schaden'],
  categories: [
    { id: 'strasse', label: L('Straße und Schlaglöcher', 'Roads and potholes'), hint: L('Schäden an Fahrbahn oder Gullys.', 'Damage to the road or drains.'), kinds: ['schaden', 'beschwerde'], questions: [], emergency: null, responsible: null },
    {
      id: 'beleuchtung', label: L('Straßenbeleuchtung', 'Street lights'), hint: null, kinds: ['schaden'], emergency: null, responsible: null,
      questions: [{ id: 'mastnummer', label: L('Mastnummer', 'Pole number'), type: 'text', required: false, options: [] }],
    },
    { id: 'gas', label: L('Gasgeruch', 'Smell of gas'), hint: null, kinds: ['schaden'], questions: [], responsible: null, emergency: L('Bei Gasgeruch sofort 112 anrufen.', 'If you smell gas, call 112 at once.') },
    { id: 'gruen', label: L('Grünflächen', 'Parks'), hint: null, kinds: ['idee', 'beschwerde', 'schaden'], questions: [], emergency: null, responsible: null },
  ],
  anonymousAllowed: true,
  maxPhotos: 3,
  maxUploadBytes: 10 * 1024 * 1024,
  photoTypes: ['image/jpeg', 'image/png', 'image/webp'],
  ...over,
});

export const tip = (over: Partial<PublicTip> = {}): PublicTip => ({
  ref: 'BT-2026-00007',
  kind: 'schaden',
  category: 'strasse',
  description: 'Tiefes Schlagloch vor Hausnummer 12.',
  location: { lat: 51.5001, lng: 9.9001, address: 'Dorfstraße 12' },
  status: 'in_progress',
  publicAnswer: 'Der Bauhof ist informiert und kommt diese Woche.',
  photos: [],
  supportCount: 2,
  createdAt: '2026-05-04T08:00:00Z',
  updatedAt: '2026-05-05T08:00:00Z',
  ...over,
});

export const statusView = (over: Partial<TipStatusView> = {}): TipStatusView => ({
  ...tip({ status: 'resolved', publicAnswer: 'Das Schlagloch ist verfüllt.' }),
  tenant: { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
  published: true,
  canReopen: true,
  history: [
    { at: '2026-05-04T08:00:00Z', type: 'created', status: 'new', text: null },
    { at: '2026-05-05T08:00:00Z', type: 'status', status: 'in_progress', text: null },
    { at: '2026-05-06T08:00:00Z', type: 'status', status: 'resolved', text: 'Das Schlagloch ist verfüllt.' },
  ],
  ...over,
});

export const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';

let challengeCache: Promise<unknown> | undefined;
/** A real, cheap ALTCHA challenge: the widget solves it like the server's. */
const challenge = () => (challengeCache ??= createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 50, keyPrefix: '0', deriveKey, hmacSignatureSecret: 'fake' }));

export class FakeTipsServer {
  readonly calls: Call[] = [];
  readonly routes = new Map<string, Handler>();
  /** The schemas the server checks, by route: the tips API's, and what another module's fake adds with `validates`. */
  readonly schemas: Record<string, Schemas> = { ...SCHEMAS };
  /** Upload ids handed out, in order. */
  uploads = 0;
  uploadFails = false;

  constructor(cfg = config(), s = settings()) {
    this.on('GET /v1/config', () => json(cfg));
    this.on('GET /v1/challenge', async () => json(await challenge()));
    this.on('GET /v1/tips/categories', () => json(s));
    this.on('GET /v1/tips/nearby', () => json({ items: [] }));
    this.on('GET /v1/tips', () => json({ items: [tip()], total: 1, page: 1, pageSize: 10 }));
    this.on('POST /v1/tips', () =>
      json({ ref: 'BT-2026-00042', token: TOKEN, status: 'new', tenant: { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' }, createdAt: '2026-05-06T10:00:00Z' }, 201),
    );
    this.on('GET /v1/tips/status', () => json(statusView()));
  }

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  /** Checks the route's query and body with the API's own schemas, as the server does. */
  validates(route: string, schemas: Schemas): this {
    this.schemas[route] = schemas;
    return this;
  }

  /** Calls to one route. */
  called(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, val]) => [k.toLowerCase(), val]));
    const call: Call = { method, path: url.pathname, url, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    this.calls.push(call);
    init.signal?.throwIfAborted();
    const refused = checked(call, this.schemas);
    if (refused) return refused;
    const handler = this.routes.get(`${method} ${url.pathname}`) ?? [...this.routes].find(([k]) => matches(k, method, url.pathname))?.[1];
    if (!handler) return problem(404, 'NOT_FOUND');
    return handler(call);
  }) as typeof fetch;

  client(): ApiClient {
    // retries 0: a failure shows at once instead of after backoff.
    return new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_pk_test', fetch: this.fetch, retries: 0 });
  }

  /** Stands in for the XMLHttpRequest upload: `picker.uploader = server.uploader`. */
  readonly uploader = <T>(_client: ApiClient, file: File | Blob, options: UploadOptions = {}): Promise<T> => {
    this.calls.push({ method: 'POST', path: '/v1/uploads', url: new URL('https://api.test/v1/uploads'), headers: {}, body: (file as File).name });
    options.onProgress?.(0.5);
    if (this.uploadFails) return Promise.reject(new TypeError('offline'));
    return new Promise((r) => setTimeout(() => r({ id: `00000000-0000-4000-8000-${String(++this.uploads).padStart(12, '0')}` } as T), 20));
  };
}

/** The route pattern of a call (`/v1/tips/BT-…/support` → `/v1/tips/:ref/support`), if one is known. */
function routeOf(call: Call, routes: string[]): string | undefined {
  const exact = `${call.method} ${call.path}`;
  return routes.includes(exact) ? exact : routes.find((r) => matches(r, call.method, call.path));
}

/** The server's answer to a request it would refuse before any handler runs; undefined when it passes. */
function checked(call: Call, schemaOf: Record<string, Schemas>): Response | undefined {
  const guarded = routeOf(call, GUARDED);
  if (guarded && !call.headers['idempotency-key']) return problem(400, 'IDEMPOTENCY_KEY_MISSING');
  if (guarded && !call.headers['x-altcha']) return problem(403, 'ALTCHA_FAILED');
  const route = routeOf(call, Object.keys(schemaOf));
  const schemas = route ? schemaOf[route] : undefined;
  const query = Object.fromEntries([...call.url.searchParams].filter(([k]) => k !== 'key'));
  for (const [schema, input] of [[schemas?.query, query], [schemas?.body, call.body]] as const) {
    if (!schema) continue;
    const r = v.safeParse(schema, input);
    if (!r.success) return problem(422, 'VALIDATION_FAILED', { errors: r.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) });
  }
  return undefined;
}

/** `POST /v1/tips/:ref/support` style routes with one `:param`. */
function matches(route: string, method: string, path: string): boolean {
  const [m, pattern] = route.split(' ');
  if (!pattern) throw new Error('pattern missing');
  if (m !== method || !pattern.includes(':')) return false;
  const re = new RegExp(`^${pattern.replace(/:[a-z]+/g, '[^/]+')}$`);
  return re.test(path);
}
