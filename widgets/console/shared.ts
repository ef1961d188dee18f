import { consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import type { ApiClient } from '../core/api-client.ts';
import { ApiProblem } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import { SessionEndEvent } from '../core/staff-context.ts';
import { formatDate, type Locale, type Params } from '../core/i18n.ts';
import { consoleMessages, type ConsoleMessageKey } from './messages.ts';
import { consoleStyles } from './styles.ts';

/**
 * Base for the console's own parts and a convenient one for module sections: messages,
 * the console look, the staff API client from context, and error wording that ends the
 * session on a 401.
 *
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class ConsoleElement extends BnElement {
  static override styles = [...BnElement.styles, ...consoleStyles];

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  protected client?: ApiClient;

  protected m(key: ConsoleMessageKey, params?: Params): string {
    return consoleMessages.t(this.locale, key, params);
  }

  protected date(d: string | Date | null | undefined): string {
    return d ? formatDate(this.locale, d, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
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
  const t = (k: ConsoleMessageKey, p?: Params) => consoleMessages.t(locale, k, p);
  if (!(error instanceof ApiProblem)) return t('networkError');
  if (error.status === 401) return t('sessionEnded');
  if (error.status === 403) return t('roleRequired');
  if (error.status >= 500) return t('serverError', { code: error.code });
  return error.detail || error.title;
}
