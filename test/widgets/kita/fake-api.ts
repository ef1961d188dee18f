/**
 * A fake Kita backend for widget tests and stories: the contract's shapes
 * (backend/kita/routes.ts), every call recorded.
 */
import { FakeTipsServer, json, config } from '../tips/fake-api.ts';
import { FacilityCreate, FacilityUpdate, type KitaAccount, type PublicFacility, type StaffFacility } from '../../../backend/kita/facility-schema.ts';
import { DEFAULT_KITA_SETTINGS, KitaSettingsUpdate, type KitaPublicSettings, type KitaSettings, type RegistrationStatus, type StaffWish } from '../../../backend/kita/schema.ts';
import { KITA } from '../../backend/kita-facility.ts';

export { json, problem } from '../tips/fake-api.ts';

export const kitaSettings = (over: Partial<KitaPublicSettings> = {}): KitaPublicSettings => ({
  maxWishes: 5,
  leadTimeMonths: 12,
  draftDays: 14,
  towns: [
    { slug: 'musterkreis', name: 'Landkreis Musterkreis' },
    { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
  ],
  privacyUrl: 'https://beispielstadt.example/datenschutz',
  ...over,
});

/** A Kita as families see it: the tests' one facility (test/backend/kita-facility.ts), n of the community's. */
export const facility = (n: number, over: Partial<PublicFacility> = {}): PublicFacility => {
  const { email: _e, ...kita } = KITA;
  return {
    ...kita,
    id: `00000000-0000-4000-8000-00000000000${n}`,
    town: n === 3 ? { slug: 'musterkreis', name: 'Landkreis Musterkreis' } : { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
    name: ['Kita Sonnenblume', 'Waldkindergarten Eulennest', 'Kreis-Kita Am Moor'][n - 1] ?? `Kita ${n}`,
    address: `Schulstraße ${n}`,
    accessibility: '',
    photo: null,
    light: (['green', 'yellow', 'red'] as const)[(n - 1) % 3]!,
    takesWishes: true,
    ...over,
  };
};

export const status = (over: Partial<RegistrationStatus> = {}): RegistrationStatus => ({
  ref: 'KA-2026-00017',
  state: 'active',
  child: { firstName: 'Mia', birthDate: '2025-10-01', expected: false },
  startDate: '2027-08-01',
  careHours: 35,
  createdAt: '2026-11-01T10:00:00Z',
  wishes: [
    { rank: 1, facility: { id: facility(1).id, name: 'Kita Sonnenblume', town: 'Gemeinde Beispielstadt' }, state: 'offered' },
    { rank: 2, facility: { id: facility(3).id, name: 'Kreis-Kita Am Moor', town: 'Landkreis Musterkreis' }, state: 'waiting' },
  ],
  offers: [{ id: '00000000-0000-4000-8000-0000000000aa', facility: { id: facility(1).id, name: 'Kita Sonnenblume' }, deadline: '2026-12-15', state: 'open', createdAt: '2026-12-01T09:00:00Z' }],
  canChange: true,
  ...over,
});

export const KITA_TOKEN = 'kitatok_abcdefghijklmnopqrstuvwxyz';

export class FakeKitaServer extends FakeTipsServer {
  constructor(s = kitaSettings(), items = [facility(1), facility(2), facility(3)], view = status(), cfg: Record<string, unknown> = {}) {
    super(config({ modules: ['kita'], ...cfg }));
    // The staff writes of a Kita, checked with the API's own schemas like the tips routes.
    this.validates('POST /v1/staff/kita/facilities', { body: FacilityCreate }).validates('PATCH /v1/staff/kita/facilities/:id', { body: FacilityUpdate });
    this.validates('PUT /v1/staff/kita/settings', { body: KitaSettingsUpdate });
    this.on('GET /v1/staff/kita/settings', () => json(staffSettings()));
    this.on('GET /v1/kita/settings', () => json(s));
    this.on('GET /v1/kita/facilities', () => json({ items }));
    this.on('POST /v1/kita/registrations', () => json({ ref: 'KA-2026-00017', token: KITA_TOKEN, state: 'active', createdAt: '2026-12-01T10:00:00Z' }, 201));
    this.on('POST /v1/kita/drafts', () => json({ id: '00000000-0000-4000-8000-0000000000dd', expiresAt: '2026-12-15T10:00:00Z' }, 201));
    this.on('GET /v1/kita/registrations/status', () => json(view));
    this.on('POST /v1/kita/offers/:id/accept', () => json({ ...view, state: 'placed', offers: [{ ...view.offers[0]!, state: 'accepted' }] }));
  }
}

export const staffWish = (over: Partial<StaffWish> = {}): StaffWish => ({
  registrationId: '00000000-0000-4000-8000-0000000000a1',
  ref: 'KA-2026-00017',
  facility: { id: '00000000-0000-4000-8000-000000000001', name: 'Kita Sonnenblume' },
  rank: 1,
  state: 'waiting',
  points: 29,
  explanation: [
    { criterion: 'residence', points: 10, text: 'Wohnort im Einzugsgebiet: +10 · Lives in the catchment area: +10' },
    { criterion: 'hardship', points: 12, text: 'Härtefall: +12 · Hardship: +12' },
  ],
  position: 1,
  child: { firstName: 'Mia', lastName: 'Muster', birthDate: '2025-10-01', expected: false, specialNeeds: null },
  ageGroup: 'krippe',
  startDate: '2027-08-01',
  careHours: 35,
  residence: 'beispielstadt',
  guardians: null,
  hardshipReason: 'Schichtdienst',
  registrationState: 'active',
  createdAt: '2026-11-01T10:00:00Z',
  duplicate: true,
  openOffer: false,
  offer: null,
  mayOffer: true,
  ...over,
});

export const staffFacility = (over: Partial<StaffFacility> = {}): StaffFacility => {
  const { takesWishes: _t, photo: _p, ...f } = facility(1);
  return { ...f, photo: null, email: null, active: true, staff: [], createdAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-01T10:00:00Z', ...over };
};

export const kitaAccount = (n: number, over: Partial<KitaAccount> = {}): KitaAccount => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  name: ['Anna Muster', 'Ben Beispiel', 'Carla Gesperrt', 'Jugendamt Mitte'][n - 1] ?? `Konto ${n}`,
  email: `konto${n}@beispielstadt.example`,
  role: n === 2 ? 'kita:read' : 'kita',
  enabled: n !== 3,
  ...over,
});

/**
 * A Kita section's backend with teams: one Kita whose `staff` the PATCH route keeps, so the
 * section's reload after a change shows what was saved.
 */
export function teamServer(opts: { staff?: string[]; mayAssign?: boolean; scope?: string[] | null; others?: StaffFacility[]; none?: boolean } = {}) {
  const server = new FakeKitaServer();
  const kita = { ...staffFacility(), staff: opts.staff ?? [kitaAccount(1).id] };
  server.on('GET /v1/staff/kita/facilities', () => json({ items: opts.none ? [] : [kita, ...(opts.others ?? [])] }));
  server.on('GET /v1/staff/kita/statistics', () => json({ total: 0, byBirthYear: [], byAgeGroup: [], byCareHours: [], byTown: [], byState: [] }));
  server.on('GET /v1/staff/kita/registrations', () => json({ items: [staffWish()], scope: { allocation: 'facility', facilities: opts.scope ?? null } }));
  server.on('GET /v1/staff/kita/accounts', () => json({ items: [1, 2, 3, 4].map((n) => kitaAccount(n)), mayAssign: opts.mayAssign ?? true }));
  server.on('PATCH /v1/staff/kita/facilities/:id', (call) => {
    kita.staff = (call.body as { staff: string[] }).staff;
    return json(kita);
  });
  return { server, kita };
}

/** The office's Kita settings as GET /v1/staff/kita/settings answers (the defaults, changed where asked). */
export const staffSettings = (over: Partial<KitaSettings> = {}): KitaSettings => ({
  ...DEFAULT_KITA_SETTINGS,
  weights: { ...DEFAULT_KITA_SETTINGS.weights },
  notifyEmail: 'kita@beispielstadt.example',
  ...over,
});

/**
 * The settings routes as the real ones behave: the PUT merges what it got over what is stored
 * (weights whole) and answers the result, so a reload shows what was saved.
 */
export function settingsServer(server: FakeKitaServer = teamServer().server, start = staffSettings()) {
  const stored = { current: start };
  server.on('GET /v1/staff/kita/settings', () => json(stored.current));
  server.on('PUT /v1/staff/kita/settings', (call) => {
    const body = call.body as Partial<KitaSettings>;
    stored.current = { ...stored.current, ...body, weights: { ...stored.current.weights, ...body.weights } };
    return json(stored.current);
  });
  return { server, stored };
}
