// The one error model: every failure leaves the API as RFC 9457 problem+json, rendered here.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';
import { log } from './log.ts';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    title: string,
    opts: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(title);
    this.status = status;
    this.code = code;
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

/** Another tenant's id and a missing id look exactly alike: never a hint. */
export const notFound = (what = 'resource') =>
  new ApiError(404, 'NOT_FOUND', 'Not found', { detail: `The ${what} does not exist.` });

export const PROBLEM_BASE = 'https://buergernah.de/problems/';

export function problemBody(err: ApiError, requestId?: string): Problem {
  const body: Problem = {
    type: PROBLEM_BASE + err.code.toLowerCase().replace(/_/g, '-'),
    title: err.message,
    status: err.status,
    code: err.code,
    requestId,
  };
  if (err.detail) body.detail = err.detail;
  if (err.errors?.length) body.errors = err.errors;
  return body;
}

export function problemResponse(c: Context<AppEnv>, err: ApiError): Response {
  const res = c.json(problemBody(err, c.get('requestId')), err.status, {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
    ...err.headers,
  });
  return res;
}

/** Hono onError: known errors pass through, the rest become a 500 without internals. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return problemResponse(c, err);
  const status = (err as { status?: number }).status;
  // Hono's own HTTPExceptions (e.g. from bodyLimit or a malformed body) carry a status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known: Record<number, [string, string]> = {
      400: ['BAD_REQUEST', 'Bad request'],
      413: ['PAYLOAD_TOO_LARGE', 'Request body too large'],
      415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
    };
    const [code, title] = known[status] ?? ['BAD_REQUEST', 'Bad request'];
    return problemResponse(c, new ApiError(status as ContentfulStatusCode, code, title, { detail: err.message }));
  }
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505') {
    return problemResponse(c, new ApiError(409, 'CONFLICT', 'Conflict', { detail: 'This entry exists already.' }));
  }
  log.error({ requestId: c.get('requestId'), err: { message: err.message, stack: err.stack, code: pgCode } }, 'unhandled error');
  return problemResponse(
    c,
    new ApiError(500, 'INTERNAL', 'Internal server error', {
      detail: 'Something went wrong on our side. Please try again later; quote the requestId if you contact us.',
    }),
  );
}

export function notFoundRoute(c: Context<AppEnv>): Response {
  return problemResponse(
    c,
    new ApiError(404, 'ROUTE_NOT_FOUND', 'Not found', { detail: `No route ${c.req.method} ${c.req.path}.` }),
  );
}
