import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { pickLang } from '../../backend/kita/schema.ts';
import type { KitaAccount, StaffFacility } from '../../backend/kita/facility-schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { BnElement } from '../core/base-element.ts';
import { endSessionOn401 } from '../core/staff-context.ts';
import { isolate, isolateParams, isolateText } from '../core/bidi.ts';
import { apiClientContext } from '../core/context.ts';
import { registerMessages, type Params } from '../core/i18n.ts';
import type { BnSelect } from '../core/select.ts';
import { kitaStyles } from './styles.ts';

const messages = registerMessages('kita-console-team', {
  de: {
    title: (p: Params) => `Team: ${p.name}`,
    empty: 'Kein eigenes Team: die Verwaltung handelt für diese Kita.',
    role_kita: 'Kita, bearbeiten',
    'role_kita:read': 'Kita, nur lesen',
    disabled: 'gesperrt',
    you: '(Sie)',
    unknown: 'Konto ohne Kita-Rolle',
    remove: 'Entfernen',
    removeWho: (p: Params) => `${p.name} aus dem Team entfernen`,
    add: 'Konto',
    choose: 'Konto wählen',
    addButton: 'Zum Team hinzufügen',
    noneLeft: 'Alle Konten mit einer Kita-Rolle gehören schon zu diesem Team.',
    chooseFirst: 'Bitte wählen Sie zuerst ein Konto.',
    selfWarning: 'Das ist Ihr eigenes Konto: in einem Team sehen Sie danach nur noch dessen Kitas und ändern keine Teams mehr.',
    added: (p: Params) => `${p.name} gehört jetzt zum Team von ${p.kita}.`,
    removed: (p: Params) => `${p.name} gehört nicht mehr zum Team von ${p.kita}.`,
    saving: 'Wird gespeichert …',
    network: 'Keine Verbindung zum Server. Bitte versuchen Sie es noch einmal.',
    failed: 'Das Team konnte nicht gespeichert werden.',
  },
  en: {
    title: (p: Params) => `Team of ${p.name}`,
    empty: 'No team of its own: the office acts for this Kita.',
    role_kita: 'Kita, edit',
    'role_kita:read': 'Kita, read only',
    disabled: 'disabled',
    you: '(you)',
    unknown: 'Account without a Kita role',
    remove: 'Remove',
    removeWho: (p: Params) => `Remove ${p.name} from the team`,
    add: 'Account',
    choose: 'Choose an account',
    addButton: 'Add to the team',
    noneLeft: 'Every account with a Kita role already belongs to this team.',
    chooseFirst: 'Please choose an account first.',
    selfWarning: 'This is your own account: in a team you will then see only its Kitas and no longer change teams.',
    added: (p: Params) => `${p.name} now belongs to the team of ${p.kita}.`,
    removed: (p: Params) => `${p.name} no longer belongs to the team of ${p.kita}.`,
    saving: 'Saving …',
    network: 'No connection to the server. Please try again.',
    failed: 'The team could not be saved.',
  },
});
type Key = Parameters<typeof messages.t>[1];

/** The team of a Kita changed (the section reloads: the caller's own scope may have changed). */
export class BnTeamChangeEvent extends Event {
  constructor(readonly facility: StaffFacility) {
    super('bn-team-change', { bubbles: true, composed: true });
  }
}

/**
 * @tag bn-console-kita-team
 * @summary A Kita's own team in the console's Kita section: the accounts (Kita role, clerk or
 * read-only) that act for this Kita only (backend/kita/scope.ts). The office adds and removes
 * them; everyone else sees the team read-only.
 *
 * @fires bn-team-change - The team was saved; `facility` is the Kita as the API answered.
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 * @csspart base - The team's box.
 */
export class BnConsoleKitaTeam extends BnElement {
  static override styles = [
    ...BnElement.styles,
    kitaStyles,
    css`
      :host { display: block; }
      section { border-block-start: 1px solid var(--_color-border); padding-block-start: calc(var(--_space) / 2); margin-block-start: calc(var(--_space) / 2); }
      h4 { font-size: 1em; }
      /* A line per person short enough that the button stays beside the name it removes. */
      ul.members { max-inline-size: 40em; }
      ul.members li { display: flex; flex-wrap: wrap; align-items: center; gap: calc(var(--_space) / 2); padding-block: calc(var(--_space) / 4); }
      ul.members .who { flex: 1 1 14em; min-inline-size: 0; }
      .add bn-select { flex: 0 1 28em; min-inline-size: 0; }
      .add { align-items: end; }
      /* Empty live regions stay in the accessibility tree (one that appears with its message is
         often not announced); they just take no space. */
      .live:empty { border: 0; padding: 0; margin: 0; }
    `,
  ];

  @query('h4') private heading?: HTMLElement;
  @query('bn-select') private picker?: BnSelect;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private client?: ApiClient;

  @state() private choice = '';
  @state() private busy = false;
  @state() private status = '';
  @state() private alert = '';

  /** The Kita whose team this is. */
  @property({ attribute: false }) facility?: StaffFacility;
  /** The tenant's accounts with a Kita role (GET /v1/staff/kita/accounts). */
  @property({ attribute: false }) accounts: KitaAccount[] = [];
  /** Whether the caller may change the team (the office with the clerk role). */
  @property({ type: Boolean, attribute: 'may-assign' }) mayAssign = false;
  /** The signed-in account, marked "(you)": joining a team ends one's office rights. */
  @property({ attribute: 'self-id' }) selfId = '';

  private m(key: Key, params?: Params): string {
    return messages.t(this.locale, key, params);
  }

  private nameOf(id: string): string {
    return this.accounts.find((a) => a.id === id)?.name ?? this.m('unknown');
  }

  private async announce(message: string, tone: 'status' | 'error'): Promise<void> {
    // Cleared first, so the same message twice is announced twice.
    this.status = '';
    this.alert = '';
    await this.updateComplete;
    if (tone === 'error') this.alert = message;
    else this.status = message;
  }

  /** A problem+json in the console's language; a field error names the account it is about. */
  private describe(err: unknown, staff: string[]): string {
    endSessionOn401(this, err);
    if (!(err instanceof ApiProblem)) return this.m('network');
    const field = err.errors.find((e) => e.path.startsWith('staff'));
    if (field) {
      const id = staff[Number(field.path.split('.')[1])];
      const text = pickLang(field.message, this.locale);
      return id ? `${isolateText(this.nameOf(id))}: ${text}` : text;
    }
    return err.detail ? pickLang(err.detail, this.locale) : err.title || this.m('failed');
  }

  private async save(staff: string[], who: string, done: 'added' | 'removed'): Promise<boolean> {
    const f = this.facility;
    if (!f || !this.client || this.busy) return false;
    this.busy = true;
    void this.announce(this.m('saving'), 'status');
    try {
      const saved = await this.client.send<StaffFacility>('PATCH', `/v1/staff/kita/facilities/${encodeURIComponent(f.id)}`, { staff });
      this.facility = saved;
      void this.announce(this.m(done, { name: isolateText(this.nameOf(who)), kita: isolateText(f.name) }), 'status');
      this.dispatchEvent(new BnTeamChangeEvent(saved));
      return true;
    } catch (err) {
      void this.announce(this.describe(err, staff), 'error');
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async addMember(): Promise<void> {
    const f = this.facility;
    if (!f) return;
    if (!this.choice) {
      void this.announce(this.m('chooseFirst'), 'error');
      this.picker?.focus();
      return;
    }
    const who = this.choice;
    if (await this.save([...f.staff, who], who, 'added')) this.choice = '';
  }

  private async removeMember(id: string): Promise<void> {
    const f = this.facility;
    if (!f) return;
    if (
      await this.save(
        f.staff.filter((s) => s !== id),
        id,
        'removed',
      )
    ) {
      // The button is gone with the account: focus goes back to the team's heading.
      await this.updateComplete;
      this.heading?.focus();
    }
  }

  private renderMember(id: string) {
    const a = this.accounts.find((x) => x.id === id);
    const name = a?.name ?? this.m('unknown');
    return html`<li>
      <span class="who">${a ? isolate(a.name) : name} ${id === this.selfId ? this.m('you') : nothing}
        ${a ? html`<br /><span class="muted">${isolate(a.email)} · ${this.m(`role_${a.role}`)}</span>` : nothing}
        ${a && !a.enabled ? html` <span class="badge light-red">${this.m('disabled')}</span>` : nothing}</span>
      ${
        this.mayAssign
          ? html`<button type="button" class="remove" aria-label=${this.m('removeWho', { name: isolateText(name) })} aria-disabled=${this.busy ? 'true' : 'false'}
              @click=${() => this.removeMember(id)}>${this.m('remove')}</button>`
          : nothing
      }
    </li>`;
  }

  private renderAdd(f: StaffFacility) {
    const candidates = this.accounts.filter((a) => a.enabled && !f.staff.includes(a.id));
    if (!candidates.length) return html`<p class="muted">${this.m('noneLeft')}</p>`;
    return html`<div class="row add">
      <bn-select name="team-${f.id}" label=${this.m('add')} placeholder=${this.m('choose')} .value=${this.choice}
        hint=${this.choice && this.choice === this.selfId ? this.m('selfWarning') : ''}
        .options=${candidates.map((a) => ({ value: a.id, label: `${isolateText(a.name)}${a.id === this.selfId ? ` ${this.m('you')}` : ''} – ${this.m(`role_${a.role}`)}` }))}
        @change=${(e: Event) => (this.choice = (e.target as BnSelect).value)}></bn-select>
      <button type="button" class="add" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.addMember}>${this.m('addButton')}</button>
    </div>`;
  }

  override render() {
    const f = this.facility;
    if (!f) return nothing;
    return html`<section part="base" aria-labelledby="team-title">
      <h4 id="team-title" tabindex="-1">${isolateParams((p) => this.m('title', p), { name: f.name })}</h4>
      ${f.staff.length ? html`<ul class="plain members">${f.staff.map((id) => this.renderMember(id))}</ul>` : html`<p>${this.m('empty')}</p>`}
      ${this.mayAssign ? this.renderAdd(f) : nothing}
      <p class="live" role="status">${this.status}</p>
      <p class="live notice error" role="alert">${this.alert}</p>
    </section>`;
  }
}
