import { html, nothing, type TemplateResult } from 'lit';
import type { CategoryConfig, Localized, PublicTip, Question, TipCreated } from '../../backend/tips/schema.ts';
import type { Locale, Params } from '../core/i18n.ts';
import { isolate, isolateParams } from '../core/bidi.ts';
import { tipsMessages, type TipsMessageKey } from './messages.ts';

/** Pieces of `<bn-tip-form>` that are pure rendering: questions, duplicates, success. */

export type Answer = string | number | boolean;

export function localized(l: Localized | null | undefined, locale: Locale): string {
  if (!l) return '';
  return (locale === 'en' && l.en) || l.de;
}

function mk(locale: Locale) {
  return (key: TipsMessageKey, params?: Params) => tipsMessages.t(locale, key, params);
}

/** A category's extra questions as building blocks named `answers.<id>`. */
export function renderQuestions(
  locale: Locale,
  cat: CategoryConfig | undefined,
  answers: Record<string, Answer>,
  onChange: (q: Question, value: string, checked?: boolean) => void,
): TemplateResult | typeof nothing {
  if (!cat?.questions.length) return nothing;
  const m = mk(locale);
  return html`<fieldset part="questions">
    <legend>${m('questionsTitle')}</legend>
    ${cat.questions.map((q) => {
      const name = `answers.${q.id}`;
      const label = localized(q.label, locale);
      const value = answers[q.id];
      const on = (e: Event) => onChange(q, (e.target as HTMLInputElement).value);
      switch (q.type) {
        case 'select':
          return html`<bn-select name=${name} label=${label} ?required=${q.required} .value=${String(value ?? '')}
            .options=${q.options.map((o) => ({ value: o.value, label: localized(o.label, locale) }))} @change=${on}></bn-select>`;
        case 'boolean':
          return html`<bn-radio-group name=${name} label=${label} ?required=${q.required} orientation="horizontal"
            .value=${value === true ? 'yes' : value === false ? 'no' : ''}
            .options=${[{ value: 'yes', label: m('yes') }, { value: 'no', label: m('no') }]} @change=${on}></bn-radio-group>`;
        case 'number':
          return html`<bn-text-field name=${name} type="number" label=${label} ?required=${q.required} .value=${value === undefined ? '' : String(value)} @input=${on}></bn-text-field>`;
        default:
          return html`<bn-text-field name=${name} label=${label} ?required=${q.required} maxlength="1000" .value=${String(value ?? '')} @input=${on}></bn-text-field>`;
      }
    })}
  </fieldset>`;
}

/** Converts a question's raw control value to what the schema expects (or undefined = unanswered). */
export function answerValue(q: Question, raw: string): Answer | undefined {
  if (raw === '') return undefined;
  if (q.type === 'boolean') return raw === 'yes';
  if (q.type === 'number') {
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

export function renderEmergency(locale: Locale, cat: CategoryConfig, back: () => void): TemplateResult {
  const m = mk(locale);
  return html`<div part="emergency" class="notice error" role="alert">
    <h3>${m('emergencyTitle')}</h3>
    <p><strong>${localized(cat.emergency, locale)}</strong></p>
    <button type="button" @click=${back}>${m('emergencyBack')}</button>
  </div>`;
}

export interface DuplicateProps {
  locale: Locale;
  items: PublicTip[];
  categoryLabel: (id: string) => string;
  busyRef: string;
  onSupport: (ref: string) => void;
  onDismiss: () => void;
}

export function renderDuplicates(p: DuplicateProps): TemplateResult {
  const m = mk(p.locale);
  return html`<section part="duplicates" class="notice info" aria-labelledby="dup-title">
    <h3 id="dup-title">${m('dupTitle')}</h3>
    <p>${m('dupText')}</p>
    <ul class="plain dups">
      ${p.items.map(
        (t) => html`<li>
          <p><span class="ref">${t.ref}</span> · ${p.categoryLabel(t.category)} ·
            <span class="badge ${t.status}">${m(`status_${t.status}` as TipsMessageKey)}</span></p>
          <p>${t.description.length > 160 ? html`${isolate(t.description.slice(0, 160))} …` : isolate(t.description)}</p>
          <p class="muted">${t.distance !== undefined ? m('dupDistance', { m: t.distance }) : ''}
            ${t.location?.address ? html` · ${isolate(t.location.address)}` : ''} · ${m('supportCount', { n: t.supportCount })}</p>
          <button type="button" class="primary" aria-label=${m('dupSupportLabel', { ref: t.ref })}
            aria-disabled=${p.busyRef ? 'true' : 'false'} @click=${() => p.onSupport(t.ref)}>${m('dupSupport')}</button>
        </li>`,
      )}
    </ul>
    <button type="button" @click=${p.onDismiss}>${m('dupNotMine')}</button>
  </section>`;
}

export interface SuccessProps {
  locale: Locale;
  result: TipCreated;
  /** The tracking link (this page or the `status-page`, with `#bn-tip=REF.CODE`). */
  link: string;
  mailed: boolean;
  onAnother: () => void;
  /** Copies a value; `what` names it for the announcement. */
  onCopy: (what: 'ref' | 'token', e: Event) => void;
  /** What the live region says after a copy ("Code kopiert."). */
  copied: string;
}

/**
 * The confirmation: reference and code are shown large, each with a copy button, so an
 * anonymous reporter can come back without the link (the status view's lookup form takes both).
 */
export function renderSuccess(p: SuccessProps): TemplateResult {
  const m = mk(p.locale);
  const value = (what: 'ref' | 'token', label: string, text: string, copyLabel: string) => html`<dt id=${`l-${what}`}>${label}</dt>
    <dd class="copyable">
      <span class="ref value" part=${what === 'ref' ? 'reference' : 'code'} id=${`v-${what}`}>${text}</span>
      <button type="button" class="copy" part="copy" aria-label=${copyLabel} @click=${(e: Event) => p.onCopy(what, e)}>${m('copy')}</button>
    </dd>`;
  return html`<div part="success" class="notice success">
    <h2 id="done" tabindex="-1">${m('successTitle')}</h2>
    <dl class="facts">
      ${value('ref', m('successRef'), p.result.ref, m('copyRef'))}
      ${value('token', m('successCode'), p.result.token, m('copyCode'))}
    </dl>
    <p class="muted">${m('successKeep')}</p>
    <p class="visually-hidden" role="status">${p.copied}</p>
    ${p.result.tenant?.name ? html`<p>${isolateParams((q) => m('successTo', q), { name: p.result.tenant.name })}</p>` : nothing}
    <p><a part="tracking-link" href=${p.link}>${m('successTrack')}</a></p>
    <p class="muted">${m('successTrackHint')}</p>
    <h3>${m('nextTitle')}</h3>
    <ol>
      <li>${m('next1')}</li>
      <li>${p.mailed ? m('next2Mail') : m('next2NoMail')}</li>
      <li>${m('next3')}</li>
    </ol>
    <button type="button" @click=${p.onAnother}>${m('another')}</button>
  </div>`;
}

export function renderSupported(locale: Locale, ref: string, count: number, onAnother: () => void): TemplateResult {
  const m = mk(locale);
  return html`<div part="success" class="notice success">
    <h2 id="done" tabindex="-1">${m('dupSupported', { ref, count })}</h2>
    <button type="button" @click=${onAnother}>${m('another')}</button>
  </div>`;
}
