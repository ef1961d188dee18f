/**
 * A fake tips backend for widget tests and stories: routes by method + path, records every
 * call, answers with the contract's shapes (backend/tips/routes.ts). Uploads are faked in
 * the client (XMLHttpRequest cannot be intercepted through fetch).
 */
import type { ApiClient } from '../../../widgets/core/api-client.ts';
import type { UploadOptions } from '../../../widgets/core/upload.ts';
import { FakeServer, challenge, json, problem, type RouteRules } from '../fake-server.ts';
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
const SCHEMAS: RouteRules['schemas'] = {
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

export { json, problem };
export type { Call } from '../fake-server.ts';

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
    {
      id: 'strasse',
      label: L('Straße und Schlaglöcher', 'Roads and potholes'),
      hint: L('Schäden an Fahrbahn oder Gullys.', 'Damage to the road or drains.'),
      kinds: ['schaden', 'beschwerde'],
      questions: [],
      emergency: null,
      responsible: null,
    },
    {
      id: 'beleuchtung',
      label: L('Straßenbeleuchtung', 'Street lights'),
      hint: null,
      kinds: ['schaden'],
      emergency: null,
      responsible: null,
      questions: [{ id: 'mastnummer', label: L('Mastnummer', 'Pole number'), type: 'text', required: false, options: [] }],
    },
    {
      id: 'gas',
      label: L('Gasgeruch', 'Smell of gas'),
      hint: null,
      kinds: ['schaden'],
      questions: [],
      responsible: null,
      emergency: L('Bei Gasgeruch sofort 112 anrufen.', 'If you smell gas, call 112 at once.'),
    },
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

export class FakeTipsServer extends FakeServer {
  /** Upload ids handed out, in order. */
  uploads = 0;
  uploadFails = false;

  constructor(cfg = config(), s = settings()) {
    super({ schemas: SCHEMAS, idempotent: GUARDED, altcha: GUARDED });
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

  /** Stands in for the XMLHttpRequest upload: `picker.uploader = server.uploader`. */
  readonly uploader = <T>(_client: ApiClient, file: File | Blob, options: UploadOptions = {}): Promise<T> => {
    this.calls.push({ method: 'POST', path: '/v1/uploads', url: new URL('https://api.test/v1/uploads'), headers: {}, body: (file as File).name });
    options.onProgress?.(0.5);
    if (this.uploadFails) return Promise.reject(new TypeError('offline'));
    return new Promise((r) => setTimeout(() => r({ id: `00000000-0000-4000-8000-${String(++this.uploads).padStart(12, '0')}` } as T), 20));
  };
}
