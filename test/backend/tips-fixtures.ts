// Shared pieces of the tips tests: solving ALTCHA, submitting, photos with GPS in their EXIF.
import { randomUUID } from 'node:crypto';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import sharp from 'sharp';
import type { World } from './helpers.ts';

// Cheap proof of work in tests.
process.env.BN_ALTCHA_MAX = '50';

export async function solved(w: World, pk: string): Promise<string> {
  const challenge = await (await w.req('/v1/challenge', { key: pk })).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** A citizen POST with a fresh ALTCHA and Idempotency-Key (or the given ones). */
export async function citizenPost(w: World, pk: string, path: string, json: unknown, opts: { idem?: string; altcha?: string } = {}) {
  return w.req(path, {
    method: 'POST',
    key: pk,
    json,
    headers: { 'Idempotency-Key': opts.idem ?? randomUUID(), 'X-Altcha': opts.altcha ?? (await solved(w, pk)) },
  });
}

export const damage = (over: Record<string, unknown> = {}) => ({
  kind: 'schaden',
  category: 'beleuchtung',
  description: 'Die Laterne vor Hausnummer 12 ist seit einer Woche dunkel.',
  location: { lat: 52.4001, lng: 10.0501, address: 'Hauptstraße 12' },
  contact: { name: 'Max Mustermann', email: 'max@example.org' },
  notify: true,
  consent: true,
  ...over,
});

export async function submit(w: World, pk: string, body: Record<string, unknown> = damage()) {
  const res = await citizenPost(w, pk, '/v1/tips', body);
  if (res.status !== 201) throw new Error(`submit failed ${res.status}: ${await res.text()}`);
  return (await res.json()) as { ref: string; token: string; status: string; tenant: { slug: string; name: string } };
}

/** A JPEG whose EXIF carries GPS coordinates and a camera name. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'GPS-Phone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 24/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '10/1 3/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

export async function upload(w: World, pk: string, bytes: Uint8Array, name = 'foto.jpg', type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return w.req('/v1/uploads', { method: 'POST', key: pk, body: form });
}

export async function staff(w: World, sk: string, path: string, init: { method?: string; json?: unknown } = {}) {
  return w.req(`/v1/staff/tips${path}`, { ...init, key: sk });
}
