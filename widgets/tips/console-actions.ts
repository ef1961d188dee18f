// The tips inbox's two sets of actions beside the list: bulk actions on the selected tips, and
// one's own saved filters. Each keeps its own state and draws into the inbox's shadow root.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { TIP_STATUSES, type SavedFilter, type TipBulkResult } from '../../backend/tips/schema.ts';
import type { ApiClient } from '../core/api-client.ts';
import { isolateText } from '../core/bidi.ts';
import type { Params } from '../core/i18n.ts';
import type { InboxFilter, StaffTipsApi } from './console-api.ts';
import { bulkBody, filterOf, type BulkChoice } from './console-inbox.ts';
import type { ConsoleTipsKey } from './console-messages.ts';

/** What both read from the inbox (its helpers are the element's own, protected). */
export interface InboxContext {
  api: () => StaffTipsApi | undefined;
  m: (key: ConsoleTipsKey, params?: Params) => string;
  /** A failed call in the console's language. */
  describe: (err: unknown) => string;
  /** Says something to screen readers (the inbox's status line). */
  note: (text: string) => void;
}

/** A label above its native control (for= / id, so the name is the label alone). */
export function pick(id: string, label: string, control: unknown): TemplateResult {
  return html`<div class="pick"><label for=${id}>${label}</label>${control}</div>`;
}

const NO_CHANGE: BulkChoice = { status: '', assignee: '', published: '', reason: '' };

export interface BulkOptions extends InboxContext {
  selected: () => ReadonlySet<string>;
  select: (refs: Set<string>) => void;
  assignees: () => readonly { id: string; label: string }[];
  /** One tip's failure in a bulk answer, in words. */
  why: (code: string | undefined) => string;
  /** The bulk request went through: the list shows the changes. */
  done: () => void;
}

/**
 * The bulk bar (`part="bulk"`): status, assignee and publishing for the selected tips at once;
 * what failed stays selected, with the reason per tip.
 */
interface BulkView {
  choice: BulkChoice;
  busy: boolean;
  error: string;
  result?: TipBulkResult;
}

export class InboxBulk {
  private s: BulkView = { choice: { ...NO_CHANGE }, busy: false, error: '' };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly c: BulkOptions,
  ) {}

  /** The selection was replaced (another filter, cleared): the last answer no longer applies. */
  forget(): void {
    this.update({ result: undefined });
  }

  private update(patch: Partial<BulkView>): void {
    this.s = { ...this.s, ...patch };
    this.host.requestUpdate();
  }

  private async run(e: Event): Promise<void> {
    e.preventDefault();
    const api = this.c.api();
    if (!api || this.s.busy) return;
    const body = bulkBody(this.s.choice, this.c.selected());
    this.update({ error: '', result: undefined });
    if (typeof body === 'string') {
      this.update({ error: this.c.m(body) });
      return;
    }
    this.update({ busy: true });
    try {
      const result = await api.bulk(body);
      this.update({ result, choice: { ...NO_CHANGE } });
      this.c.select(new Set(result.results.filter((r) => !r.ok).map((r) => r.ref)));
      this.c.note(this.c.m('bulkDone', { n: result.done }));
      this.c.done();
    } catch (err) {
      this.update({ error: this.c.describe(err) });
    } finally {
      this.update({ busy: false });
    }
  }

  render(): TemplateResult | typeof nothing {
    const { m } = this.c;
    const selected = this.c.selected();
    if (!selected.size && !this.s.result) return nothing;
    const set = (k: keyof BulkChoice) => (e: Event) => this.update({ choice: { ...this.s.choice, [k]: (e.target as HTMLSelectElement).value } });
    const r = this.s.result;
    const failed = r?.results.filter((x) => !x.ok) ?? [];
    return html`<form part="bulk" class="card" novalidate aria-labelledby="bulk-h" @submit=${(e: Event) => this.run(e)}>
      <h3 id="bulk-h">${m('bulkTitle')}${selected.size ? html`: ${m('selected', { n: selected.size })}` : nothing}</h3>
      ${
        selected.size
          ? html`<div class="toolbar">
            ${pick(
              'bulk-status',
              m('bulkStatus'),
              html`<select id="bulk-status" .value=${this.s.choice.status} @change=${set('status')}>
                <option value="">${m('noChange')}</option>
                ${TIP_STATUSES.map((s) => html`<option value=${s}>${m(`status_${s}`)}</option>`)}
              </select>`,
            )}
            ${pick(
              'bulk-assignee',
              m('bulkAssign'),
              html`<select id="bulk-assignee" .value=${this.s.choice.assignee} @change=${set('assignee')}>
                <option value="">${m('noChange')}</option>
                ${this.c.assignees().map((a) => html`<option value=${a.id}>${isolateText(a.label)}</option>`)}
                <option value="none">${m('unassign')}</option>
              </select>`,
            )}
            ${pick(
              'bulk-published',
              m('bulkPublish'),
              html`<select id="bulk-published" .value=${this.s.choice.published} @change=${set('published')}>
                <option value="">${m('noChange')}</option>
                <option value="true">${m('bulkPublishYes')}</option>
                <option value="false">${m('bulkPublishNo')}</option>
              </select>`,
            )}
            ${
              this.s.choice.status === 'rejected'
                ? pick(
                    'bulk-reason',
                    m('reason'),
                    html`<input id="bulk-reason" type="text" maxlength="2000" .value=${this.s.choice.reason}
                  @input=${(e: Event) => this.update({ choice: { ...this.s.choice, reason: (e.target as HTMLInputElement).value } })} />`,
                  )
                : nothing
            }
            <button type="submit" class="primary" aria-disabled=${this.s.busy ? 'true' : 'false'}>${m('bulkApply')}</button>
            <button type="button" @click=${() => {
              this.c.select(new Set());
              this.forget();
            }}>${m('bulkClear')}</button>
          </div>`
          : nothing
      }
      <div role="alert">
        ${this.s.error ? html`<p class="notice error">${this.s.error}</p>` : nothing}
        ${
          r
            ? html`<p>${m('bulkDone', { n: r.done })}</p>
              ${
                failed.length
                  ? html`<div class="notice error"><p>${m('bulkFailed', { n: failed.length })}</p>
                    <ul>${failed.map((f) => html`<li><span class="ref">${f.ref}</span>: ${this.c.why(f.code)}</li>`)}</ul></div>`
                  : nothing
              }`
            : nothing
        }
      </div>
    </form>`;
  }
}

export interface SavedOptions extends InboxContext {
  client: () => ApiClient | undefined;
  /** The filter in force (what "save" keeps). */
  filter: () => InboxFilter;
  /** Applies a saved filter to the inbox. */
  apply: (filter: InboxFilter) => void;
}

/** One's own saved filters (`part="saved"`): choose one to apply it, delete it, save the filter in force under a name. */
interface SavedView {
  /** The name typed for the filter to save, the saved filter chosen, why the last call failed. */
  name: string;
  choice: string;
  error: string;
}

export class SavedFilters {
  private s: SavedView = { name: '', choice: '', error: '' };

  private readonly task: Task<readonly [ApiClient | undefined], SavedFilter[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly c: SavedOptions,
  ) {
    this.task = new Task(host, {
      task: async ([client], { signal }) => (client ? c.api()!.filters(signal) : ([] as SavedFilter[])),
      args: () => [c.client()] as const,
    });
  }

  private update(patch: Partial<SavedView>): void {
    this.s = { ...this.s, ...patch };
    this.host.requestUpdate();
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const api = this.c.api();
    if (!api) return;
    const name = this.s.name.trim();
    this.update({ error: '' });
    if (!name) {
      this.update({ error: this.c.m('filterNameRequired') });
      return;
    }
    const query = Object.fromEntries(Object.entries(this.c.filter()).filter((x): x is [string, string] => !!x[1]));
    try {
      const saved = await api.saveFilter(name, query);
      this.update({ name: '' });
      this.c.note(this.c.m('filterSaved', { name: isolateText(saved.name) }));
      await this.task.run();
      this.update({ choice: saved.id });
    } catch (err) {
      this.update({ error: this.c.describe(err) });
    }
  }

  private use(id: string): void {
    this.update({ choice: id });
    const f = this.task.value?.find((x) => x.id === id);
    if (!f) return;
    this.c.apply(filterOf(f.query));
    this.c.note(this.c.m('filterApplied', { name: isolateText(f.name) }));
  }

  private async remove(): Promise<void> {
    const api = this.c.api();
    if (!api || !this.s.choice) return;
    this.update({ error: '' });
    try {
      await api.deleteFilter(this.s.choice);
      this.update({ choice: '' });
      this.c.note(this.c.m('filterDeleted'));
      await this.task.run();
    } catch (err) {
      this.update({ error: this.c.describe(err) });
    }
  }

  /** The choice, delete and "save this filter" group, for the inbox's toolbar. */
  render(): TemplateResult {
    const { m } = this.c;
    const saved = this.task.value ?? [];
    return html`<div part="saved" class="toolbar" role="group" aria-label=${m('savedFilters')}>
      ${pick(
        'saved',
        m('savedFilters'),
        html`<select id="saved" .value=${this.s.choice} @change=${(e: Event) => this.use((e.target as HTMLSelectElement).value)} ?disabled=${!saved.length}>
          <option value="">${saved.length ? m('savedChoose') : m('savedNone')}</option>
          ${saved.map((f) => html`<option value=${f.id} ?selected=${f.id === this.s.choice}>${isolateText(f.name)}</option>`)}
        </select>`,
      )}
      ${this.s.choice ? html`<button type="button" class="small" @click=${() => this.remove()}>${m('deleteFilter')}</button>` : nothing}
      <details ?open=${!!this.s.error}>
        <summary>${m('saveFilterTitle')}</summary>
        <form class="toolbar" novalidate @submit=${(e: Event) => this.save(e)}>
          ${pick(
            'saved-name',
            m('filterName'),
            html`<input id="saved-name" type="text" maxlength="80" .value=${this.s.name} aria-invalid=${this.s.error ? 'true' : 'false'} aria-describedby="saved-error"
              @input=${(e: Event) => this.update({ name: (e.target as HTMLInputElement).value })} />`,
          )}
          <button type="submit">${m('saveFilter')}</button>
        </form>
      </details>
    </div>`;
  }

  /** Why saving or deleting failed; below the toolbar, where the name field points to it. */
  renderError(): TemplateResult {
    return html`<p id="saved-error" class="error" role="alert">${this.s.error}</p>`;
  }
}
