// Staff accounts in one place: users, one-time links, sessions. Used by the sign-in routes,
// the user management of both consoles, the OpenID Connect callback and the CLI. Every user
// query that acts for a tenant takes the tenant here, never in a route (`scope`).
import { createHash, randomBytes } from 'node:crypto';
import type { Sql, Tx } from './db.ts';
import { ApiError, notFound } from './errors.ts';
import { enqueueMail } from './mail.ts';
import { needsTotp, type Role } from './roles.ts';
import type { Me, UserJson } from './accounts-schema.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface UserRow {
  id: string;
  tenant_id: string | null;
  email: string;
  name: string;
  roles: Role[];
  enabled: boolean;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_last_step: number | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Which users a caller may see: one tenant's, the hosting office's, or (host-admin) all. */
export type Scope = { tenantId: string } | { host: true } | { all: true };

const scopeFilter = (sql: Sql | Tx, scope: Scope) => ('tenantId' in scope ? sql`u.tenant_id = ${scope.tenantId}` : 'host' in scope ? sql`u.tenant_id is null` : sql`true`);

const secretToken = (): string => randomBytes(32).toString('base64url');
export const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

export function userJson(u: UserRow & { tenant_slug?: string | null }): UserJson {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    enabled: u.enabled,
    totpEnabled: !!u.totp_secret,
    hasPassword: !!u.password_hash,
    tenant: u.tenant_slug ?? null,
    lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

const userSelect = (sql: Sql | Tx) => sql`select u.*, t.slug as tenant_slug from users u left join tenants t on t.id = u.tenant_id`;

export async function listUsers(sql: Sql, scope: Scope): Promise<UserJson[]> {
  const rows = await sql<(UserRow & { tenant_slug: string | null })[]>`
    ${userSelect(sql)} where ${scopeFilter(sql, scope)} order by t.slug nulls first, u.name, u.email`;
  return rows.map(userJson);
}

/** A user the scope may see; another tenant's user is a 404 like a missing one. */
export async function getUser(sql: Sql | Tx, scope: Scope, id: string): Promise<UserRow & { tenant_slug: string | null }> {
  const [row] = await sql<(UserRow & { tenant_slug: string | null })[]>`${userSelect(sql)} where u.id = ${id} and ${scopeFilter(sql, scope)}`;
  if (!row) throw notFound('user');
  return row;
}

export async function userByEmail(sql: Sql, email: string): Promise<UserRow | null> {
  const [row] = await sql<UserRow[]>`select * from users where email = ${email.toLowerCase()}`;
  return row ?? null;
}

function checkRoles(tenantId: string | null, roles: readonly Role[]) {
  const host = roles.includes('host-admin');
  if (tenantId === null ? !host || roles.length !== 1 : host) {
    throw new ApiError('VALIDATION_FAILED', {
      errors: [{ path: 'roles', message: tenantId === null ? 'A hosting-office user holds exactly the role host-admin.' : 'host-admin belongs to the hosting office, not to a town.' }],
    });
  }
}

export interface LinkOptions {
  /** The API's public origin, for the links in mails. */
  publicUrl: string;
  /** Who does it (audit), and the tenant's name for the mail. */
  actor: Actor;
}

export const INVITE_DAYS = 7;
export const RESET_MINUTES = 60;

export const signInLink = (publicUrl: string, host: boolean, purpose: 'invite' | 'reset', token: string) => `${publicUrl.replace(/\/$/, '')}/${host ? 'admin' : 'console'}#${purpose}=${token}`;

/** A one-time link for a user; earlier links of the same purpose stop working. */
async function issueToken(tx: Sql | Tx, userId: string, purpose: 'invite' | 'reset'): Promise<string> {
  const token = secretToken();
  const ttl = purpose === 'invite' ? `${INVITE_DAYS} days` : `${RESET_MINUTES} minutes`;
  await tx`update user_tokens set used_at = now() where user_id = ${userId} and purpose = ${purpose} and used_at is null`;
  await tx`insert into user_tokens (hash, user_id, purpose, expires_at)
           values (${sha256(token)}, ${userId}, ${purpose}, now() + ${ttl}::interval)`;
  return token;
}

function invitationMail(to: string, name: string, where: string, link: string) {
  return {
    to,
    ref: 'account',
    subject: `Einladung zu Bürgernah · Invitation to Bürgernah`,
    text:
      `Guten Tag ${name},\n\nSie wurden als Mitarbeiterin oder Mitarbeiter von ${where} zu Bürgernah eingeladen. ` +
      `Legen Sie hier Ihr Passwort fest (der Link gilt ${INVITE_DAYS} Tage und einmal):\n${link}\n\n` +
      `Hello ${name},\n\nyou have been invited to Bürgernah as staff of ${where}. ` +
      `Set your password here (the link works once, for ${INVITE_DAYS} days):\n${link}\n`,
  };
}

function resetMail(to: string, link: string) {
  return {
    to,
    ref: 'account',
    subject: `Passwort zurücksetzen · Reset your password`,
    text:
      `Guten Tag,\n\nmit diesem Link legen Sie ein neues Passwort fest (gültig ${RESET_MINUTES} Minuten, einmal):\n${link}\n` +
      `Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.\n\n` +
      `Hello,\n\nset a new password with this link (valid for ${RESET_MINUTES} minutes, once):\n${link}\n` +
      `If you did not ask for this, ignore this message.\n`,
  };
}

/** The tenant's mail, or (hosting office, which has no outbox of its own) none: the link is shown instead. */
async function mailOrNothing(tx: Sql | Tx, tenantId: string | null, mail: { to: string; subject: string; text: string; ref: string }) {
  if (tenantId) await enqueueMail(tx, tenantId, mail);
}

export async function inviteUser(
  sql: Sql,
  scope: Scope,
  input: { email: string; name: string; roles: Role[]; tenantId: string | null },
  opts: LinkOptions,
): Promise<UserJson & { invitationUrl: string }> {
  if ('tenantId' in scope && input.tenantId !== scope.tenantId) throw notFound('tenant');
  checkRoles(input.tenantId, input.roles);
  return sql.begin(async (tx) => {
    const [where] = input.tenantId ? await tx<{ name: string }[]>`select name from tenants where id = ${input.tenantId}` : [{ name: 'der Hosting-Stelle / the hosting office' }];
    if (!where) throw notFound('tenant');
    const [row] = await tx<{ id: string }[]>`
      insert into users (tenant_id, email, name, roles) values (${input.tenantId}, ${input.email}, ${input.name}, ${input.roles})
      on conflict (email) do nothing returning id`;
    if (!row) {
      throw new ApiError('USER_EXISTS', {
        detail: 'An account with this e-mail address exists already (one account per address).',
        errors: [{ path: 'email', message: 'An account with this e-mail address exists already.' }],
      });
    }
    const token = await issueToken(tx, row.id, 'invite');
    const link = signInLink(opts.publicUrl, input.tenantId === null, 'invite', token);
    await mailOrNothing(tx, input.tenantId, invitationMail(input.email, input.name, where.name, link));
    if (input.tenantId) await recordAudit(tx, input.tenantId, opts.actor, 'user.invite', input.email, { roles: input.roles });
    return { ...userJson(await getUser(tx, { all: true }, row.id)), invitationUrl: link };
  }) as Promise<UserJson & { invitationUrl: string }>;
}

/** A fresh invitation link (the old ones stop working), mailed again. */
export async function reinviteUser(sql: Sql, scope: Scope, id: string, opts: LinkOptions): Promise<{ invitationUrl: string }> {
  return sql.begin(async (tx) => {
    const u = await getUser(tx, scope, id);
    const [where] = u.tenant_id ? await tx<{ name: string }[]>`select name from tenants where id = ${u.tenant_id}` : [{ name: 'der Hosting-Stelle / the hosting office' }];
    const token = await issueToken(tx, u.id, u.password_hash ? 'reset' : 'invite');
    const link = signInLink(opts.publicUrl, u.tenant_id === null, u.password_hash ? 'reset' : 'invite', token);
    await mailOrNothing(tx, u.tenant_id, u.password_hash ? resetMail(u.email, link) : invitationMail(u.email, u.name, where!.name, link));
    if (u.tenant_id) await recordAudit(tx, u.tenant_id, opts.actor, 'user.reinvite', u.email);
    return { invitationUrl: link };
  }) as Promise<{ invitationUrl: string }>;
}

export async function updateUser(sql: Sql, scope: Scope, id: string, patch: { name?: string; roles?: Role[]; enabled?: boolean }, actor: Actor): Promise<UserJson> {
  return sql.begin(async (tx) => {
    const u = await getUser(tx, scope, id);
    if (patch.roles) checkRoles(u.tenant_id, patch.roles);
    if (
      actor.id === `user:${u.id}` &&
      (patch.enabled === false ||
        (patch.roles && !patch.roles.some((r) => u.roles.includes(r) && (r === 'tenant-admin' || r === 'host-admin')) && u.roles.some((r) => r === 'tenant-admin' || r === 'host-admin')))
    ) {
      throw new ApiError('SELF_LOCKOUT', { detail: 'You cannot disable yourself or take away your own administration role.' });
    }
    await tx`update users set
        name = ${patch.name ?? u.name}, roles = ${patch.roles ?? u.roles}, enabled = ${patch.enabled ?? u.enabled}, updated_at = now()
      where id = ${u.id}`;
    // A disabled user, or one whose roles changed, signs in again: no session keeps old powers.
    if (patch.enabled === false || patch.roles) await tx`delete from sessions where user_id = ${u.id}`;
    if (u.tenant_id) {
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name !== u.name) changes.name = [u.name, patch.name];
      if (patch.roles) changes.roles = [u.roles, patch.roles];
      if (patch.enabled !== undefined && patch.enabled !== u.enabled) changes.enabled = [u.enabled, patch.enabled];
      await recordAudit(tx, u.tenant_id, actor, 'user.update', u.email, changes);
    }
    return userJson(await getUser(tx, scope, u.id));
  }) as Promise<UserJson>;
}

export async function resetTotp(sql: Sql, scope: Scope, id: string, actor: Actor): Promise<UserJson> {
  return sql.begin(async (tx) => {
    const u = await getUser(tx, scope, id);
    await tx`update users set totp_secret = null, totp_pending = null, totp_last_step = null, updated_at = now() where id = ${u.id}`;
    await tx`delete from sessions where user_id = ${u.id}`;
    if (u.tenant_id) await recordAudit(tx, u.tenant_id, actor, 'user.reset-2fa', u.email);
    return userJson(await getUser(tx, scope, u.id));
  }) as Promise<UserJson>;
}

/** Sends a reset link when the address belongs to an enabled account; says nothing either way. */
export async function requestReset(sql: Sql, email: string, publicUrl: string): Promise<string | null> {
  return sql.begin(async (tx) => {
    const [u] = await tx<UserRow[]>`select * from users where email = ${email} and enabled`;
    if (!u) return null;
    const token = await issueToken(tx, u.id, 'reset');
    const link = signInLink(publicUrl, u.tenant_id === null, 'reset', token);
    await mailOrNothing(tx, u.tenant_id, resetMail(u.email, link));
    return link;
  }) as Promise<string | null>;
}

export interface TokenInfo {
  userId: string;
  purpose: 'invite' | 'reset';
  user: UserRow;
  tenant: null | { slug: string; name: string };
}

/** A live one-time link, or a 410. `consume` marks it used in the caller's transaction. */
export async function tokenInfo(sql: Sql | Tx, token: string, opts: { consume?: boolean } = {}): Promise<TokenInfo> {
  const [row] = await sql<{ user_id: string; purpose: 'invite' | 'reset' }[]>`
    ${opts.consume ? sql`update user_tokens set used_at = now()` : sql`select user_id, purpose from user_tokens`}
    where hash = ${sha256(token)} and used_at is null and expires_at > now()
    ${opts.consume ? sql`returning user_id, purpose` : sql``}`;
  const user = row ? (await sql<UserRow[]>`select * from users where id = ${row.user_id} and enabled`)[0] : undefined;
  if (!row || !user) {
    throw new ApiError('TOKEN_INVALID', {
      detail: 'This link was used already or has expired. Ask your administrator for a new one.',
    });
  }
  const [tenant] = user.tenant_id ? await sql<{ slug: string; name: string }[]>`select slug, name from tenants where id = ${user.tenant_id}` : [];
  return { userId: user.id, purpose: row.purpose, user, tenant: tenant ?? null };
}

// ── Sessions ────────────────────────────────────────────────────────────────────────────

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export const sessionPolicy = (): SessionPolicy => ({
  idleMs: Number(process.env.BN_SESSION_IDLE_MIN ?? 30) * 60_000,
  maxMs: Number(process.env.BN_SESSION_MAX_HOURS ?? 12) * 3_600_000,
});

export interface SessionRow {
  user: UserRow;
  via: 'password' | 'oidc';
  stage: 'full' | 'enroll';
  idHash: Buffer;
}

export async function createSession(sql: Sql | Tx, user: UserRow, via: 'password' | 'oidc', now: Date, policy: SessionPolicy): Promise<string> {
  const id = secretToken();
  const stage = needsTotp(user.roles) && !user.totp_secret && via === 'password' ? 'enroll' : 'full';
  await sql`insert into sessions (id_hash, user_id, via, stage, created_at, last_seen_at, expires_at)
            values (${sha256(id)}, ${user.id}, ${via}, ${stage}, ${now}, ${now}, ${new Date(now.getTime() + policy.maxMs)})`;
  await sql`update users set last_login_at = ${now} where id = ${user.id}`;
  return id;
}

/**
 * Signs a person in: a session, and for a town's staff an audit entry `user.sign-in` in the
 * same transaction (the hosting office has no audit trail of its own).
 */
export async function openSession(sql: Sql, user: UserRow, via: 'password' | 'oidc', now: Date, policy: SessionPolicy): Promise<string> {
  return sql.begin(async (tx) => {
    const id = await createSession(tx, user, via, now, policy);
    if (user.tenant_id) await recordAudit(tx, user.tenant_id, { id: `user:${user.id}`, name: user.name || user.email }, 'user.sign-in', user.email, { via });
    return id;
  }) as Promise<string>;
}

/**
 * The session of a cookie value, or null when unknown, idle too long, past its absolute end,
 * or its user is disabled. Activity is written at most once a minute.
 */
export async function loadSession(sql: Sql, id: string, now: Date, policy: SessionPolicy): Promise<SessionRow | null> {
  const idHash = sha256(id);
  const [row] = await sql<(UserRow & { s_via: 'password' | 'oidc'; s_stage: 'full' | 'enroll'; s_seen: Date; s_expires: Date })[]>`
    select u.*, s.via as s_via, s.stage as s_stage, s.last_seen_at as s_seen, s.expires_at as s_expires
    from sessions s join users u on u.id = s.user_id
    where s.id_hash = ${idHash}`;
  if (!row) return null;
  const seen = new Date(row.s_seen).getTime();
  if (!row.enabled || now.getTime() >= new Date(row.s_expires).getTime() || now.getTime() - seen >= policy.idleMs) {
    await sql`delete from sessions where id_hash = ${idHash}`;
    return null;
  }
  if (now.getTime() - seen > 60_000) await sql`update sessions set last_seen_at = ${now} where id_hash = ${idHash}`;
  const { s_via, s_stage, s_seen: _seen, s_expires: _expires, ...user } = row;
  return { user: user as UserRow, via: s_via, stage: s_stage, idHash };
}

export async function endSession(sql: Sql, id: string): Promise<void> {
  await sql`delete from sessions where id_hash = ${sha256(id)}`;
}

export async function purgeSessions(sql: Sql): Promise<number> {
  const a = await sql`delete from sessions where expires_at < now()`;
  const b = await sql`delete from user_tokens where expires_at < now() - interval '30 days'`;
  const c = await sql`delete from oidc_flows where expires_at < now()`;
  return a.count + b.count + c.count;
}

/** What the consoles read about the signed-in person. */
export async function meJson(sql: Sql, s: { user: UserRow; via: 'password' | 'oidc'; stage: 'full' | 'enroll' }): Promise<Me> {
  const u = s.user;
  let tenant: Me['tenant'] = null;
  if (u.tenant_id) {
    const [t] = await sql<{ id: string; slug: string; name: string; modules: string[]; languages: string[]; p_slug: string | null; p_name: string | null }[]>`
      select t.id, t.slug, t.name, t.modules, t.languages, p.slug as p_slug, p.name as p_name
      from tenants t left join tenants p on p.id = t.parent_id where t.id = ${u.tenant_id}`;
    if (t) tenant = { id: t.id, slug: t.slug, name: t.name, modules: t.modules, languages: t.languages, parent: t.p_slug ? { slug: t.p_slug, name: t.p_name! } : null };
  }
  return {
    user: {
      id: u.id,
      email: u.email,
      name: u.name,
      roles: u.roles,
      totpEnabled: !!u.totp_secret,
      tenant: tenant ? { id: tenant.id, slug: tenant.slug, name: tenant.name } : null,
    },
    tenant,
    host: u.tenant_id === null,
    mustEnrollTotp: s.stage === 'enroll',
    via: s.via,
  };
}

/** Names of everyone who can act for a tenant: its users (`user:<uuid>`) and staff keys (by id). */
export async function staffDirectory(sql: Sql, tenantId: string): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; label: string }[]>`
    select 'user:' || id as id, coalesce(nullif(name, ''), email) as label from users where tenant_id = ${tenantId}
    union all
    select id, label from api_keys where tenant_id = ${tenantId} and kind = 'staff'`;
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** The tenant's enabled users who hold a module's clerk role, for assigning work. */
export async function clerksOf(sql: Sql, tenantId: string, module: string): Promise<{ id: string; label: string }[]> {
  return sql<{ id: string; label: string }[]>`
    select 'user:' || id as id, coalesce(nullif(name, ''), email) as label from users
    where tenant_id = ${tenantId} and enabled and ${module} = any (roles)
    order by 2, 1`;
}
