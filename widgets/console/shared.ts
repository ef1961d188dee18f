import { consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import type { ApiClient } from '../core/api-client.ts';
import { ApiProblem } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import { formatDate, type Locale, type Params } from '../core/i18n.ts';
import { consoleMessages, type ConsoleMessageKey } from './messages.ts';
import { consoleStyles } from './styles.ts';

/** The staff key stopped working (revoked, expired): `<bn-console>` returns to sign-in. */
export class ConsoleSessionEndEvent extends Event {
  constructor() {
    super('bn-console-session-end', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-console-session-end': ConsoleSessionEndEvent;
  }
}

/**
 * Base for the console's own parts and a convenient one for module sections: messages,
 * the console look, the staff API client from context, and error wording that ends the
 * session on a 401.
 */
export class ConsoleElement extends BnElement {
  static styles = [...BnElement.styles, ...consoleStyles];

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

  /** Call when a request fails: a 401 means the key stopped working, so the session ends. */
  protected checkSession(error: unknown): void {
    if (error instanceof ApiProblem && error.status === 401) this.dispatchEvent(new ConsoleSessionEndEvent());
  }
}

export function describeError(locale: Locale, error: unknown): string {
  const t = (k: ConsoleMessageKey, p?: Params) => consoleMessages.t(locale, k, p);
  if (!(error instanceof ApiProblem)) return t('networkError');
  if (error.status === 401) return t('sessionEnded');
  if (error.status === 403) return t('keyForbidden');
  if (error.status >= 500) return t('serverError', { code: error.code });
  return error.detail || error.title;
}
