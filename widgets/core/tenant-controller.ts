import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { ApiClient } from './api-client.ts';
import { ApiProblem, NetworkError } from './api-errors.ts';
import type { PublicConfig } from './config.ts';
import type { TenantState } from './context.ts';
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
  private readonly task: Task<[ApiClient | undefined], PublicConfig | undefined>;

  constructor(
    private readonly host: Host,
    private readonly source: () => TenantSource | undefined,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([client], { signal }) => {
        if (!client) throw new ApiProblem({ status: 401, code: 'UNAUTHENTICATED', title: 'No api-key attribute' });
        return client.get<PublicConfig>('/v1/config', { signal });
      },
      args: () => [this.client],
      onComplete: (config) => {
        applyTheme(this.host.renderRoot instanceof ShadowRoot ? this.host.renderRoot : null, config?.theme);
        this.host.dispatchEvent(new BnReadyEvent(config?.tenant.slug ?? ''));
      },
      onError: (error) => {
        if (this.active) this.report(error);
      },
    });
  }

  hostConnected(): void {}

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
    switch (this.task.status) {
      case TaskStatus.COMPLETE:
        return { status: 'ready', config: this.task.value };
      case TaskStatus.ERROR:
        return { status: 'error', error: toError(this.task.error) };
      default:
        return { status: 'loading' };
    }
  }

  /** Loads the config again (the "try again" button after a network error). */
  retry(): void {
    void this.task.run();
  }

  private report(raw: unknown): void {
    const error = toError(raw);
    const tag = this.host.localName;
    // Details for the webmaster: the citizen sees a short message, the console says why.
    if (error instanceof ApiProblem) {
      const why =
        error.status === 401
          ? 'the api-key attribute is missing, mistyped, revoked or expired'
          : error.status === 403
            ? `this page's origin (${location.origin}) is not among the tenant's allowed origins, or the key is not a publishable key`
            : `the server answered ${error.status}`;
      console.error(
        `Bürgernah <${tag}>: could not load the configuration (${error.code}): ${why}. ` +
          `${error.detail || error.title}${error.requestId ? ` [request ${error.requestId}]` : ''}`,
      );
      this.host.dispatchEvent(new BnErrorEvent(error.code, error.status));
    } else {
      console.error(
        `Bürgernah <${tag}>: could not reach the API at ${this.client?.baseUrl ?? '(no base)'}: ${error.message}. ` +
          'Check the api-base attribute, the network, and the Content-Security-Policy connect-src.',
      );
      this.host.dispatchEvent(new BnErrorEvent(error instanceof NetworkError ? 'NETWORK' : 'UNKNOWN', 0));
    }
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
