// /v1/auth: people sign in. No key; the consoles are served by this origin and carry the
// session cookie. Shapes: accounts-schema.ts. Errors: problem+json.
//
//   GET  /providers                 → { local: true, oidc: null | { name, startUrl } }
//   POST /login {email,password,totp?} → Me + cookie | 401 SIGN_IN_FAILED (wrong password,
//        unknown or disabled account: one answer, one cost) | 401 TOTP_REQUIRED | 401 TOTP_INVALID
//        | 429 TOO_MANY_ATTEMPTS (failures per account and per client address, Retry-After)
//   POST /logout                    → 204, cookie cleared
//   GET  /me                        → Me | 401 SESSION_REQUIRED
//   POST /token {token}             → { purpose, email, name, tenant, totpRequired } | 410 TOKEN_INVALID
//   POST /password {token,password,totp?} → Me + cookie (invitation accepted or password reset);
//        401 TOTP_REQUIRED / TOTP_INVALID when the account has a second factor (the link stays valid)
//   POST /reset {email}             → 202 always; a link is mailed when the account exists
//   POST /totp/setup                → { secret, uri }       (a session, also one that must enrol)
//   POST /totp/confirm {code}       → Me (second factor on; an enrolling session becomes full) | 422 TOTP_MISMATCH
//   GET  /oidc/start?return=/console|/admin → 302 to the identity provider (state, nonce and
//        PKCE verifier kept in oidc_flows for 10 min; the state also in a cookie of this browser)
//        | 404 OIDC_NOT_CONFIGURED | 302 <return>#signin-error=PROVIDER_UNAVAILABLE
//   GET  /oidc/callback             → 302 /console (town staff) or /admin (hosting office), signed in;
//        on failure 302 <return>#signin-error= NO_ACCOUNT (no enabled account for this person:
//        none is ever created) | ACCESS_DENIED (cancelled at the provider) | SIGN_IN_FAILED
//        (unknown, used, expired or foreign state; token of another issuer or audience, wrong
//        nonce, failed exchange) | PROVIDER_UNAVAILABLE. Single sign-on: oidc.ts.
// Unsafe methods with a session must come from this origin (CSRF_REJECTED); sign-in and
// reset refuse a foreign Origin too.
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { describeRoute } from 'hono-openapi';
import { endSession, openSession, meJson, requestReset, sessionPolicy, tokenInfo, userByEmail, type UserRow } from './accounts.ts';
import { LoginBody, PasswordBody, ResetBody, TokenBody, TotpConfirmBody } from './accounts-schema.ts';
import { checkCsrf, isHttps, ownOrigin, requestSession, sessionCookieName } from './auth.ts';
import { hashPassword, newTotpSecret, passwordProblem, totpStep, totpUri, verifyPassword } from './credentials.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';
import { log } from './log.ts';
import { add, overLimit } from './rate-limit.ts';
import { needsTotp } from './roles.ts';
import { validate } from './validate.ts';
import { getCookie } from 'hono/cookie';
import { accountFor, finishFlow, oidcSettings, returnPath, startFlow, takeFlow, FLOW_MINUTES } from './oidc.ts';

type C = Context<AppEnv>;
const tags = ['auth'];

const WINDOW_S = 15 * 60;
const accountLimit = () => Number(process.env.BN_SIGNIN_ACCOUNT_LIMIT ?? 10);
const addressLimit = () => Number(process.env.BN_SIGNIN_ADDRESS_LIMIT ?? 50);

export const publicUrl = (c: C): string => process.env.BN_PUBLIC_URL ?? ownOrigin(c);

/** Sign-in forms post from the console on this origin; a foreign page may not sign anyone in. */
function sameOriginOnly(c: C) {
  const origin = c.req.header('Origin');
  if (origin && origin !== ownOrigin(c)) {
    throw new ApiError('CSRF_REJECTED', { detail: 'Sign in on the console of this server.' });
  }
}

const buckets = (c: C, email: string) => [
  { bucket: `signin:account:${email}`, limit: accountLimit() },
  { bucket: `signin:address:${c.get('clientIp')}`, limit: addressLimit() },
];

/** Failed sign-ins slow down per account and per address; unknown addresses count the same. */
async function throttle(c: C, email: string) {
  const retry = await overLimit(c.get('db').sql, buckets(c, email));
  if (retry !== null) {
    throw new ApiError('TOO_MANY_ATTEMPTS', {
      detail: `Too many failed sign-ins. Please wait ${Math.ceil(retry / 60)} minutes and try again.`,
      headers: { 'Retry-After': String(retry) },
    });
  }
}

async function failed(c: C, email: string, code: 'SIGN_IN_FAILED' | 'TOTP_INVALID'): Promise<never> {
  for (const b of buckets(c, email)) await add(c.get('db').sql, b.bucket, 1, WINDOW_S);
  throw new ApiError(code, {
    detail: code === 'SIGN_IN_FAILED' ? 'E-mail address or password is wrong.' : 'The code is wrong or was used already.',
  });
}

/** A TOTP code, accepted once: its time step must be after the last one used. */
async function acceptTotp(c: C, user: UserRow, secret: string, code: string): Promise<boolean> {
  const step = totpStep(secret, code, c.get('now')().getTime());
  if (step === null) return false;
  const r = await c.get('db').sql`update users set totp_last_step = ${step}
    where id = ${user.id} and (totp_last_step is null or totp_last_step < ${step})`;
  return r.count === 1;
}

async function signIn(c: C, user: UserRow, via: 'password' | 'oidc') {
  const policy = sessionPolicy();
  const id = await openSession(c.get('db').sql, user, via, c.get('now')(), policy);
  setCookie(c, sessionCookieName(), id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(),
    path: '/',
    maxAge: Math.floor(policy.maxMs / 1000),
  });
  c.header('Cache-Control', 'no-store');
  const [fresh] = await c.get('db').sql<UserRow[]>`select * from users where id = ${user.id}`;
  return meJson(c.get('db').sql, { user: fresh!, via, stage: needsTotp(user.roles) && !user.totp_secret && via === 'password' ? 'enroll' : 'full' });
}

export { signIn as startSession };

// ── Single sign-on ─────────────────────────────────────────────────────────────────────────

/** Holds the state between start and callback in this browser: a link with someone else's state fails. */
const flowCookie = () => (isHttps() ? '__Secure-bn_oidc' : 'bn_oidc');
const FLOW_COOKIE_PATH = '/v1/auth/oidc';
const redirectUri = (c: C) => `${publicUrl(c).replace(/\/$/, '')}/v1/auth/oidc/callback`;

type SsoError = 'NO_ACCOUNT' | 'ACCESS_DENIED' | 'SIGN_IN_FAILED' | 'PROVIDER_UNAVAILABLE';

/** Back to the console with the reason in the fragment (the console reads and removes it). */
function ssoFailed(c: C, back: string, code: SsoError, reason: string, err?: unknown) {
  type E = { code?: unknown; error?: unknown; name?: unknown; message?: unknown; claim?: unknown; cause?: E };
  const e = err as E | undefined;
  const text = (m: unknown) => (typeof m === 'string' ? m.slice(0, 200) : undefined);
  // Never the tokens or the code: only what went wrong (for a rejected ID token: which claim;
  // openid-client wraps oauth4webapi's error, which names it).
  const cause = e ? { name: e.name, code: e.code, error: e.error, message: text(e.message), detail: text(e.cause?.message), claim: e.cause?.claim ?? e.cause?.cause?.claim } : undefined;
  const line = { requestId: c.get('requestId'), result: code, reason, cause };
  if (code === 'NO_ACCOUNT' || code === 'ACCESS_DENIED') log.info(line, 'single sign-on refused');
  else log.warn(line, 'single sign-on failed');
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(`${back}#signin-error=${code}`, 302);
}

const oidcRoutes = new Hono<AppEnv>()
  .get('/start', describeRoute({ tags, summary: 'Single sign-on: off to the identity provider' }), async (c) => {
    const settings = oidcSettings();
    if (!settings) throw new ApiError('OIDC_NOT_CONFIGURED', { detail: 'Single sign-on is not set up on this server.' });
    const back = returnPath(c.req.query('return'));
    let started: { url: string; state: string };
    try {
      started = await startFlow(c.get('db').sql, settings, redirectUri(c), back, c.get('now')());
    } catch (err) {
      return ssoFailed(c, back, 'PROVIDER_UNAVAILABLE', 'discovery failed', err);
    }
    setCookie(c, flowCookie(), started.state, {
      httpOnly: true,
      // Lax: the provider sends the browser back by a top-level GET from its own site.
      sameSite: 'Lax',
      secure: isHttps(),
      path: FLOW_COOKIE_PATH,
      maxAge: FLOW_MINUTES * 60,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(started.url, 302);
  })
  .get('/callback', describeRoute({ tags, summary: 'Single sign-on: back from the identity provider' }), async (c) => {
    const settings = oidcSettings();
    if (!settings) throw new ApiError('OIDC_NOT_CONFIGURED', { detail: 'Single sign-on is not set up on this server.' });
    const state = c.req.query('state') ?? '';
    const bound = getCookie(c, flowCookie());
    deleteCookie(c, flowCookie(), { path: FLOW_COOKIE_PATH, secure: isHttps() });
    // The state is used up here, whatever happens next.
    const flow = state && state.length <= 200 ? await takeFlow(c.get('db').sql, state, c.get('now')()) : null;
    if (!flow) return ssoFailed(c, '/console', 'SIGN_IN_FAILED', 'unknown, used or expired state');
    if (bound !== state) return ssoFailed(c, flow.returnTo, 'SIGN_IN_FAILED', 'state not started in this browser');
    const error = c.req.query('error');
    if (error === 'access_denied') return ssoFailed(c, flow.returnTo, 'ACCESS_DENIED', 'cancelled at the provider');
    if (error) return ssoFailed(c, flow.returnTo, 'SIGN_IN_FAILED', `provider error ${error.slice(0, 50)}`);
    let identity;
    try {
      identity = await finishFlow(settings, redirectUri(c), new URL(c.req.url).search, state, flow);
    } catch (err) {
      return ssoFailed(c, flow.returnTo, 'SIGN_IN_FAILED', 'authorization response or token rejected', err);
    }
    const user = await accountFor(c.get('db').sql, identity);
    if (!user?.enabled) return ssoFailed(c, flow.returnTo, 'NO_ACCOUNT', user ? 'account disabled' : 'no account for this identity');
    // No TOTP here: the identity provider is responsible for the second factor of its people.
    await signIn(c, user, 'oidc');
    log.info({ requestId: c.get('requestId'), user: user.id, via: 'oidc' }, 'signed in');
    c.header('Referrer-Policy', 'no-referrer');
    // Town staff work in /console, the hosting office in /admin, whatever the start asked for.
    return c.redirect(user.tenant_id ? '/console' : '/admin', 302);
  });

async function currentSession(c: C) {
  const s = await requestSession(c);
  if (!s) throw new ApiError('SESSION_REQUIRED', { detail: 'Sign in first; your session has ended or does not exist.' });
  return s;
}

export const authRoutes = new Hono<AppEnv>()
  .get('/providers', describeRoute({ tags, summary: 'How people can sign in here' }), (c) => {
    const oidc = oidcSettings();
    return c.json({ local: true, oidc: oidc ? { name: oidc.name, startUrl: '/v1/auth/oidc/start' } : null });
  })
  .post('/login', describeRoute({ tags, summary: 'Sign in with e-mail, password and (where set up) a TOTP code' }), validate('json', LoginBody), async (c) => {
    sameOriginOnly(c);
    const { email, password, totp } = c.req.valid('json');
    await throttle(c, email);
    const user = await userByEmail(c.get('db').sql, email);
    const ok = await verifyPassword(user?.enabled ? user.password_hash : null, password);
    if (!ok || !user) return failed(c, email, 'SIGN_IN_FAILED');
    if (user.totp_secret) {
      if (!totp) {
        throw new ApiError('TOTP_REQUIRED', { detail: 'Enter the 6-digit code from your authenticator app.' });
      }
      if (!(await acceptTotp(c, user, user.totp_secret, totp))) return failed(c, email, 'TOTP_INVALID');
    }
    log.info({ requestId: c.get('requestId'), user: user.id }, 'signed in');
    return c.json(await signIn(c, user, 'password'));
  })
  .post('/logout', describeRoute({ tags, summary: 'Sign out: the session ends on every replica at once' }), async (c) => {
    const id = getCookie(c, sessionCookieName());
    if (id) {
      checkCsrf(c);
      await endSession(c.get('db').sql, id);
    }
    deleteCookie(c, sessionCookieName(), { path: '/', secure: isHttps() });
    return c.body(null, 204);
  })
  .get('/me', describeRoute({ tags, summary: 'The signed-in person' }), async (c) => {
    const s = await currentSession(c);
    c.header('Cache-Control', 'no-store');
    return c.json(await meJson(c.get('db').sql, s));
  })
  .post('/token', describeRoute({ tags, summary: 'What an invitation or reset link is for' }), validate('json', TokenBody), async (c) => {
    sameOriginOnly(c);
    const info = await tokenInfo(c.get('db').sql, c.req.valid('json').token);
    c.header('Cache-Control', 'no-store');
    return c.json({ purpose: info.purpose, email: info.user.email, name: info.user.name, tenant: info.tenant, totpRequired: needsTotp(info.user.roles), totpEnabled: !!info.user.totp_secret });
  })
  .post('/password', describeRoute({ tags, summary: 'Set a password with an invitation or reset link; signs in' }), validate('json', PasswordBody), async (c) => {
    sameOriginOnly(c);
    const { token, password, totp } = c.req.valid('json');
    const peek = await tokenInfo(c.get('db').sql, token);
    const problem = passwordProblem(password, peek.user.email);
    if (problem) throw new ApiError('VALIDATION_FAILED', { detail: problem, errors: [{ path: 'password', message: problem }] });
    // A reset link proves the mailbox only; an account with a second factor needs its code too
    // (lost phone: an administrator resets the second factor). The link stays valid until then.
    if (peek.user.totp_secret) {
      await throttle(c, peek.user.email);
      if (!totp) throw new ApiError('TOTP_REQUIRED', { detail: 'Enter the 6-digit code from your authenticator app.' });
      if (!(await acceptTotp(c, peek.user, peek.user.totp_secret, totp))) return failed(c, peek.user.email, 'TOTP_INVALID');
    }
    const hash = await hashPassword(password);
    const user = await c.get('db').sql.begin(async (tx) => {
      const info = await tokenInfo(tx, token, { consume: true });
      await tx`update users set password_hash = ${hash}, updated_at = now() where id = ${info.userId}`;
      // A new password ends every other session (someone else may have known the old one).
      await tx`delete from sessions where user_id = ${info.userId}`;
      return info.user;
    });
    return c.json(await signIn(c, user as UserRow, 'password'));
  })
  .post('/reset', describeRoute({ tags, summary: 'Mail a reset link (always 202: no hint whether the address exists)' }), validate('json', ResetBody), async (c) => {
    sameOriginOnly(c);
    const { email } = c.req.valid('json');
    await throttle(c, email);
    for (const b of buckets(c, email)) await add(c.get('db').sql, b.bucket, 1, WINDOW_S);
    await requestReset(c.get('db').sql, email, publicUrl(c));
    return c.json({ status: 'accepted' }, 202);
  })
  .post('/totp/setup', describeRoute({ tags, summary: 'Start setting up the authenticator app' }), async (c) => {
    const s = await currentSession(c);
    checkCsrf(c);
    const secret = newTotpSecret();
    await c.get('db').sql`update users set totp_pending = ${secret} where id = ${s.user.id}`;
    c.header('Cache-Control', 'no-store');
    return c.json({ secret, uri: totpUri(secret, s.user.email, 'Bürgernah') });
  })
  .post('/totp/confirm', describeRoute({ tags, summary: 'Confirm the authenticator app with a code' }), validate('json', TotpConfirmBody), async (c) => {
    const s = await currentSession(c);
    checkCsrf(c);
    const [u] = await c.get('db').sql<UserRow[]>`select * from users where id = ${s.user.id}`;
    const step = u?.totp_pending ? totpStep(u.totp_pending, c.req.valid('json').code, c.get('now')().getTime()) : null;
    if (!u?.totp_pending || step === null) {
      throw new ApiError('TOTP_MISMATCH', {
        detail: 'The code does not match. Check the time on your phone and enter the current code.',
        errors: [{ path: 'code', message: 'The code does not match.' }],
      });
    }
    await c.get('db').sql.begin(async (tx) => {
      await tx`update users set totp_secret = totp_pending, totp_pending = null, totp_last_step = ${step}, updated_at = now() where id = ${u.id}`;
      await tx`update sessions set stage = 'full' where id_hash = ${s.idHash}`;
      // Other sessions of this person were opened without the second factor: they end.
      await tx`delete from sessions where user_id = ${u.id} and id_hash <> ${s.idHash}`;
    });
    const [fresh] = await c.get('db').sql<UserRow[]>`select * from users where id = ${u.id}`;
    return c.json(await meJson(c.get('db').sql, { user: fresh!, via: s.via, stage: 'full' }));
  })
  .route('/oidc', oidcRoutes);
