import { css, html, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { ApiProblem } from '../core/api-errors.ts';
import type { Params } from '../core/i18n.ts';
import type { Me } from '../core/staff-context.ts';
import { StaffShellElement } from '../core/staff-shell.ts';
import { AdminApi } from './api.ts';
import { adminMessages, type AdminMessageKey } from './messages.ts';
import { adminApiContext, describeError, type AdminAnnounceEvent } from './shared.ts';
import { adminStyles } from './styles.ts';
import type { BnAdminTenant } from './tenant-view.ts';
import type { TenantSavedEvent } from './tenant-form.ts';
import type { Tenant } from './types.ts';

type View = { name: 'list' } | { name: 'create' } | { name: 'tenant'; slug: string } | { name: 'host-users' };

/**
 * @summary The hosting office's console: sign in as a person with the host-admin role
 * (see `StaffShellElement`), manage tenants (create, edit origins, community, modules),
 * their users and roles, their integration keys (create – shown once –, revoke, rotate),
 * copy the embed snippet for each widget, and manage the hosting office's own accounts.
 *
 * @csspart base - The console's wrapper.
 * @cssprop --bn-color-primary - Main colour of buttons and links.
 */
export class BnAdmin extends StaffShellElement {
  static override styles = [
    ...StaffShellElement.styles,
    ...adminStyles,
    css`
      .live {
        margin-block-end: var(--_space);
      }
      nav.views {
        margin-block-end: var(--_space);
      }
    `,
  ];

  @query('#view-title') private viewTitle?: HTMLElement;
  @query('bn-admin-tenant') private tenantView?: BnAdminTenant;

  @provide({ context: adminApiContext }) @state() protected providedApi?: AdminApi;

  @state() private view: View = { name: 'list' };
  @state() private tenants: Tenant[] = [];

  constructor() {
    super();
    // In the constructor, not connectedCallback: a re-attached element must not listen twice.
    this.addEventListener('bn-admin-announce', (e: AdminAnnounceEvent) => this.show(e.message, e.tone));
    this.addEventListener('bn-admin-tenant-saved', (e: TenantSavedEvent) => this.onSaved(e));
    this.addEventListener('bn-admin-open', (e) => void this.go({ name: 'tenant', slug: e.slug }));
    this.addEventListener('bn-admin-new', () => void this.go({ name: 'create' }));
    this.addEventListener('bn-admin-cancel', () => void this.go({ name: 'list' }));
    this.addEventListener('bn-admin-back', () => void this.go({ name: 'list' }));
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.providedClient;
    if (this.providedApi?.client !== client) this.providedApi = client ? new AdminApi(client) : undefined;
  }

  /** An admin text in this element's language. */
  private m(key: AdminMessageKey, params?: Params): string {
    return adminMessages.t(this.locale, key, params);
  }

  /** Only hosting-office accounts with the host-admin role. */
  protected override accepts(me: Me): boolean {
    return me.host && me.user.roles.includes('host-admin');
  }

  protected override get returnPath(): string {
    return '/admin';
  }

  protected override appTitle(): string {
    return this.m('appTitle');
  }

  protected override subtitle() {
    return this.m('appSubtitle');
  }

  protected override async signedIn(): Promise<void> {
    await this.updateComplete;
    await this.go({ name: 'list' });
  }

  private get base(): string {
    return (this.apiBase || location.origin).replace(/\/+$/, '');
  }

  private show(message: string, tone: 'status' | 'error'): void {
    // Cleared first so the same message twice is announced twice.
    this.status = '';
    this.alert = '';
    void this.updateComplete.then(() => {
      if (tone === 'error') this.alert = message;
      else this.status = message;
    });
  }

  private async refreshTenants(): Promise<void> {
    if (!this.providedApi) return;
    try {
      this.tenants = await this.providedApi.tenants();
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) this.session.expire();
      else this.show(describeError(this.locale, err), 'error');
    }
  }

  private async go(view: View, focus = true): Promise<void> {
    this.view = view;
    if (view.name === 'list') void this.refreshTenants();
    await this.updateComplete;
    if (!focus) return;
    if (view.name === 'tenant') await this.tenantView?.focusTitle();
    else this.viewTitle?.focus();
  }

  private onSaved(e: TenantSavedEvent): void {
    void this.refreshTenants();
    if (e.created) void this.go({ name: 'tenant', slug: e.tenant.slug });
  }

  private renderView() {
    const v = this.view;
    if (v.name === 'tenant') {
      return html`<bn-admin-tenant .slug=${v.slug} .tenants=${this.tenants} .base=${this.base}></bn-admin-tenant>`;
    }
    if (v.name === 'host-users') {
      return html`<button type="button" class="link back" @click=${() => this.go({ name: 'list' })}>← ${this.m('back')}</button>
        <h2 id="view-title" tabindex="-1">${this.s('hostUsersTitle')}</h2>
        <bn-staff-users scope="admin" host></bn-staff-users>`;
    }
    if (v.name === 'create') {
      return html`<button type="button" class="link back" @click=${() => this.go({ name: 'list' })}>← ${this.m('back')}</button>
        <h2 id="view-title" tabindex="-1">${this.m('createTitle')}</h2>
        <section class="card">
          <bn-admin-tenant-form .tenants=${this.tenants}></bn-admin-tenant-form>
        </section>`;
    }
    return html`<h2 id="view-title" tabindex="-1">${this.m('tenantsTitle')}</h2>
      <bn-admin-tenants .tenants=${this.tenants}></bn-admin-tenants>
      <p><button type="button" class="host-users" @click=${() => this.go({ name: 'host-users' })}>${this.s('hostUsersTitle')}</button></p>`;
  }

  protected override renderSignedIn() {
    return this.renderView();
  }
}
