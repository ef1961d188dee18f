/** Plans for widget tests and stories: the contract's shapes (backend/plans/schema.ts), small squares near 51.5 N, 9.9 E. */
import {
  NotifyBody,
  ParticipationPut,
  PlanListQuery,
  PlanUpdate,
  StaffStatementCreate,
  StatementCreate,
  StatementQuery,
  StatementUpdate,
  type ParticipationState,
  type PlanDetail,
  type PlanSummary,
  type StaffStatement,
  type StatementReceipt,
} from '../../../backend/plans/schema.ts';
import { FakeTipsServer, config, json, problem } from '../tips/fake-api.ts';

const square = (x: number, y: number, d: number) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

export const OPEN_ID = '11111111-1111-4111-8111-111111111111';
export const CLOSED_ID = '22222222-2222-4222-8222-222222222222';
export const FORCE_ID = '33333333-3333-4333-8333-333333333333';
/** The open plan's publication period (ids are UUIDs, as the API's query schema wants them). */
export const PERIOD_ID = '55555555-5555-4555-8555-555555555555';

export const summary = (over: Partial<PlanSummary> = {}): PlanSummary => ({
  id: FORCE_ID,
  kind: 'BP',
  kindLabel: 'Bebauungsplan',
  name: 'Am Bahnhof',
  title: 'Am Bahnhof',
  nummer: '7',
  summary: null,
  stage: 'in-force',
  rechtsstand: { code: '4000', label: 'In Kraft getreten' },
  planArt: [{ code: '1000', label: 'BPlan' }],
  gemeinde: [{ ags: '03359028', name: 'Beispielstadt' }],
  bbox: [9.9, 51.5, 9.91, 51.505],
  outline: { type: 'Polygon', coordinates: square(9.9, 51.5, 0.01) },
  areaM2: 45_000,
  participation: null,
  version: 1,
  published: true,
  updatedAt: '2026-05-01T08:00:00Z',
  ...over,
});

export const openSummary = () =>
  summary({
    id: OPEN_ID,
    name: 'Mühlenteich',
    title: 'Wohnen am Mühlenteich',
    nummer: '12',
    stage: 'participation',
    rechtsstand: { code: '2400', label: 'Öffentliche Auslegung' },
    summary: 'Neue Wohnhäuser und ein Grünzug.',
    participation: { start: '2026-05-04', end: '2099-06-05', open: true, source: 'staff', statements: true },
  });

export const closedSummary = () =>
  summary({
    id: CLOSED_ID,
    name: 'Gewerbe Süd',
    title: 'Gewerbegebiet Süd',
    nummer: '9',
    stage: 'participation',
    rechtsstand: { code: '2400', label: 'Öffentliche Auslegung' },
    participation: { start: '2026-01-05', end: '2026-02-05', open: false, source: 'staff', statements: false },
  });

export function detail(s: PlanSummary): PlanDetail {
  return {
    ...s,
    beschreibung: null,
    verfahren: { code: '1000', label: 'Normal' },
    dates: [{ field: 'aufstellungsbeschlussDatum', label: 'Aufstellungsbeschluss', date: '2025-11-20' }],
    periods: [],
    references: [{ typ: { code: '1010', label: 'Begründung' }, name: 'Begründung', fileId: 'f1' }],
    files: [{ id: 'f1', name: 'Begruendung.pdf', mediaType: 'application/pdf', size: 123_456, href: `/v1/plans/${s.id}/files/f1` }],
    xplanVersion: '6.0',
    gmlId: 'GML_1',
    importedAt: '2026-05-01T08:00:00Z',
    geltungsbereich: { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(9.9, 51.5, 0.01) }, properties: { areaM2: s.areaM2 } },
    contents: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'wa',
          geometry: { type: 'Polygon', coordinates: square(9.9, 51.5, 0.005) },
          properties: {
            id: 'wa',
            class: 'BP_BaugebietsTeilFlaeche',
            category: 'bebauung',
            label: 'WA – Allgemeines Wohngebiet',
            legendKey: 'a',
            attrs: { GRZ: 0.4, GFZ: 0.8, Z: 2, bauweise: 'offene Bauweise' },
          },
        },
        {
          type: 'Feature',
          id: 'gruen',
          geometry: { type: 'Polygon', coordinates: square(9.905, 51.5, 0.005) },
          properties: { id: 'gruen', class: 'BP_GruenFlaeche', category: 'gruen', label: 'Grünfläche: Parkanlage', legendKey: 'b', attrs: {} },
        },
        {
          type: 'Feature',
          id: 'str',
          geometry: { type: 'Polygon', coordinates: square(9.9, 51.505, 0.01) },
          properties: { id: 'str', class: 'BP_StrassenVerkehrsFlaeche', category: 'verkehr', label: 'Straßenverkehr', legendKey: 'c', attrs: {} },
        },
      ],
      legend: [
        { key: 'a', label: 'WA – Allgemeines Wohngebiet', category: 'bebauung', count: 1 },
        { key: 'b', label: 'Grünfläche: Parkanlage', category: 'gruen', count: 1 },
        { key: 'c', label: 'Straßenverkehr', category: 'verkehr', count: 1 },
      ],
    },
  };
}

export const receipt = (): StatementReceipt => ({ ref: 'ST-7K3M-9QXP', receivedOn: '2026-05-10', period: { start: '2026-05-04', end: '2099-06-05' }, named: false, outsideArea: false });

/** The tips fake with the plans routes added. */
export function plansServer(): FakeTipsServer {
  const server = new FakeTipsServer(config({ modules: ['plans'] }));
  const all = [summary(), closedSummary(), openSummary()];
  server.on('GET /v1/plans', () => json({ items: all, total: all.length, page: 1, pageSize: 100 }));
  server.on('GET /v1/plans/:id', (c) => {
    const s = all.find((p) => c.path.endsWith(p.id));
    return s ? json(detail(s)) : problem(404, 'NOT_FOUND');
  });
  server.on('POST /v1/plans/:id/statements', () => json(receipt(), 201));
  server.validates('GET /v1/plans', { query: PlanListQuery }).validates('POST /v1/plans/:id/statements', { body: StatementCreate });
  return server;
}

// ---------------------------------------------------------------- staff

export const staffStatement = (over: Partial<StaffStatement> = {}): StaffStatement => ({
  id: '44444444-4444-4444-8444-444444444444',
  ref: 'ST-7K3M-9QXP',
  periodId: PERIOD_ID,
  periodSeq: 1,
  text: 'Bitte die alten Eichen am Teich erhalten.',
  point: null,
  place: 'Am Teich',
  outsideArea: false,
  attachments: [],
  name: 'Erika Mustermann',
  email: 'erika@example.org',
  address: null,
  noOtherPersons: true,
  channel: 'online',
  late: false,
  receivedOn: '2026-05-10',
  tags: ['Bäume'],
  proposal: null,
  decision: null,
  decisionNote: null,
  notifiedAt: null,
  createdAt: '2026-05-10T08:00:00Z',
  ...over,
});

export const participationState = (): ParticipationState => {
  const p = {
    id: PERIOD_ID,
    seq: 1,
    start: '2026-05-04',
    end: '2099-06-05',
    planVersion: 1,
    open: true,
    webAddress: null,
    otherAccess: 'Rathaus, Zimmer 3.02',
    environmental: ['Lärm'],
    statementCount: 2,
  };
  return { current: p, periods: [p], minimumEnd: '2026-06-03' };
};

/** A fake for the console section: plans, periods, statements, and the writes. */
export function staffServer(): FakeTipsServer {
  const server = new FakeTipsServer(config({ modules: ['plans'] }));
  const open = openSummary();
  const list = [open, { ...summary(), published: false }];
  server.on('GET /v1/staff/plans', () => json({ items: list, total: list.length, page: 1, pageSize: 100 }));
  server.on('GET /v1/staff/plans/:id', () => json({ ...detail(open), warnings: [], sourceName: 'plan.gml', history: [] }));
  server.on('GET /v1/staff/plans/:id/participation', () => json(participationState()));
  server.on('PUT /v1/staff/plans/:id/participation', () => json(participationState()));
  server.on('PATCH /v1/staff/plans/:id', () => json({ ...detail(open), warnings: [], sourceName: 'plan.gml', history: [] }));
  server.on('GET /v1/staff/plans/:id/statements', () =>
    json({ items: [staffStatement(), staffStatement({ id: 's2', ref: 'ST-AAAA-BBBB', name: null, email: null, text: 'Mehr Radwege.', late: true, channel: 'letter' })], total: 2 }),
  );
  server.on('PATCH /v1/staff/plans/:id/statements/:ref', () => json(staffStatement({ decision: 'followed' })));
  server.on('POST /v1/staff/plans/:id/statements/notify', () => json({ sent: 1, byPost: [], undecided: 1 }));
  server
    .validates('GET /v1/staff/plans', { query: PlanListQuery })
    .validates('PATCH /v1/staff/plans/:id', { body: PlanUpdate })
    .validates('PUT /v1/staff/plans/:id/participation', { body: ParticipationPut })
    .validates('GET /v1/staff/plans/:id/statements', { query: StatementQuery })
    .validates('POST /v1/staff/plans/:id/statements', { body: StaffStatementCreate })
    .validates('PATCH /v1/staff/plans/:id/statements/:ref', { body: StatementUpdate })
    .validates('POST /v1/staff/plans/:id/statements/notify', { body: NotifyBody })
    .validates('GET /v1/staff/plans/:id/announcement', { query: StatementQuery });
  server.on('GET /v1/staff/plans/:id/announcement', () => json({ subject: 'Bekanntmachung', text: 'Gemeinde Beispielstadt\n\nBekanntmachung: Veröffentlichung …', textEn: '', missing: [] }));
  return server;
}
