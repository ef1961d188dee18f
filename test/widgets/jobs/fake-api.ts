/**
 * A fake jobs backend for widget tests and stories: routes by method + path, records every
 * call, answers with the contract's shapes (backend/jobs/routes.ts). Uploads are faked in the
 * client (XMLHttpRequest cannot be intercepted through fetch); `holdUploads` keeps them at
 * 50 % until `releaseUploads()`, so a test can see the progress.
 */
import type { ApiClient } from '../../../widgets/core/api-client.ts';
import type { UploadOptions } from '../../../widgets/core/upload.ts';
import {
  ApplicationCreate,
  ApplicationStatusQuery,
  ApplicationWithdraw,
  BulkReject,
  JobListQuery,
  JobsSettingsUpdate,
  LetterTemplateCreate,
  PostingCreate,
  PostingUpdate,
  SendLetter,
  StaffApplicationUpdate,
  StaffNote,
  type ApplicationStatusView,
  type JobPage,
  type PublicJob,
  type StaffApplication,
  type StaffPosting,
} from '../../../backend/jobs/schema.ts';
import { FakeServer, challenge, json, problem, type RouteRules } from '../fake-server.ts';

export { json, problem };
export type { Call } from '../fake-server.ts';

/** The API's own schemas (backend/jobs/routes.ts), by route: what the widgets send is checked as the server checks it. */
const RULES: RouteRules = {
  schemas: {
    'GET /v1/jobs': { query: JobListQuery },
    'GET /v1/jobs/applications/status': { query: ApplicationStatusQuery },
    'POST /v1/jobs/applications/withdraw': { body: ApplicationWithdraw },
    'POST /v1/jobs/:id/applications': { body: ApplicationCreate },
    'POST /v1/staff/jobs': { body: PostingCreate },
    'PUT /v1/staff/jobs/settings': { body: JobsSettingsUpdate },
    'POST /v1/staff/jobs/templates': { body: LetterTemplateCreate },
    'PUT /v1/staff/jobs/templates/:tid': { body: LetterTemplateCreate },
    'PATCH /v1/staff/jobs/:id': { body: PostingUpdate },
    'POST /v1/staff/jobs/:id/applications/reject': { body: BulkReject },
    'PATCH /v1/staff/jobs/:id/applications/:appId': { body: StaffApplicationUpdate },
    'POST /v1/staff/jobs/:id/applications/:appId/notes': { body: StaffNote },
    'POST /v1/staff/jobs/:id/applications/:appId/letters': { body: SendLetter },
  },
  idempotent: ['POST /v1/jobs/:id/applications', 'POST /v1/jobs/applications/withdraw'],
  altcha: ['POST /v1/jobs/:id/applications'],
};

export const config = (over: Record<string, unknown> = {}) => ({
  tenant: { id: '00000000-0000-4000-8000-000000000001', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
  modules: ['jobs'],
  languages: ['de', 'en'],
  theme: {},
  map: { tileUrl: '', attribution: '', center: [51.5, 9.9], zoom: 15 },
  privacyUrl: 'https://beispielstadt.example/datenschutz',
  accessibilityUrl: null,
  contactEmail: 'rathaus@beispielstadt.example',
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

export const page = (
  items: PublicJob[] = [
    job(),
    job({
      id: '22222222-2222-4222-8222-222222222222',
      title: 'Erzieher/in Kita Sonnenschein',
      department: 'Jugendamt',
      payGrade: 'S 8a',
      employmentType: 'part_time',
      deadline: null,
      validThrough: null,
    }),
  ],
): JobPage => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
  facets: { employers: [{ slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' }], departments: ['Bauamt', 'Jugendamt'], payGrades: ['EG 9b', 'S 8a'], locations: ['Beispielstadt'] },
});

export const REF = 'BW-2026-00003';
export const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';
export const statusView = (over: Partial<ApplicationStatusView> = {}): ApplicationStatusView => ({
  ref: REF,
  status: 'in_review',
  posting: { id: JOB_ID, title: 'Sachbearbeitung Bauordnung (m/w/d)' },
  employer: { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
  createdAt: '2026-11-03T10:00:00Z',
  updatedAt: '2026-11-04T10:00:00Z',
  canWithdraw: true,
  ...over,
});

export class FakeJobsServer extends FakeServer {
  uploads = 0;
  holdUploads = false;
  private held: (() => void)[] = [];

  constructor(cfg = config()) {
    super(RULES);
    this.on('GET /v1/config', () => json(cfg));
    this.on('GET /v1/challenge', async () => json(await challenge()));
    this.on('GET /v1/jobs', () => json(page()));
    this.on(`GET /v1/jobs/${JOB_ID}`, () => json(job()));
    this.on(`POST /v1/jobs/${JOB_ID}/applications`, () => json({ ref: REF, token: TOKEN, status: 'received', createdAt: '2026-11-03T10:00:00Z' }, 201));
    this.on('GET /v1/jobs/applications/status', () => json(statusView()));
    this.on('POST /v1/jobs/applications/withdraw', () => json(statusView({ status: 'withdrawn', canWithdraw: false })));
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

// ---------------------------------------------------------------- staff

export const APP_ID = '33333333-3333-4333-8333-333333333333';
export const APP2_ID = '55555555-5555-4555-8555-555555555555';
export const TEMPLATE_ID = '66666666-6666-4666-8666-666666666666';

export const posting = (over: Partial<StaffPosting> = {}): StaffPosting => {
  const { employer: _e, ...pub } = job();
  return { ...pub, published: true, open: true, createdAt: pub.datePosted, updatedAt: pub.datePosted, applications: 2, ...over };
};

export const application = (over: Partial<StaffApplication> = {}): StaffApplication => ({
  id: APP_ID,
  ref: 'BW-2026-00003',
  status: 'received',
  firstName: 'Erika',
  lastName: 'Beispiel',
  disability: 'severe',
  flagged: true,
  invitedAt: null,
  rejectionReason: null,
  coverLetter: 'Ich bewerbe mich.',
  documents: [{ id: '44444444-4444-4444-8444-444444444444', name: 'Lebenslauf.pdf', size: 1000 }],
  createdAt: '2026-11-03T10:00:00Z',
  decidedAt: null,
  ...over,
});

export const template = (over: Record<string, string> = {}) => ({
  id: TEMPLATE_ID,
  kind: 'rejection',
  name: 'Absage Standard',
  subject: 'Ihre Bewerbung {{ref}}',
  body: 'Guten Tag {{firstName}} {{lastName}},\nleider …',
  updatedAt: '2026-11-01T10:00:00Z',
  ...over,
});

/**
 * A small stateful staff backend: postings, two applications (one flagged, never invited),
 * one rejection template. Answers as the routes do; the clerk's view carries contact data,
 * rating and events, the representations' view does not.
 */
export function staffJobs(server: FakeJobsServer, view: 'clerk' | 'participation' = 'clerk') {
  const state = {
    postings: [posting()],
    apps: [application(), application({ id: APP2_ID, ref: 'BW-2026-00004', firstName: 'Max', lastName: 'Muster', disability: 'none', flagged: false, documents: [] })],
    templates: [template()],
  };
  const clerkView = (a: StaffApplication): StaffApplication =>
    view === 'clerk' ? { contact: { email: `${a.firstName.toLowerCase()}@example.org`, phone: '', street: '', postalCode: '', locality: '' }, rating: null, talentPool: false, events: [], ...a } : a;
  const find = (path: string) => state.apps.find((a) => path.includes(a.id))!;
  server.on('GET /v1/staff/jobs', () => json(state.postings));
  server.on('POST /v1/staff/jobs', (c) => {
    const b = c.body as { title: string; descriptionHtml: string; published?: boolean };
    const p = posting({ id: '77777777-7777-4777-8777-777777777777', title: b.title, descriptionHtml: b.descriptionHtml, published: !!b.published, applications: 0 });
    state.postings.push(p);
    return json(p, 201);
  });
  server.on('PATCH /v1/staff/jobs/:id', (c) => {
    const i = state.postings.findIndex((p) => c.path.endsWith(p.id));
    state.postings[i] = { ...state.postings[i]!, ...(c.body as Partial<StaffPosting>) };
    return json(state.postings[i]);
  });
  server.on('GET /v1/staff/jobs/:id/applications', () => json({ items: state.apps.map(clerkView), view }));
  server.on('GET /v1/staff/jobs/:id/applications/:appId', (c) => json(clerkView(find(c.path))));
  server.on('PATCH /v1/staff/jobs/:id/applications/:appId', (c) => {
    const a = find(c.path);
    const b = c.body as { status?: StaffApplication['status']; rating?: number | null; reason?: string };
    if (b.status) a.status = b.status;
    if (b.reason) a.rejectionReason = b.reason;
    if (b.rating !== undefined) {
      a.rating = b.rating;
      a.events = [...(a.events ?? []), { at: '2026-11-05T10:00:00Z', actor: 'Personalamt', type: 'rating', status: null, text: b.rating === null ? null : String(b.rating) }];
    }
    return json(clerkView(a));
  });
  server.on('POST /v1/staff/jobs/:id/applications/:appId/notes', (c) => {
    const a = find(c.path);
    a.events = [...(a.events ?? []), { at: '2026-11-05T10:00:00Z', actor: 'Personalamt', type: 'note', status: null, text: (c.body as { text: string }).text }];
    return json(clerkView(a), 201);
  });
  server.on('POST /v1/staff/jobs/:id/applications/:appId/letters', (c) => {
    const a = find(c.path);
    a.events = [...(a.events ?? []), { at: '2026-11-05T10:00:00Z', actor: 'Personalamt', type: 'letter', status: null, text: 'Absage Standard' }];
    return json(clerkView(a));
  });
  server.on('POST /v1/staff/jobs/:id/applications/reject', (c) => {
    const b = c.body as { ids: string[]; reasons: Record<string, string> };
    const missing = b.ids.find((id) => {
      const a = state.apps.find((x) => x.id === id)!;
      return a.flagged && !a.invitedAt && !b.reasons[id];
    });
    if (missing) return problem(422, 'VALIDATION_FAILED', { errors: [{ path: `reasons.${missing}`, message: 'Document why.' }] });
    for (const id of b.ids) Object.assign(state.apps.find((x) => x.id === id)!, { status: 'rejected', rejectionReason: b.reasons[id] ?? null });
    return json({ rejected: b.ids.length });
  });
  server.on('GET /v1/staff/jobs/:id/documents.zip', () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'content-type': 'application/zip' } }));
  server.on('GET /v1/staff/jobs/:id/applications/:appId/documents/:docId', () => new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), { headers: { 'content-type': 'application/pdf' } }));
  server.on('GET /v1/staff/jobs/templates', () => json({ items: state.templates }));
  server.on('POST /v1/staff/jobs/templates', (c) => {
    const t = template({ ...(c.body as Record<string, string>), id: '88888888-8888-4888-8888-888888888888' });
    state.templates.push(t);
    return json(t, 201);
  });
  server.on('PUT /v1/staff/jobs/templates/:tid', (c) => {
    const t = state.templates.find((x) => c.path.endsWith(x.id))!;
    Object.assign(t, c.body);
    return json(t);
  });
  server.on('DELETE /v1/staff/jobs/templates/:tid', (c) => {
    state.templates = state.templates.filter((x) => !c.path.endsWith(x.id));
    return new Response(null, { status: 204 });
  });
  return state;
}
