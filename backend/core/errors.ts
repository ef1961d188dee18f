// The one error model: every failure leaves the API as RFC 9457 problem+json, rendered here.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';
import { log } from './log.ts';

export interface FieldError {
  path: string;
  message: string;
}

const PLAN_NOT_IMPORTED = 'Der Plan wurde nicht importiert / The plan was not imported';

/**
 * Every error code the API can answer with, its HTTP status and its problem title (RFC 9457:
 * the title belongs to the problem type and does not change from occurrence to occurrence;
 * `detail` says what happened this time). A code that is not listed here does not compile.
 * Modules add their codes here, grouped under the module's name.
 */
export const ERROR_CODES = {
  // Requests in general
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 422, title: 'Validation failed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Content too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal server error' },
  NOT_READY: { status: 503, title: 'Service unavailable' },
  WIDGETS_NOT_BUILT: { status: 503, title: 'Widgets not built' },
  // The address search (core/geocoder.ts): the tenant's geocoder failed, timed out or answered garbage
  GEOCODER_UNAVAILABLE: { status: 502, title: 'Address search unavailable' },
  // Keys, tenants, origins and roles
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated' },
  KEY_INVALID: { status: 401, title: 'Unauthenticated' },
  KEY_REVOKED: { status: 401, title: 'Unauthenticated' },
  KEY_EXPIRED: { status: 401, title: 'Unauthenticated' },
  KEY_IN_URL: { status: 401, title: 'Unauthenticated' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  ORIGIN_NOT_ALLOWED: { status: 403, title: 'Forbidden' },
  TENANT_DISABLED: { status: 403, title: 'Forbidden' },
  MODULE_DISABLED: { status: 403, title: 'Forbidden' },
  ROLE_REQUIRED: { status: 403, title: 'Forbidden' },
  KEY_NOT_ROTATABLE: { status: 409, title: 'Conflict' },
  // Staff accounts and sessions
  SESSION_REQUIRED: { status: 401, title: 'Unauthenticated' },
  SIGN_IN_FAILED: { status: 401, title: 'Sign-in failed' },
  TOTP_REQUIRED: { status: 401, title: 'Second factor required' },
  TOTP_INVALID: { status: 401, title: 'Sign-in failed' },
  TOTP_MISMATCH: { status: 422, title: 'Validation failed' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, title: 'Forbidden' },
  CSRF_REJECTED: { status: 403, title: 'Forbidden' },
  OIDC_NOT_CONFIGURED: { status: 404, title: 'Not found' },
  USER_EXISTS: { status: 409, title: 'Conflict' },
  USER_DISABLED: { status: 409, title: 'Conflict' },
  SELF_LOCKOUT: { status: 409, title: 'Conflict' },
  TOKEN_INVALID: { status: 410, title: 'Link no longer valid' },
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Too many attempts' },
  // Submissions: spam protection, idempotency, uploads
  ALTCHA_FAILED: { status: 403, title: 'Spam protection check failed' },
  IDEMPOTENCY_KEY_MISSING: { status: 400, title: 'Bad request' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'Bad request' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'Conflict' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Unprocessable content' },
  IMAGE_TOO_LARGE: { status: 413, title: 'Image too large' },
  UPLOAD_BUDGET_EXCEEDED: { status: 429, title: 'Too many uploads' },
  // tips
  INVALID_TRANSITION: { status: 409, title: 'Status change not allowed' },
  NOT_REOPENABLE: { status: 409, title: 'Cannot be re-opened' },
  TOO_MANY_FILTERS: { status: 422, title: 'Too many saved filters' },
  // kita
  OFFER_OPEN: { status: 409, title: 'The child holds an open offer' },
  OFFER_EXPIRED: { status: 409, title: 'Offer deadline passed' },
  OFFER_WITHDRAWN: { status: 409, title: 'Offer withdrawn' },
  OFFER_CLOSED: { status: 409, title: 'Offer already decided' },
  WISH_CLOSED: { status: 409, title: 'The child no longer waits for this Kita' },
  REGISTRATION_CLOSED: { status: 409, title: 'Registration closed' },
  FACILITY_IN_USE: { status: 409, title: 'Kita has wishes' },
  // kita.allocation: a Kita's own staff act for their Kitas; offers as the tenant chose (kita/scope.ts)
  KITA_SCOPE: { status: 403, title: 'Not for this account' },
  // uploads: PDFs with active content or encryption (core/pdf-check.ts)
  UNSAFE_PDF: { status: 415, title: 'PDF not accepted' },
  // jobs
  POSTING_CLOSED: { status: 410, title: 'Posting closed' },
  NOT_WITHDRAWABLE: { status: 409, title: 'Cannot be withdrawn' },
  // plans: the importer's refusals (backend/plans/xplan/errors.ts ImportErrorCode)
  EMPTY_FILE: { status: 422, title: PLAN_NOT_IMPORTED },
  NOT_XPLAN: { status: 415, title: PLAN_NOT_IMPORTED },
  FILE_TOO_LARGE: { status: 413, title: PLAN_NOT_IMPORTED },
  XML_MALFORMED: { status: 422, title: PLAN_NOT_IMPORTED },
  DTD_FORBIDDEN: { status: 422, title: PLAN_NOT_IMPORTED },
  UNSUPPORTED_VERSION: { status: 422, title: PLAN_NOT_IMPORTED },
  UNSUPPORTED_PLAN_TYPE: { status: 422, title: PLAN_NOT_IMPORTED },
  NO_PLAN: { status: 422, title: PLAN_NOT_IMPORTED },
  INVALID_PLAN: { status: 422, title: PLAN_NOT_IMPORTED },
  UNSUPPORTED_CRS: { status: 422, title: PLAN_NOT_IMPORTED },
  INVALID_GEOMETRY: { status: 422, title: PLAN_NOT_IMPORTED },
  ARCHIVE_INVALID: { status: 422, title: PLAN_NOT_IMPORTED },
  ARCHIVE_TOO_LARGE: { status: 413, title: PLAN_NOT_IMPORTED },
  ARCHIVE_PATH_TRAVERSAL: { status: 422, title: PLAN_NOT_IMPORTED },
  TIME_BUDGET_EXCEEDED: { status: 422, title: PLAN_NOT_IMPORTED },
  RESOURCE_LIMIT_EXCEEDED: { status: 422, title: PLAN_NOT_IMPORTED },
  PLAN_TOO_LARGE: { status: 413, title: PLAN_NOT_IMPORTED },
  UNREADABLE: { status: 422, title: PLAN_NOT_IMPORTED },
  // plans: import options and §3(2) BauGB participation
  PLAN_REPLACE_CONFIRM: { status: 409, title: 'Der Plan würde einen anderen ersetzen / The plan would replace another one' },
  PERIOD_TOO_SHORT: { status: 422, title: 'Frist zu kurz / Period too short' },
  PERIOD_HAS_STATEMENTS: { status: 409, title: 'Conflict' },
  NO_PERIOD: { status: 409, title: 'Keine Frist / No period' },
  PARTICIPATION_CLOSED: { status: 409, title: 'Beteiligung geschlossen / Participation closed' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status of a code (Unkey's `codeToStatus`). */
export function codeToStatus(code: ErrorCode): ContentfulStatusCode {
  return ERROR_CODES[code].status;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
}

export interface ApiErrorOptions {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** The one error the API throws; status and title follow from the code. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, opts: ApiErrorOptions = {}) {
    super(ERROR_CODES[code].title);
    this.status = ERROR_CODES[code].status;
    this.code = code;
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

/** Another tenant's id and a missing id look exactly alike: never a hint. */
export const notFound = (what = 'resource') => new ApiError('NOT_FOUND', { detail: `The ${what} does not exist.` });

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

/** Hono's own HTTPExceptions by status; any other 4xx becomes a 400. */
const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

/** Hono onError: known errors pass through, the rest become a 500 without internals. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return problemResponse(c, err);
  const status = (err as { status?: number }).status;
  // Hono's own HTTPExceptions (e.g. from bodyLimit or a malformed body) carry a status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problemResponse(c, new ApiError(HTTP_EXCEPTION_CODES[status] ?? 'BAD_REQUEST', { detail: err.message }));
  }
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505') {
    return problemResponse(c, new ApiError('CONFLICT', { detail: 'This entry exists already.' }));
  }
  log.error({ requestId: c.get('requestId'), err: { message: err.message, stack: err.stack, code: pgCode } }, 'unhandled error');
  return problemResponse(
    c,
    new ApiError('INTERNAL', {
      detail: 'Something went wrong on our side. Please try again later; quote the requestId if you contact us.',
    }),
  );
}

export function notFoundRoute(c: Context<AppEnv>): Response {
  return problemResponse(c, new ApiError('ROUTE_NOT_FOUND', { detail: `No route ${c.req.method} ${c.req.path}.` }));
}
