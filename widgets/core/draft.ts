/**
 * Drafts in localStorage, for NON-personal fields only. A widget declares the
 * whitelist (e.g. tip text, category, location); everything else — names, contact
 * data, child data, files — is dropped before anything is written, so a shared
 * or public computer never keeps a citizen's personal data. One entry per tenant
 * and widget; cleared on successful submission; stale drafts expire.
 */

const PREFIX = 'bn-draft:';
const VERSION = 1;
const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export interface DraftOptions<F extends string> {
  tenant: string;
  widget: string;
  /** The only fields ever stored. */
  fields: readonly F[];
  storage?: Storage | null;
  maxAgeMs?: number;
  now?: () => number;
}

export class Draft<F extends string> {
  readonly key: string;
  private readonly fields: ReadonlySet<string>;
  private readonly storage: Storage | null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private timer?: ReturnType<typeof setTimeout>;
  private pending?: Record<string, unknown>;

  constructor(options: DraftOptions<F>) {
    this.key = `${PREFIX}${options.tenant}:${options.widget}`;
    this.fields = new Set(options.fields);
    this.storage = options.storage === undefined ? safeLocalStorage() : options.storage;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The stored whitelisted fields, or `{}` (no draft, expired, unreadable). */
  load(): Partial<Record<F, Json>> {
    const raw = this.read();
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as { v?: number; savedAt?: number; data?: Record<string, Json> };
      if (parsed.v !== VERSION || typeof parsed.savedAt !== 'number' || this.now() - parsed.savedAt > this.maxAgeMs) {
        this.clear();
        return {};
      }
      return this.pick(parsed.data ?? {});
    } catch {
      this.clear();
      return {};
    }
  }

  /** Stores the whitelisted subset of `values`; other keys never reach storage. */
  save(values: Record<string, unknown>): void {
    clearTimeout(this.timer);
    this.timer = this.pending = undefined;
    const data = this.pick(values);
    if (!Object.keys(data).length) {
      this.clear();
      return;
    }
    try {
      this.storage?.setItem(this.key, JSON.stringify({ v: VERSION, savedAt: this.now(), data }));
    } catch {
      // Quota exceeded or storage disabled: a draft is a convenience, not a duty.
    }
  }

  /** Debounced `save`, for input handlers. */
  saveSoon(values: Record<string, unknown>, delayMs = 500): void {
    clearTimeout(this.timer);
    this.pending = values;
    this.timer = setTimeout(() => this.save(values), delayMs);
  }

  /**
   * Saves a pending `saveSoon` now (call when the widget leaves the page): the last keystrokes
   * are kept, and no timer writes a draft later, after the form is gone.
   */
  flush(): void {
    if (this.timer === undefined || !this.pending) return;
    this.save(this.pending);
  }

  /** Call after a successful submission. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = this.pending = undefined;
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // See save().
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }

  private pick(values: Record<string, unknown>): Partial<Record<F, Json>> {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(values)) {
      if (this.fields.has(k) && isJson(v)) out[k] = v;
    }
    return out as Partial<Record<F, Json>>;
  }
}

function isJson(v: unknown): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(isJson);
  // Files, Dates, class instances: never stored.
  return false;
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Access throws when the browser blocks storage for third-party contexts.
    return null;
  }
}
