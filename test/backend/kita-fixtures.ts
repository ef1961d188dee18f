// Shared pieces of the Kita tests: facilities in the county, the town and an unrelated
// tenant; a valid registration; staff calls.
import type { World } from './helpers.ts';
import { citizenPost } from './tips-fixtures.ts';
import { berlinToday } from '../../backend/core/time.ts';
import { addMonths } from '../../backend/kita/schema.ts';
import { facility } from './kita-facility.ts';

export { citizenPost, facility };

// A registration file posts more than a family would in a minute.
process.env.BN_RATE_WRITE = '100000';

export const today = () => berlinToday();

export async function staffKita(w: World, sk: string, path: string, init: { method?: string; json?: unknown } = {}) {
  return w.req(`/v1/staff/kita${path}`, { ...init, key: sk });
}

export async function addFacility(w: World, sk: string, over: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await staffKita(w, sk, '/facilities', { method: 'POST', json: facility(over) });
  if (res.status !== 201) throw new Error(`facility ${res.status}: ${await res.text()}`);
  return res.json();
}

let n = 0;
/** A valid registration: a one-year-old starting in two months. */
export const registration = (wishes: string[], over: Record<string, unknown> = {}) => ({
  wishes,
  child: { firstName: `Mia${++n}`, lastName: 'Muster', birthDate: addMonths(today(), -14), expected: false, specialNeeds: '' },
  startDate: addMonths(today(), 2),
  careHours: 35,
  guardians: [{ firstName: 'Eva', lastName: 'Muster', email: 'eva@example.org', phone: '+49 5121 1234', address: 'Hauptstraße 1', working: true }],
  residence: 'beispielstadt',
  hardship: false,
  hardshipReason: '',
  siblings: [],
  consent: true,
  ...over,
});

export async function register(w: World, pk: string, body: unknown): Promise<{ ref: string; token: string; state: string }> {
  const res = await citizenPost(w, pk, '/v1/kita/registrations', body);
  if (res.status !== 201) throw new Error(`register ${res.status}: ${await res.text()}`);
  return res.json();
}

export async function statusOf(w: World, pk: string, r: { ref: string; token: string }) {
  const res = await w.req(`/v1/kita/registrations/status?ref=${r.ref}&token=${r.token}`, { key: pk });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  return res.json();
}

/** The registration's id as staff of a wished Kita see it. */
export async function registrationId(w: World, sk: string, ref: string): Promise<string> {
  const list = await (await staffKita(w, sk, '/registrations')).json();
  const hit = list.items.find((i: { ref: string }) => i.ref === ref);
  if (!hit) throw new Error(`${ref} not in the list`);
  return hit.registrationId;
}
