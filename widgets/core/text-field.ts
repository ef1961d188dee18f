import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnFormElement, syncControl, VALID, type Validity } from './form-element.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint, renderLabel } from './field-parts.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEL = /^\+?[0-9 ()/.-]{5,}$/;

/**
 * @tag bn-text-field
 * @summary A labelled single-line input (text, e-mail, phone or number).
 *
 * @fires input - On every keystroke.
 * @fires change - When the value is committed.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The help text.
 * @csspart control - The input.
 * @csspart error - The error text.
 */
export class BnTextField extends BnFormElement {
  static override styles = [...BnFormElement.styles, fieldStyles];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    type: {},
    value: {},
    minlength: { type: Number },
    maxlength: { type: Number },
    min: { type: Number },
    max: { type: Number },
    autocomplete: {},
    inputmode: {},
    placeholder: {},
    defaultValueAttr: { attribute: 'default-value' },
  };

  private initialValue?: string;

  private get input(): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector('input');
  }

  type: 'text' | 'email' | 'tel' | 'number' = 'text';
  value = '';
  minlength?: number;
  maxlength?: number;
  min?: number;
  max?: number;
  autocomplete?: string;
  inputmode?: string;
  placeholder?: string;
  /** Initial value for `form.reset()`; taken from `value` at first render unless set. */
  defaultValueAttr?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    this.initialValue ??= this.value;
  }

  protected get defaultValue(): string {
    return this.defaultValueAttr ?? this.initialValue ?? '';
  }

  protected formValue(): string | null {
    return this.value;
  }

  protected get anchor(): HTMLElement | null {
    return this.input ?? null;
  }

  protected computeValidity(): Validity {
    const v = this.value.trim();
    if (!v) return this.required ? { flags: { valueMissing: true }, message: this.t('required') } : VALID;
    if (this.type === 'email' && !EMAIL.test(v)) return { flags: { typeMismatch: true }, message: this.t('invalidEmail') };
    if (this.type === 'tel' && !TEL.test(v)) return { flags: { patternMismatch: true }, message: this.t('invalidTel') };
    if (this.type === 'number') {
      const n = Number(v.replace(',', '.'));
      if (Number.isNaN(n)) return { flags: { badInput: true }, message: this.t('invalidNumber') };
      if (this.min !== undefined && n < this.min) return { flags: { rangeUnderflow: true }, message: this.t('tooSmall', { min: this.min }) };
      if (this.max !== undefined && n > this.max) return { flags: { rangeOverflow: true }, message: this.t('tooLarge', { max: this.max }) };
    }
    if (this.minlength !== undefined && v.length < this.minlength) {
      return { flags: { tooShort: true }, message: this.t('tooShort', { min: this.minlength }) };
    }
    if (this.maxlength !== undefined && v.length > this.maxlength) {
      return { flags: { tooLong: true }, message: this.t('tooLong', { max: this.maxlength }) };
    }
    return VALID;
  }

  protected override updated(changed: PropertyValues): void {
    syncControl(this.input, 'value', this.value);
    super.updated(changed);
  }

  private onInput(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
    this.emitInput();
  }

  private onChange(): void {
    this.markTouched();
    this.emitChange();
  }

  /** Selects the text, like the native input. */
  select(): void {
    this.input?.select();
  }

  override render() {
    const error = this.errorText;
    // Numbers are typed as text with a numeric keyboard: type=number silently
    // drops what it cannot parse and ignores German decimal commas.
    const inputType = this.type === 'number' ? 'text' : this.type;
    return html`<div part="base" lang=${this.locale}>
      ${renderLabel(this.label, this.required)} ${renderHint(this.hint)}
      <input
        part="control"
        id="control"
        type=${inputType}
        name=${ifDefined(this.name || undefined)}
        ?disabled=${this.isDisabled}
        ?required=${this.required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(this.hint, error))}
        aria-errormessage=${ifDefined(error ? 'error' : undefined)}
        autocomplete=${ifDefined(this.autocomplete)}
        inputmode=${ifDefined(this.type === 'number' ? 'decimal' : this.inputmode)}
        placeholder=${ifDefined(this.placeholder)}
        maxlength=${ifDefined(this.maxlength)}
        @input=${this.onInput}
        @change=${this.onChange}
        @blur=${this.markTouched}
      />
      ${renderError(error)}
    </div>`;
  }
}
