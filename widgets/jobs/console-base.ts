/**
 * What every part of the jobs console shares: the staff API client and the signed-in person
 * from `<bn-console>`'s contexts, the section's messages, and one way to report a failed call.
 */
import { css } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import { saveBlob } from '../core/download.ts';
import type { Params } from '../core/i18n.ts';
import { SessionEndEvent, staffContext, type Me } from '../core/staff-context.ts';
import type { LoadView } from '../core/task-view.ts';
import { applyFieldErrors } from '../core/validation.ts';
import { consoleMessages, type ConsoleKey } from './console-messages.ts';
import { jobsStyles } from './styles.ts';

export const consoleStyles = css`
  :host { display: block; container-type: inline-size; }
  .table-wrap { overflow-x: auto; margin-block-end: var(--_space); }
  table { border-collapse: collapse; inline-size: 100%; }
  th, td { overflow-wrap: break-word; text-align: start; vertical-align: top; padding: calc(var(--_space) / 3) calc(var(--_space) / 2); border-block-end: 1px solid var(--_color-border); }
  .flag { font-weight: 700; color: var(--_color-error); }
  ul.plain { list-style: none; margin: 0; padding: 0; }
  button.link { border: 0; background: none; padding: 0; color: var(--_color-primary); text-decoration: underline; min-block-size: 2.75em; text-align: start; }
  .panel { border: 1px solid var(--_color-border); border-radius: var(--_radius); padding: var(--_space); margin-block: var(--_space); background: var(--_color-surface); }
  .pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  [role='tablist'] { margin-block-end: var(--_space); }
  /* Narrow: each row a card, each cell under its column's name (data-label), instead of
     columns a few letters wide. */
  @container (max-width: 40rem) {
    table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; }
    table.stack thead { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); }
    table.stack tr { border-block-end: 1px solid var(--_color-border); padding-block: calc(var(--_space) / 2); }
    table.stack td { border: 0; padding-inline: 0; }
    table.stack td[data-label]::before { content: attr(data-label); display: block; font-weight: 700; }
  }
  input[type='checkbox'] { inline-size: 1.5em; block-size: 1.5em; margin: 0.6em 0; accent-color: var(--_color-primary); }
`;

/**
 * Base of the jobs console's parts.
 *
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class JobsConsolePart extends BnElement {
  static override styles = [...BnElement.styles, jobsStyles, consoleStyles];

  @consume({ context: apiClientContext, subscribe: true }) @state() protected client?: ApiClient;
  @consume({ context: staffContext, subscribe: true }) @state() protected me?: Me;
  @state() protected error = '';
  @state() protected notice = '';

  /** The clerk (role `jobs`) writes; `jobs:read` and the two representations only read. */
  protected get clerk(): boolean {
    return !!this.me?.user.roles.includes('jobs');
  }

  protected m(key: ConsoleKey, params?: Params): string {
    return consoleMessages.t(this.locale, key, params);
  }

  protected describe(err: unknown): string {
    if (!(err instanceof ApiProblem)) return this.m('offline');
    if (err.status === 401) {
      this.dispatchEvent(new SessionEndEvent());
      return this.m('sessionEnded');
    }
    return this.m('failed', { why: err.errors[0]?.message || err.detail || err.title });
  }

  /** The words of a list or record being loaded (core renderLoad): loading, the reason it failed, try again. */
  protected loadText(): Omit<LoadView<unknown>, 'complete'> {
    return { loading: this.t('loading'), retry: this.t('retry'), describe: (err) => this.describe(err) };
  }

  /** Runs a call; a failure shows in the part's alert (and a 422 on its fields). */
  protected async run(fn: () => Promise<unknown>): Promise<boolean> {
    this.error = '';
    this.notice = '';
    try {
      await fn();
      return true;
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) applyFieldErrors(this.shadowRoot!, err.errors);
      this.error = this.describe(err);
      return false;
    }
  }

  /** Files come through the API with the session (or key), so they are fetched and saved as blobs. */
  protected async download(path: string, name: string): Promise<void> {
    await this.run(async () => saveBlob(await this.client!.blob(path), name, this.shadowRoot));
  }
}
