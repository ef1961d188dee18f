import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { parseTrackingHash, pickLang, type RegistrationStatus } from '../../backend/kita/schema.ts';
import { ApiProblem } from '../core/api-client.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { BnWidget } from '../core/widget.ts';
import { KitaApi } from './api.ts';
import { kitaMessages, type KitaMessageKey } from './messages.ts';
import { kitaStyles } from './styles.ts';

/**
 * @tag bn-kita-status
 * @summary The family's view of a Kita registration: each wish and its state, an offer with its
 * deadline to accept or decline, a change of start date or care hours, and withdrawal of the
 * whole registration. Reads `#bn-kita=REF.TOKEN` from the address, or asks for both.
 *
 * @slot - Fallback for readers without JavaScript.
 * @fires bn-changed - The registration changed (accepted, declined, changed, withdrawn); `detail` is the new view.
 * @csspart base - The wrapper.
 * @csspart offer - An open offer.
 * @cssprop --bn-color-primary - Buttons and links.
 */
export class BnKitaStatus extends BnWidget {
  static override styles = [...BnWidget.styles, kitaStyles];

  @state() private view?: RegistrationStatus;
  @state() private error = '';
  @state() private busy = false;
  @state() private confirmWithdraw = false;
  @state() private changing = false;
  @state() private note = '';
  @state() private startDate = '';
  @state() private careHours = '';

  /** Reference and token (else read from the address fragment). */
  @property() ref = '';
  @property() token = '';

  private loadedFor = '';

  override updated(): void {
    if (!this.client || !this.config) return;
    const hit = this.ref && this.token ? { ref: this.ref, token: this.token } : parseTrackingHash(location.hash);
    const key = hit ? `${hit.ref}.${hit.token}` : '';
    if (hit && key !== this.loadedFor) {
      this.loadedFor = key;
      this.ref = hit.ref;
      this.token = hit.token;
      void this.load();
    }
  }

  private m(key: KitaMessageKey, params?: Params): string {
    return kitaMessages.t(this.locale, key, params);
  }

  private async load(): Promise<void> {
    try {
      this.view = await new KitaApi(this.client!).status(this.ref, this.token);
      this.error = '';
    } catch (err) {
      this.error = err instanceof ApiProblem && err.status === 404 ? this.m('notFound') : this.m('offlineText');
    }
  }

  private async act(path: string, extra: Record<string, unknown> = {}): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.note = '';
    try {
      this.view = await new KitaApi(this.client!).act(path, { ref: this.ref, token: this.token, ...extra });
      this.dispatchEvent(new CustomEvent('bn-changed', { detail: this.view, bubbles: true, composed: true }));
      this.note = this.m('saved');
      this.changing = this.confirmWithdraw = false;
    } catch (err) {
      this.note = err instanceof ApiProblem ? pickLang(err.errors[0]?.message ?? err.detail ?? err.message, this.locale) : this.m('offlineText');
    } finally {
      this.busy = false;
    }
  }

  private date(d: string): string {
    return formatDate(this.locale, `${d}T12:00:00Z`);
  }

  private renderLookup() {
    return html`<form part="base" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      this.loadedFor = '';
      this.requestUpdate();
    }}>
      <h2>${this.m('statusTitle')}</h2>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <bn-text-field name="ref" required label=${this.m('refLabel')} .value=${this.ref} @input=${(e: Event) => (this.ref = (e.target as HTMLInputElement).value.trim())}></bn-text-field>
      <bn-text-field name="token" required label=${this.m('tokenLabel')} .value=${this.token} @input=${(e: Event) => (this.token = (e.target as HTMLInputElement).value.trim())}></bn-text-field>
      <button type="submit" class="primary">${this.m('show')}</button>
    </form>`;
  }

  private renderView(v: RegistrationStatus) {
    const open = v.offers.find((o) => o.state === 'open');
    return html`<div part="base">
      <h2>${this.m('statusTitle')}</h2>
      <p><span class="ref">${v.ref}</span> · <strong>${this.m(`state_${v.state}`)}</strong></p>
      ${
        open
          ? html`<div part="offer" class="notice info">
            <h3>${this.m('offerTitle', { name: open.facility.name })}</h3>
            <p>${this.m('offerDeadline', { date: this.date(open.deadline) })} ${this.m('acceptConfirm')}</p>
            <div class="row">
              <button type="button" class="primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.act(`/v1/kita/offers/${open.id}/accept`)}>${this.m('accept')}</button>
              <button type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.act(`/v1/kita/offers/${open.id}/decline`)}>${this.m('decline')}</button>
            </div>
          </div>`
          : nothing
      }
      <h3>${this.m('wishes')}</h3>
      <ol>${v.wishes.map((w) => html`<li>${w.facility.name} (${w.facility.town}): <strong>${this.m(`wish_${w.state}`)}</strong></li>`)}</ol>
      <dl class="facts">
        <dt>${this.m('startDate')}</dt><dd>${this.date(v.startDate)}</dd>
        <dt>${this.m('careHours')}</dt><dd>${v.careHours}</dd>
      </dl>
      <p role="status">${this.note}</p>
      ${
        v.canChange
          ? html`${
              this.changing
                ? html`<form novalidate @submit=${(e: Event) => {
                    e.preventDefault();
                    void this.act('/v1/kita/registrations/status/change', { ...(this.startDate && { startDate: this.startDate }), ...(this.careHours && { careHours: Number(this.careHours) }) });
                  }}>
                <bn-date-field name="startDate" label=${this.m('startDate')} .value=${this.startDate || v.startDate} @change=${(e: Event) => (this.startDate = (e.target as HTMLInputElement).value)}></bn-date-field>
                <bn-text-field name="careHours" type="number" min="10" max="60" label=${this.m('careHours')} .value=${this.careHours || String(v.careHours)}
                  @input=${(e: Event) => (this.careHours = (e.target as HTMLInputElement).value)}></bn-text-field>
                <button type="submit" class="primary">${this.m('save')}</button>
              </form>`
                : html`<p><button type="button" @click=${() => (this.changing = true)}>${this.m('change')}</button></p>`
            }
          ${
            this.confirmWithdraw
              ? html`<div class="notice error"><p>${this.m('withdrawConfirm')}</p><div class="row">
                <button type="button" class="primary" @click=${() => this.act('/v1/kita/registrations/status/withdraw')}>${this.m('withdrawYes')}</button>
                <button type="button" @click=${() => (this.confirmWithdraw = false)}>${this.m('laterCancel')}</button></div></div>`
              : html`<p><button type="button" @click=${() => (this.confirmWithdraw = true)}>${this.m('withdraw')}</button></p>`
          }`
          : nothing
      }
    </div>`;
  }

  override render() {
    return this.renderWithTenant(() => (this.view ? this.renderView(this.view) : this.renderLookup()));
  }
}
