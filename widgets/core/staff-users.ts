import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { isolate, isolateParams, isolateText } from './bidi.ts';
import { ApiProblem, type ApiClient } from './api-client.ts';
import { BnElement } from './base-element.ts';
import { apiClientContext } from './context.ts';
import type { BnErrorSummary } from './error-summary.ts';
import { formatDate, type Params } from './i18n.ts';
import { ROLE_MODULES, roleText, sortRoles } from './roles.ts';
import { renderRolePicker, rolesFromForm } from './role-picker.ts';
import * as v from 'valibot';
import { UserInvite } from '../../backend/core/accounts-schema.ts';
import { SessionEndEvent, staffContext, type Me, type StaffUser } from './staff-context.ts';
import { staffMessages, type StaffMessageKey } from './staff-messages.ts';
import { staffStyles } from './staff-styles.ts';
import { staffUsersStyles } from './staff-users-styles.ts';

type Confirm = { kind: 'disable' | 'enable' | 'reset-2fa'; user: StaffUser };
type Form = { kind: 'invite' } | { kind: 'edit'; user: StaffUser };
type FieldErrors = Partial<Record<'email' | 'name' | 'roles', string>>;

/**
 * @summary Users and roles of one tenant (`/v1/staff/users`, for its tenant-admin) or, in
 * `<bn-admin>`, of any tenant or of the hosting office (`/v1/admin/users`, host-admin):
 * list with roles in words, status, two-factor and last sign-in; invite (the invitation
 * link is shown to copy, for towns without mail); change roles; disable / enable; a new
 * invitation link; reset two-factor. Confirmations in a modal dialog.
 *
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 * @csspart table - The users table.
 * @csspart form - The invite / roles form.
 * @cssprop --bn-color-primary - Buttons and links.
 */
export class BnStaffUsers extends BnElement {
  static override styles = [...BnElement.styles, staffStyles, staffUsersStyles];

  /** The button that opened the dialog or form, to return focus to. */
  private opener?: HTMLElement;

  @query('#confirm-dialog') private dialog?: HTMLDialogElement;
  @query('#form-title') private formTitle?: HTMLElement;
  @query('#link-title') private linkTitle?: HTMLElement;
  @query('bn-error-summary') private summary?: BnErrorSummary;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private client?: ApiClient;

  @consume({ context: staffContext, subscribe: true })
  @state()
  private me?: Me;

  @state() private users: StaffUser[] = [];
  @state() private form?: Form;
  @state() private confirm?: Confirm;
  @state() private link?: { name: string; url: string };
  @state() private errors: FieldErrors = {};
  @state() private busy = false;
  @state() private status = '';
  @state() private alert = '';

  /** `staff`: the signed-in tenant-admin's own tenant; `admin`: the hosting office's API. */
  @property() scope: 'staff' | 'admin' = 'staff';
  /** With `scope="admin"`: the tenant (slug) whose users to manage. */
  @property() tenant = '';
  /** With `scope="admin"`: the hosting office's own accounts (no tenant, role host-admin). */
  @property({ type: Boolean }) host = false;
  /** The tenant's enabled modules (roles are offered for these); by default the signed-in tenant's. */
  @property({ attribute: false }) modules?: string[];

  private readonly list = new Task(this, {
    task: async ([client, scope, tenant, host], { signal }) => {
      if (!client) return [] as StaffUser[];
      const query = scope === 'admin' && !host && tenant ? { tenant } : undefined;
      const { items } = await client.get<{ items: StaffUser[] }>(this.path(''), { signal, query });
      return host ? items.filter((u) => u.tenant === null) : items;
    },
    args: () => [this.client, this.scope, this.tenant, this.host] as const,
    onComplete: (items) => (this.users = items),
    onError: (err) => this.checkSession(err),
  });

  private get offeredModules(): string[] {
    const enabled = this.modules ?? this.me?.tenant?.modules ?? [...ROLE_MODULES];
    return ROLE_MODULES.filter((m) => enabled.includes(m));
  }

  private path(rest: string): string {
    return `${this.scope === 'admin' ? '/v1/admin/users' : '/v1/staff/users'}${rest}`;
  }

  private s(key: StaffMessageKey, params?: Params): string {
    return staffMessages.t(this.locale, key, params);
  }

  private checkSession(err: unknown): void {
    if (err instanceof ApiProblem && err.status === 401) this.dispatchEvent(new SessionEndEvent());
  }

  private describe(err: unknown): string {
    if (!(err instanceof ApiProblem)) return this.s('networkError');
    if (err.status === 401) return this.s('sessionExpired');
    if (err.status === 403) return this.s('roleRequired');
    if (err.status >= 500) return this.s('serverError', { code: err.code });
    return err.detail || err.title;
  }

  private async announce(message: string, tone: 'status' | 'error' = 'status'): Promise<void> {
    // Cleared first, so the same message twice is announced twice.
    this.status = '';
    this.alert = '';
    await this.updateComplete;
    if (tone === 'error') this.alert = message;
    else this.status = message;
  }

  private replace(user: StaffUser): void {
    this.users = this.users.map((u) => (u.id === user.id ? user : u));
  }

  private async openForm(form: Form, e: Event): Promise<void> {
    this.opener = e.currentTarget as HTMLElement;
    this.form = form;
    this.errors = {};
    this.link = undefined;
    await this.updateComplete;
    this.formTitle?.focus();
  }

  private async closeForm(): Promise<void> {
    this.form = undefined;
    this.errors = {};
    await this.updateComplete;
    if (this.opener?.isConnected) this.opener.focus();
    else this.renderRoot.querySelector<HTMLElement>('button.invite')?.focus();
  }

  /** Roles from the form: duties as checkboxes, one level per module. */
  private rolesOf(data: FormData): string[] {
    return this.host ? ['host-admin'] : rolesFromForm(data, this.offeredModules);
  }

  private async showErrors(errors: FieldErrors): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    const ids: Record<keyof FieldErrors, string> = { email: 'user-email', name: 'user-name', roles: 'roles-first' };
    // In the order of the form's fields.
    const order: (keyof FieldErrors)[] = ['name', 'email', 'roles'];
    await this.summary?.show(order.filter((f) => errors[f]).map((f) => ({ target: ids[f], message: errors[f]! })));
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.client || !this.form) return;
    const data = new FormData(e.target as HTMLFormElement);
    const roles = this.rolesOf(data);
    const errors: FieldErrors = {};
    if (this.form.kind === 'invite') {
      const name = String(data.get('name') ?? '').trim();
      const email = String(data.get('email') ?? '').trim();
      // The API's own schema decides; the messages are the console's, in its language.
      const checked = v.safeParse(UserInvite, { email, name, roles });
      for (const issue of checked.issues ?? []) this.fieldError(errors, String(issue.path?.[0]?.key ?? ''));
      if (Object.keys(errors).length) return this.showErrors(errors);
      const body = this.scope === 'admin' ? { email, name, roles, tenant: this.host ? null : this.tenant } : { email, name, roles };
      await this.call(async (client) => {
        const created = await client.send<StaffUser & { invitationUrl: string }>('POST', this.path(''), body);
        const { invitationUrl, ...user } = created;
        this.users = [...this.users, user];
        this.form = undefined;
        this.errors = {};
        await this.showLink(user.name, invitationUrl);
        void this.announce(this.s('invited', { name: isolateText(user.name) }));
      });
      return;
    }
    const user = this.form.user;
    await this.call(async (client) => {
      const saved = await client.send<StaffUser>('PATCH', this.path(`/${encodeURIComponent(user.id)}`), { roles });
      this.replace(saved);
      void this.announce(this.s('rolesSaved', { name: isolateText(saved.name) }));
      await this.closeForm();
    });
  }

  /** The form's message for a field the API or its schema named (the first one stays: "taken" beats "invalid"). */
  private fieldError(errors: FieldErrors, field: string): void {
    const keys = { name: 'errName', email: 'errEmail', roles: 'errRoles' } as const;
    if (Object.hasOwn(keys, field)) errors[field as keyof FieldErrors] ??= this.s(keys[field as keyof FieldErrors]);
  }

  /** Runs a write; field errors from a 422 / 409 go to the form, others to the live region. */
  private async call(fn: (client: ApiClient) => Promise<void>): Promise<void> {
    if (!this.client) return;
    this.busy = true;
    try {
      await fn(this.client);
    } catch (err) {
      this.checkSession(err);
      if (err instanceof ApiProblem && this.form && (err.status === 422 || err.status === 409)) {
        const errors: FieldErrors = {};
        if (err.status === 409) errors.email = this.s('errEmailTaken');
        for (const fe of err.errors) this.fieldError(errors, fe.path.split('.')[0] ?? '');
        if (Object.keys(errors).length) {
          await this.showErrors(errors);
          return;
        }
      }
      void this.announce(this.describe(err), 'error');
    } finally {
      this.busy = false;
    }
  }

  private async showLink(name: string, url: string): Promise<void> {
    this.link = { name, url };
    await this.updateComplete;
    this.linkTitle?.focus();
  }

  private async resend(user: StaffUser, e: Event): Promise<void> {
    this.opener = e.currentTarget as HTMLElement;
    await this.call(async (client) => {
      const { invitationUrl } = await client.send<{ invitationUrl: string }>('POST', this.path(`/${encodeURIComponent(user.id)}/invite`));
      await this.showLink(user.name, invitationUrl);
    });
  }

  private async openConfirm(confirm: Confirm, e: Event): Promise<void> {
    this.opener = e.currentTarget as HTMLElement;
    this.confirm = confirm;
    await this.updateComplete;
    this.dialog?.showModal();
  }

  private closeConfirm(): void {
    this.dialog?.close();
  }

  /** Closed by a button or Escape. `confirm` stays: the close event may come after a new one opened. */
  private onDialogClose(): void {
    if (this.opener?.isConnected) this.opener.focus();
  }

  private async confirmed(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const c = this.confirm;
    if (!c) return;
    await this.call(async (client) => {
      const id = encodeURIComponent(c.user.id);
      const saved =
        c.kind === 'reset-2fa' ? await client.send<StaffUser>('POST', this.path(`/${id}/reset-2fa`)) : await client.send<StaffUser>('PATCH', this.path(`/${id}`), { enabled: c.kind === 'enable' });
      this.replace(saved);
      const key: StaffMessageKey = c.kind === 'reset-2fa' ? 'twoFactorReset' : c.kind === 'enable' ? 'enabledDone' : 'disabledDone';
      void this.announce(this.s(key, { name: isolateText(saved.name) }));
    });
    this.closeConfirm();
  }

  private async copyLink(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      void this.announce(this.s('copied'));
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#invite-link')?.select();
      void this.announce(this.s('copyFailed'), 'error');
    }
  }

  private async closeLink(): Promise<void> {
    this.link = undefined;
    await this.updateComplete;
    if (this.opener?.isConnected) this.opener.focus();
    else this.renderRoot.querySelector<HTMLElement>('button.invite')?.focus();
  }

  private date(d: string | null): string {
    return d ? formatDate(this.locale, d, { dateStyle: 'medium', timeStyle: 'short' }) : this.s('never');
  }

  private renderRoles(form: Form) {
    if (this.host) return html`<p>${roleText(this.locale, 'host-admin')}</p>`;
    return renderRolePicker({
      locale: this.locale,
      roles: form.kind === 'edit' ? form.user.roles : [],
      modules: this.offeredModules,
      error: this.errors.roles,
      s: (key) => this.s(key),
    });
  }

  private inputField(id: 'user-name' | 'user-email', field: 'name' | 'email', label: string, type: string, autocomplete: string) {
    const error = this.errors[field];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <span class="error" id="${id}-error">${error ?? ''}</span>
      <input id=${id} name=${field} type=${type} autocomplete=${autocomplete} spellcheck="false" aria-invalid=${error ? 'true' : 'false'} aria-describedby="${id}-error" />
    </div>`;
  }

  private renderForm(form: Form) {
    const title = form.kind === 'invite' ? this.s('inviteFormTitle') : isolateParams((p) => this.s('editTitle', p), { name: form.user.name });
    return html`<section class="card" aria-labelledby="form-title">
      <h3 id="form-title" tabindex="-1">${title}</h3>
      <bn-error-summary .heading=${this.s('errorSummary')} .level=${4}></bn-error-summary>
      <form part="form" novalidate aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.submit}>
        ${
          form.kind === 'invite'
            ? html`${this.inputField('user-name', 'name', this.s('name'), 'text', 'off')}
            ${this.inputField('user-email', 'email', this.s('email'), 'email', 'off')}`
            : nothing
        }
        ${this.renderRoles(form)}
        <div class="row">
          <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>
            ${this.busy ? this.s('saving') : form.kind === 'invite' ? this.s('sendInvite') : this.s('saveRoles')}
          </button>
          <button type="button" @click=${this.closeForm}>${this.s('cancel')}</button>
        </div>
      </form>
    </section>`;
  }

  private renderLink(link: { name: string; url: string }) {
    return html`<section class="card notice secret link-box" aria-labelledby="link-title">
      <h3 id="link-title" tabindex="-1">${isolateParams((p) => this.s('inviteLinkTitle', p), { name: link.name })}</h3>
      <p>${this.s('inviteLinkText')}</p>
      <div class="field">
        <label for="invite-link">${this.s('inviteLink')}</label>
        <input id="invite-link" type="text" readonly spellcheck="false" .value=${link.url} />
      </div>
      <div class="row">
        <button type="button" class="copy-link" aria-label=${this.s('copyWhat', { what: this.s('inviteLink') })} @click=${() => this.copyLink(link.url)}>
          ${this.s('copy')}
        </button>
        <button type="button" @click=${this.closeLink}>${this.s('inviteLinkDone')}</button>
      </div>
    </section>`;
  }

  private renderStatus(u: StaffUser) {
    if (!u.enabled) return html`<span class="badge bad">${this.s('userDisabled')}</span>`;
    if (!u.hasPassword && !u.lastLoginAt) return html`<span class="badge warn">${this.s('userInvited')}</span>`;
    return html`<span class="badge ok">${this.s('userEnabled')}</span>`;
  }

  private renderTable(users: StaffUser[]) {
    if (!users.length) return html`<p>${this.s('usersEmpty')}</p>`;
    return html`<div class="table-wrap" part="table" tabindex="0" role="region" aria-label=${this.s('usersTable')}>
      <table>
        <thead>
          <tr>
            <th scope="col">${this.s('colName')}</th>
            <th scope="col">${this.s('colRoles')}</th>
            <th scope="col">${this.s('colStatus')}</th>
            <th scope="col">${this.s('colActions')}</th>
          </tr>
        </thead>
        <tbody>
          ${users.map(
            (u) => html`<tr data-id=${u.id}>
              <th scope="row">${isolate(u.name)}<br /><span class="muted email">${isolate(u.email)}</span></th>
              <td>
                ${
                  u.roles.length
                    ? html`<ul class="roles">
                      ${sortRoles(u.roles).map((r) => html`<li>${roleText(this.locale, r)}</li>`)}
                    </ul>`
                    : this.s('noRoles')
                }
              </td>
              <td>
                ${this.renderStatus(u)}
                <dl class="facts">
                  <div><dt>${this.s('colTwoFactor')}</dt> <dd>${u.totpEnabled ? this.s('twoFactorYes') : this.s('twoFactorNo')}</dd></div>
                  <div><dt>${this.s('colLastLogin')}</dt> <dd>${this.date(u.lastLoginAt)}</dd></div>
                </dl>
              </td>
              <td>
                <div class="actions-col">
                  ${
                    this.host
                      ? nothing
                      : html`<button type="button" class="small edit" aria-label=${this.s('editUser', { name: isolateText(u.name) })} @click=${(e: Event) => this.openForm({ kind: 'edit', user: u }, e)}>
                        ${this.s('edit')}
                      </button>`
                  }
                  ${
                    u.id === this.me?.user.id
                      ? nothing /* nobody disables themselves (the API refuses it: SELF_LOCKOUT) */
                      : u.enabled
                        ? html`<button type="button" class="small danger disable" aria-label=${this.s('disableUser', { name: isolateText(u.name) })} @click=${(e: Event) => this.openConfirm({ kind: 'disable', user: u }, e)}>
                        ${this.s('disable')}
                      </button>`
                        : html`<button type="button" class="small enable" aria-label=${this.s('enableUser', { name: isolateText(u.name) })} @click=${(e: Event) => this.openConfirm({ kind: 'enable', user: u }, e)}>
                        ${this.s('enable')}
                      </button>`
                  }
                  ${
                    !u.hasPassword && u.enabled
                      ? html`<button type="button" class="small resend" aria-label=${this.s('resendUser', { name: isolateText(u.name) })} @click=${(e: Event) => this.resend(u, e)}>
                        ${this.s('resend')}
                      </button>`
                      : nothing
                  }
                  ${
                    u.totpEnabled
                      ? html`<button type="button" class="small reset-2fa" aria-label=${this.s('resetTwoFactorUser', { name: isolateText(u.name) })} @click=${(e: Event) => this.openConfirm({ kind: 'reset-2fa', user: u }, e)}>
                        ${this.s('resetTwoFactor')}
                      </button>`
                      : nothing
                  }
                </div>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderDialog() {
    const c = this.confirm;
    const name = c?.user.name ?? '';
    const [title, text]: [StaffMessageKey, StaffMessageKey] =
      c?.kind === 'reset-2fa' ? ['resetTwoFactorTitle', 'resetTwoFactorText'] : c?.kind === 'enable' ? ['enableTitle', 'enableText'] : ['disableTitle', 'disableText'];
    return html`<dialog id="confirm-dialog" aria-labelledby="confirm-title" @close=${this.onDialogClose}>
      <form method="dialog" @submit=${this.confirmed}>
        <h3 id="confirm-title">${c ? isolateParams((p) => this.s(title, p), { name }) : ''}</h3>
        <p>${c ? isolateParams((p) => this.s(text, p), { name }) : ''}</p>
        <div class="row">
          <button type="submit" class="primary ${c?.kind === 'enable' ? '' : 'danger'} confirm">${this.s('confirm')}</button>
          <button type="button" autofocus @click=${this.closeConfirm}>${this.s('cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }

  override render() {
    return html`<p>${this.s('usersIntro')}</p>
      <div class="live notice" role="status">${this.status}</div>
      <div class="live notice error" role="alert">${this.alert}</div>
      ${this.link ? this.renderLink(this.link) : nothing}
      ${
        this.form
          ? this.renderForm(this.form)
          : html`<div class="row spread">
            <p class="muted">${this.s('usersCount', { n: this.users.length })}</p>
            <button type="button" class="primary invite" @click=${(e: Event) => this.openForm({ kind: 'invite' }, e)}>${this.s('invite')}</button>
          </div>`
      }
      ${this.list.render({
        initial: () => html`<p>${this.s('loading')}</p>`,
        pending: () => (this.users.length ? this.renderTable(this.users) : html`<p>${this.s('loading')}</p>`),
        error: (err) =>
          html`<div class="notice error">
            <p>${this.describe(err)}</p>
            <button type="button" @click=${() => this.list.run()}>${this.s('retry')}</button>
          </div>`,
        complete: () => this.renderTable(this.users),
      })}
      ${this.renderDialog()}`;
  }
}
