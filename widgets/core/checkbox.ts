import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnFormElement, syncControl, VALID, type Validity } from './form-element.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint } from './field-parts.ts';

/**
 * @tag bn-checkbox
 * @summary A checkbox, also for consent: the label is the slotted content, so it may
 * hold a link, e.g. to the town's privacy notice.
 *
 *   <bn-checkbox name="consent" required>
 *     Ich habe die <a href="/datenschutz">Datenschutzhinweise</a> gelesen.
 *   </bn-checkbox>
 *
 * @slot - The label (may contain links). Falls back to the `label` property.
 * @fires change - When the user toggles it.
 * @csspart base - The wrapper.
 * @csspart control - The checkbox input.
 * @csspart label - The label.
 * @csspart hint - The help text.
 * @csspart error - The error text.
 */
export class BnCheckbox extends BnFormElement {
  static override styles = [
    ...BnFormElement.styles,
    fieldStyles,
    css`
      .row {
        display: flex;
        align-items: flex-start;
        gap: calc(var(--_space) / 2);
      }
      [part~='control'] {
        inline-size: 1.5em;
        block-size: 1.5em;
        min-block-size: 0;
        flex: none;
        margin: 0.1em 0 0;
        padding: 0;
        accent-color: var(--_color-primary);
      }
      [part~='label'] {
        font-weight: 400;
      }
      /* Long German compounds must wrap at 320 px instead of widening the page. */
      label {
        min-inline-size: 0;
        overflow-wrap: anywhere;
      }
      ::slotted(a) {
        color: var(--_color-primary);
      }
    `,
  ];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    checked: { type: Boolean },
    value: {},
  };

  private initialChecked?: boolean;

  private get input(): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector('input');
  }

  checked = false;
  /** Submitted when checked, like a native checkbox. */
  value = 'on';

  override connectedCallback(): void {
    super.connectedCallback();
    this.initialChecked ??= this.checked;
  }

  protected get defaultValue(): string {
    return this.value;
  }

  override formResetCallback(): void {
    super.formResetCallback();
    this.checked = this.initialChecked ?? false;
  }

  protected formValue(): string | null {
    return this.checked ? this.value : null;
  }

  protected get anchor(): HTMLElement | null {
    return this.input ?? null;
  }

  protected computeValidity(): Validity {
    return this.required && !this.checked ? { flags: { valueMissing: true }, message: this.t('requiredCheck') } : VALID;
  }

  /**
   * The state follows the native `input` event, which the browser fires before `change`.
   * Listeners on the page react to that `input` (e.g. a form clearing a field's error),
   * and any re-render in between would otherwise write the old `checked` back into the
   * control, so the click was lost (the first click after a failed submit).
   */
  protected override updated(changed: PropertyValues): void {
    syncControl(this.input, 'checked', this.checked);
    super.updated(changed);
  }

  private onInput(e: Event): void {
    this.checked = (e.target as HTMLInputElement).checked;
  }

  private onChange(e: Event): void {
    this.checked = (e.target as HTMLInputElement).checked;
    this.markTouched();
    this.emitInput();
    this.emitChange();
  }

  override render() {
    const error = this.errorText;
    return html`<div part="base" lang=${this.locale}>
      <div class="row">
        <input
          part="control"
          id="control"
          type="checkbox"
          ?disabled=${this.isDisabled}
          ?required=${this.required}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy(this.hint, error))}
          aria-errormessage=${ifDefined(error ? 'error' : undefined)}
          @input=${this.onInput}
          @change=${this.onChange}
        />
        <label part="label" for="control"
          ><slot>${this.label}</slot>${this.required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label
        >
      </div>
      ${renderHint(this.hint)} ${renderError(error)}
    </div>`;
  }
}
