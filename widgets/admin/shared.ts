import { createContext, consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import { BnElement } from '../core/base-element.ts';
import { ApiProblem } from '../core/api-errors.ts';
import { SessionEndEvent } from '../core/staff-context.ts';
import { formatDate, type Locale, type Params } from '../core/i18n.ts';
import type { AdminApi } from './api.ts';
import { adminMessages, type AdminMessageKey } from './messages.ts';
import { adminStyles } from './styles.ts';

/** The signed-in admin API, provided by `<bn-admin>` to its parts. */
export const adminApiContext = createContext<AdminApi | undefined>('bn-admin-api');

/**
 * A part of the admin console asks `<bn-admin>` to announce a message in its live region
 * (one region for the whole console, so screen readers hear each message once).
 */
export class AdminAnnounceEvent extends Event {
  constructor(
    readonly message: string,
    readonly tone: 'status' | 'error' = 'status',
  ) {
    super('bn-admin-announce', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-admin-announce': AdminAnnounceEvent;
  }
}

/**
 * Base of the admin console's parts: messages, the API from context, error wording.
 *
 * @fires bn-admin-announce - A message for the console's live region (`message`, `tone`).
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class AdminElement extends BnElement {
  static override styles = [...BnElement.styles, ...adminStyles];

  @consume({ context: adminApiContext, subscribe: true })
  @state()
  protected api?: AdminApi;

  protected m(key: AdminMessageKey, params?: Params): string {
    return adminMessages.t(this.locale, key, params);
  }

  protected date(d: string | null | undefined, withTime = true): string {
    if (!d) return this.m('none');
    return formatDate(this.locale, d, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
  }

  protected announce(message: string, tone: 'status' | 'error' = 'status'): void {
    this.dispatchEvent(new AdminAnnounceEvent(message, tone));
  }

  /** A message for a failed call, in the console's language. */
  protected describeError(error: unknown): string {
    return describeError(this.locale, error);
  }

  /** Call when a request fails: a 401 means the session ended, so the console returns to sign-in. */
  protected checkSession(error: unknown): void {
    if (error instanceof ApiProblem && error.status === 401) this.dispatchEvent(new SessionEndEvent());
  }
}

export function describeError(locale: Locale, error: unknown): string {
  const t = (k: AdminMessageKey, p?: Params) => adminMessages.t(locale, k, p);
  if (!(error instanceof ApiProblem)) return t('networkError');
  if (error.status === 401) return t('sessionEnded');
  if (error.status === 403) return t('roleRequired');
  if (error.status >= 500) return t('serverError', { code: error.code });
  // 4xx other than auth: the server's detail is the most specific thing we have.
  return error.detail || error.title;
}
