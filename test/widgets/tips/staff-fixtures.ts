import type { StaffTip, TipsSettings } from '../../../backend/tips/schema.ts';

export const DEFAULT_SETTINGS_FOR_TESTS: TipsSettings = {
  kinds: ['idee', 'beschwerde', 'schaden'],
  categories: [
    {
      id: 'beleuchtung',
      label: { de: 'Straßenbeleuchtung', en: 'Street lights' },
      hint: null,
      kinds: ['schaden'],
      emergency: null,
      responsible: null,
      questions: [{ id: 'mastnummer', label: { de: 'Mastnummer', en: 'Pole number' }, type: 'text', required: false, options: [] }],
    },
    { id: 'strasse', label: { de: 'Straße', en: 'Roads' }, hint: null, kinds: ['schaden'], emergency: null, responsible: 'musterkreis', questions: [] },
  ],
  anonymousAllowed: true,
  retentionDays: 365,
  open311: true,
  open311RequireKey: false,
  notifyEmail: null,
  statusPageUrl: null,
  templates: [
    { id: 'eingang', status: 'acknowledged', title: 'Eingang bestätigt', text: { de: 'Vielen Dank für Ihre Meldung.', en: 'Thank you for your report.' } },
    { id: 'nicht-zustaendig', status: 'rejected', title: 'Nicht zuständig', text: { de: 'Dafür sind wir nicht zuständig.', en: 'Not our responsibility.' } },
  ],
};

export const staffTip = (over: Partial<StaffTip> = {}): StaffTip => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  ref: 'BT-2026-00042',
  kind: 'schaden',
  category: 'beleuchtung',
  description: 'Laterne vor Hausnummer 3 flackert. Erika Mustermann, Tel. 0123',
  location: { lat: 51.5, lng: 9.9, address: 'Am Markt 3' },
  status: 'new',
  publicAnswer: null,
  photos: [],
  supportCount: 1,
  createdAt: '2026-05-06T10:00:00Z',
  updatedAt: '2026-05-06T10:00:00Z',
  published: false,
  assignee: { id: 'key_AAAAAAAAAAAAAAAA', label: 'Frau Petersen' },
  contact: { name: 'Erika Mustermann', email: 'erika@example.org' },
  notify: true,
  answers: { mastnummer: 'M-17' },
  forwardedFrom: null,
  closedAt: null,
  personalDataDeletedAt: null,
  source: 'web',
  events: [
    { id: 'e1', at: '2026-05-06T10:00:00Z', actor: 'citizen', actorLabel: null, type: 'created', status: 'new', text: null, public: true },
    { id: 'e2', at: '2026-05-06T11:00:00Z', actor: 'key_AAAAAAAAAAAAAAAA', actorLabel: 'Frau Petersen', type: 'note', status: null, text: 'Bauhof anrufen', public: false },
  ],
  ...over,
});

const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Am Marktplatz', 'Friedrich-Ebert-Straße', 'Kirchweg', 'Lindenallee'];

/** `n` inbox rows that look like a real week: long addresses, names, all statuses. */
export function inboxRows(n: number): StaffTip[] {
  const statuses = ['new', 'acknowledged', 'in_progress', 'resolved', 'rejected'] as const;
  return Array.from({ length: n }, (_, i) =>
    staffTip({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      ref: `BT-2026-${String(1000 + i).padStart(5, '0')}`,
      status: statuses[i % 5]!,
      kind: i % 3 ? 'schaden' : 'beschwerde',
      category: i % 2 ? 'beleuchtung' : 'strasse',
      location: { lat: 51.5 + i / 1000, lng: 9.9 + i / 1000, address: `${STREETS[i % STREETS.length]} ${i + 1}, gegenüber der Grundschule am Sportplatz` },
      assignee: i % 4 ? { id: 'user:00000000-0000-4000-8000-000000000009', label: 'Friederike Musterfrau-Schulze' } : null,
      supportCount: i * 3,
      createdAt: new Date(Date.UTC(2026, 4, 6, 10) - i * 3_600_000).toISOString(),
      updatedAt: new Date(Date.UTC(2026, 4, 6, 10) - i * 3_600_000).toISOString(),
    }),
  );
}
