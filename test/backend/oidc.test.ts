// Single sign-on by OpenID Connect against a real provider (oidc-provider, in this process),
// through the real HTTP server, so redirects and the redirect URI are real. The provider
// proves who someone is; only an existing, enabled account of ours signs in.
import { startIdp, walk, CookieJar, idTokenFrom, type Idp } from './oidc-idp.ts';
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { world, problem, type World } from './helpers.ts';
import { forgetOidc } from '../../backend/core/oidc.ts';
import { log } from '../../backend/core/log.ts';
import type { UserRow } from '../../backend/core/accounts.ts';

let w: World;
let app: string;
let server: ReturnType<typeof serve>;
let idp: Idp;
let idp2: Idp;
let ours: { client_id: string; client_secret: string; redirect_uris: string[] };
let other: { client_id: string; client_secret: string; redirect_uris: string[] };
let pub: { client_id: string; redirect_uris: string[] };

const ENV = ['BN_OIDC_ISSUER', 'BN_OIDC_CLIENT_ID', 'BN_OIDC_CLIENT_SECRET', 'BN_OIDC_NAME', 'BN_OIDC_SCOPES', 'BN_OIDC_TRUST_EMAIL'];

before(async () => {
  w = await world();
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ours = { client_id: 'buergernah', client_secret: 'geheim-buergernah-0123456789', redirect_uris: [`${app}/v1/auth/oidc/callback`] };
  other = { client_id: 'another-app', client_secret: 'geheim-another-0123456789', redirect_uris: ['http://127.0.0.1:9/another/callback'] };
  // Two providers that both know our client: the second stands for any other issuer.
  pub = { client_id: 'buergernah-public', redirect_uris: ours.redirect_uris };
  idp = await startIdp([ours, other, pub]);
  idp2 = await startIdp([ours]);
  Object.assign(process.env, {
    BN_OIDC_ISSUER: idp.issuer,
    BN_OIDC_CLIENT_ID: ours.client_id,
    BN_OIDC_CLIENT_SECRET: ours.client_secret,
    BN_OIDC_NAME: 'Landkreis-Anmeldung',
  });
});

after(async () => {
  for (const k of ENV) delete process.env[k];
  forgetOidc();
  (server as import('node:http').Server | undefined)?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await Promise.all([idp?.close(), idp2?.close(), w?.close()]);
});

/** An account of ours, made directly (no password: single sign-on only). */
async function account(opts: { email: string; roles?: string[]; tenantId?: string | null; enabled?: boolean; name?: string }) {
  const tenantId = opts.tenantId === undefined ? w.a.id : opts.tenantId;
  const [u] = await w.db.sql<UserRow[]>`
    insert into users (tenant_id, email, name, roles, enabled)
    values (${tenantId}, ${opts.email}, ${opts.name ?? opts.email.split('@')[0]!}, ${opts.roles ?? (tenantId ? ['tips'] : ['host-admin'])}, ${opts.enabled ?? true})
    returning *`;
  return u!;
}

const landing = () => [`${app}/console`, `${app}/admin`];

/** A whole sign-in in a fresh browser: start, the provider's login, callback; returns where it lands. */
async function signInAt(login: string, opts: { ret?: string; cancel?: boolean; jar?: CookieJar } = {}) {
  const jar = opts.jar ?? new CookieJar();
  const start = `${app}/v1/auth/oidc/start${opts.ret === undefined ? '?return=/console' : `?return=${encodeURIComponent(opts.ret)}`}`;
  const landed = await walk(jar, start, { login, cancel: opts.cancel, stopAt: landing() });
  return { jar, landed: landed.slice(app.length), cookie: jar.get(app, 'bn_session') };
}

/** Up to the redirect back to our callback, not requesting it. */
async function toCallback(login: string, jar = new CookieJar()) {
  const url = await walk(jar, `${app}/v1/auth/oidc/start?return=/console`, { login, stopAt: `${app}/v1/auth/oidc/callback` });
  return { jar, url };
}

async function callback(url: string, jar: CookieJar) {
  const res = await fetch(url, { redirect: 'manual', headers: { Cookie: jar.header(url) } });
  jar.store(url, res);
  assert.equal(res.status, 302);
  return res.headers.get('Location')!;
}

const me = async (cookie: string) => {
  const res = await fetch(`${app}/v1/auth/me`, { headers: { Cookie: `bn_session=${cookie}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
};

const userCount = async () => (await w.db.sql<{ n: number }[]>`select count(*)::int as n from users`)[0]!.n;

test('the providers list names the single sign-on; the start sends the browser to the provider with PKCE S256, state and nonce', async () => {
  const providers = await (await fetch(`${app}/v1/auth/providers`)).json();
  assert.deepEqual(providers, { local: true, oidc: { name: 'Landkreis-Anmeldung', startUrl: '/v1/auth/oidc/start' } });
  const res = await fetch(`${app}/v1/auth/oidc/start?return=/console`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const to = new URL(res.headers.get('Location')!);
  assert.equal(to.origin, idp.issuer);
  const p = to.searchParams;
  assert.equal(p.get('client_id'), 'buergernah');
  assert.equal(p.get('redirect_uri'), `${app}/v1/auth/oidc/callback`);
  assert.equal(p.get('response_type'), 'code');
  assert.equal(p.get('scope'), 'openid email profile');
  assert.equal(p.get('code_challenge_method'), 'S256');
  assert.match(p.get('code_challenge') ?? '', /^[\w-]{43}$/);
  assert.match(p.get('state') ?? '', /^[\w-]{43}$/);
  assert.match(p.get('nonce') ?? '', /^[\w-]{43}$/);
  const [flow] = await w.db.sql`select return_to, expires_at from oidc_flows where state = ${p.get('state')}`;
  assert.equal(flow!.return_to, '/console');
  const minutes = (new Date(flow!.expires_at).getTime() - Date.now()) / 60_000;
  assert.ok(minutes > 9 && minutes <= 10, `expires in 10 minutes (${minutes})`);
  const set = res.headers.getSetCookie().join('\n');
  assert.match(set, /bn_oidc=[\w-]{43}; Max-Age=600; Path=\/v1\/auth\/oidc; HttpOnly; SameSite=Lax/);
});

test('first sign-in by verified e-mail links the account; later sign-ins go by subject, also after the e-mail changed at the provider', async () => {
  // A tenant-admin without TOTP: the provider is responsible for the second factor.
  const user = await account({ email: 'lena.lindner@beispielstadt.example', roles: ['tenant-admin'], name: 'Lena Lindner' });
  idp.accounts.set('lena-1', { email: 'Lena.Lindner@beispielstadt.example', email_verified: true, name: 'Lena L.' });
  const before = await userCount();
  const first = await signInAt('lena-1');
  assert.equal(first.landed, '/console');
  assert.ok(first.cookie, 'a session cookie is set');
  const m = await me(first.cookie!);
  assert.equal(m.user.id, user.id);
  assert.equal(m.user.name, 'Lena Lindner', 'our account, not the provider, names the person');
  assert.equal(m.via, 'oidc');
  assert.equal(m.mustEnrollTotp, false);
  assert.equal((await fetch(`${app}/v1/staff/me`, { headers: { Cookie: `bn_session=${first.cookie}` } })).status, 200);
  const [linked] = await w.db.sql<UserRow[]>`select * from users where id = ${user.id}`;
  assert.equal(linked!.oidc_issuer, idp.issuer);
  assert.equal(linked!.oidc_subject, 'lena-1');
  assert.ok(linked!.last_login_at);
  const [audit] = await w.db.sql`select actor, action, subject, details from audit_log where tenant_id = ${w.a.id} and action = 'user.sign-in' and actor = ${`user:${user.id}`}`;
  assert.deepEqual({ ...audit }, { actor: `user:${user.id}`, action: 'user.sign-in', subject: 'lena.lindner@beispielstadt.example', details: { via: 'oidc' } });

  idp.accounts.set('lena-1', { email: 'lena.mueller@beispielstadt.example', email_verified: true });
  const again = await signInAt('lena-1');
  assert.equal(again.landed, '/console');
  assert.equal((await me(again.cookie!)).user.id, user.id);
  assert.equal(await userCount(), before, 'no account was created');
});

test('no account for the person: NO_ACCOUNT, nobody is created, no session', async () => {
  idp.accounts.set('fremd-1', { email: 'fremd@irgendwo.example', email_verified: true, name: 'Fremd' });
  const before = await userCount();
  const r = await signInAt('fremd-1');
  assert.equal(r.landed, '/console#signin-error=NO_ACCOUNT');
  assert.equal(r.cookie, undefined);
  assert.equal(await userCount(), before);
  assert.equal((await w.db.sql`select 1 from users where email = 'fremd@irgendwo.example'`).length, 0);
});

test('an e-mail address the provider does not vouch for finds no account, unless BN_OIDC_TRUST_EMAIL=1 and the claim is absent', async () => {
  await account({ email: 'otto@beispielstadt.example' });
  idp.accounts.set('otto-1', { email: 'otto@beispielstadt.example', email_verified: false });
  assert.equal((await signInAt('otto-1')).landed, '/console#signin-error=NO_ACCOUNT');
  idp.accounts.set('otto-1', { email: 'otto@beispielstadt.example' });
  assert.equal((await signInAt('otto-1')).landed, '/console#signin-error=NO_ACCOUNT');
  process.env.BN_OIDC_TRUST_EMAIL = '1';
  try {
    assert.equal((await signInAt('otto-1')).landed, '/console');
    // Trust covers an absent claim only, never `false`.
    idp.accounts.set('otto-2', { email: 'otto@beispielstadt.example', email_verified: false });
    assert.equal((await signInAt('otto-2')).landed, '/console#signin-error=NO_ACCOUNT');
  } finally {
    delete process.env.BN_OIDC_TRUST_EMAIL;
  }
});

test('an account linked to one person at the provider is not taken over by another with the same e-mail', async () => {
  await account({ email: 'petra@beispielstadt.example' });
  idp.accounts.set('petra-1', { email: 'petra@beispielstadt.example', email_verified: true });
  assert.equal((await signInAt('petra-1')).landed, '/console');
  idp.accounts.set('petra-2', { email: 'petra@beispielstadt.example', email_verified: true });
  assert.equal((await signInAt('petra-2')).landed, '/console#signin-error=NO_ACCOUNT');
});

test('a disabled account: NO_ACCOUNT, by e-mail and when linked', async () => {
  const u = await account({ email: 'dieter@beispielstadt.example', enabled: false });
  idp.accounts.set('dieter-1', { email: 'dieter@beispielstadt.example', email_verified: true });
  const r = await signInAt('dieter-1');
  assert.equal(r.landed, '/console#signin-error=NO_ACCOUNT');
  assert.equal(r.cookie, undefined);
  await w.db.sql`update users set enabled = true where id = ${u.id}`;
  assert.equal((await signInAt('dieter-1')).landed, '/console');
  await w.db.sql`update users set enabled = false where id = ${u.id}`;
  assert.equal((await signInAt('dieter-1')).landed, '/console#signin-error=NO_ACCOUNT');
});

test('cancelled at the provider: ACCESS_DENIED', async () => {
  idp.accounts.set('cancel-1', { email: 'cancel@beispielstadt.example', email_verified: true });
  assert.equal((await signInAt('cancel-1', { cancel: true })).landed, '/console#signin-error=ACCESS_DENIED');
});

test('the return path is /console or /admin only; town staff land in /console and the hosting office in /admin whatever it said', async () => {
  idp.accounts.set('ret-1', { email: 'ret@beispielstadt.example', email_verified: true });
  for (const ret of ['https://evil.example/', '//evil.example', '/console/../admin', '/v1/staff/me', 'javascript:alert(1)', '']) {
    assert.equal((await signInAt('ret-1', { ret, cancel: true })).landed, '/console#signin-error=ACCESS_DENIED', ret);
  }
  assert.equal((await signInAt('ret-1', { ret: '/admin', cancel: true })).landed, '/admin#signin-error=ACCESS_DENIED');

  await account({ email: 'tom@beispielstadt.example' });
  idp.accounts.set('tom-1', { email: 'tom@beispielstadt.example', email_verified: true });
  assert.equal((await signInAt('tom-1', { ret: '/admin' })).landed, '/console');

  const host = await account({ email: 'hanna@hosting.example', tenantId: null });
  idp.accounts.set('hanna-1', { email: 'hanna@hosting.example', email_verified: true });
  const h = await signInAt('hanna-1', { ret: '/console' });
  assert.equal(h.landed, '/admin');
  const hm = await me(h.cookie!);
  assert.equal(hm.host, true);
  assert.equal(hm.user.id, host.id);
  assert.equal((await fetch(`${app}/v1/admin/tenants`, { headers: { Cookie: `bn_session=${h.cookie}` } })).status, 200);
  // The hosting office has no audit trail of its own; nothing is written for it.
  assert.equal((await w.db.sql`select 1 from audit_log where actor = ${`user:${host.id}`}`).length, 0);
});

test('a forged or unknown state: SIGN_IN_FAILED and a log line without the code', async () => {
  const warn = mock.method(log, 'warn', () => {});
  try {
    const jar = new CookieJar();
    jar.set(app, 'bn_oidc', 'forged-state-0123456789');
    const to = await callback(`${app}/v1/auth/oidc/callback?code=secret-code-xyz&state=forged-state-0123456789`, jar);
    assert.equal(to, '/console#signin-error=SIGN_IN_FAILED');
    assert.equal(jar.get(app, 'bn_session'), undefined);
    assert.equal(warn.mock.callCount(), 1);
    const line = JSON.stringify(warn.mock.calls[0]!.arguments);
    assert.match(line, /state/);
    assert.doesNotMatch(line, /secret-code-xyz/);
    assert.equal(await callback(`${app}/v1/auth/oidc/callback?code=x`, jar), '/console#signin-error=SIGN_IN_FAILED');
  } finally {
    warn.mock.restore();
  }
});

test('a state is used once: the same callback a second time fails', async () => {
  await account({ email: 'rita@beispielstadt.example' });
  idp.accounts.set('rita-1', { email: 'rita@beispielstadt.example', email_verified: true });
  const { jar, url } = await toCallback('rita-1');
  const state = jar.get(app, 'bn_oidc')!;
  assert.equal(await callback(url, jar), '/console');
  // Even with the browser's state cookie put back, the state is spent.
  jar.set(app, 'bn_oidc', state);
  const session = jar.get(app, 'bn_session');
  assert.equal(await callback(url, jar), '/console#signin-error=SIGN_IN_FAILED');
  assert.equal(jar.get(app, 'bn_session'), session, 'no new session');
  assert.equal((await w.db.sql`select 1 from oidc_flows where state = ${state}`).length, 0);
});

test('a state from another browser (a callback link someone sends) or past its ten minutes fails', async () => {
  await account({ email: 'sven@beispielstadt.example' });
  idp.accounts.set('sven-1', { email: 'sven@beispielstadt.example', email_verified: true });
  const theirs = await toCallback('sven-1');
  const victim = new CookieJar();
  assert.equal(await callback(theirs.url, victim), '/console#signin-error=SIGN_IN_FAILED');
  assert.equal(victim.get(app, 'bn_session'), undefined);

  const late = await toCallback('sven-1');
  await w.db.sql`update oidc_flows set expires_at = now() - interval '1 second' where state = ${late.jar.get(app, 'bn_oidc')!}`;
  assert.equal(await callback(late.url, late.jar), '/console#signin-error=SIGN_IN_FAILED');
  assert.equal(late.jar.get(app, 'bn_session'), undefined);
});

/** Starts a sign-in and returns its nonce: an attacker's token would have to carry it. */
async function startedNonce(jar: CookieJar) {
  const res = await fetch(`${app}/v1/auth/oidc/start?return=/console`, { redirect: 'manual' });
  jar.store(app, res);
  const to = res.headers.get('Location')!;
  return { to, nonce: new URL(to).searchParams.get('nonce')! };
}

/** A sign-in in which the provider's token endpoint answers with `token` instead of its own. */
async function withSwappedToken(login: string, token: (nonce: string) => Promise<string>) {
  const jar = new CookieJar();
  const { to, nonce } = await startedNonce(jar);
  const swapped = await token(nonce);
  idp.swapIdToken = swapped;
  const warn = mock.method(log, 'warn', () => {});
  try {
    const landed = await walk(jar, to, { login, stopAt: landing() });
    assert.equal(warn.mock.callCount(), 1);
    const line = warn.mock.calls[0]!.arguments[0] as { cause?: { claim?: string } };
    assert.doesNotMatch(JSON.stringify(line), new RegExp(swapped.split('.')[2]!.slice(0, 20)), 'no token in the log');
    return { landed: landed.slice(app.length), cookie: jar.get(app, 'bn_session'), claim: line.cause?.claim };
  } finally {
    idp.swapIdToken = null;
    warn.mock.restore();
  }
}

test('the swap itself leaves a genuine token working (control for the next tests)', async () => {
  await account({ email: 'uwe@beispielstadt.example' });
  idp.accounts.set('uwe-1', { email: 'uwe@beispielstadt.example', email_verified: true });
  const jar = new CookieJar();
  const { to } = await startedNonce(jar);
  assert.equal((await walk(jar, to, { login: 'uwe-1', stopAt: landing() })).slice(app.length), '/console');
});

test('an ID token of another issuer, for another audience, or with another nonce: SIGN_IN_FAILED', async () => {
  idp2.accounts.set('uwe-1', { email: 'uwe@beispielstadt.example', email_verified: true });
  const foreign = await withSwappedToken('uwe-1', (nonce) => idTokenFrom(idp2, ours, 'uwe-1', nonce));
  assert.deepEqual(foreign, { landed: '/console#signin-error=SIGN_IN_FAILED', cookie: undefined, claim: 'iss' });

  const audience = await withSwappedToken('uwe-1', (nonce) => idTokenFrom(idp, other, 'uwe-1', nonce));
  assert.deepEqual(audience, { landed: '/console#signin-error=SIGN_IN_FAILED', cookie: undefined, claim: 'aud' });

  const replayed = await withSwappedToken('uwe-1', () => idTokenFrom(idp, ours, 'uwe-1', 'a-nonce-of-another-sign-in'));
  assert.deepEqual(replayed, { landed: '/console#signin-error=SIGN_IN_FAILED', cookie: undefined, claim: 'nonce' });
});

test('a provider that is down: PROVIDER_UNAVAILABLE, and the next sign-in discovers it again', async () => {
  forgetOidc();
  idp.down = true;
  const warn = mock.method(log, 'warn', () => {});
  try {
    const res = await fetch(`${app}/v1/auth/oidc/start?return=/admin`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('Location'), '/admin#signin-error=PROVIDER_UNAVAILABLE');
    assert.equal(warn.mock.callCount(), 1);
  } finally {
    idp.down = false;
    warn.mock.restore();
  }
  const res = await fetch(`${app}/v1/auth/oidc/start?return=/console`, { redirect: 'manual' });
  assert.ok(res.headers.get('Location')!.startsWith(`${idp.issuer}/`));
});

test('a public client (no BN_OIDC_CLIENT_SECRET) signs in with PKCE alone', async () => {
  await account({ email: 'paula@beispielstadt.example' });
  idp.accounts.set('paula-1', { email: 'paula@beispielstadt.example', email_verified: true });
  const secret = process.env.BN_OIDC_CLIENT_SECRET;
  process.env.BN_OIDC_CLIENT_ID = pub.client_id;
  delete process.env.BN_OIDC_CLIENT_SECRET;
  try {
    assert.equal((await signInAt('paula-1')).landed, '/console');
  } finally {
    process.env.BN_OIDC_CLIENT_ID = ours.client_id;
    process.env.BN_OIDC_CLIENT_SECRET = secret;
  }
});

test('plain http is allowed for a provider on this machine only', async () => {
  const issuer = process.env.BN_OIDC_ISSUER;
  process.env.BN_OIDC_ISSUER = 'http://sso.landkreis.example/realms/kommunal';
  const warn = mock.method(log, 'warn', () => {});
  try {
    const res = await fetch(`${app}/v1/auth/oidc/start?return=/console`, { redirect: 'manual' });
    assert.equal(res.headers.get('Location'), '/console#signin-error=PROVIDER_UNAVAILABLE');
    const line = warn.mock.calls[0]!.arguments[0] as { cause: { code: string } };
    assert.equal(line.cause.code, 'OAUTH_HTTP_REQUEST_FORBIDDEN', 'refused before any request is made');
  } finally {
    process.env.BN_OIDC_ISSUER = issuer;
    warn.mock.restore();
  }
});

test('without BN_OIDC_ISSUER single sign-on is off', async () => {
  const issuer = process.env.BN_OIDC_ISSUER;
  delete process.env.BN_OIDC_ISSUER;
  try {
    assert.equal((await (await fetch(`${app}/v1/auth/providers`)).json()).oidc, null);
    await problem(await fetch(`${app}/v1/auth/oidc/start`, { redirect: 'manual' }), 404, 'OIDC_NOT_CONFIGURED');
    await problem(await fetch(`${app}/v1/auth/oidc/callback?state=x&code=y`, { redirect: 'manual' }), 404, 'OIDC_NOT_CONFIGURED');
  } finally {
    process.env.BN_OIDC_ISSUER = issuer;
  }
});
