// The synchronous ALTCHA check (core/altcha.ts verifyKeySigned) must decide exactly as
// altcha-lib's verifySolution does, for good answers and for every way to tamper with one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { verifyKeySigned } from '../../backend/core/altcha.ts';

const secrets = { sig: 'signature-secret-of-a-tenant', key: 'key-secret-of-a-tenant' };
const other = { sig: 'signature-secret-of-another', key: 'key-secret-of-another' };

async function solved(expiresAt = new Date(Date.now() + 60_000)) {
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 1,
    counter: 3,
    deriveKey,
    hmacSignatureSecret: secrets.sig,
    hmacKeySignatureSecret: secrets.key,
    expiresAt,
  });
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  return { challenge: JSON.parse(JSON.stringify(challenge)), solution: JSON.parse(JSON.stringify(solution)) };
}

async function library(challenge: unknown, solution: unknown, s = secrets) {
  try {
    const r = await verifySolution({ challenge: challenge as never, solution: solution as never, deriveKey, hmacSignatureSecret: s.sig, hmacKeySignatureSecret: s.key });
    return { expired: r.expired, verified: r.verified };
  } catch {
    return 'throws';
  }
}

async function same(label: string, challenge: unknown, solution: unknown, s = secrets) {
  const ours = verifyKeySigned(challenge as never, solution as never, s);
  assert.deepEqual(ours, await library(challenge, solution, s), label);
  return ours;
}

test('a good answer verifies, as in altcha-lib', async () => {
  const { challenge, solution } = await solved();
  assert.deepEqual(await same('good', challenge, solution), { expired: false, verified: true });
});

test('tampered, foreign, malformed and expired answers are refused, as in altcha-lib', async () => {
  const { challenge, solution } = await solved();
  const flip = (hex: string) => hex.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
  const cases: [string, unknown, unknown, typeof secrets?][] = [
    ['another tenant’s secrets', challenge, solution, other],
    ['wrong derived key', challenge, { ...solution, derivedKey: flip(solution.derivedKey) }],
    ['upper-case derived key', challenge, { ...solution, derivedKey: solution.derivedKey.toUpperCase() }],
    ['odd-length derived key', challenge, { ...solution, derivedKey: solution.derivedKey.slice(1) }],
    ['negative counter', challenge, { ...solution, counter: -1 }],
    ['fractional counter', challenge, { ...solution, counter: 1.5 }],
    ['counter as text', challenge, { ...solution, counter: String(solution.counter) }],
    ['tampered parameters', { ...challenge, parameters: { ...challenge.parameters, cost: 2 } }, solution],
    ['extended expiry', { ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt + 3600 } }, solution],
    ['added parameter', { ...challenge, parameters: { ...challenge.parameters, extra: 1 } }, solution],
    ['wrong signature', { ...challenge, signature: flip(challenge.signature) }, solution],
    ['no signature', { ...challenge, signature: undefined }, solution],
  ];
  for (const [label, ch, so, s] of cases) {
    const r = await same(label, ch, so, s);
    assert.equal(r?.verified, false, label);
  }
  const expired = await solved(new Date(Date.now() - 1000));
  assert.deepEqual(await same('expired', expired.challenge, expired.solution), { expired: true, verified: false });
});

test('a challenge without a key signature is left to altcha-lib', async () => {
  const { challenge, solution } = await solved();
  const parameters = { ...challenge.parameters };
  delete parameters.keySignature;
  assert.equal(verifyKeySigned({ ...challenge, parameters }, solution, secrets), null);
});
