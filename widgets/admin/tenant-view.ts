import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { staffMessages } from '../core/staff-messages.ts';
import { AdminElement } from './shared.ts';
import type { ApiKey, Tenant } from './types.ts';
import { isolate } from '../core/bidi.ts';

/**
 * @summary One tenant: its users and roles, its settings (editable), its integration keys
 * and the snippet generator.
 *
 * @fires bn-admin-back - The user wants the tenant list again.
 */
export class BnAdminTenant extends AdminElement {
  @query('#title') private titleEl?: HTMLElement;

  /** Latest tenant and keys: from the load, then from saves and key changes. */
  @state() private tenant?: Tenant;
  @state() private keys: ApiKey[] = [];

  @property() slug = '';
  /** All tenants, for the community choice in the settings. */
  @property({ attribute: false }) tenants: Tenant[] = [];
  /** Origin of the API and bundle, for the snippets. */
  @property() base = location.origin;

  private readonly data = new Task(this, {
    task: async ([api, slug], { signal }) => {
      if (!api || !slug) return undefined;
      const [tenant, keys] = await Promise.all([api.tenant(slug, signal), api.keys(slug, signal)]);
      return { tenant, keys };
    },
    args: () => [this.api, this.slug] as const,
    onError: (err) => this.checkSession(err),
    onComplete: (value) => {
      this.tenant = value?.tenant;
      this.keys = value?.keys ?? [];
    },
  });

  /** Keys only: after a create, revoke or rotate. */
  private async reloadKeys(): Promise<void> {
    if (!this.api || !this.tenant) return;
    try {
      // Keys only, so the settings form keeps what the user typed.
      this.keys = await this.api.keys(this.slug);
    } catch (err) {
      this.checkSession(err);
      this.announce(this.describeError(err), 'error');
    }
  }

  /** Moves focus to the tenant's heading (after navigating here). */
  async focusTitle(): Promise<void> {
    await this.data.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.titleEl?.focus();
  }

  private back(): void {
    this.dispatchEvent(new Event('bn-admin-back', { bubbles: true, composed: true }));
  }

  override render() {
    const back = html`<button type="button" class="link back" @click=${this.back}>← ${this.m('back')}</button>`;
    return this.data.render({
      pending: () => html`${back}<p role="status">${this.m('loading')}</p>`,
      error: (err) =>
        html`${back}
          <h2 id="title" tabindex="-1">${this.slug}</h2>
          <div class="notice error" role="alert">
            <p>${this.describeError(err)}</p>
            <button type="button" @click=${() => this.data.run()}>${this.m('retry')}</button>
          </div>`,
      complete: () => {
        const { tenant, keys } = this;
        if (!tenant) return nothing;
        return html`${back}
          <h2 id="title" tabindex="-1">${isolate(tenant.name)} <span class="muted">(${tenant.slug})</span></h2>
          <section class="card" aria-labelledby="users-title">
            <h3 id="users-title">${this.localize(staffMessages, 'usersTitle')}</h3>
            <bn-staff-users scope="admin" .tenant=${tenant.slug} .modules=${tenant.modules}></bn-staff-users>
          </section>
          <section class="card" aria-labelledby="keys-title">
            <h3 id="keys-title">${this.m('keysTitle')}</h3>
            <bn-admin-keys .tenant=${tenant} .keys=${keys} @bn-admin-keys-changed=${this.reloadKeys}></bn-admin-keys>
          </section>
          <section class="card" aria-labelledby="snippet-title">
            <h3 id="snippet-title">${this.m('snippetTitle')}</h3>
            <bn-admin-snippet .tenant=${tenant} .keys=${keys} .base=${this.base}></bn-admin-snippet>
          </section>
          <section class="card" aria-labelledby="settings-title">
            <h3 id="settings-title">${this.m('settingsTitle')}</h3>
            <bn-admin-tenant-form
              .tenant=${tenant}
              .tenants=${this.tenants}
              @bn-admin-tenant-saved=${(e: { tenant: Tenant }) => (this.tenant = e.tenant)}
            ></bn-admin-tenant-form>
          </section>`;
      },
    });
  }
}
