// Test world: a fresh migrated database, the app, two tenants of one community plus an
// unrelated third, and keys of every kind.
import { createApp } from '../../backend/app.ts';
import { createKey, createTenant } from '../../backend/admin/store.ts';
import { TenantCreate } from '../../backend/admin/schema.ts';
import { forgetKeys } from '../../backend/core/auth.ts';
import * as v from 'valibot';
import { freshDatabase, type TestDb } from './db.ts';

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
  /** app.request with a key and, for publishable keys, the tenant's Origin. */
  req(path: string, init?: RequestInit & { key?: string; origin?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

async function tenant(db: TestDb, slug: string, name: string, origin: string, parent: string | null) {
  const t = await createTenant(db.sql, v.parse(TenantCreate, { slug, name, origins: [origin], parent }));
  const pk = await createKey(db.sql, { kind: 'publishable', tenant: slug, label: 'web' });
  const sk = await createKey(db.sql, { kind: 'staff', tenant: slug, label: 'Erika Musterfrau' });
  return { id: t.id, slug, pk: pk.key, sk: sk.key };
}

export async function world(): Promise<World> {
  forgetKeys();
  const db = await freshDatabase();
  const app = createApp({ db });
  const b = await tenant(db, 'musterkreis', 'Landkreis Musterkreis', ORIGIN_B, null);
  const a = await tenant(db, 'beispielstadt', 'Gemeinde Beispielstadt', ORIGIN_A, 'musterkreis');
  const c = await tenant(db, 'anderswo', 'Stadt Anderswo', ORIGIN_C, null);
  const admin = (await createKey(db.sql, { kind: 'admin', label: 'Hosting office' })).key;
  const origins: Record<string, string> = { [a.pk]: ORIGIN_A, [b.pk]: ORIGIN_B, [c.pk]: ORIGIN_C };
  return {
    db,
    app,
    a,
    b,
    c,
    admin,
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
export async function problem(res: Response, status: number, code?: string) {
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
  if (/at .*\.ts:\d+|node_modules|stack/i.test(text)) throw new Error(`problem leaks internals: ${text}`);
  return body as { type: string; title: string; status: number; code: string; detail?: string; requestId: string; errors?: { path: string; message: string }[] };
}
