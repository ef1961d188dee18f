import { consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import type { ForwardTarget, InboxPoints, SavedFilter, StaffTip, StaffTipPage, StaffTipQuery, StaffTipUpdate, TipBulk, TipBulkResult, TipsSettings } from '../../backend/tips/schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { problemFromResponse } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import { SessionEndEvent } from '../core/staff-context.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { consoleTipsMessages, type ConsoleTipsKey } from './console-messages.ts';

export type InboxFilter = Partial<Record<keyof StaffTipQuery, string>>;

/** The staff calls of the tips module (session cookie, or an integration's staff key), typed. */
export class StaffTipsApi {
  constructor(readonly client: ApiClient) {}

  list(filter: InboxFilter, signal?: AbortSignal): Promise<StaffTipPage> {
    return this.client.get<StaffTipPage>('/v1/staff/tips', { signal, query: clean(filter) });
  }

  get(ref: string, signal?: AbortSignal): Promise<StaffTip> {
    return this.client.get<StaffTip>(`/v1/staff/tips/${encodeURIComponent(ref)}`, { signal });
  }

  update(ref: string, body: StaffTipUpdate): Promise<StaffTip> {
    return this.client.send<StaffTip>('PATCH', `/v1/staff/tips/${encodeURIComponent(ref)}`, body);
  }

  note(ref: string, text: string): Promise<StaffTip> {
    return this.client.send<StaffTip>('POST', `/v1/staff/tips/${encodeURIComponent(ref)}/notes`, { text });
  }

  forward(ref: string, tenant: string, note?: string): Promise<{ ref: string; tenant: { slug: string; name: string } }> {
    return this.client.send('POST', `/v1/staff/tips/${encodeURIComponent(ref)}/forward`, { tenant, note: note || undefined });
  }

  /** Pins of the filtered inbox for the map. */
  points(filter: InboxFilter, signal?: AbortSignal): Promise<InboxPoints> {
    const { page: _p, pageSize: _s, ...rest } = filter;
    return this.client.get<InboxPoints>('/v1/staff/tips/points', { signal, query: clean(rest) });
  }

  bulk(body: TipBulk): Promise<TipBulkResult> {
    return this.client.send<TipBulkResult>('POST', '/v1/staff/tips/bulk', body);
  }

  async filters(signal?: AbortSignal): Promise<SavedFilter[]> {
    return (await this.client.get<{ items: SavedFilter[] }>('/v1/staff/tips/filters', { signal })).items;
  }

  saveFilter(name: string, query: Record<string, string>): Promise<SavedFilter> {
    return this.client.send<SavedFilter>('POST', '/v1/staff/tips/filters', { name, query });
  }

  deleteFilter(id: string): Promise<unknown> {
    return this.client.send('DELETE', `/v1/staff/tips/filters/${encodeURIComponent(id)}`);
  }

  async forwardTargets(signal?: AbortSignal): Promise<ForwardTarget[]> {
    return (await this.client.get<{ items: ForwardTarget[] }>('/v1/staff/tips/forward-targets', { signal })).items;
  }

  async assignees(signal?: AbortSignal): Promise<{ id: string; label: string }[]> {
    return (await this.client.get<{ items: { id: string; label: string }[] }>('/v1/staff/tips/assignees', { signal })).items;
  }

  settings(signal?: AbortSignal): Promise<TipsSettings> {
    return this.client.get<TipsSettings>('/v1/staff/tips/settings', { signal });
  }

  /** The CSV as text; `Response.text()` drops the BOM, so the caller puts it back. */
  exportCsv(filter: InboxFilter): Promise<string> {
    const { page: _p, pageSize: _s, ...rest } = filter;
    return this.client.get<string>('/v1/staff/tips/export.csv', { query: clean(rest) });
  }

  /** A staff photo as a blob URL: a staff key must not ride in an `<img src>`; a session rides in its cookie. */
  async photo(path: string, fetchFn: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<string> {
    const res = await fetchFn(this.client.url(path), { headers: this.client.authHeaders(), credentials: this.client.credentials, mode: 'cors' });
    if (!res.ok) throw await problemFromResponse(res);
    return URL.createObjectURL(await res.blob());
  }
}

function clean(q: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
}

/**
 * Base of the inbox and the detail: staff client from context, messages, error wording.
 *
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class ConsoleTipsElement extends BnElement {
  @consume({ context: apiClientContext, subscribe: true })
  @state()
  protected client?: ApiClient;

  protected get api(): StaffTipsApi | undefined {
    return this.client ? new StaffTipsApi(this.client) : undefined;
  }

  protected m(key: ConsoleTipsKey, params?: Params): string {
    return consoleTipsMessages.t(this.locale, key, params);
  }

  protected date(d: string | null | undefined, time = true): string {
    return d ? formatDate(this.locale, d, time ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }) : '—';
  }

  /**
   * A failed call in the console's language, by the problem's code and field, never the
   * server's English text; a 401 hands the session back to `<bn-console>`.
   */
  protected describe(err: unknown): string {
    if (!(err instanceof ApiProblem)) return this.m('offline');
    if (err.status === 401) {
      this.dispatchEvent(new SessionEndEvent());
      return this.m('sessionEnded');
    }
    return this.m(problemKey(err));
  }

  /** One tip's failure in a bulk answer, in words. */
  protected why(code: string | undefined): string {
    const key = `why_${code}`;
    return consoleTipsMessages.has(key) ? this.m(key) : this.m('why_other');
  }
}

/** The message for a problem: its code first, then the field it names, then its status. */
export function problemKey(err: ApiProblem): ConsoleTipsKey {
  const path = err.errors[0]?.path ?? '';
  if (err.code === 'INVALID_TRANSITION') return 'err_transition';
  if (err.code === 'TOO_MANY_FILTERS') return 'err_tooManyFilters';
  if (err.status === 404) return 'err_notFound';
  if (err.status === 403) return 'err_forbidden';
  if (err.status === 429) return 'err_tooMany';
  if (err.status === 409) return 'err_conflict';
  if (err.status >= 500 || err.status === 0) return 'err_server';
  if (path === 'tenant') return 'err_forwardTarget';
  if (path === 'assignee') return 'err_assignee';
  if (path === 'reason') return 'reasonRequired';
  return 'err_invalid';
}
