// The in-memory state of one app (one replica): key lookups, public configs, read-limit
// batches and modules' own caches. createApp makes one set and requestContext puts it on
// every request as `c.get('caches')`, so two apps in one process behave like two replicas:
// a change through one clears only its own caches; the other catches up when its entries
// age out (BN_KEY_CACHE_MS for keys and configs).
import type { ResolvedKey } from './tenants.ts';
import type { PublicConfig } from './tenants.ts';
import type { ReadBatch } from './rate-limit.ts';

export interface Caches {
  /** How long a key lookup (and a tenant's public config) is trusted, in ms. */
  readonly keyCacheMs: number;
  /** Key → its lookup, by the app's clock. */
  readonly keys: Map<string, { at: number; key: ResolvedKey | null }>;
  /** `<tenant id>:<updated_at>` → public config. */
  readonly configs: Map<string, { at: number; value: Promise<PublicConfig> }>;
  /** Rate-limit bucket → reads counted here since the last flush. */
  readonly readLimits: Map<string, ReadBatch>;
  /** A module's own cache by name (e.g. `tips:lists`); created on first use. */
  module<T>(name: string): Map<string, T>;
  /** Drops this app's key lookups and configs (after a key or tenant change made here). */
  forgetKeys(): void;
}

export function createCaches(opts: { keyCacheMs?: number } = {}): Caches {
  const modules = new Map<string, Map<string, unknown>>();
  const caches: Caches = {
    keyCacheMs: opts.keyCacheMs ?? Number(process.env.BN_KEY_CACHE_MS ?? 5000),
    keys: new Map(),
    configs: new Map(),
    readLimits: new Map(),
    module<T>(name: string) {
      let m = modules.get(name);
      if (!m) {
        m = new Map();
        modules.set(name, m);
      }
      return m as Map<string, T>;
    },
    forgetKeys() {
      caches.keys.clear();
      caches.configs.clear();
    },
  };
  return caches;
}
