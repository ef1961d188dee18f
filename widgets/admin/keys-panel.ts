import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { AdminElement } from './shared.ts';
import type { AdminMessageKey } from './messages.ts';
import type { ApiKey, KeyKind, Tenant } from './types.ts';
import { isolate, isolateParams } from '../core/bidi.ts';

/** The key list changed (created, revoked, rotated): the owner reloads it. */
export class KeysChangedEvent extends Event {
  constructor() {
    super('bn-admin-keys-changed', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-admin-keys-changed': KeysChangedEvent;
  }
}

const KIND_LABEL: Record<KeyKind, AdminMessageKey> = {
  publishable: 'kindPublishable',
  staff: 'kindStaff',
  admin: 'kindAdmin',
};

interface Secret {
  key: string;
  kind: KeyKind;
  previous?: ApiKey;
}

/**
 * @summary A tenant's keys: list with status and last use, create (the secret is shown
 * once), revoke (confirmed) and rotate (new secret, old key works for a grace period).
 *
 * @fires bn-admin-keys-changed - A key was created, revoked or rotated.
 */
export class BnAdminKeys extends AdminElement {
  @query('#revoke-dialog') private revokeDialog!: HTMLDialogElement;
  @query('#rotate-dialog') private rotateDialog!: HTMLDialogElement;
  @query('#secret-title') private secretTitle?: HTMLElement;

  @state() private secret?: Secret;
  @state() private target?: ApiKey;
  @state() private busy = false;
  @state() private failure = '';
  @state() private graceError = '';

  @property({ attribute: false }) tenant?: Tenant;
  @property({ attribute: false }) keys: ApiKey[] = [];

  private opener?: HTMLElement;

  private statusText(k: ApiKey): string {
    switch (k.status) {
      case 'revoked':
        return this.m('statusRevoked');
      case 'expired':
        return this.m('statusExpired');
      case 'expiring':
        return this.m('statusExpiring', { date: this.date(k.expiresAt) });
      default:
        return this.m('statusActive');
    }
  }

  private async showSecret(secret: Secret): Promise<void> {
    this.secret = secret;
    this.announce(this.m('keyCreated'));
    this.dispatchEvent(new KeysChangedEvent());
    await this.updateComplete;
    this.secretTitle?.focus();
  }

  private async onCreate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.api || !this.tenant || this.busy) return;
    // Read now: after dispatch, a shadow-tree event's target is null.
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.failure = '';
    try {
      const created = await this.api.createKey({
        kind: data.get('kind') === 'staff' ? 'staff' : 'publishable',
        tenant: this.tenant.slug,
        label: String(data.get('label') ?? '').trim(),
      });
      form.reset();
      await this.showSecret({ key: created.key, kind: created.kind });
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private fail(err: unknown): void {
    // Shown in place with role=alert; not repeated in the console's live region.
    this.checkSession(err);
    this.failure = this.describeError(err);
  }

  private async open(dialog: 'revoke' | 'rotate', key: ApiKey, e: Event): Promise<void> {
    this.opener = e.currentTarget as HTMLElement;
    this.target = key;
    this.graceError = '';
    await this.updateComplete;
    (dialog === 'revoke' ? this.revokeDialog : this.rotateDialog).showModal();
  }

  private close(dialog: HTMLDialogElement): void {
    dialog.close();
  }

  private onDialogClose(): void {
    // Back to the button that opened it, unless the row is gone.
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = undefined;
  }

  private async onRevoke(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const key = this.target;
    if (!this.api || !key || this.busy) return;
    this.busy = true;
    this.failure = '';
    try {
      await this.api.revokeKey(key.id);
      this.close(this.revokeDialog);
      this.announce(this.m('revoked', { hint: key.hint }));
      this.dispatchEvent(new KeysChangedEvent());
    } catch (err) {
      this.close(this.revokeDialog);
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private async onRotate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const key = this.target;
    if (!this.api || !key || this.busy) return;
    const raw = String(new FormData(e.target as HTMLFormElement).get('grace') ?? '').trim();
    const grace = Number(raw);
    if (!/^\d+$/.test(raw) || grace > 720) {
      this.graceError = this.m('errGrace');
      return;
    }
    this.busy = true;
    this.failure = '';
    try {
      const rotated = await this.api.rotateKey(key.id, grace);
      this.opener = undefined;
      this.close(this.rotateDialog);
      await this.showSecret({ key: rotated.key, kind: rotated.kind, previous: rotated.previous });
    } catch (err) {
      this.close(this.rotateDialog);
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private renderSecret() {
    const s = this.secret;
    if (!s) return nothing;
    return html`<section class="notice secret" aria-labelledby="secret-title">
      <h4 id="secret-title" tabindex="-1">${this.m('secretTitle')}</h4>
      <p>${s.kind === 'publishable' ? this.m('secretTextPublic') : this.m('secretTextSecret')}</p>
      ${s.previous ? html`<p>${this.m('secretGrace', { hint: s.previous.hint, date: this.date(s.previous.expiresAt) })}</p>` : nothing}
      <bn-admin-copy-block class="secret" .label=${this.m(KIND_LABEL[s.kind])} .text=${s.key}></bn-admin-copy-block>
      <button type="button" @click=${() => (this.secret = undefined)}>${this.m('secretDone')}</button>
    </section>`;
  }

  private renderTable() {
    if (!this.keys.length) return html`<p>${this.m('keysEmpty')}</p>`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.m('keysTable')}>
      <table>
        <thead>
          <tr>
            <th scope="col">${this.m('colKind')}</th>
            <th scope="col">${this.m('colLabel')}</th>
            <th scope="col">${this.m('colKey')}</th>
            <th scope="col">${this.m('colStatus')}</th>
            <th scope="col">${this.m('colLastUsed')}</th>
            <th scope="col">${this.m('colActions')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.keys.map((k) => {
            const live = k.status === 'active';
            const tone = live ? 'ok' : k.status === 'expiring' ? 'warn' : 'bad';
            return html`<tr data-key=${k.id}>
              <td>${this.m(KIND_LABEL[k.kind])}</td>
              <td>${k.label ? isolate(k.label) : this.m('none')}</td>
              <td><code>${k.hint}</code></td>
              <td><span class="badge ${tone}">${this.statusText(k)}</span></td>
              <td>${k.lastUsedAt ? this.date(k.lastUsedAt) : this.m('never')}</td>
              <td>
                <div class="row">
                  ${
                    live
                      ? html`<button
                        type="button"
                        class="small rotate"
                        aria-label=${this.m('rotateKey', { hint: k.hint })}
                        @click=${(e: Event) => this.open('rotate', k, e)}
                      >
                        ${this.m('rotate')}
                      </button>`
                      : nothing
                  }
                  ${
                    k.status !== 'revoked' && k.status !== 'expired'
                      ? html`<button
                        type="button"
                        class="small danger revoke"
                        aria-label=${this.m('revokeKey', { hint: k.hint })}
                        @click=${(e: Event) => this.open('revoke', k, e)}
                      >
                        ${this.m('revoke')}
                      </button>`
                      : nothing
                  }
                </div>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderDialogs() {
    const k = this.target;
    return html`<dialog id="revoke-dialog" aria-labelledby="revoke-title" @close=${this.onDialogClose}>
        <form method="dialog" @submit=${this.onRevoke}>
          <h3 id="revoke-title">${this.m('revokeTitle')}</h3>
          <p>${k ? isolateParams((p) => this.m('revokeText', p), { hint: k.hint, label: k.label || this.m('none') }) : ''}</p>
          <div class="row">
            <button class="danger primary" type="submit">${this.m('revokeConfirm')}</button>
            <button type="button" autofocus @click=${() => this.close(this.revokeDialog)}>${this.m('cancel')}</button>
          </div>
        </form>
      </dialog>
      <dialog id="rotate-dialog" aria-labelledby="rotate-title" @close=${this.onDialogClose}>
        <form method="dialog" novalidate @submit=${this.onRotate}>
          <h3 id="rotate-title">${this.m('rotateTitle')}</h3>
          <p>${k ? this.m('rotateText', { hint: k.hint }) : ''}</p>
          <div class="field">
            <label for="grace">${this.m('fieldGrace')}</label>
            <span class="hint" id="grace-hint">${this.m('hintGrace')}</span>
            <input
              id="grace"
              name="grace"
              type="text"
              inputmode="numeric"
              value="24"
              aria-invalid=${this.graceError ? 'true' : 'false'}
              aria-describedby="grace-hint grace-error"
            />
            <span class="error" id="grace-error">${this.graceError}</span>
          </div>
          <div class="row">
            <button class="primary" type="submit">${this.m('rotateConfirm')}</button>
            <button type="button" @click=${() => this.close(this.rotateDialog)}>${this.m('cancel')}</button>
          </div>
        </form>
      </dialog>`;
  }

  override render() {
    return html`<p>${this.m('keysIntro')}</p>
      ${this.renderSecret()} <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      ${this.renderTable()}
      <form class="create-key" @submit=${this.onCreate} aria-busy=${this.busy ? 'true' : 'false'}>
        <h4>${this.m('newKey')}</h4>
        <div class="field">
          <label for="kind">${this.m('fieldKind')}</label>
          <select id="kind" name="kind">
            <option value="publishable">${this.m('kindPublishable')}</option>
            <option value="staff">${this.m('kindStaff')}</option>
          </select>
        </div>
        <div class="field">
          <label for="label">${this.m('fieldLabel')}</label>
          <span class="hint" id="label-hint">${this.m('hintLabel')}</span>
          <input id="label" name="label" type="text" maxlength="200" autocomplete="off" aria-describedby="label-hint" />
        </div>
        <button class="primary" type="submit">${this.m('createKey')}</button>
      </form>
      ${this.renderDialogs()}`;
  }
}
