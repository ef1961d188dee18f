// Staff accounts: invitation, password, second factor, sessions, reset, lockout, and the
// attacks that must fail safely. Each test builds the people it needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, problem, signedIn, asPerson, API_ORIGIN, type World } from './helpers.ts';
import { createApp } from '../../backend/app.ts';
import { totpCode, verifyPassword } from '../../backend/core/credentials.ts';
import { requestReset } from '../../backend/core/accounts.ts';
import { submit } from './tips-fixtures.ts';
import { passwordProblem } from '../../backend/core/credentials.ts';
import { AVAILABLE_MODULES } from '../../backend/core/roles.ts';

let w: World;
let adminA: { cookie: string; userId: string };
before(async () => {
  w = await world();
  adminA = await signedIn(w, { tenantId: w.a.id, roles: ['tenant-admin'], name: 'Anna Admin' });
});
after(() => w.close());

const PASSWORD = 'Kastanienallee 17 am Markt';

function cookieOf(res: Response): string {
  const set = res.headers.get('Set-Cookie') ?? '';
  const m = /(?:^|,\s*)(bn_session|__Host-bn_session)=([^;]*)/.exec(set);
  assert.ok(m?.[2], `a session cookie is set: ${set}`);
  return `${m[1]}=${m[2]}`;
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#(invite|reset)=/, '');

/** Invites a person through the tenant-admin's session and returns the link's token. */
async function invite(email: string, roles: string[], cookie = adminA.cookie) {
  const res = await asPerson(w, cookie, '/v1/staff/users', { method: 'POST', json: { email, name: email.split('@')[0], roles } });
  assert.equal(res.status, 201, await res.clone().text());
  const body = await res.json();
  assert.match(body.invitationUrl, /^http:\/\/localhost\/console#invite=[\w-]{40,}$/);
  return { id: body.id as string, token: tokenOf(body.invitationUrl) };
}

async function acceptInvitation(token: string, password = PASSWORD) {
  const res = await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password } });
  assert.equal(res.status, 200, await res.clone().text());
  return { cookie: cookieOf(res), me: await res.json() };
}

const login = (json: Record<string, unknown>, origin: string | null = API_ORIGIN) => asPerson(w, '', '/v1/auth/login', { method: 'POST', json, origin });

test('an invitation: mail in the outbox, link shown once, password set, signed in; the link works once', async () => {
  const { token } = await invite('clara@beispielstadt.example', ['tips']);
  const [mail] = await w.db.sql`select to_addr, body_text from outbox where to_addr = 'clara@beispielstadt.example'`;
  assert.ok(mail, 'the invitation is in the outbox');
  assert.ok(String(mail.body_text).includes(token), 'the mail carries the link');
  const info = await (await asPerson(w, '', '/v1/auth/token', { method: 'POST', json: { token } })).json();
  assert.deepEqual({ ...info, tenant: info.tenant.slug }, { purpose: 'invite', email: 'clara@beispielstadt.example', name: 'clara', tenant: 'beispielstadt', totpRequired: false, totpEnabled: false });
  const { cookie, me } = await acceptInvitation(token);
  assert.equal(me.mustEnrollTotp, false);
  assert.deepEqual(me.user.roles, ['tips']);
  const staffMe = await (await asPerson(w, cookie, '/v1/staff/me')).json();
  assert.equal(staffMe.user.email, 'clara@beispielstadt.example');
  assert.equal(staffMe.tenant.slug, 'beispielstadt');
  await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: PASSWORD } }), 410, 'TOKEN_INVALID');
});

test('passwords: at least 12 characters, no composition rules, not a common one, not the e-mail', async () => {
  assert.equal(passwordProblem('ganz normaler satz'), null);
  assert.match(passwordProblem('kurz') ?? '', /12/);
  assert.match(passwordProblem('password1234') ?? '', /common/);
  assert.match(passwordProblem('qwertyuiop!!') ?? '', /common/);
  assert.match(passwordProblem('aaaaaaaaaaaaaaa') ?? '', /common/);
  assert.match(passwordProblem('xdoris.meier-x7', 'doris.meier@example.org') ?? '', /e-mail/);
  const { token } = await invite('dora@beispielstadt.example', ['tips:read']);
  const short = await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: 'elf Zeichen' } }), 422, 'VALIDATION_FAILED');
  assert.equal(short.errors?.[0]?.path, 'password');
  const common = await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: '123456789012' } }), 422, 'VALIDATION_FAILED');
  assert.equal(common.errors?.[0]?.path, 'password');
  // A refused password does not use up the link.
  await acceptInvitation(token);
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure with __Host- over https', async () => {
  const { token } = await invite('emil@beispielstadt.example', ['tips']);
  const res = await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: PASSWORD } });
  const set = res.headers.get('Set-Cookie')!;
  assert.match(set, /^bn_session=[\w-]{40,};/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.match(set, /Path=\//);
  assert.doesNotMatch(set, /Secure/);
  const before = process.env.BN_PUBLIC_URL;
  process.env.BN_PUBLIC_URL = 'https://buergernah.example';
  try {
    const https = await login({ email: 'emil@beispielstadt.example', password: PASSWORD }, 'https://buergernah.example');
    assert.equal(https.status, 200, await https.clone().text());
    const secure = https.headers.get('Set-Cookie')!;
    assert.match(secure, /^__Host-bn_session=/);
    assert.match(secure, /Secure/);
  } finally {
    if (before === undefined) delete process.env.BN_PUBLIC_URL;
    else process.env.BN_PUBLIC_URL = before;
  }
});

test('a tenant-admin must set up TOTP before anything else; then sign-in needs the code, and a code works once', async () => {
  const { token } = await invite('frida@beispielstadt.example', ['tenant-admin', 'tips']);
  const { cookie, me } = await acceptInvitation(token);
  assert.equal(me.mustEnrollTotp, true);
  await problem(await asPerson(w, cookie, '/v1/staff/me'), 403, 'TOTP_ENROLMENT_REQUIRED');
  const setup = await (await asPerson(w, cookie, '/v1/auth/totp/setup', { method: 'POST' })).json();
  assert.match(setup.secret, /^[A-Z2-7]{32}$/);
  assert.match(setup.uri, /^otpauth:\/\/totp\/.*secret=/);
  await problem(await asPerson(w, cookie, '/v1/auth/totp/confirm', { method: 'POST', json: { code: '000000' } }), 422, 'TOTP_MISMATCH');
  const confirmed = await asPerson(w, cookie, '/v1/auth/totp/confirm', { method: 'POST', json: { code: totpCode(setup.secret, Date.now()) } });
  assert.equal(confirmed.status, 200);
  assert.equal((await confirmed.json()).mustEnrollTotp, false);
  assert.equal((await asPerson(w, cookie, '/v1/staff/me')).status, 200);

  const noCode = await problem(await login({ email: 'frida@beispielstadt.example', password: PASSWORD }), 401, 'TOTP_REQUIRED');
  assert.ok(noCode.detail);
  // The code used to confirm is spent; the next time step's code is accepted once.
  await problem(await login({ email: 'frida@beispielstadt.example', password: PASSWORD, totp: totpCode(setup.secret, Date.now()) }), 401, 'TOTP_INVALID');
  const next = totpCode(setup.secret, Date.now() + 30_000);
  assert.equal((await login({ email: 'frida@beispielstadt.example', password: PASSWORD, totp: next })).status, 200);
  await problem(await login({ email: 'frida@beispielstadt.example', password: PASSWORD, totp: next }), 401, 'TOTP_INVALID');
});

test('a reset link alone does not open an account with a second factor: the code is needed too', async () => {
  const { token } = await invite('theo@beispielstadt.example', ['tenant-admin']);
  const { cookie } = await acceptInvitation(token);
  const { secret } = await (await asPerson(w, cookie, '/v1/auth/totp/setup', { method: 'POST' })).json();
  await asPerson(w, cookie, '/v1/auth/totp/confirm', { method: 'POST', json: { code: totpCode(secret, Date.now()) } });
  const link = await requestReset(w.db.sql, 'theo@beispielstadt.example', 'http://localhost');
  const reset = link!.replace(/^.*#reset=/, '');
  const info = await (await asPerson(w, '', '/v1/auth/token', { method: 'POST', json: { token: reset } })).json();
  assert.equal(info.totpEnabled, true);
  await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token: reset, password: 'Mein Postfach wurde gelesen' } }), 401, 'TOTP_REQUIRED');
  await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token: reset, password: 'Mein Postfach wurde gelesen', totp: '000000' } }), 401, 'TOTP_INVALID');
  // Neither attempt changed the password nor used up the link.
  const [row] = await w.db.sql`select u.password_hash, t.used_at from users u join user_tokens t on t.user_id = u.id and t.purpose = 'reset' where u.email = 'theo@beispielstadt.example'`;
  assert.equal(row!.used_at, null);
  assert.equal(await verifyPassword(row!.password_hash, PASSWORD), true);
  const ok = await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token: reset, password: 'Ein neuer Satz als Passwort', totp: totpCode(secret, Date.now() + 30_000) } });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).mustEnrollTotp, false);
});

test('a wrong password and an unknown e-mail get the same answer at the same cost', async () => {
  await acceptInvitation((await invite('gustav@beispielstadt.example', ['tips'])).token);
  const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
  const times: Record<string, number[]> = { wrong: [], unknown: [] };
  let wrongBody: Record<string, unknown> | undefined;
  let unknownBody: Record<string, unknown> | undefined;
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    wrongBody = await problem(await login({ email: 'gustav@beispielstadt.example', password: 'falsch falsch falsch' }, null), 401, 'SIGN_IN_FAILED');
    times.wrong!.push(performance.now() - t);
    t = performance.now();
    unknownBody = await problem(await login({ email: 'niemand@beispielstadt.example', password: 'falsch falsch falsch' }, null), 401, 'SIGN_IN_FAILED');
    times.unknown!.push(performance.now() - t);
  }
  assert.deepEqual(strip(wrongBody!), strip(unknownBody!));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  // Without the dummy hash an unknown address answers ~50 times faster than a wrong password.
  assert.ok(median(times.unknown!) > median(times.wrong!) / 4, `unknown ${median(times.unknown!)} ms vs wrong ${median(times.wrong!)} ms`);
});

test('failed sign-ins are slowed per account (429 with Retry-After), also for the right password then', async () => {
  await acceptInvitation((await invite('hanna@beispielstadt.example', ['tips'])).token);
  const before = process.env.BN_SIGNIN_ACCOUNT_LIMIT;
  process.env.BN_SIGNIN_ACCOUNT_LIMIT = '3';
  try {
    for (let i = 0; i < 3; i++) await problem(await login({ email: 'hanna@beispielstadt.example', password: 'nicht das passwort' }), 401, 'SIGN_IN_FAILED');
    const locked = await login({ email: 'hanna@beispielstadt.example', password: PASSWORD });
    await problem(locked.clone(), 429, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(locked.headers.get('Retry-After')) > 60);
    // Another account from the same address is not locked by it.
    await acceptInvitation((await invite('ida@beispielstadt.example', ['tips'])).token);
    assert.equal((await login({ email: 'ida@beispielstadt.example', password: PASSWORD })).status, 200);
  } finally {
    if (before === undefined) delete process.env.BN_SIGNIN_ACCOUNT_LIMIT;
    else process.env.BN_SIGNIN_ACCOUNT_LIMIT = before;
  }
});

test('failed sign-ins are slowed per client address across accounts, known or not', async () => {
  const before = process.env.BN_SIGNIN_ADDRESS_LIMIT;
  process.env.BN_SIGNIN_ADDRESS_LIMIT = '4';
  try {
    await w.db.sql`delete from rate_limits where bucket like 'signin:address:%'`;
    for (let i = 0; i < 4; i++) await problem(await login({ email: `probe${i}@example.org`, password: 'irgendein passwort' }), 401, 'SIGN_IN_FAILED');
    await problem(await login({ email: 'probe9@example.org', password: 'irgendein passwort' }), 429, 'TOO_MANY_ATTEMPTS');
  } finally {
    if (before === undefined) delete process.env.BN_SIGNIN_ADDRESS_LIMIT;
    else process.env.BN_SIGNIN_ADDRESS_LIMIT = before;
    await w.db.sql`delete from rate_limits where bucket like 'signin:address:%'`;
  }
});

test('sign-out ends the session at once; the old cookie is refused', async () => {
  const { cookie } = await acceptInvitation((await invite('jonas@beispielstadt.example', ['tips'])).token);
  assert.equal((await asPerson(w, cookie, '/v1/auth/me')).status, 200);
  const out = await asPerson(w, cookie, '/v1/auth/logout', { method: 'POST' });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('Set-Cookie') ?? '', /bn_session=;.*Max-Age=0/);
  await problem(await asPerson(w, cookie, '/v1/auth/me'), 401, 'SESSION_REQUIRED');
  await problem(await asPerson(w, cookie, '/v1/staff/me'), 401, 'SESSION_REQUIRED');
});

test('disabling a person ends their sessions at once; they cannot sign in again', async () => {
  const { id, token } = await invite('karl@beispielstadt.example', ['tips']);
  const { cookie } = await acceptInvitation(token);
  const res = await asPerson(w, adminA.cookie, `/v1/staff/users/${id}`, { method: 'PATCH', json: { enabled: false } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).enabled, false);
  await problem(await asPerson(w, cookie, '/v1/staff/me'), 401, 'SESSION_REQUIRED');
  await problem(await login({ email: 'karl@beispielstadt.example', password: PASSWORD }), 401, 'SIGN_IN_FAILED');
});

test('sessions end after 30 idle minutes and after 12 hours in any case (injected clock)', async () => {
  let now = Date.now();
  const app = createApp({ db: w.db, now: () => new Date(now) });
  const as = (cookie: string) => app.request('/v1/staff/me', { headers: { Cookie: cookie } });
  const { cookie: idle } = await acceptInvitation((await invite('lena@beispielstadt.example', ['tips'])).token);
  const loginAt = async () => {
    const res = await app.request('/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: API_ORIGIN },
      body: JSON.stringify({ email: 'lena@beispielstadt.example', password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    return cookieOf(res);
  };
  const fresh = await loginAt();
  now += 29 * 60_000;
  assert.equal((await as(fresh)).status, 200, 'active within 30 minutes');
  now += 29 * 60_000;
  assert.equal((await as(fresh)).status, 200, 'activity moved the idle timeout');
  now += 31 * 60_000;
  await problem(await as(fresh), 401, 'SESSION_REQUIRED');
  await problem(await as(idle), 401, 'SESSION_REQUIRED');

  const busy = await loginAt();
  const start = now;
  while (now - start < 12 * 3_600_000 - 25 * 60_000) {
    now += 20 * 60_000;
    assert.equal((await as(busy)).status, 200);
  }
  now = start + 12 * 3_600_000;
  await problem(await as(busy), 401, 'SESSION_REQUIRED');
});

test('a password reset: 202 for every address, a mail only for accounts; the link works once and ends other sessions', async () => {
  const { cookie } = await acceptInvitation((await invite('mia@beispielstadt.example', ['tips'])).token);
  const unknown = await asPerson(w, '', '/v1/auth/reset', { method: 'POST', json: { email: 'unbekannt@example.org' } });
  assert.equal(unknown.status, 202);
  const known = await asPerson(w, '', '/v1/auth/reset', { method: 'POST', json: { email: 'mia@beispielstadt.example' } });
  assert.equal(known.status, 202);
  assert.deepEqual(await unknown.json(), await known.json());
  assert.equal((await w.db.sql`select 1 from outbox where to_addr = 'unbekannt@example.org'`).length, 0);
  const [mail] = await w.db.sql<{ body_text: string }[]>`select body_text from outbox where to_addr = 'mia@beispielstadt.example' and subject like 'Passwort%'`;
  const token = /#reset=([\w-]+)/.exec(mail!.body_text)![1]!;
  const info = await (await asPerson(w, '', '/v1/auth/token', { method: 'POST', json: { token } })).json();
  assert.equal(info.purpose, 'reset');
  const res = await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: 'Ein ganz neues Passwort' } });
  assert.equal(res.status, 200);
  await problem(await asPerson(w, cookie, '/v1/auth/me'), 401, 'SESSION_REQUIRED');
  await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: 'Noch ein neues Passwort' } }), 410, 'TOKEN_INVALID');
  assert.equal((await login({ email: 'mia@beispielstadt.example', password: 'Ein ganz neues Passwort' })).status, 200);
});

test('an expired link is refused', async () => {
  const { id, token } = await invite('nora@beispielstadt.example', ['tips']);
  await w.db.sql`update user_tokens set expires_at = now() - interval '1 second' where user_id = ${id}`;
  await problem(await asPerson(w, '', '/v1/auth/token', { method: 'POST', json: { token } }), 410, 'TOKEN_INVALID');
  await problem(await asPerson(w, '', '/v1/auth/password', { method: 'POST', json: { token, password: PASSWORD } }), 410, 'TOKEN_INVALID');
  // A new invitation replaces it.
  const again = await (await asPerson(w, adminA.cookie, `/v1/staff/users/${id}/invite`, { method: 'POST' })).json();
  await acceptInvitation(tokenOf(again.invitationUrl));
});

test('CSRF: a session request with another Origin, or none, is refused; sign-in from another origin too', async () => {
  await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', origin: 'https://evil.example', json: { email: 'x@example.org', name: 'x', roles: [] } }), 403, 'CSRF_REJECTED');
  await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', origin: null, json: { email: 'x@example.org', name: 'x', roles: [] } }), 403, 'CSRF_REJECTED');
  await problem(await login({ email: 'x@example.org', password: PASSWORD }, 'https://evil.example'), 403, 'CSRF_REJECTED');
  assert.equal((await w.db.sql`select 1 from users where email = 'x@example.org'`).length, 0);
  // Reads need no Origin.
  assert.equal((await asPerson(w, adminA.cookie, '/v1/staff/users', { origin: null })).status, 200);
});

test("a town's admin sees and changes only its own people: another town's user id is a 404", async () => {
  const other = await signedIn(w, { tenantId: w.c.id, roles: ['tips'] });
  await problem(await asPerson(w, adminA.cookie, `/v1/staff/users/${other.userId}`, { method: 'PATCH', json: { enabled: false } }), 404, 'NOT_FOUND');
  await problem(await asPerson(w, adminA.cookie, `/v1/staff/users/${other.userId}/reset-2fa`, { method: 'POST' }), 404, 'NOT_FOUND');
  const list = await (await asPerson(w, adminA.cookie, '/v1/staff/users')).json();
  assert.ok(list.items.every((u: { tenant: string }) => u.tenant === 'beispielstadt'));
  assert.ok(!list.items.some((u: { id: string }) => u.id === other.userId));
});

test("a clerk of one town opening another town's tip by its reference gets a 404, never a hint", async () => {
  const clerk = await signedIn(w, { tenantId: w.a.id, roles: ['tips'] });
  const ours = await submit(w, w.a.pk);
  // References are numbered per community: take one of the other town's that ours does not have.
  let theirs = await submit(w, w.c.pk);
  while ((await w.db.sql`select 1 from tips where tenant_id = ${w.a.id} and ref = ${theirs.ref}`).length) theirs = await submit(w, w.c.pk);
  assert.equal((await asPerson(w, clerk.cookie, `/v1/staff/tips/${ours.ref}`)).status, 200);
  await problem(await asPerson(w, clerk.cookie, `/v1/staff/tips/${theirs.ref}`), 404, 'NOT_FOUND');
  await problem(await asPerson(w, clerk.cookie, `/v1/staff/tips/${theirs.ref}`, { method: 'PATCH', json: { status: 'acknowledged' } }), 404, 'NOT_FOUND');
});

test('roles: a town cannot hand out host-admin; a module is clerk or read-only, not both; no one locks themselves out', async () => {
  const host = await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'o@example.org', name: 'o', roles: ['host-admin'] } }), 422, 'VALIDATION_FAILED');
  assert.equal(host.errors?.[0]?.path, 'roles');
  await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'o@example.org', name: 'o', roles: ['tips', 'tips:read'] } }), 422, 'VALIDATION_FAILED');
  await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'o@example.org', name: 'o', roles: ['chef'] } }), 422, 'VALIDATION_FAILED');
  const none = await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'o@example.org', name: 'o', roles: [] } }), 422, 'VALIDATION_FAILED');
  assert.equal(none.errors?.[0]?.path, 'roles');
  await problem(await asPerson(w, adminA.cookie, `/v1/staff/users/${adminA.userId}`, { method: 'PATCH', json: { enabled: false } }), 409, 'SELF_LOCKOUT');
  await problem(await asPerson(w, adminA.cookie, `/v1/staff/users/${adminA.userId}`, { method: 'PATCH', json: { roles: ['tips'] } }), 409, 'SELF_LOCKOUT');
  const dup = await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'ANNA-dup@example.org', name: 'a', roles: ['tips:read'] } });
  assert.equal(dup.status, 201);
  await problem(await asPerson(w, adminA.cookie, '/v1/staff/users', { method: 'POST', json: { email: 'anna-dup@example.org', name: 'a', roles: ['tips:read'] } }), 409, 'USER_EXISTS');
});

test('changing roles takes effect at once: the person signs in again with the new roles', async () => {
  const { id, token } = await invite('paul@beispielstadt.example', ['tips']);
  const { cookie } = await acceptInvitation(token);
  assert.equal((await asPerson(w, cookie, '/v1/staff/tips')).status, 200);
  await asPerson(w, adminA.cookie, `/v1/staff/users/${id}`, { method: 'PATCH', json: { roles: ['plans'] } });
  await problem(await asPerson(w, cookie, '/v1/staff/tips'), 401, 'SESSION_REQUIRED');
  const again = cookieOf(await login({ email: 'paul@beispielstadt.example', password: PASSWORD }));
  await problem(await asPerson(w, again, '/v1/staff/tips'), 403, 'ROLE_REQUIRED');
});

test('the audit names the person who acted', async () => {
  await invite('quirin@beispielstadt.example', ['tips']);
  const { items } = await (await asPerson(w, adminA.cookie, '/v1/staff/audit')).json();
  const entry = items.find((i: { action: string; subject: string }) => i.action === 'user.invite' && i.subject === 'quirin@beispielstadt.example');
  assert.ok(entry);
  assert.equal(entry.actor, `user:${adminA.userId}`);
  assert.equal(entry.actorName, 'Anna Admin');
});

test("hosting office: a host-admin is invited to /admin, works on /v1/admin with a session, and not in a town's console", async () => {
  const res = await w.req('/v1/admin/users', { method: 'POST', key: w.admin, json: { email: 'rita@hosting.example', name: 'Rita', roles: ['host-admin'], tenant: null } });
  assert.equal(res.status, 201, await res.clone().text());
  const { invitationUrl } = await res.json();
  assert.match(invitationUrl, /\/admin#invite=/);
  const { cookie, me } = await acceptInvitation(tokenOf(invitationUrl));
  assert.equal(me.host, true);
  assert.equal(me.mustEnrollTotp, true);
  const { secret } = await (await asPerson(w, cookie, '/v1/auth/totp/setup', { method: 'POST' })).json();
  await asPerson(w, cookie, '/v1/auth/totp/confirm', { method: 'POST', json: { code: totpCode(secret, Date.now()) } });
  assert.equal((await asPerson(w, cookie, '/v1/admin/tenants')).status, 200);
  await problem(await asPerson(w, cookie, '/v1/staff/me'), 403, 'ROLE_REQUIRED');
  // A town's admin is not the hosting office.
  await problem(await asPerson(w, adminA.cookie, '/v1/admin/tenants'), 403, 'ROLE_REQUIRED');
  // Hosting-office users hold host-admin only.
  await problem(await w.req('/v1/admin/users', { method: 'POST', key: w.admin, json: { email: 's@hosting.example', name: 'S', roles: ['tips'], tenant: null } }), 422, 'VALIDATION_FAILED');
});

test('staff keys carry roles: without any they hold every module role of their tenant, with some only those', async () => {
  const plain = await w.req('/v1/staff/me', { key: w.a.sk });
  assert.deepEqual((await plain.json()).roles.sort(), [...AVAILABLE_MODULES].sort(), 'every module of its tenant (new tenants get the modules that exist)');
  const { key } = await (await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'staff', tenant: 'beispielstadt', roles: ['plans:read'] } })).json();
  await problem(await w.req('/v1/staff/tips', { key }), 403, 'ROLE_REQUIRED');
  assert.equal((await w.req('/v1/staff/plans', { key })).status, 200);
  await problem(await w.req('/v1/admin/keys', { method: 'POST', key: w.admin, json: { kind: 'publishable', tenant: 'beispielstadt', roles: ['tips'] } }), 422, 'VALIDATION_FAILED');
});

test("a town's staff sign-in is in the audit, via password", async () => {
  const { token } = await invite('sabine@beispielstadt.example', ['tips']);
  const { me } = await acceptInvitation(token);
  assert.equal((await login({ email: 'sabine@beispielstadt.example', password: PASSWORD })).status, 200);
  const rows = await w.db.sql`select actor, actor_name, subject, details from audit_log where action = 'user.sign-in' and actor = ${`user:${me.user.id}`}`;
  // Setting the password signed her in too.
  assert.equal(rows.length, 2);
  assert.deepEqual({ ...rows[0] }, { actor: `user:${me.user.id}`, actor_name: 'sabine', subject: 'sabine@beispielstadt.example', details: { via: 'password' } });
});
