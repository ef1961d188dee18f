import type { StaffTip, TipsSettings } from '../../../backend/tips/schema.ts';

export const DEFAULT_SETTINGS_FOR_TESTS: TipsSettings = {
  kinds: ['idee', 'beschwerde', 'schaden'],
  categories: [
    { id: 'beleuchtung', label: { de: 'Straßenbeleuchtung', en: 'Street lights' }, hint: null, kinds: ['schaden'], emergency: null, responsible: null,
      questions: [{ id: 'mastnummer', label: { de: 'Mastnummer', en: 'Pole number' }, type: 'text', required: false, options: [] }] },
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
