import { NetworkError, problemFromResponse } from './api-errors.ts';

export { ApiProblem, NetworkError, type FieldError } from './api-errors.ts';
export type { UploadOptions } from './upload.ts';

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the backend, e.g. `https://dienste.example.de`. */
  baseUrl: string;
  /**
   * Publishable (`bn_pk_`) key, an integration's secret key, or `''` for a staff
   * console signed in by session cookie (then no Authorization header is sent).
   */
  apiKey: string;
  /**
   * `'omit'` for widgets on a town's page (no cookies, ever). The consoles are served by
   * the API origin and use `'same-origin'`, so the HttpOnly session cookie rides along.
   */
  credentials?: RequestCredentials;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat. */
  retries?: number;
  /** First backoff step; doubles per attempt, with jitter. */
  backoffMs?: number;
  /** Longest `Retry-After` we wait for before giving up and reporting the 429/503. */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

export interface SubmitOptions extends RequestOptions {
  /** Same key on every retry of one submission: the server replays, never duplicates. */
  idempotencyKey?: string;
  /** Value of the `X-Altcha` header (see altcha.ts). */
  altcha?: string;
}

const RETRY_STATUS = new Set([408, 425, 429, 502, 503, 504]);

/**
 * The one HTTP client of the widgets. GETs with a publishable key carry it as
 * `?key=` and no custom headers, so they stay simple CORS requests (no preflight)
 * and cacheable by URL; everything else sends `Authorization: Bearer`. Retries only
 * what is safe: GETs, and writes that carry an Idempotency-Key.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly credentials: RequestCredentials;
  private readonly opts: Required<Omit<ApiClientOptions, 'fetch' | 'baseUrl' | 'apiKey' | 'credentials'>>;
  private readonly fetchFn: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.credentials = options.credentials ?? 'omit';
    this.opts = {
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 400,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 10,
    };
    // Bound: calling an unbound window.fetch as a method throws "Illegal invocation".
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** True for keys that may appear in a URL (public page source anyway). */
  get isPublishable(): boolean {
    return this.apiKey.startsWith('bn_pk_');
  }

  /** The Authorization header for this client's key; none for a session (cookie) client. */
  authHeaders(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  url(path: string, query?: RequestOptions['query']): URL {
    const url = new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { ...options.headers };
    if (this.isPublishable) url.searchParams.set('key', this.apiKey);
    else Object.assign(headers, this.authHeaders());
    return this.request<T>(url, { method: 'GET', headers }, options.signal, true);
  }

  /** A file (a PDF, a ZIP) as a Blob, with the key in the header: a staff key never rides in a link. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const init: RequestInit = { headers: { ...this.authHeaders(), ...options.headers }, credentials: this.credentials, mode: 'cors', signal: options.signal };
    const res = await this.fetchFn(this.url(path, options.query), init);
    if (!res.ok) throw await problemFromResponse(res);
    return res.blob();
  }

  /** Any JSON write. Retried only when `idempotencyKey` is given. */
  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: SubmitOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...this.authHeaders(), ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.altcha) headers['x-altcha'] = options.altcha;
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    return this.request<T>(this.url(path, options.query), init, options.signal, !!options.idempotencyKey);
  }

  /**
   * A citizen submission: always with an Idempotency-Key (a fresh one unless the
   * caller keeps one across attempts, which it should, so a retry after a network
   * error cannot create a second record).
   */
  submit<T>(path: string, body: unknown, options: SubmitOptions = {}): Promise<T> {
    return this.send<T>('POST', path, body, {
      ...options,
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  private async request<T>(url: URL, init: RequestInit, signal: AbortSignal | undefined, retryable: boolean): Promise<T> {
    const attempts = retryable ? this.opts.retries + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(this.opts.timeoutMs);
      const combined = signal ? anySignal(signal, timeout) : timeout;
      let res: Response;
      try {
        res = await this.fetchFn(url, { ...init, signal: combined, credentials: this.credentials, mode: 'cors' });
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        const timedOut = timeout.aborted;
        const err = new NetworkError(timedOut ? `No answer from ${url.origin} within ${this.opts.timeoutMs} ms` : `Could not reach ${url.origin}`, { cause, timedOut });
        if (attempt + 1 < attempts) {
          await sleep(this.backoff(attempt), signal);
          continue;
        }
        throw err;
      }
      if (res.ok) return (await readBody(res)) as T;
      const problem = await problemFromResponse(res);
      const canRetry = attempt + 1 < attempts && RETRY_STATUS.has(res.status) && (problem.retryAfter === undefined || problem.retryAfter <= this.opts.maxRetryAfterSeconds);
      if (!canRetry) throw problem;
      await sleep(problem.retryAfter !== undefined ? problem.retryAfter * 1000 : this.backoff(attempt), signal);
    }
  }

  private backoff(attempt: number): number {
    const base = this.opts.backoffMs * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  return /json/i.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}

/** AbortSignal.any, with a fallback for browsers before Safari 17.4. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (AbortSignal.any) return AbortSignal.any([a, b]);
  const c = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) c.abort(s.reason);
    else s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A v4 UUID (secure contexts only, which every HTTPS page and localhost is). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
