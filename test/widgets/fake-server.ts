/**
 * The part every fake backend of the widget tests shares: routes by method + path (`:param`
 * patterns allowed), every call recorded, and each request checked as the real server checks
 * it before any handler runs — Idempotency-Key and ALTCHA where the route demands them, and
 * the query and body against the API's OWN valibot schemas. A widget that sends what the
 * server refuses fails its test here too. Module fakes (tips, jobs) name their schemas.
 */
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import * as v from 'valibot';
import { ApiClient } from '../../widgets/core/api-client.ts';

export interface Call {
  method: string;
  path: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (call: Call) => Response | Promise<Response>;

/** What the server checks per route (`'POST /v1/tips/:ref/support'`). */
export interface RouteRules {
  schemas: Record<string, { query?: v.GenericSchema; body?: v.GenericSchema }>;
  /** Writes refused without an Idempotency-Key. */
  idempotent: string[];
  /** Writes refused without a solved ALTCHA. */
  altcha: string[];
}

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => json({ type: 'about:blank', title: code, status, code, requestId: 'req-test', ...extra }, status);

let challengeCache: Promise<unknown> | undefined;
/** A real, cheap ALTCHA challenge: the widget solves it like the server's. */
export const challenge = () => (challengeCache ??= createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 50, keyPrefix: '0', deriveKey, hmacSignatureSecret: 'fake' }));

/** Does `GET /v1/x/:id` match this call? */
export function matches(route: string, method: string, path: string): boolean {
  const [m, pattern] = route.split(' ');
  if (!pattern) throw new Error('pattern missing');
  if (m !== method || !pattern.includes(':')) return false;
  return new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path);
}

/** The route of a call among `routes`: the exact one first, then a pattern. */
export function routeOf(call: Pick<Call, 'method' | 'path'>, routes: string[]): string | undefined {
  const exact = `${call.method} ${call.path}`;
  return routes.includes(exact) ? exact : routes.find((r) => matches(r, call.method, call.path));
}

/** The server's answer to a request it would refuse before any handler runs; undefined when it passes. */
export function refusal(call: Call, rules: RouteRules): Response | undefined {
  if (routeOf(call, rules.idempotent) && !call.headers['idempotency-key']) return problem(400, 'IDEMPOTENCY_KEY_MISSING');
  if (routeOf(call, rules.altcha) && !call.headers['x-altcha']) return problem(403, 'ALTCHA_FAILED');
  const route = routeOf(call, Object.keys(rules.schemas));
  const schemas = route ? rules.schemas[route] : undefined;
  const query = Object.fromEntries([...call.url.searchParams].filter(([k]) => k !== 'key'));
  for (const [schema, input] of [
    [schemas?.query, query],
    [schemas?.body, call.body],
  ] as const) {
    if (!schema) continue;
    const r = v.safeParse(schema, input);
    if (!r.success) return problem(422, 'VALIDATION_FAILED', { errors: r.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) });
  }
  return undefined;
}

export class FakeServer {
  readonly calls: Call[] = [];
  readonly routes = new Map<string, Handler>();

  constructor(private readonly rules: RouteRules) {}

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  /** Checks one more route's query and body with the API's own schemas (a module's fake built on another's, like plans on tips). */
  validates(route: string, schemas: RouteRules['schemas'][string]): this {
    // A copy: the module's schema table is shared by every instance of its fake.
    this.rules.schemas = { ...this.rules.schemas, [route]: schemas };
    return this;
  }

  /** Calls to one route (exact path). */
  called(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, val]) => [k.toLowerCase(), val]));
    const call: Call = { method, path: url.pathname, url, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    this.calls.push(call);
    init.signal?.throwIfAborted();
    const refused = refusal(call, this.rules);
    if (refused) return refused;
    const route = routeOf(call, [...this.routes.keys()]);
    return route ? this.routes.get(route)!(call) : problem(404, 'NOT_FOUND');
  }) as typeof fetch;

  /** A client on this fake; retries 0, so a failure shows at once instead of after backoff. */
  client(apiKey = 'bn_pk_test'): ApiClient {
    return new ApiClient({ baseUrl: 'https://api.test', apiKey, fetch: this.fetch, retries: 0 });
  }
}
