import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnFormElement, syncControl, VALID, type Validity } from './form-element.ts';
import { optionsFromChildren, type BnOption } from './options.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint, renderLabel } from './field-parts.ts';

/**
 * @tag bn-select
 * @summary A labelled native select (the most accessible dropdown there is).
 * Options come from the `options` property or from `<option>` children.
 *
 * @fires change - When the user picks an option.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The help text.
 * @csspart control - The select.
 * @csspart error - The error text.
 */
export class BnSelect extends BnFormElement {
  static override styles = [...BnFormElement.styles, fieldStyles];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    value: {},
    options: { attribute: false },
    placeholder: {},
  };

  private initialValue?: string;

  private get select(): HTMLSelectElement | null | undefined {
    return this.shadowRoot?.querySelector('select');
  }

  value = '';
  options: BnOption[] = [];
  /** First, empty choice; defaults to "Bitte auswählen" / "Please select". */
  placeholder?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.options.length) this.options = optionsFromChildren(this);
    this.initialValue ??= this.value;
  }

  protected get defaultValue(): string {
    return this.initialValue ?? '';
  }

  protected formValue(): string {
    return this.value;
  }

  protected get anchor(): HTMLElement | null {
    return this.select ?? null;
  }

  protected computeValidity(): Validity {
    return this.required && !this.value ? { flags: { valueMissing: true }, message: this.t('requiredChoice') } : VALID;
  }

  protected override updated(changed: PropertyValues): void {
    // After the options exist; a value binding on <select> would run before them.
    syncControl(this.select, 'value', this.value);
    super.updated(changed);
  }

  /** The value follows the native `input` (before `change`): see BnCheckbox.onInput. */
  private onInput(e: Event): void {
    this.value = (e.target as HTMLSelectElement).value;
  }

  private onChange(e: Event): void {
    this.value = (e.target as HTMLSelectElement).value;
    this.markTouched();
    this.emitInput();
    this.emitChange();
  }

  override render() {
    const error = this.errorText;
    return html`<div part="base" lang=${this.locale}>
      ${renderLabel(this.label, this.required)} ${renderHint(this.hint)}
      <select
        part="control"
        id="control"
        name=${ifDefined(this.name || undefined)}
        ?disabled=${this.isDisabled}
        ?required=${this.required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(this.hint, error))}
        aria-errormessage=${ifDefined(error ? 'error' : undefined)}
        @input=${this.onInput}
        @change=${this.onChange}
        @blur=${this.markTouched}
      >
        <option value="" ?selected=${!this.value}>${this.placeholder ?? this.t('selectPlaceholder')}</option>
        ${this.options.map((o) => html`<option value=${o.value} ?disabled=${!!o.disabled} ?selected=${o.value === this.value}>${o.label}</option>`)}
      </select>
      ${renderError(error)}
    </div>`;
  }
}
