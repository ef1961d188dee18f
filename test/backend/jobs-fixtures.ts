// Shared pieces of the jobs tests: postings, PDFs (clean, with JavaScript, with an embedded
// file, encrypted), uploads and applications.
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { createApp } from '../../backend/app.ts';
import type { World } from './helpers.ts';
import { posting } from './jobs-posting.ts';
import { solved } from './tips-fixtures.ts';

// Applicants in these tests upload many files from one address; the write limit is not under test here.
process.env.BN_RATE_WRITE = '100000';

export { posting };

export async function createPosting(w: World, sk: string, over: Record<string, unknown> = {}) {
  const res = await w.req('/v1/staff/jobs', { method: 'POST', key: sk, json: posting(over) });
  if (res.status !== 201) throw new Error(`create posting ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; descriptionHtml: string; published: boolean; open: boolean };
}

/** An app on the same database whose clock reads `clock.now`. */
export function clockApp(w: World, clock: { now: Date }) {
  const app = createApp({ db: w.db, now: () => clock.now, caches: w.caches });
  return (path: string, init: { key: string; origin?: string } & RequestInit) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${init.key}`);
    if (init.origin) headers.set('Origin', init.origin);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
}

export async function cleanPdf(text = 'Lebenslauf'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText(text, { x: 20, y: 100, size: 12 });
  return doc.save();
}

export async function jsPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  doc.addJavaScript('hello', 'app.alert("hi")');
  // Object streams hide the name from a byte scan: the parser must find it.
  return doc.save({ useObjectStreams: true });
}

export async function attachmentPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  await doc.attach(new TextEncoder().encode('MZ not really'), 'run.exe', { mimeType: 'application/octet-stream' });
  return doc.save();
}

/** A PDF whose trailer names an /Encrypt dictionary (as every encrypted PDF does). */
export function encryptedPdf(): Uint8Array {
  const objs = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    '4 0 obj << /Filter /Standard /V 1 /R 2 /O (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /U (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /P -4 >> endobj',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(body.length);
    body += o + '\n';
  }
  const xref = body.length;
  body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer << /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<00> <00>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

export async function uploadFile(w: World, pk: string, bytes: Uint8Array, name = 'lebenslauf.pdf', type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return w.req('/v1/uploads', { method: 'POST', key: pk, body: form });
}

export async function uploadPdf(w: World, pk: string, bytes?: Uint8Array): Promise<string> {
  const res = await uploadFile(w, pk, bytes ?? (await cleanPdf()));
  if (res.status !== 201) throw new Error(`upload ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export const application = (docs: string[], over: Record<string, unknown> = {}) => ({
  firstName: 'Erika',
  lastName: 'Beispiel',
  email: 'erika@example.org',
  phone: '+49 123 4567',
  coverLetter: 'Sehr geehrte Damen und Herren, hiermit bewerbe ich mich.',
  documents: docs.map((id, i) => ({ id, name: `Unterlage ${i + 1}.pdf` })),
  consent: true,
  ...over,
});

export async function apply(w: World, pk: string, postingId: string, body: unknown, opts: { idem?: string } = {}) {
  return w.req(`/v1/jobs/${postingId}/applications`, {
    method: 'POST',
    key: pk,
    json: body,
    headers: { 'Idempotency-Key': opts.idem ?? randomUUID(), 'X-Altcha': await solved(w, pk) },
  });
}

export async function applied(w: World, pk: string, postingId: string, over: Record<string, unknown> = {}) {
  const doc = await uploadPdf(w, pk);
  const res = await apply(w, pk, postingId, application([doc], over));
  if (res.status !== 201) throw new Error(`apply ${res.status}: ${await res.text()}`);
  return (await res.json()) as { ref: string; token: string; status: string };
}
