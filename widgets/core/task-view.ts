import { html, nothing } from 'lit';
import type { Task } from '@lit/task';

export interface LoadView<R> {
  /** "Loading …", announced politely while there is nothing to show yet. */
  loading: string;
  /** The retry button's text. */
  retry: string;
  /** What went wrong, in words the reader can act on. */
  describe: (error: unknown) => string;
  /** The loaded value. */
  complete: (value: R) => unknown;
  /** Keep showing the last value while it reloads (a list being paged or filtered), not "Loading …". */
  keepStale?: boolean;
}

/**
 * The one way a section shows data it loads through a `Task`: "Loading …" as a status, the
 * value when it came, and on failure an alert with the reason and a button that tries again
 * (the task's own run, with the same arguments).
 */
export function renderLoad<R>(task: Task<readonly unknown[], R>, view: LoadView<R>): unknown {
  const loading = () => html`<p role="status">${view.loading}</p>`;
  return task.render({
    initial: loading,
    pending: () => (view.keepStale && task.value !== undefined ? view.complete(task.value) : loading()),
    error: (err) => html`<div class="notice error" role="alert"><p>${view.describe(err)}</p>
        <button type="button" @click=${() => task.run()}>${view.retry}</button></div>`,
    complete: (value) => view.complete(value) ?? nothing,
  });
}
