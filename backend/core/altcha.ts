// Spam protection without tracking: ALTCHA proof of work. Each solved challenge is accepted
// once (replay store in PostgreSQL); the HMAC secret is shared by all processes through the
// database unless BN_ALTCHA_SECRET is set. Challenges are bound to the tenant whose key
// fetched them: the signing secrets are derived per tenant, so a solution fetched for one
// tenant does not verify for another. A solution counts as used only when the request it
// protects succeeds: refused requests (validation, conflicts) release it for the retry.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { one, type Sql } from './db.ts';
import { ApiError } from './errors.ts';

/** PBKDF2 iterations per attempt and the counter range: about a second on a cheap phone. */
const COST = Number(process.env.BN_ALTCHA_COST ?? 200);
const COUNTER_MAX = Number(process.env.BN_ALTCHA_MAX ?? 2500);
const TTL_SECONDS = 20 * 60;

const secrets = new WeakMap<Sql, Promise<string>>();

/** The server-wide base secret (environment, else shared through the database). */
function baseSecret(sql: Sql): Promise<string> {
  let s = secrets.get(sql);
  if (!s) {
    s = (async () => {
      const fromEnv = process.env.BN_ALTCHA_SECRET;
      let base = fromEnv;
      if (!base) {
        await sql`insert into bn_settings (name, value) values ('altcha_secret', ${randomBytes(32).toString('base64url')})
                  on conflict do nothing`;
        base = one(await sql<{ value: string }[]>`select value from bn_settings where name = 'altcha_secret'`).value;
      }
      return base;
    })();
    secrets.set(sql, s);
  }
  return s;
}

/** The signing secrets of one tenant's challenges. */
const derived = new Map<string, { sig: string; key: string }>();

/** The signing secrets of one tenant's challenges (derived once per base secret and tenant). */
async function secretsOf(sql: Sql, tenantId: string) {
  const base = await baseSecret(sql);
  const id = `${base}:${tenantId}`;
  let s = derived.get(id);
  if (!s) {
    const derive = (label: string) => createHmac('sha256', base).update(`${label}:${tenantId}`).digest('base64url');
    s = { sig: derive('signature'), key: derive('key') };
    if (derived.size > 10_000) derived.clear();
    derived.set(id, s);
  }
  return s;
}

export async function newChallenge(sql: Sql, tenantId: string) {
  const { sig, key } = await secretsOf(sql, tenantId);
  return createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: COST,
    counter: randomInt(Math.floor(COUNTER_MAX / 5), COUNTER_MAX),
    deriveKey,
    hmacSignatureSecret: sig,
    hmacKeySignatureSecret: key,
    expiresAt: new Date(Date.now() + TTL_SECONDS * 1000),
  });
}

export type Challenge = { parameters?: Record<string, unknown> & { keySignature?: unknown; expiresAt?: unknown }; signature?: unknown };
export type Solution = { counter?: unknown; derivedKey?: unknown };

/** altcha-lib's canonical form of the signed parameters: keys sorted at every level, undefined dropped. */
function sortKeys(o: unknown): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
  const rec = o as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(rec)
      .sort()
      .flatMap((k) => (rec[k] === undefined ? [] : [[k, sortKeys(rec[k])]])),
  );
}

const hmacHex = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex');

function sameText(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/**
 * altcha-lib's verifySolution for our challenges (they always carry a key signature), with
 * node:crypto's synchronous HMAC instead of two WebCrypto round trips: the same checks in the
 * same order — expiry, the signature over the canonical parameters, a well-formed solution,
 * the derived key's signature. Returns null for a challenge without a key signature (the
 * library's slower path then decides). test/backend/altcha.test.ts holds it to the library.
 */
export function verifyKeySigned(challenge: Challenge, solution: Solution, secrets: { sig: string; key: string }, now = Date.now()): { expired: boolean; verified: boolean } | null {
  const p = challenge?.parameters;
  if (!p || typeof p !== 'object' || !p.keySignature) return null;
  if (p.expiresAt && (p.expiresAt as number) < now / 1000) return { expired: true, verified: false };
  if (!challenge.signature || !sameText(hmacHex(secrets.sig, JSON.stringify(sortKeys(p))), challenge.signature)) {
    return { expired: false, verified: false };
  }
  const { derivedKey, counter } = solution ?? {};
  if (typeof derivedKey !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(derivedKey)) return { expired: false, verified: false };
  if (!Number.isInteger(counter) || (counter as number) < 0 || (counter as number) > 0xffffffff) return { expired: false, verified: false };
  return { expired: false, verified: sameText(hmacHex(secrets.key, Buffer.from(derivedKey, 'hex')), p.keySignature) };
}

const refused = (detail: string) => new ApiError('ALTCHA_FAILED', { detail });

/** The `X-Altcha` header (base64 JSON `{ challenge, solution }`) as sent, before it is checked. */
export interface AltchaAnswer {
  payload: { challenge: Challenge; solution: Solution } | null;
  /** What is wrong with its form, for the refusal; null when it has one. */
  unreadable: string | null;
  /** The key its use is recorded under (the challenge's signature); null when unreadable. */
  signature: string | null;
}

/** Reads the header without judging it: the claim (idempotency.ts) needs its signature first. */
export function readAltcha(header: string | undefined): AltchaAnswer {
  if (!header) return { payload: null, signature: null, unreadable: 'The spam protection was not solved. Please reload the page and try again.' };
  let payload: { challenge?: unknown; solution?: unknown };
  try {
    payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return { payload: null, signature: null, unreadable: 'The spam protection answer is unreadable.' };
  }
  if (!payload || typeof payload.challenge !== 'object' || !payload.challenge || typeof payload.solution !== 'object' || !payload.solution) {
    return { payload: null, signature: null, unreadable: 'The spam protection answer is incomplete.' };
  }
  const challenge = payload.challenge as Challenge;
  return {
    payload: { challenge, solution: payload.solution as Solution },
    signature: String(challenge.signature ?? JSON.stringify(challenge)),
    unreadable: null,
  };
}

/** How long a used solution is remembered: as long as its challenge could verify. */
export const ALTCHA_TTL_SECONDS = TTL_SECONDS;

/**
 * Checks an answer against the tenant of the request's key; throws ALTCHA_FAILED with the
 * reason. `claimed`: whether this request's claim of the solution succeeded (false: another
 * request used it first).
 */
export async function verifyAltcha(sql: Sql, tenantId: string, answer: AltchaAnswer, claimed: boolean): Promise<void> {
  if (!answer.payload) throw refused(answer.unreadable!);
  const { sig, key } = await secretsOf(sql, tenantId);
  let result;
  try {
    result =
      verifyKeySigned(answer.payload.challenge, answer.payload.solution, { sig, key }) ??
      (await verifySolution({
        challenge: answer.payload.challenge as never,
        solution: answer.payload.solution as never,
        deriveKey,
        hmacSignatureSecret: sig,
        hmacKeySignatureSecret: key,
      }));
  } catch {
    throw refused('The spam protection answer is invalid.');
  }
  if (result.expired) throw refused('The spam protection expired. Please try again.');
  if (!result.verified) throw refused('The spam protection answer is wrong.');
  if (!claimed) throw refused('This spam protection answer was used already. Please try again.');
}

export async function purgeAltcha(sql: Sql): Promise<number> {
  return (await sql`delete from altcha_used where expires_at < now()`).count;
}
