/**
 * An in-memory stand-in for the accounts API (/work/notes/accounts-contract.md): sign-in
 * with password and one-time code, invitation / reset tokens, TOTP enrolment, the session
 * "cookie" (a flag here), and the users routes. Module routes go to `fallback`.
 */
import type { Me, StaffUser } from '../../../widgets/core/staff-context.ts';
import { json, problem } from '../helpers.ts';
import * as v from 'valibot';
import { LoginBody, PasswordBody, ResetBody, TokenBody, TotpConfirmBody, UserInvite, UserUpdate } from '../../../backend/core/accounts-schema.ts';

const SCHEMAS: Record<string, v.GenericSchema> = {
  'POST /v1/auth/login': LoginBody,
  'POST /v1/auth/reset': ResetBody,
  'POST /v1/auth/token': TokenBody,
  'POST /v1/auth/password': PasswordBody,
  'POST /v1/auth/totp/confirm': TotpConfirmBody,
  'POST /v1/staff/users': UserInvite,
  'POST /v1/admin/users': UserInvite,
  'PATCH /v1/staff/users/:id': UserUpdate,
  'PATCH /v1/admin/users/:id': UserUpdate,
};

export const CODE = '123456';
export const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const now = '2026-05-04T10:00:00.000Z';
export const TENANT = { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['tips'], languages: ['de', 'en'], parent: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } };

export interface FakeUser extends StaffUser {
  password?: string;
}

export interface Call {
  method: string;
  path: string;
  body?: Record<string, unknown>;
  init: RequestInit;
}

let ids = 0;

export function user(over: Partial<FakeUser> = {}): FakeUser {
  return {
    id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    email: 'erika@beispielstadt.de',
    name: 'Erika Musterfrau',
    roles: ['tips'],
    enabled: true,
    totpEnabled: false,
    hasPassword: true,
    password: 'correct horse battery',
    tenant: 'beispielstadt',
    lastLoginAt: null,
    createdAt: now,
    ...over,
  };
}

export class FakeAuth {
  users: FakeUser[];
  calls: Call[] = [];
  /** The signed-in user's id: the HttpOnly cookie, as far as the page can tell. */
  session?: string;
  tokens = new Map<string, { userId: string; purpose: 'invite' | 'reset' }>();
  oidc: null | { name: string; startUrl: string } = null;
  /** Seconds: the next sign-in answers 429 with this Retry-After. */
  tooMany?: number;
  tenant = TENANT;
  fallback?: (call: Call) => Response | Promise<Response> | undefined;

  constructor(users: FakeUser[] = [user()]) {
    this.users = users;
  }

  /** Signs `u` in directly, as if the cookie were already set. */
  signIn(u: FakeUser = this.users[0]!): this {
    this.session = u.id;
    return this;
  }

  invite(u: FakeUser, token = 'tok-invite-0123456789abcdefghij', purpose: 'invite' | 'reset' = 'invite'): string {
    this.tokens.set(token, { userId: u.id, purpose });
    return token;
  }

  get current(): FakeUser | undefined {
    return this.users.find((u) => u.id === this.session);
  }

  me(u: FakeUser): Me {
    const host = u.tenant === null;
    const needs = u.roles.includes('tenant-admin') || u.roles.includes('host-admin');
    return {
      user: { id: u.id, email: u.email, name: u.name, roles: u.roles, totpEnabled: u.totpEnabled, tenant: host ? null : { id: this.tenant.id, slug: this.tenant.slug, name: this.tenant.name } },
      tenant: host ? null : this.tenant,
      host,
      mustEnrollTotp: needs && !u.totpEnabled,
      via: 'password',
    };
  }

  private view(u: FakeUser): StaffUser {
    const { password: _p, ...rest } = u;
    return rest;
  }

  readonly fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    const call: Call = { method, path: url.pathname + url.search, body, init };
    this.calls.push(call);
    init.signal?.throwIfAborted();
    // Every body the consoles send is checked against the API's own schema, as the server does.
    const schema = method === 'POST' || method === 'PATCH' ? SCHEMAS[`${method} ${url.pathname.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/g, '/:id')}`] : undefined;
    if (schema) {
      const r = v.safeParse(schema, body);
      if (!r.success) return problem(422, 'VALIDATION_FAILED', { errors: r.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) });
    }
    return this.answer(call, url);
  }) as typeof fetch;

  private answer(call: Call, url: URL): Response | Promise<Response> {
    const { method, body } = call;
    const p = url.pathname;
    const me = this.current;
    if (p === '/v1/auth/providers') return json({ local: true, oidc: this.oidc });
    if (p === '/v1/auth/me') return me ? json(this.me(me)) : problem(401, 'UNAUTHENTICATED');
    if (p === '/v1/auth/login' && method === 'POST') {
      if (this.tooMany) return problem(429, 'TOO_MANY_ATTEMPTS', { headers: { 'retry-after': String(this.tooMany) } });
      const u = this.users.find((x) => x.email === body?.email && x.password && x.password === body?.password && x.enabled);
      if (!u) return problem(401, 'SIGN_IN_FAILED');
      if (u.totpEnabled && !body?.totp) return problem(401, 'TOTP_REQUIRED');
      if (u.totpEnabled && body?.totp !== CODE) return problem(401, 'TOTP_INVALID');
      this.session = u.id;
      u.lastLoginAt = now;
      return json(this.me(u));
    }
    if (p === '/v1/auth/logout' && method === 'POST') {
      this.session = undefined;
      return new Response(null, { status: 204 });
    }
    if (p === '/v1/auth/reset' && method === 'POST') return new Response(null, { status: 202 });
    if (p === '/v1/auth/token' && method === 'POST') {
      const t = this.tokens.get(String(body?.token));
      const u = t && this.users.find((x) => x.id === t.userId);
      if (!t || !u) return problem(410, 'TOKEN_INVALID');
      return json({
        purpose: t.purpose,
        email: u.email,
        name: u.name,
        tenant: u.tenant ? { slug: this.tenant.slug, name: this.tenant.name } : null,
        totpRequired: this.me(u).mustEnrollTotp,
        totpEnabled: u.totpEnabled,
      });
    }
    if (p === '/v1/auth/password' && method === 'POST') {
      const t = this.tokens.get(String(body?.token));
      const u = t && this.users.find((x) => x.id === t.userId);
      if (!t || !u) return problem(410, 'TOKEN_INVALID');
      const pw = String(body?.password ?? '');
      if (pw.length < 12 || pw === 'passwordpassword') return problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'password', message: 'Too common' }] });
      if (u.totpEnabled && !body?.totp) return problem(401, 'TOTP_REQUIRED');
      if (u.totpEnabled && body?.totp !== CODE) return problem(401, 'TOTP_INVALID');
      u.password = pw;
      u.hasPassword = true;
      this.tokens.delete(String(body?.token));
      this.session = u.id;
      return json(this.me(u));
    }
    if (p === '/v1/auth/totp/setup' && method === 'POST') {
      if (!me) return problem(401, 'UNAUTHENTICATED');
      return json({ secret: SECRET, uri: `otpauth://totp/B%C3%BCrgernah:${encodeURIComponent(me.email)}?secret=${SECRET}&issuer=B%C3%BCrgernah` });
    }
    if (p === '/v1/auth/totp/confirm' && method === 'POST') {
      if (!me) return problem(401, 'UNAUTHENTICATED');
      if (body?.code !== CODE) return problem(422, 'TOTP_MISMATCH');
      me.totpEnabled = true;
      return json(this.me(me));
    }
    // Everything else needs a session, and no key may ride along.
    if (new Headers(call.init.headers).has('authorization')) return problem(400, 'UNEXPECTED_KEY');
    if (!me) return problem(401, 'UNAUTHENTICATED');
    if (me && this.me(me).mustEnrollTotp) return problem(403, 'TOTP_ENROLMENT_REQUIRED');
    const users = p.match(/^\/v1\/(staff|admin)\/users(?:\/([^/]+))?(?:\/(invite|reset-2fa))?$/);
    if (users) return this.usersRoute(call, url, users[1] as 'staff' | 'admin', users[2], users[3]);
    return this.fallback?.(call) ?? problem(404, 'NOT_FOUND');
  }

  private usersRoute(call: Call, url: URL, scope: 'staff' | 'admin', id?: string, action?: string): Response {
    const me = this.current!;
    const role = scope === 'admin' ? 'host-admin' : 'tenant-admin';
    if (!me.roles.includes(role)) return problem(403, 'ROLE_REQUIRED', { detail: `Needs ${role}` });
    const { method, body } = call;
    if (!id && method === 'GET') {
      const tenant = scope === 'admin' ? url.searchParams.get('tenant') : me.tenant;
      return json({ items: this.users.filter((u) => !tenant || u.tenant === tenant).map((u) => this.view(u)) });
    }
    if (!id && method === 'POST') {
      if (this.users.some((u) => u.email === body?.email)) return problem(409, 'CONFLICT');
      const u = user({
        email: String(body?.email),
        name: String(body?.name),
        roles: body?.roles as StaffUser['roles'],
        hasPassword: false,
        password: undefined,
        tenant: scope === 'admin' ? ((body?.tenant as string | null) ?? null) : me.tenant,
      });
      this.users.push(u);
      const token = this.invite(u, `tok-${u.id}-0123456789abcdefghij`);
      return json({ ...this.view(u), invitationUrl: `https://api.test/console#invite=${token}` }, 201);
    }
    const u = this.users.find((x) => x.id === id);
    if (!u) return problem(404, 'NOT_FOUND');
    if (action === 'invite') return json({ invitationUrl: `https://api.test/console#invite=${this.invite(u, `tok-${u.id}-2-0123456789abcdefghij`)}` });
    if (action === 'reset-2fa') {
      u.totpEnabled = false;
      return json(this.view(u));
    }
    if (method === 'PATCH') {
      Object.assign(u, body);
      return json(this.view(u));
    }
    return problem(405, 'METHOD_NOT_ALLOWED');
  }
}

/** Nothing that could sign a person in may be left in browser storage. */
export function storageHoldsNoSecret(...secrets: string[]): boolean {
  const all = [sessionStorage, localStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`));
  return all.every((entry) => !/key|token|session|secret|password|bn_sk_|bn_ak_/i.test(entry.replace(/^bn-staff-lang=(de|en)$/, '')) && secrets.every((x) => !entry.includes(x)));
}
