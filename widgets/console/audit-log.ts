import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { ConsoleElement } from './shared.ts';
import type { ConsoleMessageKey } from './messages.ts';
import { roleText } from '../core/roles.ts';
import { isolate } from '../core/bidi.ts';

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string | null;
  /** Who it was in words: the person's name, the key's label, or the command line. */
  actorName?: string | null;
  action: string;
  subject: string;
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

const KINDS: Record<string, ConsoleMessageKey> = {
  publishable: 'kindPublishable',
  staff: 'kindStaff',
  admin: 'kindAdmin',
};

/**
 * @summary The tenant's audit trail (`GET /v1/staff/audit`), newest first, with "load
 * older entries". Module actions without a known wording show their technical name.
 */
export class BnConsoleAudit extends ConsoleElement {

  @state() private older: AuditEntry[] = [];
  @state() private end = false;
  @state() private moreBusy = false;
  @state() private note = '';
  @state() private moreError = '';

  private readonly first = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return [];
      const { items } = await client.get<{ items: AuditEntry[] }>('/v1/staff/audit', { signal, query: { limit: PAGE } });
      return items;
    },
    args: () => [this.client] as const,
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
        query: { limit: PAGE, before: new Date(last.at).toISOString() },
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

  private actionText(action: string): string {
    const key = ACTIONS[action];
    return key ? this.m(key) : action;
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

  /** Platform details in words; a module's own detail keys show as they are (values isolated). */
  private detailsText(details: AuditEntry['details']) {
    if (!details || !Object.keys(details).length) return '';
    return Object.entries(details).map(([k, v], i) => {
      const name = DETAILS[k] ? this.m(DETAILS[k]) : k;
      const value = this.accountValue(k, v) ??
        (k === 'kind' && typeof v === 'string' && KINDS[v]
          ? this.m(KINDS[v])
          : isolate(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)));
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
                <td><code>${isolate(e.subject)}</code></td>
                <td>${e.actorName ? isolate(e.actorName) : e.actor ? html`<code>${isolate(e.actor)}</code>` : '—'}</td>
                <td>${this.detailsText(e.details)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="row">
        ${this.end
          ? html`<p class="muted">${this.m('auditEnd')}</p>`
          : html`<button type="button" class="more" aria-disabled=${this.moreBusy ? 'true' : 'false'} @click=${this.loadMore}>
              ${this.moreBusy ? this.m('loading') : this.m('auditMore')}
            </button>`}
      </div>
      <div role="alert">${this.moreError ? html`<p class="notice error">${this.moreError}</p>` : nothing}</div>`;
  }

  override render() {
    return html`<p>${this.m('auditIntro')}</p>
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
