import type { ErrorCode } from '../../backend/core/errors.ts';

/**
 * The code of a problem: one of the server's (backend/core/errors.ts, so a comparison with a
 * misspelt code does not compile), or `HTTP_<status>` when a proxy answered without one.
 */
export type ProblemCode = ErrorCode | `HTTP_${number}`;

/** One field error of a 422 problem: `path` is the dotted valibot path. */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem+json answer of our API, as a typed error. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly errors: FieldError[];
  readonly requestId: string;
  /** Seconds from `Retry-After`, if sent (429, 503). */
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    code: ProblemCode;
    title: string;
    detail?: string;
    type?: string;
    errors?: FieldError[];
    requestId?: string;
    retryAfter?: number;
  }) {
    super(`${init.status} ${init.code}: ${init.title}`);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail ?? '';
    this.type = init.type ?? 'about:blank';
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? '';
    this.retryAfter = init.retryAfter;
  }

  /** The key or origin is not accepted: nothing a citizen can fix. */
  get isAuthProblem(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The request never got an HTTP answer: offline, DNS, CORS refusal, or timeout. */
export class NetworkError extends Error {
  readonly timedOut: boolean;
  constructor(message: string, options: { cause?: unknown; timedOut?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'NetworkError';
    this.timedOut = options.timedOut ?? false;
  }
}

/** Builds an ApiProblem from any error response, problem+json or not. */
export async function problemFromResponse(res: Response): Promise<ApiProblem> {
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  let body: Record<string, unknown> = {};
  if (/json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      body = {};
    }
  }
  return problemFromBody(res.status, body, retryAfter, res.statusText);
}

export function problemFromBody(status: number, body: Record<string, unknown>, retryAfter?: number, statusText = ''): ApiProblem {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object').map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }))
    : [];
  return new ApiProblem({
    status,
    // The server's codes are the union; anything else passes through as it came.
    code: (str(body.code) as ErrorCode | undefined) ?? fallbackCode(status),
    title: str(body.title) ?? (statusText || `HTTP ${status}`),
    detail: str(body.detail),
    type: str(body.type),
    errors,
    requestId: str(body.requestId),
    retryAfter,
  });
}

// The server always sends a code; this only covers proxies and gateways.
function fallbackCode(status: number): ProblemCode {
  return status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 429 ? 'RATE_LIMITED' : status >= 500 ? 'INTERNAL' : `HTTP_${status}`;
}

/** `Retry-After` as seconds; accepts delta-seconds and HTTP dates. */
export function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
