import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { AGE_GROUPS, LIGHTS, pickLang, type AgeGroup, type KitaScopeView, type KitaSettings, type KitaStatistics, type StaffWish } from '../../backend/kita/schema.ts';
import type { KitaAccount, StaffFacility } from '../../backend/kita/facility-schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { problemFromResponse } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { isolateText } from '../core/bidi.ts';
import { apiClientContext } from '../core/context.ts';
import { moduleLevel } from '../core/roles.ts';
import { saveBlob } from '../core/download.ts';
import { endSessionOn401, staffContext, type Me } from '../core/staff-context.ts';
import { renderLoad } from '../core/task-view.ts';
import { formatDate, plural, registerMessages, type Locale, type Params } from '../core/i18n.ts';
import { addDays, berlinToday } from '../../backend/core/time.ts';
import type { BnFacilityDoneEvent } from './console-facility.ts';
import type { SettingsAccess } from './console-settings.ts';
import { kitaStyles } from './styles.ts';

const messages = registerMessages('kita-console', {
  de: {
    title: 'Kita-Anmeldungen',
    facility: 'Kita',
    central: 'Alle Kitas (zentrale Sicht)',
    facilities: 'Unsere Kitas',
    noFacilities: 'Für Ihre Gemeinde sind noch keine Kitas eingetragen.',
    teamHint:
      'Wer zum Team einer Kita gehört, sieht und ändert nur die Kitas seines Teams und macht Platzangebote nur, wenn Ihre Gemeinde pro Kita vergibt. Konten in keinem Team gehören zur Verwaltung.',
    light: 'Platzampel',
    light_green: 'Grün: Plätze frei',
    light_yellow: 'Gelb: wenige Plätze',
    light_red: 'Rot: Warteliste',
    wishes: 'Rangliste',
    none: 'Keine Wünsche.',
    pos: 'Platz',
    child: 'Kind',
    points: 'Punkte',
    state: 'Stand',
    action: 'Aktion',
    why: (p: Params) => `Punkte von ${p.name}`,
    duplicate: 'Doppelt angemeldet?',
    openElsewhere: 'Hat ein offenes Angebot',
    deadline: 'Frist',
    offer: (p: Params) => `Platz anbieten: ${p.name}`,
    withdrawOffer: (p: Params) => `Angebot zurückziehen: ${p.name}`,
    offered: 'Angebot gesendet.',
    stats: 'Nachfrage',
    total: (p: Params, l: Locale) => plural(l, Number(p.n), { one: '{n} Anmeldung', other: '{n} Anmeldungen' }),
    byAge: 'Altersgruppe',
    byYear: 'Geburtsjahr',
    byHours: 'Stunden pro Woche',
    byTown: 'Wohnort',
    townOther: 'anderer Ort',
    age_krippe: 'Krippe',
    age_kindergarten: 'Kindergarten',
    age_hort: 'Hort',
    scopeCentral: 'In Ihrer Gemeinde vergibt das Jugendamt die Plätze zentral. Sie sehen die Rangliste Ihrer Kita; Angebote macht das Jugendamt.',
    scopeOwn: 'Sie sehen die Wünsche Ihrer eigenen Kita und vergeben ihre Plätze.',
    byOffice: 'Vergabe durch das Jugendamt',
    photo: (p: Params) => `Foto für ${p.name} hochladen (JPEG, PNG oder WebP)`,
    photoSaved: 'Foto gespeichert.',
    uploading: 'Wird hochgeladen …',
    csv: 'CSV herunterladen',
    xlsx: 'Excel herunterladen',
    wish_waiting: 'wartet',
    wish_offered: 'Angebot offen',
    wish_accepted: 'angenommen',
    wish_declined: 'abgelehnt',
    wish_expired: 'Frist abgelaufen',
    wish_withdrawn: 'zurückgezogen',
    failed: 'Konnte nicht geladen werden.',
    addFacility: 'Kita hinzufügen',
    editFacility: 'Angaben ändern',
    facilityCreated: (p: Params) => `${p.name} ist eingetragen.`,
    facilitySaved: (p: Params) => `Die Angaben zu ${p.name} sind gespeichert.`,
    facilityDeleted: (p: Params) => `${p.name} ist gelöscht.`,
    tabsLabel: 'Teile der Kita-Anmeldung',
    tabMain: 'Anmeldungen und Kitas',
    tabSettings: 'Einstellungen',
  },
  en: {
    title: 'Daycare registrations',
    facility: 'Kita',
    central: 'All Kitas (central view)',
    facilities: 'Our Kitas',
    noFacilities: 'No Kitas are listed for your municipality yet.',
    teamHint: "Accounts in a Kita's team see and change only their team's Kitas, and make offers only where your municipality allocates per Kita. Accounts in no team are the office.",
    light: 'Free-place light',
    light_green: 'Green: places free',
    light_yellow: 'Yellow: few places',
    light_red: 'Red: waiting list',
    wishes: 'Ranking',
    none: 'No wishes.',
    pos: 'Rank',
    child: 'Child',
    points: 'Points',
    state: 'State',
    action: 'Action',
    why: (p: Params) => `Points of ${p.name}`,
    duplicate: 'Registered twice?',
    openElsewhere: 'Holds an open offer',
    deadline: 'Deadline',
    offer: (p: Params) => `Offer a place: ${p.name}`,
    withdrawOffer: (p: Params) => `Withdraw offer: ${p.name}`,
    offered: 'Offer sent.',
    stats: 'Demand',
    total: (p: Params, l: Locale) => plural(l, Number(p.n), { one: '{n} registration', other: '{n} registrations' }),
    byAge: 'Age group',
    byYear: 'Year of birth',
    byHours: 'Hours per week',
    byTown: 'Place of residence',
    townOther: 'elsewhere',
    age_krippe: 'Nursery',
    age_kindergarten: 'Kindergarten',
    age_hort: 'After-school care',
    scopeCentral: "In your municipality the youth office allocates places centrally. You see your Kita's ranking; the youth office makes the offers.",
    scopeOwn: 'You see the wishes for your own Kita and allocate its places.',
    byOffice: 'Allocated by the youth office',
    photo: (p: Params) => `Upload a photo of ${p.name} (JPEG, PNG or WebP)`,
    photoSaved: 'Photo saved.',
    uploading: 'Uploading …',
    csv: 'Download CSV',
    xlsx: 'Download Excel',
    wish_waiting: 'waiting',
    wish_offered: 'offer open',
    wish_accepted: 'accepted',
    wish_declined: 'declined',
    wish_expired: 'deadline passed',
    wish_withdrawn: 'withdrawn',
    failed: 'Could not be loaded.',
    addFacility: 'Add a Kita',
    editFacility: 'Change details',
    facilityCreated: (p: Params) => `${p.name} has been added.`,
    facilitySaved: (p: Params) => `The details of ${p.name} are saved.`,
    facilityDeleted: (p: Params) => `${p.name} has been deleted.`,
    tabsLabel: 'Parts of daycare registration',
    tabMain: 'Registrations and Kitas',
    tabSettings: 'Settings',
  },
});
type Key = Parameters<typeof messages.t>[1];

/**
 * @tag bn-console-kita
 * @summary The staff's Kita section inside `<bn-console>`: the tenant's Kitas with their
 * free-place light, the ranked wishes per Kita or across all (central view) with every
 * child's points explained, offers with a deadline (409 OFFER_OPEN shown in words), and
 * the demand statistics with CSV and Excel export.
 *
 * @csspart table - The ranking table.
 * @cssprop --bn-color-primary - Buttons and links.
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class BnConsoleKita extends BnElement {
  static override styles = [
    ...BnElement.styles,
    kitaStyles,
    css`
    /* A container: the ranking turns into cards by the section's own width, not the window's
       (the console's navigation takes part of a narrow window too). */
    :host { display: block; container-type: inline-size; }
    /* relative: the visually hidden texts inside stay within the scroller, not past the page's edge */
    .table-wrap { overflow-x: auto; margin-block-end: var(--_space); position: relative; }
    .row { align-items: end; }
    .tabs { margin-block-end: var(--_space); }
    dl.stats { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25em 1em; }
    dl.stats dt { font-weight: 700; }
    dl.stats dd { margin: 0; }
    label.file { display: flex; flex-direction: column; gap: 0.25em; max-inline-size: 100%; }
    label.file input { max-inline-size: 100%; }
    table { border-collapse: collapse; inline-size: 100%; }
    th, td { text-align: start; vertical-align: top; padding: calc(var(--_space) / 3) calc(var(--_space) / 2); border-block-end: 1px solid var(--_color-border); }
    /* Narrow (a phone): each wish a card, each cell under its column's name (data-label), so the
       state and the offer button are in view instead of past the edge of a sideways scroller. */
    @container (max-width: 40rem) {
      table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; }
      table.stack thead { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); }
      table.stack tr { border-block-end: 1px solid var(--_color-border); padding-block: calc(var(--_space) / 2); }
      table.stack td { border: 0; padding-inline: 0; overflow-wrap: anywhere; }
      table.stack td[data-label]::before { content: attr(data-label); display: block; font-weight: 700; }
    }
  `,
  ];

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private client?: ApiClient;

  @consume({ context: staffContext, subscribe: true })
  @state()
  private me?: Me;

  @state() private facilityId = '';
  /** The deadline the clerk picked for offers; empty until they pick one (then the tenant's offerDays decide). */
  @state() private deadline = '';
  @state() private note = '';
  /** The Kita whose details are open in the editor: its id, 'new' for one being added. */
  @state() private editing?: string;
  /** Which part shows: the registrations with the Kitas, or the settings. */
  @state() private view: 'main' | 'settings' = 'main';

  private readonly facilitiesTask = new Task(this, {
    task: async ([client], { signal }) => (client ? (await client.get<{ items: StaffFacility[] }>('/v1/staff/kita/facilities', { signal })).items : undefined),
    args: () => [this.client] as const,
  });

  private readonly wishesTask = new Task(this, {
    task: async ([client, facilityId], { signal }) =>
      client ? client.get<{ items: StaffWish[]; scope: KitaScopeView }>('/v1/staff/kita/registrations', { signal, query: facilityId ? { facilityId } : {} }) : undefined,
    args: () => [this.client, this.facilityId] as const,
  });

  /** Who may belong to a Kita's team, and whether the caller may change teams (the office). */
  private readonly accountsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<{ items: KitaAccount[]; mayAssign: boolean }>('/v1/staff/kita/accounts', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  /** The tenant's settings: a new offer's deadline defaults to today + offerDays, as the API's own default. */
  private readonly settingsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<KitaSettings>('/v1/staff/kita/settings', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  private readonly statsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<KitaStatistics>('/v1/staff/kita/statistics', { signal }) : undefined),
    args: () => [this.client] as const,
  });

  private m(key: Key, params?: Params): string {
    return messages.t(this.locale, key, params);
  }

  /** The offer deadline shown and sent: the clerk's pick, else today + the tenant's offerDays (14 while they load). */
  private get offerDeadline(): string {
    return this.deadline || addDays(berlinToday(), this.settingsTask.value?.offerDays ?? 14);
  }

  private async write(fn: () => Promise<unknown>, done: string): Promise<void> {
    this.note = '';
    try {
      await fn();
      this.note = done;
      void this.wishesTask.run();
      void this.facilitiesTask.run();
    } catch (err) {
      this.note = this.describe(err);
    }
  }

  /** A problem+json in the console's language ("Deutsch · English" details from the Kita API). */
  private describe(err: unknown): string {
    endSessionOn401(this, err);
    return err instanceof ApiProblem ? pickLang(err.errors[0]?.message ?? err.detail ?? err.message, this.locale) : this.m('failed');
  }

  /** The export comes through the API with the session (or key), so it is fetched and saved as a blob. */
  private async download(kind: 'csv' | 'xlsx'): Promise<void> {
    if (!this.client) return;
    this.note = '';
    try {
      saveBlob(await this.client.blob(`/v1/staff/kita/statistics.${kind}`), `kita-nachfrage.${kind}`, this.shadowRoot);
    } catch (err) {
      this.note = this.describe(err);
    }
  }

  /** Sends the chosen photo to the staff photo route (re-encoded there, EXIF/GPS dropped). */
  private async uploadPhoto(f: StaffFacility, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file || !this.client) return;
    const body = new FormData();
    body.append('file', file);
    this.note = this.m('uploading');
    await this.write(async () => {
      const res = await fetch(this.client!.url(`/v1/staff/kita/facilities/${f.id}/photo`), {
        method: 'PUT',
        body,
        headers: this.client!.authHeaders(),
        credentials: this.client!.credentials,
        mode: 'cors',
      });
      if (!res.ok) throw await problemFromResponse(res);
    }, this.m('photoSaved'));
    input.value = '';
  }

  /** A team changed: the lists, and the caller's own scope (it may have joined a team), load again. */
  private teamChanged(): void {
    void this.facilitiesTask.run();
    void this.wishesTask.run();
    void this.accountsTask.run();
  }

  /** The editor closed: the list loads again, the outcome is said, and focus goes back to where the editor was opened. */
  private async facilityDone(e: BnFacilityDoneEvent): Promise<void> {
    const { outcome, facility } = e.detail;
    const opener = this.editing === 'new' ? 'button.add-facility' : `button[data-edit="${this.editing}"]`;
    this.editing = undefined;
    const name = isolateText(facility?.name);
    this.note =
      outcome === 'created' ? this.m('facilityCreated', { name }) : outcome === 'saved' ? this.m('facilitySaved', { name }) : outcome === 'deleted' ? this.m('facilityDeleted', { name }) : '';
    if (outcome !== 'cancelled') {
      void this.facilitiesTask.run();
      void this.wishesTask.run();
    }
    await this.updateComplete;
    // A deleted Kita's card is gone: the list's heading takes focus instead.
    this.shadowRoot!.querySelector<HTMLElement>(outcome === 'deleted' ? 'h3.facilities' : opener)?.focus();
  }

  private renderFacilities(items: StaffFacility[], scope?: KitaScopeView) {
    const own = scope?.facilities ? items.filter((f) => scope.facilities!.includes(f.id)) : items;
    const accounts = this.accountsTask.value;
    // The office (no team of its own) with the clerk role adds and deletes Kitas (scope.ts);
    // a clerk in a Kita's team changes its own Kitas' details.
    const office = accounts?.mayAssign === true;
    const mayEdit = office || (!!scope?.facilities && !!this.me && moduleLevel(this.me.user.roles, 'kita') === 'clerk');
    const heading = html`<h3 class="facilities" tabindex="-1">${this.m('facilities')}</h3>
      ${
        office
          ? this.editing === 'new'
            ? html`<bn-console-kita-facility @bn-facility-done=${this.facilityDone}></bn-console-kita-facility>`
            : html`<div class="row"><button type="button" class="add-facility" @click=${() => (this.editing = 'new')}>${this.m('addFacility')}</button></div>`
          : nothing
      }`;
    // One template around both cases: the heading stays the same element (and keeps focus) when
    // the last Kita is deleted.
    return html`${heading}${own.length ? this.renderCards(own, mayEdit, office) : html`<p>${this.m('noFacilities')}</p>`}`;
  }

  private renderCards(own: StaffFacility[], mayEdit: boolean, office: boolean) {
    const accounts = this.accountsTask.value;
    return html`${accounts?.mayAssign ? html`<p class="hint">${this.m('teamHint')}</p>` : nothing}
      <ul class="plain">${own.map(
        (f) => html`<li class="card">
        <div class="row"><strong>${f.name}</strong> <span class="muted">${f.address}</span>
          ${
            mayEdit && this.editing !== f.id
              ? html`<button type="button" data-edit=${f.id} @click=${() => (this.editing = f.id)}>${this.m('editFacility')}<span class="visually-hidden">: ${f.name}</span></button>`
              : nothing
          }</div>
        ${this.editing === f.id ? html`<bn-console-kita-facility .facility=${f} ?may-delete=${office} @bn-facility-done=${this.facilityDone}></bn-console-kita-facility>` : nothing}
        <div class="row">
          <bn-select name="light-${f.id}" label="${this.m('light')}: ${f.name}" .value=${f.light}
            .options=${LIGHTS.map((l) => ({ value: l, label: this.m(`light_${l}`) }))}
            @change=${(e: Event) => this.write(() => this.client!.send('PATCH', `/v1/staff/kita/facilities/${f.id}`, { light: (e.target as HTMLInputElement).value }), '')}></bn-select>
          <label class="file">${this.m('photo', { name: f.name })}
            <input type="file" name="photo-${f.id}" accept="image/jpeg,image/png,image/webp" @change=${(e: Event) => this.uploadPhoto(f, e.target as HTMLInputElement)} /></label>
        </div>
        ${
          accounts
            ? html`<bn-console-kita-team .facility=${f} .accounts=${accounts.items} ?may-assign=${accounts.mayAssign} self-id=${this.me?.user?.id ?? ''}
                @bn-team-change=${this.teamChanged}></bn-console-kita-team>`
            : nothing
        }
      </li>`,
      )}</ul>`;
  }

  private renderWishes(items: StaffWish[], scope?: KitaScopeView) {
    const note = scope?.facilities ? html`<p class="notice info">${scope.allocation === 'central' ? this.m('scopeCentral') : this.m('scopeOwn')}</p>` : nothing;
    if (!items.length) return html`${note}<p>${this.m('none')}</p>`;
    return html`${note}<div class="table-wrap"><table part="table" class="stack">
      <thead><tr><th scope="col">${this.m('pos')}</th><th scope="col">${this.m('facility')}</th><th scope="col">${this.m('child')}</th><th scope="col">${this.m('points')}</th><th scope="col">${this.m('state')}</th><th scope="col">${this.m('action')}</th></tr></thead>
      <tbody>${items.map((w) => {
        const name = `${w.child.firstName ?? ''} ${w.child.lastName ?? ''}`.trim() || w.ref;
        return html`<tr>
          <td data-label=${this.m('pos')}>${w.position}</td>
          <td data-label=${this.m('facility')}>${w.facility.name} (${w.rank}.)</td>
          <td data-label=${this.m('child')}>${name}<br><span class="ref">${w.ref}</span>
            ${w.child.birthDate ? html`<br>${formatDate(this.locale, `${w.child.birthDate}T12:00:00Z`)}` : nothing}
            ${w.duplicate ? html`<br><span class="badge light-red">${this.m('duplicate')}</span>` : nothing}
            ${w.openOffer && w.state !== 'offered' ? html`<br><span class="badge">${this.m('openElsewhere')}</span>` : nothing}</td>
          <td data-label=${this.m('points')}><details><summary>${w.points}<span class="visually-hidden"> – ${this.m('why', { name })}</span></summary>
            <ul>${w.explanation.map((l) => html`<li>${pickLang(l.text, this.locale)}</li>`)}</ul></details></td>
          <td data-label=${this.m('state')}>${this.m(`wish_${w.state}`)}${w.offer?.state === 'open' ? html`<br>${this.m('deadline')}: ${formatDate(this.locale, `${w.offer.deadline}T12:00:00Z`)}` : nothing}</td>
          <td>${
            !w.mayOffer
              ? html`<span class="muted">${this.m('byOffice')}</span>`
              : w.state === 'waiting' || w.state === 'expired' || w.state === 'declined'
                ? html`<button type="button" @click=${() => this.write(() => this.client!.send('POST', '/v1/staff/kita/offers', { registrationId: w.registrationId, facilityId: w.facility.id, deadline: this.offerDeadline }), this.m('offered'))}>${this.m('offer', { name })}</button>`
                : w.offer?.state === 'open'
                  ? html`<button type="button" @click=${() => this.write(() => this.client!.send('POST', `/v1/staff/kita/offers/${w.offer!.id}/withdraw`), '')}>${this.m('withdrawOffer', { name })}</button>`
                  : nothing
          }</td>
        </tr>`;
      })}</tbody></table></div>`;
  }

  private renderStats(s: KitaStatistics) {
    const line = (rows: { key: string; count: number }[], label: (k: string) => string = (k) => k) => (rows.length ? rows.map((r) => `${label(r.key)}: ${r.count}`).join(' · ') : '–');
    const age = (k: string) => ((AGE_GROUPS as readonly string[]).includes(k) ? this.m(`age_${k as AgeGroup}`) : k);
    return html`<h3>${this.m('stats')}</h3>
      <p>${this.m('total', { n: s.total })}</p>
      <dl class="stats">
        <dt>${this.m('byAge')}</dt><dd>${line(s.byAgeGroup, age)}</dd>
        <dt>${this.m('byYear')}</dt><dd>${line(s.byBirthYear)}</dd>
        <dt>${this.m('byHours')}</dt><dd>${line(s.byCareHours, (k) => `${k} h`)}</dd>
        <dt>${this.m('byTown')}</dt><dd>${line(s.byTown, (k) => k || this.m('townOther'))}</dd>
      </dl>
      <div class="row"><button type="button" @click=${() => this.download('csv')}>${this.m('csv')}</button>
        <button type="button" @click=${() => this.download('xlsx')}>${this.m('xlsx')}</button></div>`;
  }

  /**
   * Who may change the settings, as the PUT route decides: the office (no Kita team) with the
   * clerk role — the same as `mayAssign`. Everyone else sees them with the reason.
   */
  private get settingsAccess(): SettingsAccess {
    if (this.accountsTask.value?.mayAssign) return 'office';
    const clerk = !!this.me && moduleLevel(this.me.user.roles, 'kita') === 'clerk';
    return clerk && this.wishesTask.value?.scope?.facilities ? 'team' : 'read-only';
  }

  /** Changes the part and puts the focus on its tab, so a screen reader hears where it is. */
  private async show(view: 'main' | 'settings'): Promise<void> {
    this.view = view;
    this.note = '';
    await this.updateComplete;
    this.shadowRoot!.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  private renderTabs() {
    const tab = (view: 'main' | 'settings', label: string) => {
      const on = this.view === view;
      return html`<button type="button" role="tab" id="tab-${view}" aria-controls="panel" aria-selected=${String(on)} tabindex=${on ? 0 : -1} class=${on ? 'primary' : ''}
        @click=${() => this.show(view)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
          e.preventDefault();
          void this.show(view === 'main' ? 'settings' : 'main');
        }}>${label}</button>`;
    };
    return html`<div class="row tabs" role="tablist" aria-label=${this.m('tabsLabel')}>${tab('main', this.m('tabMain'))}${tab('settings', this.m('tabSettings'))}</div>`;
  }

  private renderMain() {
    const scope = this.wishesTask.value?.scope;
    const all = this.facilitiesTask.value ?? [];
    // A Kita's own staff choose among their Kitas; the office among all.
    const facilities = scope?.facilities ? all.filter((f) => scope.facilities!.includes(f.id)) : all;
    return html`<div class="row">
        <bn-select name="facility" label=${this.m('facility')} placeholder=${this.m('central')} .value=${this.facilityId}
          .options=${facilities.map((f) => ({ value: f.id, label: f.name }))}
          @change=${(e: Event) => (this.facilityId = (e.target as HTMLInputElement).value)}></bn-select>
        <bn-date-field name="deadline" label=${this.m('deadline')} .value=${this.offerDeadline}
          @change=${(e: Event) => (this.deadline = (e.target as HTMLInputElement).value)}></bn-date-field>
      </div>
      <p role="status">${this.note}</p>
      <h3>${this.m('wishes')}</h3>
      ${renderLoad(this.wishesTask, {
        loading: this.t('loading'),
        retry: this.t('retry'),
        describe: (err) => this.describe(err),
        // Reloaded after each offer: the ranking stays on screen meanwhile, not "Loading …".
        keepStale: true,
        complete: (res) => (res ? this.renderWishes(res.items, res.scope) : nothing),
      })}
      ${this.renderFacilities(all, scope)}
      ${this.statsTask.value ? this.renderStats(this.statsTask.value) : nothing}`;
  }

  override render() {
    // The console shell says the section's title (h2); the tabs and their part start below it.
    return html`${this.renderTabs()}
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.view}">${
        this.view === 'settings' ? html`<bn-console-kita-settings access=${this.settingsAccess} @bn-settings-saved=${() => this.settingsTask.run()}></bn-console-kita-settings>` : this.renderMain()
      }</div>`;
  }
}
