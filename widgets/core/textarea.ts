import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnFormElement, syncControl, VALID, type Validity } from './form-element.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint, renderLabel } from './field-parts.ts';

/**
 * @tag bn-textarea
 * @summary A labelled multi-line text field with a character count.
 *
 * @fires input - On every keystroke.
 * @fires change - When the value is committed.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The help text.
 * @csspart control - The textarea.
 * @csspart count - The character count.
 * @csspart error - The error text.
 */
export class BnTextarea extends BnFormElement {
  static override styles = [
    ...BnFormElement.styles,
    fieldStyles,
    css`
      textarea {
        resize: vertical;
      }
      [part~='count'] {
        color: var(--_color-muted);
        font-size: 0.9em;
      }
      [part~='count'].over {
        color: var(--_color-error);
        font-weight: 700;
      }
    `,
  ];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    announcement: { state: true },
    value: {},
    rows: { type: Number },
    minlength: { type: Number },
    maxlength: { type: Number },
    placeholder: {},
  };

  private announceTimer?: ReturnType<typeof setTimeout>;
  private initialValue?: string;

  private get textarea(): HTMLTextAreaElement | null | undefined {
    return this.shadowRoot?.querySelector('textarea');
  }

  /** What the live region says; updated after typing pauses, not on every key. */
  private announcement = '';

  value = '';
  rows = 5;
  minlength?: number;
  /** Shows "n of max characters" and refuses more. */
  maxlength?: number;
  placeholder?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    this.initialValue ??= this.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.announceTimer);
  }

  protected get defaultValue(): string {
    return this.initialValue ?? '';
  }

  protected formValue(): string {
    return this.value;
  }

  protected get anchor(): HTMLElement | null {
    return this.textarea ?? null;
  }

  protected computeValidity(): Validity {
    const v = this.value.trim();
    if (!v) return this.required ? { flags: { valueMissing: true }, message: this.t('required') } : VALID;
    if (this.minlength !== undefined && v.length < this.minlength) {
      return { flags: { tooShort: true }, message: this.t('tooShort', { min: this.minlength }) };
    }
    if (this.maxlength !== undefined && this.value.length > this.maxlength) {
      return { flags: { tooLong: true }, message: this.t('tooLong', { max: this.maxlength }) };
    }
    return VALID;
  }

  protected override updated(changed: PropertyValues): void {
    syncControl(this.textarea, 'value', this.value);
    super.updated(changed);
  }

  private onInput(e: Event): void {
    this.value = (e.target as HTMLTextAreaElement).value;
    this.emitInput();
    if (this.maxlength) {
      clearTimeout(this.announceTimer);
      // Screen readers hear the remaining count once the typing pauses.
      this.announceTimer = setTimeout(() => {
        this.announcement = this.t('charsLeft', { n: Math.max(0, this.maxlength! - this.value.length) });
      }, 1000);
    }
  }

  private onChange(): void {
    this.markTouched();
    this.emitChange();
  }

  override render() {
    const error = this.errorText;
    const count = this.maxlength
      ? html`<div part="count" id="count" class=${this.value.length > this.maxlength ? 'over' : ''}>
            ${this.t('charCount', { count: this.value.length, max: this.maxlength })}
          </div>
          <div class="visually-hidden" aria-live="polite">${this.announcement}</div>`
      : '';
    return html`<div part="base" lang=${this.locale}>
      ${renderLabel(this.label, this.required)} ${renderHint(this.hint)}
      <textarea
        part="control"
        id="control"
        name=${ifDefined(this.name || undefined)}
        rows=${this.rows}
        ?disabled=${this.isDisabled}
        ?required=${this.required}
        maxlength=${ifDefined(this.maxlength)}
        placeholder=${ifDefined(this.placeholder)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(this.hint, error, this.maxlength ? 'count' : ''))}
        aria-errormessage=${ifDefined(error ? 'error' : undefined)}
        @input=${this.onInput}
        @change=${this.onChange}
        @blur=${this.markTouched}
      ></textarea>
      ${count} ${renderError(error)}
    </div>`;
  }
}
