import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { AdminElement } from './shared.ts';
import type { AdminMessageKey } from './messages.ts';
import type { Tenant } from './types.ts';
import { isolate, isolateText } from '../core/bidi.ts';

const SHORT: Record<string, AdminMessageKey> = { tips: 'shortTips', kita: 'shortKita', jobs: 'shortJobs', plans: 'shortPlans' };

/** The user picked a tenant to manage. */
export class OpenTenantEvent extends Event {
  constructor(readonly slug: string) {
    super('bn-admin-open', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-admin-open': OpenTenantEvent;
  }
}

/**
 * @summary The tenants of the hosting community as a table.
 *
 * @fires bn-admin-open - A tenant's "manage" button was pressed.
 * @fires bn-admin-new - "Create a tenant" was pressed.
 */
export class BnAdminTenants extends AdminElement {
  @property({ attribute: false }) tenants: Tenant[] = [];

  private nameOf(slug: string | null): string {
    if (!slug) return this.m('none');
    return this.tenants.find((t) => t.slug === slug)?.name ?? slug;
  }

  override render() {
    const list = this.tenants;
    return html`<div class="row spread">
        <p class="muted">${this.m('tenantsCount', { n: list.length })}</p>
        <button
          class="primary new-tenant"
          type="button"
          @click=${() => this.dispatchEvent(new Event('bn-admin-new', { bubbles: true, composed: true }))}
        >
          ${this.m('newTenant')}
        </button>
      </div>
      ${
        list.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.m('tenantsTable')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${this.m('colName')}</th>
                  <th scope="col">${this.m('colSlug')}</th>
                  <th scope="col">${this.m('colParent')}</th>
                  <th scope="col">${this.m('colModules')}</th>
                  <th scope="col">${this.m('colOrigins')}</th>
                  <th scope="col">${this.m('colStatus')}</th>
                  <th scope="col">${this.m('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                ${list.map(
                  (t) => html`<tr data-slug=${t.slug}>
                    <th scope="row">${isolate(t.name)}</th>
                    <td><code>${t.slug}</code></td>
                    <td>${isolate(this.nameOf(t.parent))}</td>
                    <td>
                      ${t.modules.length ? t.modules.map((m) => (SHORT[m] ? this.m(SHORT[m]) : m)).join(', ') : this.m('none')}
                    </td>
                    <td>${t.origins.length ? t.origins.map((o) => html`<code>${isolate(o)}</code><br />`) : this.m('none')}</td>
                    <td><span class="badge ${t.enabled ? 'ok' : 'bad'}">${t.enabled ? this.m('enabled') : this.m('disabled')}</span></td>
                    <td>
                      <button
                        type="button"
                        class="small open"
                        aria-label=${this.m('openTenant', { name: isolateText(t.name) })}
                        @click=${() => this.dispatchEvent(new OpenTenantEvent(t.slug))}
                      >
                        ${this.m('open')}
                      </button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : html`<p>${this.m('tenantsEmpty')}</p>`
      }`;
  }
}
