import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import * as v from 'valibot';
import { AGE_GROUPS, pickLang, type AgeGroup } from '../../backend/kita/schema.ts';
import { FacilityCreate, FacilityUpdate, type StaffFacility } from '../../backend/kita/facility-schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import type { FieldError } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { endSessionOn401 } from '../core/staff-context.ts';
import { isolateParams, isolateText } from '../core/bidi.ts';
import { apiClientContext } from '../core/context.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { BnEvent } from '../core/events.ts';
import { registerMessages, type Params } from '../core/i18n.ts';
import { applyFieldErrors, issueMessage } from '../core/validation.ts';
import { kitaStyles } from './styles.ts';

const messages = registerMessages('kita-console-facility', {
  de: {
    addTitle: 'Neue Kita',
    editTitle: (p: Params) => `Angaben ändern: ${p.name}`,
    name: 'Name der Kita',
    provider: 'Träger',
    address: 'Anschrift',
    location: 'Lage auf der Karte (optional)',
    lat: 'Breitengrad',
    lng: 'Längengrad',
    coordsHint: 'In Dezimalgrad, z. B. 52.4213 und 10.0521. Leer lassen, wenn unbekannt: dann fehlt die Kita nur auf der Karte.',
    ageGroups: 'Altersgruppen',
    age_krippe: 'Krippe (unter 3 Jahren)',
    age_kindergarten: 'Kindergarten (3 bis 6 Jahre)',
    age_hort: 'Hort (Schulkinder)',
    careHours: 'Betreuungsstunden pro Woche',
    careHoursHint: 'Die wählbaren Umfänge, durch Komma getrennt, je 10 bis 60, z. B. 25, 35, 45.',
    openingHours: 'Öffnungszeiten (optional)',
    concepts: 'Konzept (optional)',
    conceptsHint: 'Stichworte, durch Komma getrennt, z. B. Bewegung, Natur.',
    languages: 'Sprachen (optional)',
    languagesHint: 'Durch Komma getrennt, z. B. Deutsch, Englisch.',
    accessible: 'Barrierefrei zugänglich',
    accessibility: 'Hinweise zur Barrierefreiheit (optional)',
    capacity: 'Plätze je Altersgruppe (optional)',
    cap_krippe: 'Plätze Krippe',
    cap_kindergarten: 'Plätze Kindergarten',
    cap_hort: 'Plätze Hort',
    email: 'E-Mail der Kita (optional)',
    emailHint: 'Hierhin gehen Hinweise zu neuen Anmeldungen, wenn die Gemeinde keine eigene Adresse eingetragen hat.',
    active: 'Aktiv: Familien sehen die Kita und können sie wünschen',
    save: 'Speichern',
    add: 'Kita hinzufügen',
    cancel: 'Abbrechen',
    saving: 'Wird gespeichert …',
    unchanged: 'Sie haben nichts geändert.',
    delete: 'Kita löschen',
    confirm: (p: Params) => `${p.name} wirklich löschen? Das lässt sich nicht rückgängig machen.`,
    confirmYes: 'Ja, löschen',
    confirmNo: 'Nicht löschen',
    network: 'Keine Verbindung zum Server. Bitte versuchen Sie es noch einmal.',
    failed: 'Die Kita konnte nicht gespeichert werden.',
  },
  en: {
    addTitle: 'New Kita',
    editTitle: (p: Params) => `Change details: ${p.name}`,
    name: 'Name of the Kita',
    provider: 'Provider (Träger)',
    address: 'Address',
    location: 'Place on the map (optional)',
    lat: 'Latitude',
    lng: 'Longitude',
    coordsHint: 'In decimal degrees, e.g. 52.4213 and 10.0521. Leave empty when unknown: the Kita is then missing only from the map.',
    ageGroups: 'Age groups',
    age_krippe: 'Nursery (under 3)',
    age_kindergarten: 'Kindergarten (3 to 6)',
    age_hort: 'After-school care (school children)',
    careHours: 'Care hours per week',
    careHoursHint: 'The hours families may choose, separated by commas, each 10 to 60, e.g. 25, 35, 45.',
    openingHours: 'Opening hours (optional)',
    concepts: 'Concept (optional)',
    conceptsHint: 'Keywords separated by commas, e.g. movement, nature.',
    languages: 'Languages (optional)',
    languagesHint: 'Separated by commas, e.g. German, English.',
    accessible: 'Step-free access',
    accessibility: 'Notes on accessibility (optional)',
    capacity: 'Places per age group (optional)',
    cap_krippe: 'Places nursery',
    cap_kindergarten: 'Places kindergarten',
    cap_hort: 'Places after-school care',
    email: "The Kita's e-mail (optional)",
    emailHint: 'Notices of new registrations go here when the municipality has not entered an address of its own.',
    active: 'Active: families see the Kita and may wish it',
    save: 'Save',
    add: 'Add the Kita',
    cancel: 'Cancel',
    saving: 'Saving …',
    unchanged: 'You have not changed anything.',
    delete: 'Delete the Kita',
    confirm: (p: Params) => `Really delete ${p.name}? This cannot be undone.`,
    confirmYes: 'Yes, delete',
    confirmNo: 'Do not delete',
    network: 'No connection to the server. Please try again.',
    failed: 'The Kita could not be saved.',
  },
});
type Key = Parameters<typeof messages.t>[1];

/** What the editor did, for the section: it closes the editor, reloads the list and says so. */
export type FacilityOutcome = 'created' | 'saved' | 'deleted' | 'cancelled';

/** The editor is done: saved, deleted or cancelled; `detail.facility` as the API answered (or as it was). */
export class BnFacilityDoneEvent extends BnEvent<{ outcome: FacilityOutcome; facility?: StaffFacility }> {
  constructor(outcome: FacilityOutcome, facility?: StaffFacility) {
    super('bn-facility-done', { outcome, facility });
  }
}

type Form = Record<string, string | boolean>;

/** Fields whose entries are one control: an issue about `careHours.2` belongs to `careHours`. */
const LISTS = /^(ageGroups|careHours|concepts|languages)\.\d+$/;
/** Fields that are a group of checkboxes, not one named control: their error is shown at the group. */
const GROUPS = ['ageGroups'] as const;

function fromFacility(f?: StaffFacility): Form {
  const form: Form = {
    name: f?.name ?? '',
    provider: f?.provider ?? '',
    address: f?.address ?? '',
    lat: f?.lat == null ? '' : String(f.lat),
    lng: f?.lng == null ? '' : String(f.lng),
    careHours: (f?.careHours ?? []).join(', '),
    openingHours: f?.openingHours ?? '',
    concepts: (f?.concepts ?? []).join(', '),
    languages: (f?.languages ?? []).join(', '),
    accessible: f?.accessible ?? false,
    accessibility: f?.accessibility ?? '',
    email: f?.email ?? '',
    active: f?.active ?? true,
  };
  for (const a of AGE_GROUPS) {
    form[`age.${a}`] = f?.ageGroups.includes(a) ?? false;
    form[`capacity.${a}`] = f?.capacity[a] == null ? '' : String(f.capacity[a]);
  }
  return form;
}

const str = (x: string | boolean | undefined) => (typeof x === 'string' ? x.trim() : '');
/** A typed number; '' is "none" (null), anything else goes to the schema, which refuses NaN. */
const num = (x: string | boolean | undefined) => (str(x) === '' ? null : Number(str(x).replace(',', '.')));
const list = (x: string | boolean | undefined) =>
  str(x)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The form as the API's FacilityCreate body. */
function toBody(f: Form) {
  const capacity: Partial<Record<AgeGroup, number>> = {};
  for (const a of AGE_GROUPS) {
    const n = num(f[`capacity.${a}`]);
    if (n !== null) capacity[a] = n;
  }
  return {
    name: str(f.name),
    provider: str(f.provider),
    address: str(f.address),
    lat: num(f.lat),
    lng: num(f.lng),
    ageGroups: AGE_GROUPS.filter((a) => f[`age.${a}`] === true),
    careHours: str(f.careHours)
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number),
    openingHours: str(f.openingHours),
    concepts: list(f.concepts),
    languages: list(f.languages),
    accessible: f.accessible === true,
    accessibility: str(f.accessibility),
    capacity,
    email: str(f.email) || null,
    active: f.active === true,
  };
}
type Body = ReturnType<typeof toBody>;

/**
 * @tag bn-console-kita-facility
 * @summary Adds a Kita (no `facility`) or changes one in the console's Kita section: name,
 * provider, address and location, age groups, care hours, opening hours, concept, languages,
 * accessibility, places per age group, e-mail and whether it is active. Checked with the API's
 * own schema (FacilityCreate / FacilityUpdate) before it is sent; a change sends only what
 * changed. The server's field errors land on the fields and in the error summary. With
 * `may-delete` (the office) it also deletes the Kita, after asking.
 *
 * @fires bn-facility-done - Saved, deleted or cancelled; the section closes the editor.
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 * @csspart form - The form.
 */
export class BnConsoleKitaFacility extends BnElement {
  static override styles = [
    ...BnElement.styles,
    kitaStyles,
    css`
      :host { display: block; }
      form { border-block-start: 1px solid var(--_color-border); padding-block-start: calc(var(--_space) / 2); margin-block-start: calc(var(--_space) / 2); max-inline-size: 48em; }
      h3:focus, fieldset:focus, .confirm:focus { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
      .pair { display: flex; flex-wrap: wrap; gap: 0 var(--_space); }
      .pair > * { flex: 1 1 12em; min-inline-size: 0; }
      .group-error { color: var(--_color-error); font-weight: 700; }
      /* Required, as the form blocks mark it (core field-styles.ts). */
      .req { color: var(--_color-error); }
      .live:empty { border: 0; padding: 0; margin: 0; }
      .confirm { margin-block-start: var(--_space); }
    `,
  ];

  @query('h3') private heading?: HTMLElement;
  @query('bn-error-summary') private summary?: BnErrorSummary;
  @query('.confirm') private confirmBox?: HTMLElement;
  @query('button.delete') private deleteButton?: HTMLButtonElement;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private client?: ApiClient;

  @state() private form: Form = fromFacility();
  @state() private busy = false;
  @state() private status = '';
  @state() private alert = '';
  @state() private confirming = false;
  /** Errors of the checkbox groups, which have no one control to carry them. */
  @state() private groupErrors: Record<string, string> = {};

  /** The Kita to change; unset to add one. */
  @property({ attribute: false }) facility?: StaffFacility;
  /** Whether the caller may delete the Kita (the office, scope.ts). */
  @property({ type: Boolean, attribute: 'may-delete' }) mayDelete = false;

  override willUpdate(changed: Map<string, unknown>): void {
    // The section reloads its list after other changes (a light, a team): the same Kita arrives as a
    // new object then, and what the person typed must stay.
    if (changed.has('facility') && (changed.get('facility') as StaffFacility | undefined)?.id !== this.facility?.id) this.form = fromFacility(this.facility);
  }

  override firstUpdated(): void {
    // Opened by a button: the reader goes on at the form's heading.
    this.heading?.focus();
  }

  private m(key: Key, params?: Params): string {
    return messages.t(this.locale, key, params);
  }

  private set(name: string, checkbox = false) {
    return (e: Event) => {
      const t = e.target as HTMLInputElement & { error?: string };
      this.form = { ...this.form, [name]: checkbox ? t.checked : t.value };
      if (t.error) t.error = '';
      if (name.startsWith('age.') && this.groupErrors.ageGroups) this.groupErrors = { ...this.groupErrors, ageGroups: '' };
    };
  }

  /** Valibot issues (client) or API field errors (server) → one message per field, in the console's language. */
  private toFieldErrors(errors: { path: string; message: string; issue?: v.BaseIssue<unknown> }[]): FieldError[] {
    const seen = new Set<string>();
    const out: FieldError[] = [];
    for (const e of errors) {
      const path = e.path.replace(LISTS, '$1');
      if (seen.has(path)) continue;
      seen.add(path);
      // The schema's own words are bilingual ("Deutsch · English"); the generic checks are worded by core.
      const message = e.message.includes(' · ') || !e.issue ? pickLang(e.message, this.locale) : issueMessage(this.locale, e.issue);
      out.push({ path, message });
    }
    return out;
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    const root = this.shadowRoot!;
    const targets = applyFieldErrors(root, errors);
    const groups: Record<string, string> = {};
    for (const g of GROUPS) {
      const e = errors.find((x) => x.path === g);
      if (e) groups[g] = e.message;
    }
    this.groupErrors = groups;
    await this.updateComplete;
    // A group is named by its legend's words, not the legend's text (that carries the required mark " *").
    const groupTargets = Object.entries(groups).map(([g, message]) => ({ target: root.querySelector<HTMLElement>(`[data-field="${g}"]`)!, message, label: this.m(g as Key) }));
    const placed = new Set([...targets.map((t) => (t.target as HTMLElement & { name: string }).name), ...Object.keys(groups)]);
    // An error about no field of this form (e.g. the team) still shows, in the summary.
    const rest = errors.filter((e) => !placed.has(e.path)).map((e) => ({ target: this.heading!, message: e.message }));
    // The summary names each field, as core's showInvalid does: "Name der Kita: Bitte füllen Sie dieses Feld aus."
    const fields = targets.map(({ target, message }) => ({ target, message, label: (target as HTMLElement & { label?: string }).label }));
    const labelled = [...fields, ...groupTargets].map(({ target, message, label }) => ({ target, message: label ? `${label}: ${message}` : message }));
    await this.summary?.show([...labelled, ...rest]);
  }

  private clearErrors(): void {
    applyFieldErrors(this.shadowRoot!, []);
    this.groupErrors = {};
    this.summary?.clear();
    this.alert = '';
  }

  /** What changed against the Kita as loaded: a PATCH carries only that. */
  private changes(body: Body): Partial<Body> {
    const before = toBody(fromFacility(this.facility)) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k]))) as Partial<Body>;
  }

  private describe(err: unknown): string {
    endSessionOn401(this, err);
    if (!(err instanceof ApiProblem)) return this.m('network');
    return err.detail ? pickLang(err.detail, this.locale) : err.title || this.m('failed');
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.client || this.busy) return;
    this.clearErrors();
    this.status = '';
    const f = this.facility;
    const full = toBody(this.form);
    const body = f ? this.changes(full) : full;
    if (f && !Object.keys(body).length) {
      this.status = this.m('unchanged');
      return;
    }
    const check = v.safeParse(f ? FacilityUpdate : FacilityCreate, body);
    if (!check.success) {
      return this.showErrors(this.toFieldErrors(check.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message, issue: i }))));
    }
    this.busy = true;
    this.status = this.m('saving');
    try {
      const saved = f
        ? await this.client.send<StaffFacility>('PATCH', `/v1/staff/kita/facilities/${encodeURIComponent(f.id)}`, body)
        : await this.client.send<StaffFacility>('POST', '/v1/staff/kita/facilities', body);
      this.status = '';
      this.dispatchEvent(new BnFacilityDoneEvent(f ? 'saved' : 'created', saved));
    } catch (err) {
      this.status = '';
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) await this.showErrors(this.toFieldErrors(err.errors));
      else this.alert = this.describe(err);
    } finally {
      this.busy = false;
    }
  }

  private async askDelete(): Promise<void> {
    this.alert = '';
    this.confirming = true;
    await this.updateComplete;
    this.confirmBox?.focus();
  }

  private async keep(): Promise<void> {
    this.confirming = false;
    await this.updateComplete;
    this.deleteButton?.focus();
  }

  private async deleteFacility(): Promise<void> {
    const f = this.facility;
    if (!f || !this.client || this.busy) return;
    this.busy = true;
    try {
      await this.client.send('DELETE', `/v1/staff/kita/facilities/${encodeURIComponent(f.id)}`);
      this.dispatchEvent(new BnFacilityDoneEvent('deleted', f));
    } catch (err) {
      // e.g. 409 FACILITY_IN_USE: the API's reason, in words; the Kita stays.
      this.confirming = false;
      this.alert = this.describe(err);
      await this.updateComplete;
      this.deleteButton?.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const f = this.form;
    const text = (name: string, opts: { label?: string; required?: boolean; max?: number; type?: string; hint?: string; inputmode?: string } = {}) =>
      html`<bn-text-field name=${name} label=${opts.label ?? this.m(name as Key)} type=${opts.type ?? 'text'} ?required=${!!opts.required}
        maxlength=${opts.max ?? nothing} hint=${opts.hint ?? ''} inputmode=${opts.inputmode ?? nothing}
        .value=${typeof f[name] === 'string' ? (f[name] as string) : ''} @input=${this.set(name)}></bn-text-field>`;
    const ageError = this.groupErrors.ageGroups;
    const title = this.facility ? isolateParams((p) => this.m('editTitle', p), { name: this.facility.name }) : this.m('addTitle');
    return html`<form part="form" novalidate aria-labelledby="facility-title" @submit=${this.save}>
      <h3 id="facility-title" tabindex="-1">${title}</h3>
      <bn-error-summary level="4"></bn-error-summary>
      ${text('name', { required: true, max: 200 })}
      ${text('provider', { required: true, max: 200 })}
      ${text('address', { required: true, max: 300 })}
      <fieldset aria-describedby="coords-hint">
        <legend>${this.m('location')}</legend>
        <p id="coords-hint" class="hint">${this.m('coordsHint')}</p>
        <div class="pair">${text('lat', { inputmode: 'decimal' })} ${text('lng', { inputmode: 'decimal' })}</div>
      </fieldset>
      <fieldset data-field="ageGroups" tabindex="-1" aria-describedby=${ageError ? 'age-error' : nothing}>
        <legend>${this.m('ageGroups')}<span class="req" aria-hidden="true"> *</span></legend>
        ${ageError ? html`<p id="age-error" class="group-error">${ageError}</p>` : nothing}
        ${AGE_GROUPS.map((a) => html`<bn-checkbox name="age-${a}" .checked=${f[`age.${a}`] === true} @change=${this.set(`age.${a}`, true)}>${this.m(`age_${a}`)}</bn-checkbox>`)}
      </fieldset>
      ${text('careHours', { required: true, hint: this.m('careHoursHint'), inputmode: 'numeric' })}
      ${text('openingHours', { max: 300 })}
      ${text('concepts', { hint: this.m('conceptsHint') })}
      ${text('languages', { hint: this.m('languagesHint') })}
      <bn-checkbox name="accessible" .checked=${f.accessible === true} @change=${this.set('accessible', true)}>${this.m('accessible')}</bn-checkbox>
      <bn-textarea name="accessibility" label=${this.m('accessibility')} maxlength="1000" rows="3" .value=${str(f.accessibility)} @input=${this.set('accessibility')}></bn-textarea>
      <fieldset>
        <legend>${this.m('capacity')}</legend>
        <div class="pair">${AGE_GROUPS.map((a) => text(`capacity.${a}`, { label: this.m(`cap_${a}`), inputmode: 'numeric' }))}</div>
      </fieldset>
      ${text('email', { type: 'email', max: 254, hint: this.m('emailHint') })}
      <bn-checkbox name="active" .checked=${f.active === true} @change=${this.set('active', true)}>${this.m('active')}</bn-checkbox>
      <p class="live" role="status">${this.status}</p>
      <p class="live notice error" role="alert">${this.alert}</p>
      <div class="row">
        <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.facility ? this.m('save') : this.m('add')}</button>
        <button type="button" @click=${() => this.dispatchEvent(new BnFacilityDoneEvent('cancelled', this.facility))}>${this.m('cancel')}</button>
        ${this.facility && this.mayDelete ? html`<button type="button" class="delete" aria-expanded=${this.confirming ? 'true' : 'false'} @click=${this.askDelete}>${this.m('delete')}</button>` : nothing}
      </div>
      ${
        this.confirming && this.facility
          ? html`<div class="confirm notice error" tabindex="-1" role="group" aria-labelledby="confirm-text">
              <p id="confirm-text">${this.m('confirm', { name: isolateText(this.facility.name) })}</p>
              <div class="row"><button type="button" class="primary" @click=${this.deleteFacility}>${this.m('confirmYes')}</button>
                <button type="button" @click=${this.keep}>${this.m('confirmNo')}</button></div>
            </div>`
          : nothing
      }
    </form>`;
  }
}
