// The role matrix, generated from the route table: every staff and admin route × every role
// (and no role at all), as a signed-in person. A route is allowed exactly when each guard
// declared on it (requireRole) admits the role, so a new route cannot be forgotten: a staff
// route without any guard fails here unless it is listed as open to every staff member.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, signedIn, asPerson, type World } from './helpers.ts';
import { ROLES, allows, type Requirement } from '../../backend/core/roles.ts';

/** Staff routes every signed-in staff member may use, whatever their roles. */
const OPEN_TO_ALL_STAFF = new Set(['GET /v1/staff/me']);

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

interface Route {
  method: string;
  path: string;
  guards: Requirement[][];
}

const toRegExp = (pattern: string) =>
  new RegExp(
    '^' +
      pattern
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\/\*$/, '(?:/.*)?')
        .replace(/\/:[^/]+/g, '/[^/]+')
        .replace(/\*/g, '.*') +
      '$',
  );

function staffRoutes(): Route[] {
  const all = w.app.routes as { method: string; path: string; handler: { requirements?: Requirement[] } }[];
  const guards = all.filter((r) => r.method === 'ALL' && r.handler.requirements).map((r) => ({ re: toRegExp(r.path), needs: r.handler.requirements! }));
  const seen = new Set<string>();
  return all
    .filter((r) => r.method !== 'ALL' && /^\/v1\/(staff|admin)(\/|$)/.test(r.path))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path, guards: guards.filter((g) => g.re.test(r.path)).map((g) => g.needs) }));
}

const concrete = (path: string) =>
  path
    .replace(/:ref\b/g, 'BT-2026-09999')
    .replace(/:slug\b/g, 'beispielstadt')
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:[a-zA-Z]+/g, 'x');

test('the route table has the staff and admin routes, and every staff route declares its role', () => {
  const routes = staffRoutes();
  assert.ok(routes.length >= 25, `found ${routes.length} routes`);
  for (const r of routes) {
    if (r.path.startsWith('/v1/admin') || OPEN_TO_ALL_STAFF.has(`${r.method} ${r.path}`)) continue;
    assert.ok(r.guards.length > 0, `${r.method} ${r.path} declares no role (requireRole on its sub-app)`);
  }
});

test('every staff and admin route × every role: allowed, or 403 ROLE_REQUIRED', async () => {
  const people = new Map<string, string>();
  for (const role of [...ROLES, '']) {
    const roles = role ? [role] : [];
    people.set(role, (await signedIn(w, { tenantId: role === 'host-admin' ? null : w.a.id, roles })).cookie);
  }
  const failures: string[] = [];
  for (const route of staffRoutes()) {
    const write = !['GET', 'HEAD'].includes(route.method);
    const admin = route.path.startsWith('/v1/admin');
    for (const [role, cookie] of people) {
      const expected = admin ? role === 'host-admin' : role !== 'host-admin' && route.guards.every((needs) => needs.some((n) => allows(role ? [role] : [], n, write)));
      const res = await asPerson(w, cookie, concrete(route.path), { method: route.method, ...(write ? { json: {} } : {}) });
      const body = res.headers.get('Content-Type')?.includes('json') ? await res.json().catch(() => ({})) : await res.arrayBuffer().then(() => ({}));
      const refused = res.status === 403 && body.code === 'ROLE_REQUIRED';
      if (res.status === 401) failures.push(`${route.method} ${route.path} as "${role}": 401 ${body.code}`);
      else if (expected === refused) failures.push(`${route.method} ${route.path} as "${role}": expected ${expected ? 'allowed' : '403 ROLE_REQUIRED'}, got ${res.status} ${body.code ?? ''}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('without a session or a key every staff and admin route answers 401', async () => {
  for (const route of staffRoutes()) {
    const res = await w.app.request(concrete(route.path), { method: route.method });
    assert.equal(res.status, 401, `${route.method} ${route.path}`);
  }
});
