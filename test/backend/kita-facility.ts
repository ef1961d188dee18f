// A Kita as the office enters it (POST /v1/staff/kita/facilities): the one facility literal of
// the backend, widget and end-to-end tests. No side effects on import (the widget tests load it
// in the browser, as the end-to-end tests load jobs-posting.ts).
import type { FacilityCreate } from '../../backend/kita/facility-schema.ts';

export const KITA = {
  name: 'Kita Sonnenschein',
  provider: 'Gemeinde',
  address: 'Schulstraße 3',
  lat: 52.4,
  lng: 10.05,
  ageGroups: ['krippe', 'kindergarten'],
  careHours: [25, 35, 45],
  openingHours: 'Mo–Fr 7–17 Uhr',
  concepts: ['Waldkita'],
  languages: ['Deutsch', 'Englisch'],
  accessible: true,
  capacity: { krippe: 12, kindergarten: 40 },
  light: 'yellow',
  email: 'kita@example.org',
} satisfies FacilityCreate;

/** The request body, with changes (also invalid ones, for the validation tests). */
export const facility = (over: Record<string, unknown> = {}) => ({ ...KITA, ...over });
