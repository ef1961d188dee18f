import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import * as v from 'valibot';
import { KitaSettings, KitaSettingsUpdate, pickLang, type Weights } from '../../backend/kita/schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import type { FieldError } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { apiClientContext } from '../core/context.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { BnEvent } from '../core/events.ts';
import { formMessages } from '../core/form-messages.ts';
import { plural, type Locale, type Params } from '../core/i18n.ts';
import { endSessionOn401 } from '../core/staff-context.ts';
import { renderLoad } from '../core/task-view.ts';
import { applyFieldErrors, issueMessage } from '../core/validation.ts';
import { kitaStyles } from './styles.ts';
import { messages, unitForms, type Key, type Unit } from './console-settings-messages.ts';

/** The weights in the order the form shows them (the order a clerk weighs them in the ranking's explanation). */
const WEIGHTS = ['residence', 'sibling', 'bothWorking', 'hardship', 'agePerYear'] as const satisfies readonly (keyof Weights)[];
type WeightKey = (typeof WEIGHTS)[number];
type NumberKey = 'maxWishes' | 'leadTimeMonths' | 'draftDays' | 'offerDays' | 'retentionDays';

/**
 * The bounds the API's schema sets for a number, read from the schema itself: the hints say
 * "1 bis 90" from the same rule the server checks, not from a copy.
 */
function rangeOf(schema: v.GenericSchema): { min?: number; max?: number } {
  const pipe = ((schema as { pipe?: { type: string; requirement?: unknown }[] }).pipe ?? []) as { type: string; requirement?: unknown }[];
  const find = (type: string) => pipe.find((p) => p.type === type)?.requirement as number | undefined;
  return { min: find('min_value'), max: find('max_value') };
}
const ENTRIES = KitaSettings.entries;
const WEIGHT_ENTRIES = ENTRIES.weights.entries;

/** Who looks at the settings: the office changes them; the others see them and are told why they cannot. */
export type SettingsAccess = 'office' | 'read-only' | 'team';

/** The settings were saved; `detail` as the API answered. */
export class BnSettingsSavedEvent extends BnEvent<KitaSettings> {
  constructor(saved: KitaSettings) {
    super('bn-settings-saved', saved);
  }
}

type Form = Record<string, string | boolean>;

/** A number as typed in this language (German decimal comma). */
const shown = (locale: Locale, n: number) => (locale === 'de' ? String(n).replace('.', ',') : String(n));

function fromSettings(s: KitaSettings, locale: Locale): Form {
  const form: Form = {
    maxWishes: shown(locale, s.maxWishes),
    leadTimeMonths: shown(locale, s.leadTimeMonths),
    draftDays: shown(locale, s.draftDays),
    offerDays: shown(locale, s.offerDays),
    retentionDays: shown(locale, s.retentionDays),
    acceptOutside: s.acceptOutside,
    allocation: s.allocation,
    notifyEmail: s.notifyEmail ?? '',
    statusPageUrl: s.statusPageUrl ?? '',
  };
  for (const w of WEIGHTS) form[`weights.${w}`] = shown(locale, s.weights[w]);
  return form;
}

const str = (x: string | boolean | undefined) => (typeof x === 'string' ? x.trim() : '');
/** A typed number; empty stays undefined (the schema says "required"), anything else goes to the schema, which refuses NaN. */
const num = (x: string | boolean | undefined) => (str(x) === '' ? undefined : Number(str(x).replace(',', '.')));

/** The form as a whole KitaSettings body (not yet checked). */
function toBody(f: Form) {
  return {
    maxWishes: num(f.maxWishes),
    leadTimeMonths: num(f.leadTimeMonths),
    draftDays: num(f.draftDays),
    acceptOutside: f.acceptOutside === true,
    allocation: str(f.allocation),
    offerDays: num(f.offerDays),
    weights: Object.fromEntries(WEIGHTS.map((w) => [w, num(f[`weights.${w}`])])),
    retentionDays: num(f.retentionDays),
    notifyEmail: str(f.notifyEmail) || null,
    statusPageUrl: str(f.statusPageUrl) || null,
  };
}

/**
 * What changed against the settings as loaded: the PUT carries only that. The weights go as one
 * object when any of them changed, because KitaSettingsUpdate takes `weights` whole.
 */
export function changedSettings(before: KitaSettings, after: KitaSettings): Partial<KitaSettings> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(after)) {
    if (JSON.stringify(val) !== JSON.stringify(before[k as keyof KitaSettings])) out[k] = val;
  }
  return out as Partial<KitaSettings>;
}

/**
 * @tag bn-console-kita-settings
 * @summary The Kita office's settings in the console's Kita section, in four groups a clerk
 * knows: Anmeldung (most wishes, registration before birth, "continue later" link, families
 * from other towns), Vergabe (who allocates, offer deadline, the points of the ranking),
 * Datenschutz (how long personal data are kept) and Benachrichtigung (notice address, status
 * page). Checked with the API's own schema (KitaSettings / KitaSettingsUpdate) before it is
 * sent; the PUT carries only what changed. The server's field errors land on the fields and in
 * the error summary; what was typed stays after a failed save. Staff who may not change the
 * settings (`access` other than `office`) see them as a list, with the reason in words.
 *
 * @fires bn-settings-saved - The settings were saved; `detail` is what the API answered.
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 * @csspart form - The form (the office).
 * @csspart list - The read-only list of the settings (everyone else).
 * @cssprop --bn-color-primary - Buttons and links.
 */
export class BnConsoleKitaSettings extends BnElement {
  static override styles = [
    ...BnElement.styles,
    kitaStyles,
    css`
      :host { display: block; container-type: inline-size; }
      form, .list { max-inline-size: 48em; }
      /* Narrow: each value under its name; two columns would squeeze the values to a letter's width. */
      @container (max-width: 36rem) {
        dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
        dl.facts dd { margin-block-end: calc(var(--_space) / 2); }
      }
      h3:focus { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
      fieldset { border-block-start: 1px solid var(--_color-border); padding-block-start: calc(var(--_space) / 2); }
      fieldset fieldset { border: 0; padding: 0; }
      legend { overflow-wrap: anywhere; }
      /* Labels of different lengths wrap to different heights: the inputs still line up. */
      .pair { display: flex; flex-wrap: wrap; gap: 0 var(--_space); align-items: end; }
      .pair > * { flex: 1 1 14em; min-inline-size: 0; }
      .live:empty { border: 0; padding: 0; margin: 0; }
      h4 { font-size: 1.05em; margin-block: var(--_space) calc(var(--_space) / 2); }
    `,
  ];

  @query('h3') private heading?: HTMLElement;
  @query('bn-error-summary') private summary?: BnErrorSummary;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private client?: ApiClient;

  /** The settings as last loaded or saved: the base of "what changed". */
  @state() private loaded?: KitaSettings;
  @state() private form: Form = {};
  @state() private busy = false;
  /** Said politely: saving, saved, nothing changed. */
  @state() private status = '';
  /** Said at once: why the save failed. */
  @state() private alert = '';
  @state() private savedShown = false;

  /** Who looks: `office` changes the settings; `read-only` (role kita:read) and `team` (a Kita's team) only see them. */
  @property({ reflect: true }) access: SettingsAccess = 'read-only';

  private readonly loadTask = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return undefined;
      const s = await client.get<KitaSettings>('/v1/staff/kita/settings', { signal });
      this.take(s);
      return s;
    },
    args: () => [this.client] as const,
  });

  private m(key: Key, params?: Params): string {
    return messages.t(this.locale, key, params);
  }

  private unit(unit: Unit, n: number): string {
    return plural(this.locale, n, unitForms[this.locale === 'en' ? 'en' : 'de'][unit]);
  }

  private take(s: KitaSettings): void {
    this.loaded = s;
    this.form = fromSettings(s, this.locale);
  }

  private set(name: string, checkbox = false) {
    return (e: Event) => {
      const t = e.target as HTMLInputElement & { error?: string };
      this.form = { ...this.form, [name]: checkbox ? t.checked : t.value };
      if (t.error) t.error = '';
      this.savedShown = false;
    };
  }

  private describe(err: unknown): string {
    if (!(err instanceof ApiProblem)) return this.m('network');
    if (endSessionOn401(this, err)) return this.m('sessionEnded');
    return this.m('failed', { why: pickLang(err.detail || err.title || '', this.locale) });
  }

  private describeLoad(err: unknown): string {
    if (err instanceof ApiProblem && err.status === 401) return this.describe(err);
    const why = err instanceof ApiProblem ? pickLang(err.detail || err.title || '', this.locale) : this.m('offline');
    return `${this.m('loadFailed')} ${why}`;
  }

  /** Valibot issues (client) or API field errors (server) → one message per field, in the console's language. */
  private toFieldErrors(errors: { path: string; message: string; issue?: v.BaseIssue<unknown> }[]): FieldError[] {
    const seen = new Set<string>();
    const out: FieldError[] = [];
    for (const e of errors) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      let message: string;
      if (!e.issue) message = pickLang(e.message, this.locale);
      // An emptied number reaches the schema as undefined: that is "please fill in", not "a number".
      else if (e.issue.input === undefined) message = formMessages.t(this.locale, 'required');
      else message = issueMessage(this.locale, e.issue);
      out.push({ path: e.path, message });
    }
    return out;
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    const targets = applyFieldErrors(this.shadowRoot!, errors);
    const placed = new Set(targets.map((t) => (t.target as HTMLElement & { name: string }).name));
    const rest = errors.filter((e) => !placed.has(e.path)).map((e) => ({ target: this.heading!, message: e.message }));
    // The summary names each field, as core's showInvalid does: "Frist …: Der Wert muss mindestens 1 sein."
    const labelled = targets.map(({ target, message }) => {
      const label = (target as HTMLElement & { label?: string }).label;
      return { target, message: label ? `${label}: ${message}` : message };
    });
    await this.summary?.show([...labelled, ...rest]);
  }

  private clearErrors(): void {
    applyFieldErrors(this.shadowRoot!, []);
    this.summary?.clear();
    this.alert = '';
  }

  private async discard(): Promise<void> {
    if (!this.loaded) return;
    this.clearErrors();
    this.take(this.loaded);
    this.status = '';
    this.savedShown = false;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.client || this.busy || !this.loaded) return;
    this.clearErrors();
    this.status = '';
    this.savedShown = false;
    const check = v.safeParse(KitaSettings, toBody(this.form));
    if (!check.success) {
      return this.showErrors(this.toFieldErrors(check.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message, issue: i }))));
    }
    const body = changedSettings(this.loaded, check.output);
    if (!Object.keys(body).length) {
      this.status = this.m('unchanged');
      return;
    }
    // The update schema too: the body sent is exactly what the route validates.
    const update = v.safeParse(KitaSettingsUpdate, body);
    if (!update.success) {
      return this.showErrors(this.toFieldErrors(update.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message, issue: i }))));
    }
    this.busy = true;
    this.status = this.m('saving');
    try {
      const saved = await this.client.send<KitaSettings>('PUT', '/v1/staff/kita/settings', body);
      this.take(saved);
      this.status = this.m('saved');
      this.savedShown = true;
      this.dispatchEvent(new BnSettingsSavedEvent(saved));
    } catch (err) {
      // What was typed stays in `form`: only the message changes.
      this.status = '';
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) await this.showErrors(this.toFieldErrors(err.errors));
      else this.alert = this.describe(err);
    } finally {
      this.busy = false;
    }
  }

  /** A field's label with its unit (or "optional") in brackets: "Frist … (in Tagen)". */
  private withUnit(label: string, unit: 'u_days' | 'u_months' | 'u_points' | 'u_optional'): string {
    return `${label} (${this.m(unit)})`;
  }

  private renderNumber(name: NumberKey | `weights.${WeightKey}`, label: string, hint: string, inputmode = 'numeric') {
    return html`<bn-text-field name=${name} label=${label} hint=${hint} inputmode=${inputmode} required
      .value=${typeof this.form[name] === 'string' ? (this.form[name] as string) : ''} @input=${this.set(name)}></bn-text-field>`;
  }

  private hintOf(key: NumberKey): string {
    const r = rangeOf(ENTRIES[key]);
    return this.m(`${key}Hint` as Key, { min: r.min ?? 0, max: r.max ?? 0 });
  }

  private renderForm() {
    const f = this.form;
    const w = rangeOf(WEIGHT_ENTRIES.residence);
    return html`<form part="form" novalidate aria-labelledby="settings-title" @submit=${this.save}>
      <bn-error-summary level="4"></bn-error-summary>
      <fieldset>
        <legend>${this.m('registration')}</legend>
        ${this.renderNumber('maxWishes', this.m('maxWishes'), this.hintOf('maxWishes'))}
        ${this.renderNumber('leadTimeMonths', this.withUnit(this.m('leadTimeMonths'), 'u_months'), this.hintOf('leadTimeMonths'))}
        ${this.renderNumber('draftDays', this.withUnit(this.m('draftDays'), 'u_days'), this.hintOf('draftDays'))}
        <bn-checkbox name="acceptOutside" .checked=${f.acceptOutside === true} @change=${this.set('acceptOutside', true)}>${this.m('acceptOutside')}</bn-checkbox>
      </fieldset>
      <fieldset>
        <legend>${this.m('allocationGroup')}</legend>
        <bn-radio-group name="allocation" label=${this.m('allocation')} required .value=${str(f.allocation)}
          .options=${(['facility', 'central'] as const).map((a) => ({ value: a, label: this.m(`allocation_${a}`), hint: this.m(`allocation_${a}Hint`) }))}
          @change=${this.set('allocation')}></bn-radio-group>
        ${this.renderNumber('offerDays', this.withUnit(this.m('offerDays'), 'u_days'), this.hintOf('offerDays'))}
        <fieldset aria-describedby="weights-hint">
          <legend>${this.m('weights')}</legend>
          <p id="weights-hint" class="hint">${this.m('weightsHint')} ${this.m('weightsRange', { min: w.min ?? 0, max: w.max ?? 0 })}</p>
          <div class="pair">${WEIGHTS.map((k) => this.renderNumber(`weights.${k}`, this.withUnit(this.m(`w_${k}`), 'u_points'), '', 'decimal'))}</div>
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>${this.m('privacy')}</legend>
        ${this.renderNumber('retentionDays', this.withUnit(this.m('retentionDays'), 'u_days'), this.hintOf('retentionDays'))}
      </fieldset>
      <fieldset>
        <legend>${this.m('notify')}</legend>
        <bn-text-field name="notifyEmail" type="email" label=${this.withUnit(this.m('notifyEmail'), 'u_optional')} hint=${this.m('notifyEmailHint')} maxlength="254" autocomplete="off"
          .value=${str(f.notifyEmail)} @input=${this.set('notifyEmail')}></bn-text-field>
        <bn-text-field name="statusPageUrl" type="text" inputmode="url" label=${this.withUnit(this.m('statusPageUrl'), 'u_optional')} hint=${this.m('statusPageUrlHint')} maxlength="500" autocomplete="off"
          .value=${str(f.statusPageUrl)} @input=${this.set('statusPageUrl')}></bn-text-field>
      </fieldset>
      <div class="live ${this.savedShown ? 'notice success' : ''}" role="status">${this.status}</div>
      <div class="live notice error" role="alert">${this.alert}</div>
      <div class="row">
        <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.m('save')}</button>
        <button type="button" @click=${this.discard}>${this.m('reset')}</button>
      </div>
    </form>`;
  }

  private renderList(s: KitaSettings) {
    const row = (label: string, value: string) => html`<dt>${label}</dt><dd>${value}</dd>`;
    const days = (n: number) => this.unit('days', n);
    return html`<div part="list" class="list">
      <h4>${this.m('registration')}</h4>
      <dl class="facts">
        ${row(this.m('maxWishes'), this.unit('wishes', s.maxWishes))}
        ${row(this.m('leadTimeMonths'), this.unit('months', s.leadTimeMonths))}
        ${row(this.m('draftDays'), days(s.draftDays))}
        ${row(this.m('acceptOutside'), s.acceptOutside ? this.m('yes') : this.m('no'))}
      </dl>
      <h4>${this.m('allocationGroup')}</h4>
      <dl class="facts">
        ${row(this.m('allocation'), this.m(`allocation_${s.allocation}`))}
        ${row(this.m('offerDays'), days(s.offerDays))}
      </dl>
      <p class="hint">${this.m('weightsHint')}</p>
      <dl class="facts">${WEIGHTS.map((k) => row(this.m(`w_${k}`), this.unit('points', s.weights[k])))}</dl>
      <h4>${this.m('privacy')}</h4>
      <dl class="facts">${row(this.m('retentionDays'), days(s.retentionDays))}</dl>
      <h4>${this.m('notify')}</h4>
      <dl class="facts">
        ${row(this.m('notifyEmail'), s.notifyEmail ?? this.m('none'))}
        ${row(this.m('statusPageUrl'), s.statusPageUrl ?? this.m('none'))}
      </dl>
    </div>`;
  }

  override render() {
    const office = this.access === 'office';
    return html`<h3 id="settings-title" tabindex="-1">${this.m('title')}</h3>
      ${office ? html`<p>${this.m('intro')}</p>` : html`<p class="notice info">${this.access === 'team' ? this.m('readOnlyTeam') : this.m('readOnlyRole')}</p>`}
      ${renderLoad(this.loadTask, {
        loading: this.t('loading'),
        retry: this.t('retry'),
        describe: (err) => this.describeLoad(err),
        // After a save the form stays; the task only loads once per client.
        keepStale: true,
        complete: (s) => (!s ? nothing : office ? this.renderForm() : this.renderList(this.loaded ?? s)),
      })}`;
  }
}
