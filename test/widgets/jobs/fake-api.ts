/**
 * A fake jobs backend for widget tests and stories: routes by method + path, records every
 * call, answers with the contract's shapes (backend/jobs/routes.ts). Uploads are faked in the
 * client (XMLHttpRequest cannot be intercepted through fetch); `holdUploads` keeps them at
 * 50 % until `releaseUploads()`, so a test can see the progress.
 */
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import type { UploadOptions } from '../../../widgets/core/upload.ts';
import type { ApplicationStatusView, JobPage, PublicJob } from '../../../backend/jobs/schema.ts';

export interface Call { method: string; path: string; url: URL; headers: Record<string, string>; body: unknown }
type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json({ type: 'about:blank', title: code, status, code, requestId: 'req-test', ...extra }, status);

export const config = (over: Record<string, unknown> = {}) => ({
  tenant: { id: '00000000-0000-4000-8000-000000000001', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
  modules: ['jobs'], languages: ['de', 'en'], theme: {},
  map: { tileUrl: '', attribution: '', center: [51.5, 9.9], zoom: 15 },
  privacyUrl: 'https://beispielstadt.example/datenschutz', accessibilityUrl: null, contactEmail: 'rathaus@beispielstadt.example',
  ...over,
});

export const JOB_ID = '11111111-1111-4111-8111-111111111111';

export const job = (over: Partial<PublicJob> = {}): PublicJob => ({
  id: JOB_ID,
  title: 'Sachbearbeitung Bauordnung (m/w/d)',
  descriptionHtml: '<h2>Ihre Aufgaben</h2><p>Prüfung von <strong>Bauanträgen</strong>, <a href="https://example.org/info">mehr</a>.</p><ul><li>Beratung</li><li>Ortstermine</li></ul>',
  department: 'Bauamt',
  payScheme: 'tvoed',
  payGrade: 'EG 9b',
  employmentType: 'full_or_part_time',
  hoursPerWeek: 39,
  salary: { min: 3600, max: 4900, unit: 'MONTH', currency: 'EUR' },
  location: { street: 'Marktplatz 1', postalCode: '12345', locality: 'Beispielstadt', country: 'DE' },
  telecommute: false,
  contact: { name: 'Frau Muster', email: 'personal@beispielstadt.example', phone: '' },
  deadline: '2026-12-31',
  validThrough: '2026-12-31T23:59:59+01:00',
  datePosted: '2026-11-02T09:00:00.000Z',
  employer: { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
  ...over,
});

export const page = (items: PublicJob[] = [job(), job({ id: '22222222-2222-4222-8222-222222222222', title: 'Erzieher/in Kita Sonnenschein', department: 'Jugendamt', payGrade: 'S 8a', employmentType: 'part_time', deadline: null, validThrough: null })]): JobPage => ({
  items, total: items.length, page: 1, pageSize: 20,
  facets: { employers: [{ slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' }], departments: ['Bauamt', 'Jugendamt'], payGrades: ['EG 9b', 'S 8a'], locations: ['Beispielstadt'] },
});

export const REF = 'BW-2026-00003';
export const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';
export const statusView = (over: Partial<ApplicationStatusView> = {}): ApplicationStatusView => ({
  ref: REF, status: 'in_review', posting: { id: JOB_ID, title: 'Sachbearbeitung Bauordnung (m/w/d)' },
  employer: { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' }, createdAt: '2026-11-03T10:00:00Z', updatedAt: '2026-11-04T10:00:00Z', canWithdraw: true,
  ...over,
});

let challengeCache: Promise<unknown> | undefined;
const challenge = () => (challengeCache ??= createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 50, keyPrefix: '0', deriveKey, hmacSignatureSecret: 'fake' }));

export class FakeJobsServer {
  readonly calls: Call[] = [];
  readonly routes = new Map<string, Handler>();
  uploads = 0;
  holdUploads = false;
  private held: (() => void)[] = [];

  constructor(cfg = config()) {
    this.on('GET /v1/config', () => json(cfg));
    this.on('GET /v1/challenge', async () => json(await challenge()));
    this.on('GET /v1/jobs', () => json(page()));
    this.on(`GET /v1/jobs/${JOB_ID}`, () => json(job()));
    this.on(`POST /v1/jobs/${JOB_ID}/applications`, () => json({ ref: REF, token: TOKEN, status: 'received', createdAt: '2026-11-03T10:00:00Z' }, 201));
    this.on('GET /v1/jobs/applications/status', () => json(statusView()));
    this.on('POST /v1/jobs/applications/withdraw', () => json(statusView({ status: 'withdrawn', canWithdraw: false })));
  }

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  called(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, val]) => [k.toLowerCase(), val]));
    this.calls.push({ method, path: url.pathname, url, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    init.signal?.throwIfAborted();
    const handler = this.routes.get(`${method} ${url.pathname}`);
    return handler ? handler(this.calls.at(-1)!) : problem(404, 'NOT_FOUND');
  }) as typeof fetch;

  client(): ApiClient {
    return new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_pk_test', fetch: this.fetch, retries: 0 });
  }

  releaseUploads(): void {
    for (const r of this.held.splice(0)) r();
  }

  readonly uploader = <T>(_client: ApiClient, file: File | Blob, options: UploadOptions = {}): Promise<T> => {
    this.calls.push({ method: 'POST', path: '/v1/uploads', url: new URL('https://api.test/v1/uploads'), headers: {}, body: (file as File).name });
    options.onProgress?.(0.5);
    const id = `00000000-0000-4000-8000-${String(++this.uploads).padStart(12, '0')}`;
    return new Promise((resolve) => {
      const done = () => resolve({ id } as T);
      if (this.holdUploads) this.held.push(done);
      else setTimeout(done, 10);
    });
  };
}

export const pdfFile = (name = 'lebenslauf.pdf') => new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37])], name, { type: 'application/pdf' });
