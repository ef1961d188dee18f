import { html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { BnFormElement, VALID, type Validity } from './form-element.ts';
import { formatDate } from './i18n.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint, renderLabel } from './field-parts.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @tag bn-date-field
 * @summary A labelled date input. The value is an ISO date (`2026-08-01`), the
 * display follows the browser; limits are announced in the page's language.
 *
 * @fires input - While the user edits.
 * @fires change - When the date is committed.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The help text.
 * @csspart control - The date input.
 * @csspart error - The error text.
 */
export class BnDateField extends BnFormElement {
  static override styles = [...BnFormElement.styles, fieldStyles];

  private initialValue?: string;
  /** The input reports bad input (a half-typed date) without exposing a value. */
  private badInput = false;

  @query('input') private input?: HTMLInputElement;

  /** ISO date `YYYY-MM-DD` or empty. */
  @property() value = '';
  /** Earliest allowed ISO date. */
  @property() min?: string;
  /** Latest allowed ISO date. */
  @property() max?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    this.initialValue ??= this.value;
  }

  protected get defaultValue(): string {
    return this.initialValue ?? '';
  }

  protected formValue(): string {
    return this.value;
  }

  protected get anchor(): HTMLElement | null {
    return this.input ?? null;
  }

  /** The value as a Date (noon UTC, so no time zone moves the day), or null. */
  get valueAsDate(): Date | null {
    return ISO.test(this.value) ? new Date(`${this.value}T12:00:00Z`) : null;
  }

  protected computeValidity(): Validity {
    if (this.badInput) return { flags: { badInput: true }, message: this.t('invalidDate') };
    if (!this.value) return this.required ? { flags: { valueMissing: true }, message: this.t('required') } : VALID;
    if (!ISO.test(this.value)) return { flags: { typeMismatch: true }, message: this.t('invalidDate') };
    if (this.min && this.value < this.min) {
      return { flags: { rangeUnderflow: true }, message: this.t('dateTooEarly', { min: this.fmt(this.min) }) };
    }
    if (this.max && this.value > this.max) {
      return { flags: { rangeOverflow: true }, message: this.t('dateTooLate', { max: this.fmt(this.max) }) };
    }
    return VALID;
  }

  private fmt(iso: string): string {
    return formatDate(this.locale, `${iso}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' });
  }

  private onInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.badInput = input.validity.badInput;
    this.value = input.value;
    this.emitInput();
  }

  private onChange(): void {
    this.markTouched();
    this.emitChange();
  }

  override render() {
    const error = this.errorText;
    return html`<div part="base" lang=${this.locale}>
      ${renderLabel(this.label, this.required)} ${renderHint(this.hint)}
      <input
        part="control"
        id="control"
        type="date"
        name=${ifDefined(this.name || undefined)}
        .value=${live(this.value)}
        min=${ifDefined(this.min)}
        max=${ifDefined(this.max)}
        ?disabled=${this.isDisabled}
        ?required=${this.required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(this.hint, error))}
        aria-errormessage=${ifDefined(error ? 'error' : undefined)}
        @input=${this.onInput}
        @change=${this.onChange}
        @blur=${this.markTouched}
      />
      ${renderError(error)}
    </div>`;
  }
}
