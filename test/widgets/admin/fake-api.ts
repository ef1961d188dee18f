/**
 * An in-memory stand-in for `/v1/admin/*`, enough for the console's flows: tenants, keys,
 * revoke, rotate, and the server's answers on conflicts. Each admin call is recorded in
 * `calls`. Signing in, the session and the users routes are core's FakeAuth (`auth`),
 * signed in as a hosting-office user with two factors unless told otherwise.
 */
import * as v from 'valibot';
import type { ApiKey, Tenant } from '../../../widgets/admin/types.ts';
import { KeyCreate, KeyListQuery, KeyRotate, TenantCreate, TenantUpdate } from '../../../backend/admin/schema.ts';
import { FakeAuth, user } from '../core/fake-auth.ts';

/**
 * The API's own schemas (backend/admin/routes.ts), by method and path: every query and body
 * the console sends is checked as the server checks it.
 */
const SCHEMAS: { method: string; path: RegExp; query?: v.GenericSchema; body?: v.GenericSchema }[] = [
  { method: 'POST', path: /^\/v1\/admin\/tenants$/, body: TenantCreate },
  { method: 'PATCH', path: /^\/v1\/admin\/tenants\/[^/]+$/, body: TenantUpdate },
  { method: 'GET', path: /^\/v1\/admin\/keys$/, query: KeyListQuery },
  { method: 'POST', path: /^\/v1\/admin\/keys$/, body: KeyCreate },
  { method: 'POST', path: /^\/v1\/admin\/keys\/[^/]+\/rotate$/, body: KeyRotate },
];

function refused(method: string, url: URL, body: unknown): Response | undefined {
  const route = SCHEMAS.find((s) => s.method === method && s.path.test(url.pathname));
  const query = Object.fromEntries(url.searchParams);
  for (const [schema, input] of [
    [route?.query, query],
    [route?.body, body],
  ] as const) {
    if (!schema) continue;
    const r = v.safeParse(schema, input);
    if (!r.success) return problem(422, 'VALIDATION_FAILED', { errors: r.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) });
  }
  return undefined;
}

export const HOST_USER = () => user({ email: 'hosting@musterkreis.de', name: 'Hanna Hosting', tenant: null, roles: ['host-admin'], totpEnabled: true });
export const PK = 'bn_pk_' + 'p'.repeat(28);

const now = '2026-05-04T10:00:00.000Z';

export function tenant(over: Partial<Tenant> = {}): Tenant {
  return {
    id: crypto.randomUUID(),
    slug: 'beispielstadt',
    name: 'Gemeinde Beispielstadt',
    parent: null,
    origins: ['https://www.beispielstadt.de'],
    modules: ['tips', 'kita', 'jobs', 'plans'],
    languages: ['de', 'en'],
    theme: {},
    map: {},
    privacyUrl: null,
    accessibilityUrl: null,
    contactEmail: null,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function key(over: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_' + Math.random().toString(36).slice(2, 10).padEnd(16, 'x').slice(0, 16),
    tenant: 'beispielstadt',
    kind: 'publishable',
    label: 'Website',
    hint: 'bn_pk_…pppp',
    createdAt: now,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    replacedBy: null,
    status: 'active',
    publishableKey: PK,
    ...over,
  };
}

export interface FakeAdmin {
  fetch: typeof fetch;
  auth: FakeAuth;
  tenants: Tenant[];
  keys: ApiKey[];
  calls: { method: string; path: string; body?: unknown }[];
  /** Answer every call with this status (network tests). */
  failWith?: number;
}

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, requestId: 'r1', detail: `${code} detail`, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let counter = 0;

export function fakeAdmin(init: { tenants?: Tenant[]; keys?: ApiKey[]; signedIn?: boolean } = {}): FakeAdmin {
  const auth = new FakeAuth([HOST_USER()]);
  if (init.signedIn !== false) auth.signIn();
  const state: FakeAdmin = {
    auth,
    tenants: init.tenants ?? [tenant()],
    keys: init.keys ?? [],
    calls: [],
    fetch: auth.fetch,
  };
  auth.fallback = (call) => {
    const url = new URL(call.path, 'https://api.test');
    const method = call.method;
    // biome-ignore lint/suspicious/noExplicitAny: the fake reads whatever the widget sent
    const body = (call.body ?? {}) as Record<string, any>;
    state.calls.push({ method, path: call.path, body });
    if (state.failWith) return problem(state.failWith, state.failWith >= 500 ? 'INTERNAL' : 'X');
    const bad = refused(method, url, call.body);
    if (bad) return bad;
    const p = url.pathname;
    const tenantPath = p.match(/^\/v1\/admin\/tenants\/([^/]+)$/);
    const keyAction = p.match(/^\/v1\/admin\/keys\/([^/]+)\/(revoke|rotate)$/);
    if (p === '/v1/admin/tenants' && method === 'GET') return json({ items: state.tenants });
    if (p === '/v1/admin/tenants' && method === 'POST') {
      if (state.tenants.some((t) => t.slug === body.slug)) return problem(409, 'CONFLICT');
      const t = tenant({ ...body, parent: body.parent ?? null });
      state.tenants.push(t);
      return json(t, 201);
    }
    if (tenantPath) {
      const t = state.tenants.find((x) => x.slug === tenantPath[1]);
      if (!t) return problem(404, 'NOT_FOUND');
      if (method === 'PATCH') Object.assign(t, body);
      return json(t);
    }
    if (p === '/v1/admin/keys' && method === 'GET') {
      return json({ items: state.keys.filter((k) => k.tenant === url.searchParams.get('tenant')) });
    }
    if (p === '/v1/admin/keys' && method === 'POST') {
      const secret = (body.kind === 'staff' ? 'bn_sk_' : 'bn_pk_') + String(++counter).padStart(28, 'N');
      const k = key({ kind: body.kind, tenant: body.tenant, label: body.label, hint: `${secret.slice(0, 6)}…${secret.slice(-4)}`, publishableKey: body.kind === 'publishable' ? secret : undefined });
      state.keys.push(k);
      return json({ ...k, key: secret }, 201);
    }
    if (keyAction) {
      const k = state.keys.find((x) => x.id === keyAction[1]);
      if (!k) return problem(404, 'NOT_FOUND');
      if (keyAction[2] === 'revoke') {
        Object.assign(k, { status: 'revoked', revokedAt: now });
        return json(k);
      }
      const secret = 'bn_pk_' + String(++counter).padStart(28, 'R');
      const fresh = key({ tenant: k.tenant, kind: k.kind, label: k.label, hint: `bn_pk_…${secret.slice(-4)}`, publishableKey: secret });
      const until = new Date(Date.parse(now) + body.graceHours * 3600_000).toISOString();
      Object.assign(k, { status: 'expiring', expiresAt: until, replacedBy: fresh.id });
      state.keys.push(fresh);
      return json({ ...fresh, key: secret, previous: k }, 201);
    }
    return problem(404, 'NOT_FOUND');
  };
  return state;
}
