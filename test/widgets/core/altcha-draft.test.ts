import { expect } from '@open-wc/testing';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import * as v from 'valibot';
import * as altcha from '../../../widgets/core/altcha.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { Draft } from '../../../widgets/core/draft.ts';
import { issuesToFieldErrors } from '../../../widgets/core/validation.ts';
// The form blocks' texts load per language, with the blocks (or with a widget's texts).
import '../../../widgets/core/form-messages-de.ts';
import '../../../widgets/core/form-messages-en.ts';
import { fakeFetch, guardConsole, json } from '../helpers.ts';

guardConsole();

const SECRET = 'test-secret';

async function serverChallenge() {
  // Same call the backend makes; low cost so the test is quick.
  return createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 500, keyPrefix: '0', deriveKey, hmacSignatureSecret: SECRET });
}

async function verifyHeader(header: string) {
  const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(header), (c) => c.charCodeAt(0))));
  return verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, hmacSignatureSecret: SECRET });
}

describe('ALTCHA client', () => {
  it('fetches a challenge, solves it in a worker and returns a header the server accepts', async () => {
    const challenge = await serverChallenge();
    const f = fakeFetch(() => json(challenge));
    const client = new ApiClient({ baseUrl: 'https://api.example', apiKey: 'bn_pk_x', fetch: f });
    const header = await altcha.solveAltcha(client);
    expect(f.calls[0]!.url.pathname).to.equal('/v1/challenge');
    expect(altcha.lastSolvedIn).to.equal('worker');
    expect((await verifyHeader(header)).verified).to.be.true;
  });

  it('falls back to the main thread and still solves', async () => {
    const challenge = await serverChallenge();
    const client = new ApiClient({ baseUrl: 'https://api.example', apiKey: 'bn_pk_x', fetch: fakeFetch(() => json(challenge)) });
    const header = await altcha.solveAltcha(client, { worker: false });
    expect(altcha.lastSolvedIn).to.equal('main-thread');
    expect((await verifyHeader(header)).verified).to.be.true;
  });
});

describe('Draft', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, val: string) => void m.set(k, val),
      removeItem: (k: string) => void m.delete(k),
      raw: m,
    } as unknown as Storage & { raw: Map<string, string> };
  };

  it('stores only whitelisted, non-personal fields, per tenant and widget', () => {
    const storage = memory();
    const draft = new Draft({ tenant: 'beispielstadt', widget: 'tip-form', fields: ['text', 'category', 'location'] as const, storage });
    draft.save({ text: 'Schlagloch', category: 'road', location: { lat: 51, lng: 10 }, name: 'Erika Mustermann', email: 'e@example.org', photo: new File(['x'], 'a.jpg') });
    const stored = [...storage.raw.entries()];
    expect(stored).to.have.length(1);
    expect(stored[0]![0]).to.equal('bn-draft:beispielstadt:tip-form');
    expect(stored[0]![1]).to.not.contain('Mustermann');
    expect(stored[0]![1]).to.not.contain('e@example.org');
    expect(draft.load()).to.deep.equal({ text: 'Schlagloch', category: 'road', location: { lat: 51, lng: 10 } });
    const other = new Draft({ tenant: 'musterkreis', widget: 'tip-form', fields: ['text'] as const, storage });
    expect(other.load()).to.deep.equal({});
  });

  it('clears on success and drops expired drafts', () => {
    const storage = memory();
    let now = 1_000_000;
    const draft = new Draft({ tenant: 't', widget: 'w', fields: ['text'] as const, storage, now: () => now, maxAgeMs: 1000 });
    draft.save({ text: 'a' });
    draft.clear();
    expect(draft.load()).to.deep.equal({});
    draft.save({ text: 'b' });
    now += 2000;
    expect(draft.load()).to.deep.equal({});
    expect(storage.raw.size).to.equal(0);
  });

  it('survives a browser that blocks storage', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const draft = new Draft({ tenant: 't', widget: 'w', fields: ['text'] as const, storage: blocked });
    draft.save({ text: 'x' });
    expect(draft.load()).to.deep.equal({});
  });
});

describe('valibot issues → field errors', () => {
  const Schema = v.object({
    title: v.pipe(v.string(), v.minLength(5)),
    contact: v.object({ email: v.pipe(v.string(), v.email()) }),
    category: v.picklist(['road', 'light']),
  });

  it('maps each failing path to a message in the chosen language', () => {
    const r = v.safeParse(Schema, { title: 'abc', contact: { email: 'nope' }, category: 'x' });
    expect(r.success).to.be.false;
    expect(issuesToFieldErrors('de', r.issues!)).to.deep.equal([
      { path: 'title', message: 'Bitte geben Sie mindestens 5 Zeichen ein.' },
      { path: 'contact.email', message: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.' },
      { path: 'category', message: 'Bitte wählen Sie eine Möglichkeit aus.' },
    ]);
    expect(issuesToFieldErrors('en', r.issues!)![0]!.message).to.equal('Please enter at least 5 characters.');
    expect(issuesToFieldErrors('en', r.issues!, { title: { en: 'Please give your tip a title.' } })![0]!.message).to.equal('Please give your tip a title.');
  });
});
