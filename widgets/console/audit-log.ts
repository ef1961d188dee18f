import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { auditWordingFor, loadAuditWordings } from '../core/audit-wording.ts';
import { ConsoleElement } from './shared.ts';
import type { ConsoleMessageKey } from './messages.ts';
import { roleText } from '../core/roles.ts';
import { isolate, isolateText } from '../core/bidi.ts';

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string | null;
  /** Who it was in words: the person's name, the key's label, or the command line. */
  actorName?: string | null;
  action: string;
  subject: string;
  /** The subject in words when it is a person or a key (never show a key id). */
  subjectName?: string | null;
  details: Record<string, unknown> | null;
}

const PAGE = 50;

const ACTIONS: Record<string, ConsoleMessageKey> = {
  'tenant.create': 'actionTenantCreate',
  'tenant.update': 'actionTenantUpdate',
  'key.create': 'actionKeyCreate',
  'key.revoke': 'actionKeyRevoke',
  'key.rotate': 'actionKeyRotate',
  'user.invite': 'actionUserInvite',
  'user.reinvite': 'actionUserReinvite',
  'user.update': 'actionUserUpdate',
  'user.reset-2fa': 'actionUserReset2fa',
  'user.sign-in': 'actionUserSignIn',
};

const DETAILS: Record<string, ConsoleMessageKey> = {
  kind: 'detailKind',
  label: 'detailLabel',
  successor: 'detailSuccessor',
  fields: 'detailFields',
  roles: 'detailRoles',
  enabled: 'detailEnabled',
  name: 'detailName',
  via: 'detailVia',
};

/** Tenant settings by name (the `fields` of tenant.update). */
const FIELDS: Record<string, ConsoleMessageKey> = {
  name: 'fieldName',
  origins: 'fieldOrigins',
  parent: 'fieldParent',
  modules: 'fieldModules',
  languages: 'fieldLanguages',
  theme: 'fieldTheme',
  map: 'fieldMap',
  privacyUrl: 'fieldPrivacyUrl',
  accessibilityUrl: 'fieldAccessibilityUrl',
  contactEmail: 'fieldContactEmail',
  enabled: 'detailEnabled',
  settings: 'fieldSettings',
};

export interface AuditFacets {
  actors: { id: string; name: string | null }[];
  actions: string[];
}

interface AuditQuery {
  actor: string;
  action: string;
  from: string;
  to: string;
}

const NO_QUERY: AuditQuery = { actor: '', action: '', from: '', to: '' };

const KINDS: Record<string, ConsoleMessageKey> = {
  publishable: 'kindPublishable',
  staff: 'kindStaff',
  admin: 'kindAdmin',
};

/**
 * @summary The tenant's audit trail (`GET /v1/staff/audit`) in words, newest first: who (the
 * person's name or the key's label, never a key id), what ("Stand: Neu → In Bearbeitung") and
 * on what; filtered by person, action and days; "load older entries". Modules word their own
 * actions through core's audit wording registry (widgets/core/audit-wording.ts).
 *
 * @csspart filters - The filter form.
 */
export class BnConsoleAudit extends ConsoleElement {
  static override styles = [
    ...ConsoleElement.styles,
    css`
      form.filters {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(12rem, 100%), 1fr));
        gap: calc(var(--_space) / 2) var(--_space);
        align-items: end;
        margin-block-end: var(--_space);
      }
      form.filters .field {
        margin: 0;
      }
      form.filters .row {
        grid-column: 1 / -1;
      }
      input[type='date'] {
        font: inherit;
        min-block-size: 2.75em;
        border: 2px solid var(--_color-border);
        border-radius: var(--_radius);
        padding: 0 0.5em;
        max-inline-size: 100%;
      }
      td,
      th {
        overflow-wrap: break-word;
      }
    `,
  ];

  @state() private draft: AuditQuery = { ...NO_QUERY };
  @state() private query: AuditQuery = { ...NO_QUERY };
  @state() private queryError = '';

  @state() private older: AuditEntry[] = [];
  @state() private end = false;
  @state() private moreBusy = false;
  @state() private note = '';
  @state() private moreError = '';

  private readonly facets = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<AuditFacets>('/v1/staff/audit/facets', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  private readonly first = new Task(this, {
    task: async ([client, query], { signal }) => {
      if (!client) return [];
      const [{ items }] = await Promise.all([client.get<{ items: AuditEntry[] }>('/v1/staff/audit', { signal, query: { limit: PAGE, ...this.params(query) } }), loadAuditWordings()]);
      return items;
    },
    args: () => [this.client, this.query] as const,
    onComplete: (items) => {
      this.older = [];
      this.end = items.length < PAGE;
    },
    onError: (err) => this.checkSession(err),
  });

  private get entries(): AuditEntry[] {
    return [...(this.first.value ?? []), ...this.older];
  }

  private async loadMore(): Promise<void> {
    const last = this.entries.at(-1);
    if (!this.client || !last || this.moreBusy) return;
    this.moreBusy = true;
    this.moreError = '';
    try {
      const { items } = await this.client.get<{ items: AuditEntry[] }>('/v1/staff/audit', {
        query: { limit: PAGE, before: new Date(last.at).toISOString(), ...this.params(this.query) },
      });
      this.older = [...this.older, ...items];
      this.end = items.length < PAGE;
      this.note = this.m('auditLoaded', { n: items.length });
    } catch (err) {
      this.checkSession(err);
      this.moreError = this.describeError(err);
    } finally {
      this.moreBusy = false;
    }
  }

  private params(q: AuditQuery): Record<string, string> {
    return Object.fromEntries(Object.entries(q).filter(([, val]) => !!val));
  }

  private applyQuery(e: Event): void {
    e.preventDefault();
    this.queryError = '';
    if (this.draft.from && this.draft.to && this.draft.from > this.draft.to) {
      this.queryError = this.m('auditDatesOrder');
      return;
    }
    this.query = { ...this.draft };
  }

  private resetQuery(): void {
    this.queryError = '';
    this.draft = { ...NO_QUERY };
    this.query = { ...NO_QUERY };
  }

  private actionText(action: string): string {
    const key = ACTIONS[action];
    if (key) return this.m(key);
    return auditWordingFor(action)?.action(this.locale, action) ?? action;
  }

  /** Who, in words: never a key id. */
  private actorText(e: AuditEntry) {
    if (e.actorName) return isolate(e.actorName);
    if (e.actor === 'cli') return this.m('actorCli');
    return html`<span class="muted">${e.actor?.startsWith('key_') ? this.m('actorKey') : this.m('actorUnknown')}</span>`;
  }

  private subjectText(e: AuditEntry) {
    if (e.subjectName) return isolate(e.subjectName);
    if (!e.subject) return '—';
    if (/^key_/.test(e.subject)) return html`<span class="muted">${this.m('actorKey')}</span>`;
    if (e.subject === 'tips') return this.m('subjectTipsSettings');
    return html`<span class="ref">${isolate(e.subject)}</span>`;
  }

  /** Account changes in words: roles by name, old → new for changes; names isolated (bidi). */
  private accountValue(k: string, v: unknown): TemplateResult | string | null {
    const one = (x: unknown): TemplateResult | string => {
      if (k === 'roles' && Array.isArray(x)) return x.length ? x.map((r) => roleText(this.locale, String(r))).join(', ') : this.m('valueNoRoles');
      if (k === 'enabled') return this.m(x ? 'valueEnabled' : 'valueDisabled');
      if (k === 'via') return this.m(x === 'oidc' ? 'viaOidc' : 'viaPassword');
      return html`${isolate(String(x))}`;
    };
    if (!['roles', 'enabled', 'name', 'via'].includes(k)) return null;
    // A change is stored as [before, after].
    const change = Array.isArray(v) && v.length === 2 && (k !== 'roles' || Array.isArray(v[0]));
    return change ? html`${one((v as unknown[])[0])} → ${one((v as unknown[])[1])}` : one(v);
  }

  /** Details in words: the module's wording when it has one, else the platform's. */
  private detailsText(action: string, details: AuditEntry['details']) {
    if (!details || !Object.keys(details).length) return '';
    const worded = auditWordingFor(action)?.details?.(this.locale, action, details);
    if (worded !== undefined && worded !== null) return worded;
    return Object.entries(details).map(([k, v], i) => {
      const name = DETAILS[k] ? this.m(DETAILS[k]) : k;
      const value =
        this.accountValue(k, v) ??
        (k === 'fields' && Array.isArray(v) ? v.map((f) => (FIELDS[String(f)] ? this.m(FIELDS[String(f)]!) : String(f))).join(', ') : null) ??
        (k === 'kind' && typeof v === 'string' && KINDS[v] ? this.m(KINDS[v]) : isolate(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)));
      return html`${i ? '; ' : ''}${name}: ${value}`;
    });
  }

  private renderTable(entries: AuditEntry[]) {
    if (!entries.length) return html`<p>${this.m('auditEmpty')}</p>`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.m('auditTitle')}>
        <table>
          <thead>
            <tr>
              <th scope="col">${this.m('colAt')}</th>
              <th scope="col">${this.m('colAction')}</th>
              <th scope="col">${this.m('colSubject')}</th>
              <th scope="col">${this.m('colActor')}</th>
              <th scope="col">${this.m('colDetails')}</th>
            </tr>
          </thead>
          <tbody>
            ${entries.map(
              (e) => html`<tr>
                <th scope="row"><time datetime=${new Date(e.at).toISOString()}>${this.date(e.at)}</time></th>
                <td>${this.actionText(e.action)}</td>
                <td>${this.subjectText(e)}</td>
                <td>${this.actorText(e)}</td>
                <td>${this.detailsText(e.action, e.details)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="row">
        ${
          this.end
            ? html`<p class="muted">${this.m('auditEnd')}</p>`
            : html`<button type="button" class="more" aria-disabled=${this.moreBusy ? 'true' : 'false'} @click=${this.loadMore}>
              ${this.moreBusy ? this.m('loading') : this.m('auditMore')}
            </button>`
        }
      </div>
      <div role="alert">${this.moreError ? html`<p class="notice error">${this.moreError}</p>` : nothing}</div>`;
  }

  private renderFilters() {
    const f = this.facets.value;
    const d = this.draft;
    const set = (k: keyof AuditQuery) => (e: Event) => (this.draft = { ...this.draft, [k]: (e.target as HTMLInputElement).value });
    const actions = [...(f?.actions ?? [])].map((a) => ({ a, text: this.actionText(a) })).sort((x, y) => x.text.localeCompare(y.text, this.locale));
    return html`<form class="filters" part="filters" role="search" aria-label=${this.m('auditFilters')} novalidate @submit=${this.applyQuery}>
        <div class="field"><label for="a-actor">${this.m('colActor')}</label>
          <select id="a-actor" .value=${d.actor} @change=${set('actor')}>
            <option value="">${this.m('auditAll')}</option>
            ${(f?.actors ?? []).map((a) => html`<option value=${a.id} ?selected=${a.id === d.actor}>${isolateText(a.name ?? (a.id === 'cli' ? this.m('actorCli') : a.id.startsWith('key_') ? this.m('actorKey') : this.m('actorUnknown')))}</option>`)}
          </select></div>
        <div class="field"><label for="a-action">${this.m('colAction')}</label>
          <select id="a-action" .value=${d.action} @change=${set('action')}>
            <option value="">${this.m('auditAll')}</option>
            ${actions.map(({ a, text }) => html`<option value=${a} ?selected=${a === d.action}>${text}</option>`)}
          </select></div>
        <div class="field"><label for="a-from">${this.m('auditFrom')}</label>
          <input id="a-from" type="date" min="1900-01-01" max="2200-12-31" .value=${d.from} @change=${set('from')} /></div>
        <div class="field"><label for="a-to">${this.m('auditTo')}</label>
          <input id="a-to" type="date" min="1900-01-01" max="2200-12-31" .value=${d.to} aria-invalid=${this.queryError ? 'true' : 'false'} aria-describedby="a-error" @change=${set('to')} /></div>
        <div class="row">
          <button type="submit" class="primary">${this.m('auditApply')}</button>
          <button type="button" @click=${this.resetQuery}>${this.m('auditReset')}</button>
        </div>
      </form>
      <p id="a-error" class="error" role="alert">${this.queryError}</p>`;
  }

  override render() {
    return html`<p>${this.m('auditIntro')}</p>
      ${this.renderFilters()}
      <p class="visually-hidden" role="status">${this.note}</p>
      ${this.first.render({
        initial: () => html`<p role="status">${this.m('loading')}</p>`,
        pending: () => html`<p role="status">${this.m('loading')}</p>`,
        error: (err) =>
          html`<div class="notice error" role="alert">
            <p>${this.describeError(err)}</p>
            <button type="button" @click=${() => this.first.run()}>${this.m('retry')}</button>
          </div>`,
        complete: () => this.renderTable(this.entries),
      })}`;
  }
}
