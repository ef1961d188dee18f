import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient } from './api-client.ts';
import { ApiProblem, NetworkError } from './api-errors.ts';
import type { PublicConfig } from './config.ts';
import type { TenantState, TenantStatus } from './context.ts';
import { BnErrorEvent, BnReadyEvent } from './events.ts';
import { getDefaultApiBase } from './script-origin.ts';
import { applyTheme } from './theme.ts';

export interface TenantSource {
  apiKey?: string;
  apiBase?: string;
  /** A prepared client (tests, Storybook) wins over key and base. */
  client?: ApiClient;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/**
 * Loads a tenant's public config for `<bn-tenant>` AND for a widget that carries its
 * own `api-key`: one place for client creation, loading, theming and the
 * webmaster's diagnostics. Returns `undefined` from `source` to stay idle.
 */
export class TenantController implements ReactiveController {
  private cached?: { key: string; base: string; client: ApiClient };
  // Not @lit/task: the same abortable load in a few lines keeps the always-loaded
  // entry within its size budget. Module widgets use @lit/task for their data.
  private loadedFor?: ApiClient | null;
  private abort?: AbortController;
  private status: TenantStatus = 'loading';
  private config?: PublicConfig;
  private error?: Error;

  constructor(
    private readonly host: Host,
    private readonly source: () => TenantSource | undefined,
  ) {
    host.addController(this);
  }

  /** Before each host update: (re)load when key, base or client changed. */
  hostUpdate(): void {
    const client = this.client ?? null;
    if (client !== this.loadedFor) this.load(client);
  }

  hostDisconnected(): void {
    if (this.status === 'loading') {
      this.abort?.abort();
      this.loadedFor = undefined; // load again when reconnected
    }
  }

  /** True when this controller has a key or client to work with. */
  get active(): boolean {
    return !!this.source();
  }

  /** The client for the current key and base; the same instance while they stay. */
  get client(): ApiClient | undefined {
    const src = this.source();
    if (!src) return undefined;
    if (src.client) return src.client;
    if (!src.apiKey) return undefined;
    const base = src.apiBase || getDefaultApiBase();
    if (this.cached?.key !== src.apiKey || this.cached.base !== base) {
      this.cached = { key: src.apiKey, base, client: new ApiClient({ baseUrl: base, apiKey: src.apiKey }) };
    }
    return this.cached.client;
  }

  get state(): TenantState {
    return { status: this.status, config: this.config, error: this.error };
  }

  /** Loads the config again (the "try again" button after a network error). */
  retry(): void {
    this.load(this.loadedFor ?? null);
    this.host.requestUpdate();
  }

  private load(client: ApiClient | null): void {
    this.abort?.abort();
    this.loadedFor = client;
    this.config = undefined;
    this.error = undefined;
    if (!client) {
      this.status = 'error';
      this.error = new ApiProblem({ status: 401, code: 'UNAUTHENTICATED', title: 'No api-key attribute' });
      return;
    }
    this.status = 'loading';
    const abort = new AbortController();
    this.abort = abort;
    client.get<PublicConfig>('/v1/config', { signal: abort.signal }).then(
      (config) => {
        if (abort.signal.aborted) return;
        this.status = 'ready';
        this.config = config;
        applyTheme(this.host.renderRoot instanceof ShadowRoot ? this.host.renderRoot : null, config.theme);
        this.host.requestUpdate();
        this.host.dispatchEvent(new BnReadyEvent(config.tenant.slug));
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        this.status = 'error';
        this.error = toError(err);
        this.host.requestUpdate();
        this.report(this.error);
      },
    );
  }

  private report(raw: unknown): void {
    const error = toError(raw);
    const tag = this.host.localName;
    // Details for the webmaster: the citizen sees a short message, the console says why.
    if (error instanceof ApiProblem) {
      const why = error.status === 401 ? 'api-key missing, mistyped, revoked or expired' : error.status === 403 ? `origin ${location.origin} not allowed for this key` : `HTTP ${error.status}`;
      console.error(`Bürgernah <${tag}>: config not loaded (${error.code}): ${why}. ${error.detail || error.title} [request ${error.requestId}]`);
      this.host.dispatchEvent(new BnErrorEvent(error.code, error.status));
    } else {
      console.error(`Bürgernah <${tag}>: could not reach the API (${error.message}). Check api-base, network and CSP connect-src.`);
      this.host.dispatchEvent(new BnErrorEvent(error instanceof NetworkError ? 'NETWORK' : 'UNKNOWN', 0));
    }
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
