import { html, nothing, type TemplateResult } from 'lit';
import type { CategoryConfig, Localized, Question } from '../../backend/tips/schema.ts';
import type { Locale, Params } from '../core/i18n.ts';
import { tipsMessages, type TipsMessageKey } from './messages.ts';

/**
 * Pieces of `<bn-tip-form>` that are pure rendering and part of its first paint: extra
 * questions, the emergency stop. What shows only after the citizen acts (reports nearby, the
 * confirmation) is in form-after.ts, loaded then.
 */

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
