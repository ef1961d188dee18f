import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BnElement } from './base-element.ts';
import { formMessages, type FormMessageKey } from './form-messages.ts';
import type { Params } from './i18n.ts';
import type { CoreMessageKey } from './messages.ts';

export interface Validity {
  flags: ValidityStateFlags;
  message: string;
}

export const VALID: Validity = { flags: {}, message: '' };

/**
 * Base of every form building block. The element itself is form-associated
 * (ElementInternals), so it takes part in a surrounding `<form>`: value, validity,
 * reset, disabled fieldsets, autofill restore. Label, hint, error and the native
 * control all live in ONE shadow root, because ARIA id references do not cross
 * shadow boundaries.
 *
 * `:state(user-invalid)` is set only after the user has left the field, changed it,
 * or tried to submit — not while they are still typing for the first time.
 */
export abstract class BnFormElement extends BnElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  // Declared without decorators, like BnElement's: the blocks are in the tip form's first paint,
  // which is on a gzip budget (bench/bundle-size.ts), and the decorator calls and runtime weigh
  // more there than this table. The same goes for the blocks and widget bases built on it.
  static override properties: PropertyDeclarations = {
    touched: { state: true },
    formDisabled: { state: true },
    name: { reflect: true },
    label: {},
    hint: {},
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    error: { reflect: true },
  };

  protected readonly internals: ElementInternals;

  /** Set by the user's first blur/change or a submit attempt. */
  protected touched = false;
  private formDisabled = false;

  name = '';
  /** Visible label text (required for accessibility). */
  label = '';
  /** Help text below the label, announced with the field. */
  hint = '';
  required = false;
  disabled = false;
  /**
   * An error from outside (schema validation, server 422). Shown at once and
   * makes the control invalid until cleared.
   */
  error = '';

  constructor() {
    super();
    this.internals = this.attachInternals();
    // A submit attempt (form.requestSubmit / checkValidity) fires `invalid`: from
    // then on the user should see what is wrong.
    this.addEventListener('invalid', () => {
      this.touched = true;
    });
  }

  /** Current value; subclasses decide its type. */
  abstract get value(): unknown;
  abstract set value(v: unknown);

  /** The value that `form.reset()` returns to. */
  protected abstract get defaultValue(): unknown;
  /** What the form submits (string, File, FormData) or null for nothing. */
  protected abstract formValue(): string | File | FormData | null;
  /** Own validity in the element's language (never the browser's UI language). */
  protected abstract computeValidity(): Validity;
  /** The inner element a browser's validation bubble and focus point at. */
  protected abstract get anchor(): HTMLElement | null;

  /** Validity computed before each render, so the error text is never stale. */
  private current: Validity = VALID;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.current = this.error ? { flags: { customError: true }, message: this.error } : this.isDisabled ? VALID : this.computeValidity();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.internals.setFormValue(this.formValue());
    if (isInvalid(this.current)) {
      this.internals.setValidity(this.current.flags, this.current.message, this.anchor ?? undefined);
    } else {
      this.internals.setValidity({});
    }
    // CustomStateSet is missing before Safari 17.4; the error text and aria-invalid
    // still work there, only the :state() styling hook does not.
    const states = this.internals.states as CustomStateSet | undefined;
    if (this.showsError) states?.add('user-invalid');
    else states?.delete('user-invalid');
  }

  /** True when the field should look and announce itself invalid. */
  protected get showsError(): boolean {
    return !!this.error || (this.touched && isInvalid(this.current));
  }

  /** The text shown under the control, if any. */
  protected get errorText(): string {
    return this.showsError ? this.current.message : '';
  }

  protected get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** A form or core message in this element's language. */
  protected override t(key: FormMessageKey | CoreMessageKey, params?: Params): string {
    return formMessages.has(key) ? formMessages.t(this.locale, key, params) : super.t(key as CoreMessageKey, params);
  }

  /** Call from blur/change handlers. */
  protected markTouched(): void {
    this.touched = true;
  }

  /** Fires a native-like `change` (bubbles, composed like the built-in controls). */
  protected emitChange(): void {
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  protected emitInput(): void {
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  formAssociatedCallback(form: HTMLFormElement | null): void {
    if (form) submitOnEnter(form);
  }

  formResetCallback(): void {
    this.value = this.defaultValue;
    this.touched = false;
    this.error = '';
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  formStateRestoreCallback(state: unknown): void {
    if (typeof state === 'string') this.value = state;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  /** Focuses the inner control (for radio groups: the checked radio). */
  override focus(options?: FocusOptions): void {
    const anchor = this.anchor;
    if (anchor) anchor.focus(options);
    else super.focus(options);
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    this.touched = true;
    return this.internals.reportValidity();
  }

  /** Resets touched state and external error without touching the value. */
  resetValidation(): void {
    this.touched = false;
    this.error = '';
  }
}

const watched = new WeakSet<HTMLFormElement>();

/**
 * Enter in one of our single-line fields submits its form, as in a native input: the field's
 * input sits in the block's own shadow root, outside any form, so the browser does not. One
 * listener per form, where the event arrives after the page's own handlers (an address search
 * that takes Enter calls preventDefault()); then the form's first submit button is clicked (a
 * disabled one does nothing), or the form is submitted when it has none.
 */
function submitOnEnter(form: HTMLFormElement): void {
  if (watched.has(form)) return;
  watched.add(form);
  form.addEventListener('keydown', (e) => {
    const input = e.composedPath()[0];
    // A native input in the form (input.form) submits by itself; ours sits in a shadow root.
    if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (!(input instanceof HTMLInputElement) || input.form || !/^(text|email|tel|number|search|url|password|date)$/.test(input.type)) return;
    e.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button:not([type]),[type=submit]');
    if (!button) form.requestSubmit();
    else if (!button.disabled) button.click();
  });
}

/**
 * Writes a block's value (or checked state) into its native control after each render when the
 * control shows something else: what Lit's live() directive does, without its runtime in the
 * tip form's first paint (on a gzip budget: bench/bundle-size.ts). A render must never write an
 * old value back over what the user just typed or clicked, and a value set from outside (reset,
 * a restored draft) must reach the control even when the bound value did not change.
 */
export function syncControl<C extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, K extends 'value' | 'checked'>(
  control: C | null | undefined,
  key: K & keyof C,
  v: C[K & keyof C],
): void {
  if (control && control[key] !== v) control[key] = v;
}

function isInvalid(v: Validity): boolean {
  return Object.values(v.flags).some(Boolean);
}
