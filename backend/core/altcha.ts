// Spam protection without tracking: ALTCHA proof of work. Each solved challenge is accepted
// once (replay store in PostgreSQL); the HMAC secret is shared by all processes through the
// database unless BN_ALTCHA_SECRET is set. Challenges are bound to the tenant whose key
// fetched them: the signing secrets are derived per tenant, so a solution fetched for one
// tenant does not verify for another. A solution counts as used only when the request it
// protects succeeds: refused requests (validation, conflicts) release it for the retry.
import { createHmac, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { one, type Sql } from './db.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';

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
async function secretsOf(sql: Sql, tenantId: string) {
  const base = await baseSecret(sql);
  const derive = (label: string) => createHmac('sha256', base).update(`${label}:${tenantId}`).digest('base64url');
  return { sig: derive('signature'), key: derive('key') };
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

const refused = (detail: string) =>
  new ApiError('ALTCHA_FAILED', { detail });

/**
 * Verifies the `X-Altcha` header (base64 JSON `{ challenge, solution }`) against the tenant
 * of the request's key, and claims it; the claim is kept only when the request succeeds (2xx).
 */
export function requireAltcha(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('X-Altcha');
    if (!header) throw refused('The spam protection was not solved. Please reload the page and try again.');
    let payload: { challenge?: unknown; solution?: unknown };
    try {
      payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    } catch {
      throw refused('The spam protection answer is unreadable.');
    }
    if (!payload || typeof payload.challenge !== 'object' || typeof payload.solution !== 'object') {
      throw refused('The spam protection answer is incomplete.');
    }
    const { sig, key } = await secretsOf(c.var.db.sql, c.var.tenant.id);
    let result;
    try {
      result = await verifySolution({
        challenge: payload.challenge as never,
        solution: payload.solution as never,
        deriveKey,
        hmacSignatureSecret: sig,
        hmacKeySignatureSecret: key,
      });
    } catch {
      throw refused('The spam protection answer is invalid.');
    }
    if (result.expired) throw refused('The spam protection expired. Please try again.');
    if (!result.verified) throw refused('The spam protection answer is wrong.');
    const signature = String((payload.challenge as { signature?: string }).signature ?? JSON.stringify(payload.challenge));
    const sql = c.var.db.sql;
    // Claimed first, so two requests with one solution cannot both pass.
    const claimed = await sql`
      insert into altcha_used (signature, expires_at) values (${signature}, now() + make_interval(secs => ${TTL_SECONDS}))
      on conflict do nothing returning 1`;
    if (claimed.length === 0) throw refused('This spam protection answer was used already. Please try again.');
    let used = false;
    try {
      await next();
      used = c.res.status >= 200 && c.res.status < 300;
    } finally {
      // A refused request (e.g. 422 for a field) must not cost the citizen the solved puzzle.
      if (!used) await sql`delete from altcha_used where signature = ${signature}`;
    }
  };
}

export async function purgeAltcha(sql: Sql): Promise<number> {
  return (await sql`delete from altcha_used where expires_at < now()`).count;
}
