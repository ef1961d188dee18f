// The tip every benchmark submits (and the bare insert stores): a damage report with a
// location and a contact who wants to be notified, so the mails and the outbox are part of it.
export const BENCH_TIP = {
  kind: 'schaden',
  category: 'beleuchtung',
  description: 'Die Laterne vor Hausnummer 12 ist seit einer Woche dunkel.',
  location: { lat: 52.4001, lng: 10.0501, address: 'Hauptstraße 12' },
  contact: { name: 'Max Mustermann', email: 'max@example.org' },
  notify: true,
  consent: true,
};
