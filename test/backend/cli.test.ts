// The hosting office's CLI contract: commands, --json output, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { createApp } from '../../backend/app.ts';
import { one, type Sql } from '../../backend/core/db.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { json, root, useCli } from './cli-harness.ts';

const { cli, env } = useCli('cli');

// The CLI is tested as one hosting office's story: each step works on what the steps before it
// made (tenants, keys, invited and signed-in people), so they are steps of one test, in order,
// not tests that pass only in file order. A failed step fails the story.
const steps: [string, () => Promise<void>][] = [];
function step(name: string, fn: () => Promise<void>) {
  steps.push([name, fn]);
}

step('tenants create / list / update', async () => {
  const county = await cli('tenants', 'create', '--slug', 'musterkreis', '--name', 'Landkreis Musterkreis', '--origin', 'https://www.musterkreis.example', '--json');
  assert.equal(county.code, 0, county.stderr);
  assert.equal(json(county).slug, 'musterkreis');
  const town = await cli(
    'tenants',
    'create',
    '--slug',
    'beispielstadt',
    '--name',
    'Gemeinde Beispielstadt',
    '--origin',
    'https://www.beispielstadt.example',
    '--origin',
    'https://beispielstadt.example',
    '--parent',
    'musterkreis',
    '--json',
  );
  assert.equal(town.code, 0, town.stderr);
  assert.deepEqual(json(town).origins, ['https://www.beispielstadt.example', 'https://beispielstadt.example']);
  assert.equal(json(town).parent, 'musterkreis');

  const list = await cli('tenants', 'list', '--json');
  assert.deepEqual(
    json(list).items.map((t: { slug: string }) => t.slug),
    ['beispielstadt', 'musterkreis'],
  );
  const text = await cli('tenants', 'list');
  assert.match(text.stdout, /beispielstadt\s+Gemeinde Beispielstadt\s+\(community: musterkreis\)/);

  const upd = await cli('tenants', 'update', 'beispielstadt', '--name', 'Stadt Beispielstadt', '--add-origin', 'https://neu.example', '--remove-origin', 'https://beispielstadt.example', '--json');
  assert.equal(upd.code, 0, upd.stderr);
  assert.equal(json(upd).name, 'Stadt Beispielstadt');
  assert.deepEqual(json(upd).origins, ['https://www.beispielstadt.example', 'https://neu.example']);
});

step('clear errors and non-zero exits', async () => {
  const dup = await cli('tenants', 'create', '--slug', 'musterkreis', '--name', 'X');
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /exists already/);
  const bad = await cli('tenants', 'create', '--slug', 'x', '--name', 'X', '--origin', 'www.x.de', '--json');
  assert.equal(bad.code, 1);
  assert.equal(json(bad).error.code, 'VALIDATION_FAILED');
  assert.equal(json(bad).error.errors[0].path, 'origins.0');
  const missing = await cli('tenants', 'update', 'gibtsnicht', '--name', 'X');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does not exist/);
  const usage = await cli('tenants', 'explode');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Unknown command/);
  const flag = await cli('keys', 'list', '--bogus');
  assert.equal(flag.code, 2);
  const kind = await cli('keys', 'create', '--tenant', 'musterkreis', '--kind', 'root', '--json');
  assert.equal(kind.code, 1);
  assert.equal(json(kind).error.errors[0].path, 'kind');
});

step('keys create / list / rotate / revoke', async () => {
  const pk = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'publishable', '--label', 'Website', '--json');
  assert.equal(pk.code, 0, pk.stderr);
  const created = json(pk);
  assert.match(created.key, /^bn_pk_[0-9A-Za-z]{28}$/);
  const sk = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--label', 'Erika Musterfrau');
  assert.equal(sk.code, 0);
  assert.match(sk.stdout, /bn_sk_[0-9A-Za-z]{28}/);
  assert.match(sk.stdout, /shown only once/);
  const ak = json(await cli('keys', 'create', '--admin', '--label', 'Hosting office', '--json'));
  assert.equal(ak.kind, 'admin');
  assert.equal(ak.tenant, null);

  const list = json(await cli('keys', 'list', '--tenant', 'beispielstadt', '--json'));
  assert.equal(list.items.length, 2);
  assert.ok(!JSON.stringify(list).includes(sk.stdout.match(/bn_sk_\w+/)![0]), 'no staff secret in lists');

  const rotated = json(await cli('keys', 'rotate', created.id, '--grace-hours', '2', '--json'));
  assert.match(rotated.key, /^bn_pk_/);
  assert.notEqual(rotated.key, created.key);
  assert.equal(rotated.previous.id, created.id);
  assert.equal(rotated.previous.status, 'expiring');

  const revoked = json(await cli('keys', 'revoke', rotated.id, '--json'));
  assert.equal(revoked.status, 'revoked');
  const again = await cli('keys', 'rotate', rotated.id);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /revoked key cannot be rotated/);
  const unknown = await cli('keys', 'revoke', 'key_0000000000000000', '--json');
  assert.equal(unknown.code, 1);
  assert.equal(json(unknown).error.code, 'NOT_FOUND');
});

// ── Staff accounts ───────────────────────────────────────────────────────────────────────

/** The app on the CLI's database, between CLI runs (the embedded database takes one process at a time). */
async function withApp<T>(fn: (app: ReturnType<typeof createApp>, sql: Sql) => Promise<T>): Promise<T> {
  process.env.NODE_ENV = 'test'; // before the logger loads: a quiet test
  const [{ createApp }, { openDatabase }] = await Promise.all([import('../../backend/app.ts'), import('../../backend/core/db.ts')]);
  const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { url: null, dataDir: env.BN_DATA_DIR });
  try {
    return await fn(createApp({ db }), db.sql);
  } finally {
    await db.close();
  }
}

const token = (url: string) => url.split(/#(?:invite|reset)=/)[1]!;
const PASSWORD = 'Kirschbaum am Marktplatz 1987';

function post(app: ReturnType<typeof createApp>, path: string, body: unknown, cookie?: string) {
  return app.request(`http://localhost:8787${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie && { cookie, origin: 'http://localhost:8787' }) },
    body: JSON.stringify(body),
  });
}

let clerkUrl = '';

step('users invite: a clerk of a town, with a link that really signs in', async () => {
  const r = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'Clara@Beispielstadt.example', '--name', 'Clara Clerk', '--role', 'tips', '--role', 'plans:read', '--json');
  assert.equal(r.code, 0, r.stderr);
  const u = json(r);
  assert.equal(u.email, 'clara@beispielstadt.example');
  assert.equal(u.tenant, 'beispielstadt');
  assert.deepEqual(u.roles, ['tips', 'plans:read']);
  assert.equal(u.hasPassword, false);
  assert.match(u.invitationUrl, /^http:\/\/localhost:8787\/console#invite=[\w-]{40,}$/);
  clerkUrl = u.invitationUrl;

  const text = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'bernd@beispielstadt.example', '--name', 'Bernd Bauamt', '--role', 'plans');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Invited Bernd Bauamt <bernd@beispielstadt\.example> to Stadt Beispielstadt as plans\./);
  assert.match(text.stdout, /^ {2}http:\/\/localhost:8787\/console#invite=[\w-]+$/m);

  await withApp(async (app, sql) => {
    // The same link went out by mail, and the audit names the command line.
    const mails = await sql<{ to_addr: string; body_text: string }[]>`select to_addr, body_text from outbox where to_addr = 'clara@beispielstadt.example'`;
    assert.equal(mails.length, 1);
    assert.ok(mails[0]!.body_text.includes(clerkUrl));
    const [audit] = await sql<{ actor: string; actor_name: string }[]>`select actor, actor_name from audit_log where action = 'user.invite' and subject = 'clara@beispielstadt.example'`;
    assert.equal(audit!.actor, CLI_ACTOR.id);
    assert.equal(audit!.actor_name, CLI_ACTOR.name);

    const info = await post(app, '/v1/auth/token', { token: token(clerkUrl) });
    assert.equal(info.status, 200);
    assert.deepEqual(await info.json(), {
      purpose: 'invite',
      email: 'clara@beispielstadt.example',
      name: 'Clara Clerk',
      tenant: { slug: 'beispielstadt', name: 'Stadt Beispielstadt' },
      totpRequired: false,
      totpEnabled: false,
    });
    const res = await post(app, '/v1/auth/password', { token: token(clerkUrl), password: PASSWORD });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get('set-cookie') ?? '', /^bn_session=[^;]+;.*HttpOnly/);
    const me = await res.json();
    assert.equal(me.user.email, 'clara@beispielstadt.example');
    assert.equal(me.mustEnrollTotp, false);
    // A link works once.
    assert.equal((await post(app, '/v1/auth/password', { token: token(clerkUrl), password: PASSWORD })).status, 410);
  });
});

step('users invite --host: a hosting-office person, no mail, a link to the admin console that asks for a second factor', async () => {
  const r = await cli('users', 'invite', '--host', '--email', 'hanna@hosting.example', '--name', 'Hanna Hosting', '--json');
  assert.equal(r.code, 0, r.stderr);
  const u = json(r);
  assert.equal(u.tenant, null);
  assert.deepEqual(u.roles, ['host-admin']);
  assert.match(u.invitationUrl, /^http:\/\/localhost:8787\/admin#invite=/);
  const text = await cli('users', 'invite', '--host', '--email', 'olaf@hosting.example', '--role', 'host-admin');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /gets no e-mail/);
  await withApp(async (app) => {
    const res = await post(app, '/v1/auth/password', { token: token(u.invitationUrl), password: PASSWORD });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).mustEnrollTotp, true);
  });
});

step('users invite: bad input', async () => {
  const role = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'x@beispielstadt.example', '--name', 'X', '--role', 'mayor', '--json');
  assert.equal(role.code, 1);
  assert.equal(json(role).error.code, 'VALIDATION_FAILED');
  assert.equal(json(role).error.errors[0].path, 'roles.0');
  assert.match(json(role).error.errors[0].message, /Unknown role/);
  const roleText = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'x@beispielstadt.example', '--name', 'X', '--role', 'mayor');
  assert.equal(roleText.code, 1);
  assert.match(roleText.stderr, /roles\.0: Unknown role/);

  const hostRole = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'x@beispielstadt.example', '--name', 'X', '--role', 'host-admin', '--json');
  assert.equal(hostRole.code, 1);
  assert.equal(json(hostRole).error.errors[0].path, 'roles');
  const hostTenantRole = await cli('users', 'invite', '--host', '--email', 'x@hosting.example', '--role', 'tips', '--json');
  assert.equal(hostTenantRole.code, 1);
  assert.equal(json(hostTenantRole).error.errors[0].path, 'roles');

  const tenant = await cli('users', 'invite', '--tenant', 'gibtsnicht', '--email', 'x@beispielstadt.example', '--name', 'X', '--role', 'tips', '--json');
  assert.equal(tenant.code, 1);
  assert.equal(json(tenant).error.code, 'NOT_FOUND');
  assert.equal(json(tenant).error.errors[0].path, 'tenant');
  assert.match(json(tenant).error.detail, /no tenant "gibtsnicht"/);

  const dup = await cli('users', 'invite', '--tenant', 'musterkreis', '--email', 'CLARA@beispielstadt.example', '--name', 'Clara', '--role', 'tips', '--json');
  assert.equal(dup.code, 1);
  assert.equal(json(dup).error.code, 'USER_EXISTS');
  assert.equal(json(dup).error.errors[0].path, 'email');

  const email = await cli('users', 'invite', '--tenant', 'beispielstadt', '--email', 'not-an-address', '--name', 'X', '--role', 'tips', '--json');
  assert.equal(email.code, 1);
  assert.equal(json(email).error.errors[0].path, 'email');

  for (const args of [
    ['--tenant', 'beispielstadt', '--name', 'X', '--role', 'tips'],
    ['--email', 'x@beispielstadt.example', '--name', 'X', '--role', 'tips'],
    ['--host', '--tenant', 'beispielstadt', '--email', 'x@beispielstadt.example', '--role', 'tips'],
    ['--tenant', 'beispielstadt', '--email', 'x@beispielstadt.example', '--name', 'X'],
  ]) {
    const usage = await cli('users', 'invite', ...args, '--json');
    assert.equal(usage.code, 2, args.join(' '));
    assert.equal(json(usage).error.code, 'USAGE');
  }
  const usageText = await cli('users', 'invite', '--tenant', 'beispielstadt', '--name', 'X', '--role', 'tips');
  assert.equal(usageText.code, 2);
  assert.match(usageText.stderr, /needs --email/);
  assert.match(usageText.stderr, /users invite --tenant <slug>/);
});

step('users list: all, one tenant, the hosting office', async () => {
  const all = json(await cli('users', 'list', '--json'));
  assert.deepEqual(all.items.map((u: { email: string }) => u.email).sort(), ['bernd@beispielstadt.example', 'clara@beispielstadt.example', 'hanna@hosting.example', 'olaf@hosting.example']);
  const town = json(await cli('users', 'list', '--tenant', 'beispielstadt', '--json'));
  assert.deepEqual(
    town.items.map((u: { email: string }) => u.email),
    ['bernd@beispielstadt.example', 'clara@beispielstadt.example'],
  );
  assert.equal(town.items[1].hasPassword, true);
  assert.ok(!JSON.stringify(all).includes('invitationUrl'), 'lists carry no links');
  const host = json(await cli('users', 'list', '--host', '--json'));
  assert.deepEqual(
    host.items.map((u: { roles: string[] }) => u.roles),
    [['host-admin'], ['host-admin']],
  );
  assert.equal(json(await cli('users', 'list', '--tenant', 'musterkreis', '--json')).items.length, 0);
  const text = await cli('users', 'list', '--tenant', 'beispielstadt');
  assert.match(text.stdout, /clara@beispielstadt\.example\s+beispielstadt\s+Clara Clerk\n\s+roles: tips, plans:read {2}2FA: off/);
  assert.match(text.stdout, /bernd@beispielstadt\.example.*\n.*INVITED/);
  const unknown = await cli('users', 'list', '--tenant', 'gibtsnicht', '--json');
  assert.equal(unknown.code, 1);
  assert.equal(json(unknown).error.code, 'NOT_FOUND');
  assert.equal((await cli('users', 'list', '--host', '--tenant', 'beispielstadt')).code, 2);
});

step('users update: roles replace, disabling ends the sessions at once, enabling lets in again', async () => {
  const cookie = await withApp(async (app) => {
    const res = await app.request('http://localhost:8787/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'clara@beispielstadt.example', password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  });
  const me = (app: ReturnType<typeof createApp>) => app.request('http://localhost:8787/v1/auth/me', { headers: { cookie } });
  assert.equal(await withApp(async (app) => (await me(app)).status), 200);

  const name = json(await cli('users', 'update', 'clara@beispielstadt.example', '--name', 'Clara Klar', '--json'));
  assert.equal(name.name, 'Clara Klar');
  assert.deepEqual(name.roles, ['tips', 'plans:read'], 'roles stay when not given');
  assert.equal(await withApp(async (app) => (await me(app)).status), 200, 'a new name keeps the session');

  const roles = json(await cli('users', 'update', 'CLARA@beispielstadt.example', '--role', 'kita', '--json'));
  assert.deepEqual(roles.roles, ['kita'], '--role replaces');

  const text = await cli('users', 'update', 'clara@beispielstadt.example', '--disable');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Updated clara@beispielstadt\.example\.\nTheir sessions have ended/);
  assert.match(text.stdout, /DISABLED/);
  await withApp(async (app, sql) => {
    const { n } = one(await sql<{ n: number }[]>`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.email = 'clara@beispielstadt.example'`);
    assert.equal(n, 0);
    const login = await app.request('http://localhost:8787/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'clara@beispielstadt.example', password: PASSWORD }),
    });
    assert.equal(login.status, 401);
    const audit = await sql<{ actor: string; details: Record<string, unknown> }[]>`
      select actor, details from audit_log where action = 'user.update' and subject = 'clara@beispielstadt.example' order by at`;
    assert.equal(audit.length, 3);
    assert.ok(audit.every((a) => a.actor === 'cli'));
    assert.deepEqual(audit[2]!.details, { enabled: [true, false] });
  });
  const link = await cli('users', 'link', 'clara@beispielstadt.example', '--json');
  assert.equal(link.code, 1, 'no link for a disabled account');
  assert.equal(json(link).error.code, 'USER_DISABLED');

  const enabled = json(await cli('users', 'update', 'clara@beispielstadt.example', '--enable', '--role', 'tips', '--role', 'plans', '--json'));
  assert.equal(enabled.enabled, true);
  assert.deepEqual(enabled.roles, ['tips', 'plans']);

  const bad = await cli('users', 'update', 'clara@beispielstadt.example', '--role', 'tips', '--role', 'tips:read', '--json');
  assert.equal(bad.code, 1);
  assert.equal(json(bad).error.errors[0].path, 'roles');
  const unknown = await cli('users', 'update', 'nobody@beispielstadt.example', '--enable', '--json');
  assert.equal(unknown.code, 1);
  assert.equal(json(unknown).error.code, 'NOT_FOUND');
  assert.equal((await cli('users', 'update', 'clara@beispielstadt.example', '--json')).code, 2, 'nothing to change');
  assert.equal((await cli('users', 'update', '--enable', '--json')).code, 2, 'no address');
  assert.equal((await cli('users', 'update', 'clara@beispielstadt.example', '--enable', '--disable')).code, 2);
});

step('users link: a fresh invitation when the mail did not arrive; older links stop working', async () => {
  const first = json(await cli('users', 'invite', '--tenant', 'musterkreis', '--email', 'kai@musterkreis.example', '--name', 'Kai Kreis', '--role', 'tenant-admin', '--json'));
  const again = await cli('users', 'link', 'kai@musterkreis.example', '--json');
  assert.equal(again.code, 0, again.stderr);
  const fresh = json(again);
  assert.equal(fresh.email, 'kai@musterkreis.example');
  assert.equal(fresh.purpose, 'invite');
  assert.match(fresh.invitationUrl, /\/console#invite=/);
  assert.notEqual(fresh.invitationUrl, first.invitationUrl);
  const text = await cli('users', 'link', 'clara@beispielstadt.example');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /link to set a new password for clara@beispielstadt\.example/);
  const reset = text.stdout.match(/http:\S+#reset=\S+/)![0];
  await withApp(async (app, sql) => {
    assert.equal((await post(app, '/v1/auth/token', { token: token(first.invitationUrl) })).status, 410);
    const info = await post(app, '/v1/auth/token', { token: token(fresh.invitationUrl) });
    assert.equal(info.status, 200);
    assert.equal((await info.json()).totpRequired, true);
    assert.equal((await post(app, '/v1/auth/token', { token: token(reset) })).status, 200);
    const mails = await sql<{ body_text: string }[]>`select body_text from outbox where to_addr = 'kai@musterkreis.example' order by created_at`;
    assert.equal(mails.length, 2, 'the new link is mailed too');
    assert.ok(mails[1]!.body_text.includes(fresh.invitationUrl));
  });
  assert.equal((await cli('users', 'link', 'nobody@x.example')).code, 1);
  assert.equal((await cli('users', 'link')).code, 2);
});

step('users reset-2fa: the second factor is gone and its sessions end', async () => {
  // As if Hanna had set up her app and signed in: a second factor and a session.
  await withApp(async (_app, sql) => {
    const [u] = await sql<{ id: string }[]>`select id from users where email = 'hanna@hosting.example'`;
    await sql`update users set totp_secret = 'JBSWY3DPEHPK3PXP' where id = ${u!.id}`;
    await sql`insert into sessions (id_hash, user_id, via, stage, created_at, last_seen_at, expires_at)
              values (${Buffer.alloc(32, 7)}, ${u!.id}, 'password', 'full', now(), now(), now() + interval '1 hour')`;
  });
  const r = await cli('users', 'reset-2fa', 'Hanna@hosting.example', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(r).totpEnabled, false);
  await withApp(async (_app, sql) => {
    const { n } = one(await sql<{ n: number }[]>`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.email = 'hanna@hosting.example'`);
    assert.equal(n, 0);
  });
  const text = await cli('users', 'reset-2fa', 'hanna@hosting.example');
  assert.match(text.stdout, /second factor of hanna@hosting\.example is removed/);
  assert.equal((await cli('users', 'reset-2fa', 'nobody@x.example', '--json')).code, 1);
});

step('keys create --role: a staff key for an integration with only the roles it needs', async () => {
  const limited = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--label', 'Export', '--role', 'tips:read', '--json');
  assert.equal(limited.code, 0, limited.stderr);
  assert.deepEqual(json(limited).roles, ['tips:read']);
  const text = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--label', 'Fachverfahren');
  assert.match(text.stdout, /with every module role of its tenant/);
  const all = json(await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--json'));
  assert.equal(all.roles, null, 'no --role: every module role of the tenant, also modules added later');
  await withApp(async (app) => {
    const me = async (key: string) => (await app.request('http://localhost:8787/v1/staff/me', { headers: { authorization: `Bearer ${key}` } })).json();
    assert.deepEqual((await me(json(limited).key)).roles, ['tips:read']);
    assert.ok((await me(all.key)).roles.includes('tips'));
  });
  const bad = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'staff', '--role', 'host-admin', '--json');
  assert.equal(bad.code, 1);
  assert.equal(json(bad).error.errors[0].path, 'roles');
  const pk = await cli('keys', 'create', '--tenant', 'beispielstadt', '--kind', 'publishable', '--role', 'tips', '--json');
  assert.equal(pk.code, 1);
  assert.equal(json(pk).error.errors[0].path, 'roles');
});

step('the CLI runs precompiled: dist/backend/cli.js, built from the current sources', async () => {
  assert.equal((await cli('tenants', 'list', '--json')).code, 0);
  const { buildReason } = await import('../../backend/build.js');
  assert.equal(buildReason(root, 'backend/cli.ts'), null, 'the bundle is current after a command');
  const meta = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'backend', 'cli.meta.json'), 'utf8'));
  assert.ok(meta.inputs.includes('backend/cli.ts') && meta.inputs.includes('backend/plans/cli.ts'), 'the plans commands are in the bundle');
});

// No limit on the whole story: each step keeps the runner's per-test limit (--test-timeout).
test('the CLI, one hosting office from its first tenant to its staff accounts', { timeout: Number.POSITIVE_INFINITY }, async (t) => {
  for (const [name, fn] of steps) await t.test(name, fn);
});
