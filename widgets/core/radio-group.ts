import { css, html, type PropertyDeclarations } from 'lit';
import { BnFormElement, VALID, type Validity } from './form-element.ts';
import { optionsFromChildren, type BnOption } from './options.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint } from './field-parts.ts';

/**
 * @tag bn-radio-group
 * @summary A group of radio buttons in a fieldset with a legend. Uses native radios
 * in one shadow root, which give the roving tabindex the pattern asks for: Tab
 * enters at the checked (or first) option, arrow keys move and select, Tab leaves.
 * Options come from the `options` property or from `<option>` children.
 *
 * @fires change - When the user picks an option.
 * @csspart base - The fieldset.
 * @csspart label - The legend.
 * @csspart hint - The help text.
 * @csspart option - Each option row.
 * @csspart radio - Each radio input.
 * @csspart option-label - Each option's label.
 * @csspart error - The error text.
 */
export class BnRadioGroup extends BnFormElement {
  static override styles = [
    ...BnFormElement.styles,
    fieldStyles,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-inline-size: 0;
      }
      legend {
        padding: 0;
        margin-block-end: calc(var(--_space) / 4);
      }
      [part~='option'] {
        display: flex;
        align-items: flex-start;
        gap: calc(var(--_space) / 2);
        padding-block: calc(var(--_space) / 4);
      }
      [part~='radio'] {
        inline-size: 1.5em;
        block-size: 1.5em;
        margin: 0;
        flex: none;
        accent-color: var(--_color-primary);
      }
      /* Long German compounds must wrap at 320 px instead of widening the page. */
      label {
        min-inline-size: 0;
        overflow-wrap: anywhere;
      }
      .opt-hint {
        display: block;
        color: var(--_color-muted);
      }
      :host([orientation='horizontal']) .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0 calc(var(--_space) * 1.5);
      }
    `,
  ];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    value: {},
    options: { attribute: false },
    orientation: { reflect: true },
  };

  private initialValue?: string;

  private get first(): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector('input:checked, input');
  }

  value = '';
  options: BnOption[] = [];
  orientation: 'vertical' | 'horizontal' = 'vertical';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.options.length) this.options = optionsFromChildren(this);
    this.initialValue ??= this.value;
  }

  protected get defaultValue(): string {
    return this.initialValue ?? '';
  }

  protected formValue(): string | null {
    return this.value || null;
  }

  protected get anchor(): HTMLElement | null {
    return this.shadowRoot?.querySelector<HTMLInputElement>('input:checked') ?? this.first ?? null;
  }

  protected computeValidity(): Validity {
    return this.required && !this.value ? { flags: { valueMissing: true }, message: this.t('requiredChoice') } : VALID;
  }

  /** The value follows the native `input` (before `change`): see BnCheckbox.onInput. */
  private onInput(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
  }

  private onChange(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
    this.markTouched();
    this.emitInput();
    this.emitChange();
  }

  private onFocusOut(e: FocusEvent): void {
    // Leaving the whole group, not moving between its radios, counts as "touched".
    if (!this.shadowRoot?.contains(e.relatedTarget as Node | null)) this.markTouched();
  }

  override render() {
    const error = this.errorText;
    return html`<fieldset
      part="base"
      lang=${this.locale}
      ?disabled=${this.isDisabled}
      aria-describedby=${ifDefined(describedBy(this.hint, error))}
      @focusout=${this.onFocusOut}
    >
      <legend part="label" id="label">
        ${this.label}${this.required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}
      </legend>
      ${renderHint(this.hint)}
      <div class="options" role="presentation">
        ${this.options.map(
          (o, i) => html`<div part="option">
            <input
              part="radio"
              type="radio"
              id=${`o${i}`}
              name="choice"
              .value=${o.value}
              .checked=${o.value === this.value}
              ?disabled=${!!o.disabled}
              ?required=${this.required}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${ifDefined(o.hint ? `oh${i}` : undefined)}
              @input=${this.onInput}
              @change=${this.onChange}
            />
            <label part="option-label" for=${`o${i}`}>
              ${o.label}${o.hint ? html`<span class="opt-hint" id=${`oh${i}`}>${o.hint}</span>` : ''}
            </label>
          </div>`,
        )}
      </div>
      ${renderError(error)}
    </fieldset>`;
  }
}
