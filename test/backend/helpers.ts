// Test world: a fresh migrated database, the app, two tenants of one community plus an
// unrelated third, and keys of every kind.
import { createApp } from '../../backend/app.ts';
import { createKey, createTenant } from '../../backend/admin/store.ts';
import { CLI_ACTOR } from '../../backend/core/audit.ts';
import { TenantCreate } from '../../backend/admin/schema.ts';
import { createCaches, type Caches } from '../../backend/core/caches.ts';
import { createSession, sessionPolicy, type UserRow } from '../../backend/core/accounts.ts';
import * as v from 'valibot';
import { freshDatabase, type TestDb } from './db.ts';
import { ERROR_CODES, type ErrorCode } from '../../backend/core/errors.ts';

process.env.NODE_ENV = 'test';

export const ORIGIN_A = 'https://www.beispielstadt.example';
export const ORIGIN_B = 'https://www.musterkreis.example';
export const ORIGIN_C = 'https://www.anderswo.example';

export interface World {
  db: TestDb;
  app: ReturnType<typeof createApp>;
  /** county (community parent) */
  b: { id: string; slug: string; pk: string; sk: string };
  /** town in B's community */
  a: { id: string; slug: string; pk: string; sk: string };
  /** unrelated tenant, no community */
  c: { id: string; slug: string; pk: string; sk: string };
  admin: string;
  /** The app's in-memory caches (its replica state). */
  caches: Caches;
  /** Drops the app's cached key lookups and configs after a change made behind its back. */
  forgetKeys(): void;
  /** app.request with a key and, for publishable keys, the tenant's Origin. */
  req(path: string, init?: RequestInit & { key?: string; origin?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

async function tenant(db: TestDb, slug: string, name: string, origin: string, parent: string | null) {
  const t = await createTenant(db.sql, v.parse(TenantCreate, { slug, name, origins: [origin], parent }), CLI_ACTOR);
  const pk = await createKey(db.sql, { kind: 'publishable', tenant: slug, label: 'web' }, CLI_ACTOR);
  const sk = await createKey(db.sql, { kind: 'staff', tenant: slug, label: 'Erika Musterfrau' }, CLI_ACTOR);
  return { id: t.id, slug, pk: pk.key, sk: sk.key };
}

/** `now`: the app's clock (c.get('now')()), for tests at day boundaries; `onQuery` sees every statement. */
export async function world(opts: { now?: () => Date; onQuery?: (query: string) => void } = {}): Promise<World> {
  const db = await freshDatabase({ onQuery: opts.onQuery });
  const caches = createCaches();
  const app = createApp({ db, caches, now: opts.now });
  const b = await tenant(db, 'musterkreis', 'Landkreis Musterkreis', ORIGIN_B, null);
  const a = await tenant(db, 'beispielstadt', 'Gemeinde Beispielstadt', ORIGIN_A, 'musterkreis');
  const c = await tenant(db, 'anderswo', 'Stadt Anderswo', ORIGIN_C, null);
  const admin = (await createKey(db.sql, { kind: 'admin', label: 'Hosting office' }, CLI_ACTOR)).key;
  const origins: Record<string, string> = { [a.pk]: ORIGIN_A, [b.pk]: ORIGIN_B, [c.pk]: ORIGIN_C };
  return {
    db,
    app,
    a,
    b,
    c,
    admin,
    caches,
    forgetKeys: () => caches.forgetKeys(),
    req(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
      const origin = init.origin === undefined ? (init.key ? origins[init.key] : undefined) : init.origin;
      if (origin) headers.set('Origin', origin);
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers.set('Content-Type', 'application/json');
      }
      return Promise.resolve(app.request(path, { ...init, headers, body }));
    },
    close: () => db.close(),
  };
}

/** Asserts an RFC 9457 problem and returns its body. */
export async function problem(res: Response, status: number, code?: ErrorCode) {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  if (!res.headers.get('Content-Type')?.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers.get('Content-Type')}`);
  }
  const body = JSON.parse(text);
  for (const field of ['type', 'title', 'status', 'code', 'requestId']) {
    if (!(field in body)) throw new Error(`problem lacks ${field}: ${text}`);
  }
  if (code && body.code !== code) throw new Error(`expected code ${code}, got ${body.code}: ${text}`);
  // Every code comes from the one table, with its status and title.
  const known = (ERROR_CODES as Record<string, { status: number; title: string } | undefined>)[body.code];
  if (!known) throw new Error(`code ${body.code} is not in ERROR_CODES (backend/core/errors.ts): ${text}`);
  if (known.status !== body.status || known.title !== body.title) throw new Error(`${body.code} is ${known.status} "${known.title}" in ERROR_CODES: ${text}`);
  if (/at .*\.ts:\d+|node_modules|stack/i.test(text)) throw new Error(`problem leaks internals: ${text}`);
  return body as { type: string; title: string; status: number; code: ErrorCode; detail?: string; requestId: string; errors?: { path: string; message: string }[] };
}

/** The origin app.request() sees; unsafe requests with a session cookie must come from it. */
export const API_ORIGIN = 'http://localhost';

/**
 * A person with these roles, signed in: their user row is created directly (second factor
 * already set up, so admin roles get a full session) and a session opened. Returns the
 * `Cookie` header value and the user's id.
 */
export async function signedIn(w: World, opts: { tenantId: string | null; roles: string[]; email?: string; name?: string }) {
  const email = opts.email ?? `${opts.roles.join('-').replace(/[^a-z-]/g, '') || 'none'}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const [user] = await w.db.sql<UserRow[]>`
    insert into users (tenant_id, email, name, roles, totp_secret)
    values (${opts.tenantId}, ${email}, ${opts.name ?? email.split('@')[0]!}, ${opts.roles}, 'JBSWY3DPEHPK3PXP')
    returning *`;
  const id = await createSession(w.db.sql, user!, 'password', new Date(), sessionPolicy());
  return { cookie: `bn_session=${id}`, userId: user!.id, email };
}

/** Cookie-authenticated request from the console's own origin (unless `origin` says otherwise). */
export function asPerson(w: World, cookie: string, path: string, init: RequestInit & { json?: unknown; origin?: string | null } = {}) {
  const headers = new Headers(init.headers);
  headers.set('Cookie', cookie);
  const origin = init.origin === undefined ? API_ORIGIN : init.origin;
  if (origin) headers.set('Origin', origin);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set('Content-Type', 'application/json');
  }
  return Promise.resolve(w.app.request(path, { ...init, headers, body }));
}
