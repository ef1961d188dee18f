import { css, html, type PropertyDeclarations } from 'lit';
import { BnElement } from './base-element.ts';
import { registerMessages } from './i18n.ts';

/** The summary's title; here, so the summary needs none of the form blocks' texts. */
const texts = registerMessages('error-summary', {
  de: { title: 'Bitte korrigieren Sie folgende Angaben:' },
  en: { title: 'Please correct the following:' },
});

interface FormControlLike {
  checkValidity(): boolean;
  validationMessage: string;
  label?: string;
  labels?: NodeListOf<HTMLLabelElement> | null;
}

export interface SummaryError {
  /** The field: an element, or the id of one in the summary's own tree (document or shadow root). */
  target: HTMLElement | string;
  message: string;
}

/**
 * @tag bn-error-summary
 * @summary The list of problems shown above a form after a failed submit, each a
 * link that moves focus to its field. Call `show(errors)`: it renders and takes
 * focus, so screen readers read the heading and the list at once.
 *
 * @csspart base - The box (role=alert, focusable).
 * @csspart heading - The heading.
 * @csspart list - The list.
 * @csspart link - Each link to a field.
 */
export class BnErrorSummary extends BnElement {
  static override styles = [
    ...BnElement.styles,
    css`
      :host {
        display: block;
      }
      [part~='base'] {
        border: 4px solid var(--_color-error);
        border-radius: var(--_radius);
        padding: var(--_space);
        margin-block-end: var(--_space);
        background: var(--_color-surface);
      }
      [part~='heading'] {
        font-size: 1.2em;
        margin: 0 0 calc(var(--_space) / 2);
      }
      [part~='list'] {
        margin: 0;
        padding-inline-start: 1.2em;
      }
      [part~='link'] {
        color: var(--_color-error);
        font-weight: 700;
        overflow-wrap: anywhere;
      }
    `,
  ];
  // Without decorators, like the form blocks (see BnFormElement.properties): it loads at the tip
  // form's first send, which would otherwise fetch the decorator runtime for it alone.
  static override properties: PropertyDeclarations = {
    errors: { attribute: false },
    heading: {},
    level: { type: Number },
  };

  private get box(): HTMLElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLElement>('[part~="base"]');
  }

  errors: SummaryError[] = [];
  /** Heading text; defaults to "Bitte korrigieren Sie folgende Angaben:". */
  heading?: string;
  /** Heading level (2–6) to fit the page outline. */
  level = 2;

  /** Shows the errors and moves focus to the summary. */
  async show(errors: SummaryError[]): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    this.box?.focus();
  }

  /**
   * Checks every control of `form` (our building blocks and native ones); if any is
   * invalid, marks them so their own errors show, lists them here with their label,
   * focuses the summary and returns false. Call it from the submit handler.
   */
  async showInvalid(form: HTMLFormElement): Promise<boolean> {
    const errors: SummaryError[] = [];
    for (const el of form.elements as unknown as Iterable<HTMLElement & FormControlLike>) {
      if (typeof el.checkValidity !== 'function' || el.checkValidity()) continue;
      const label =
        el.label ||
        el.getAttribute('aria-label') ||
        el.labels?.[0]?.textContent?.trim() ||
        // A checkbox's label is its slotted content.
        (el.localName === 'bn-checkbox' ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : '');
      errors.push({ target: el, message: label ? `${label}: ${el.validationMessage}` : el.validationMessage });
    }
    if (errors.length) await this.show(errors);
    else this.clear();
    return errors.length === 0;
  }

  clear(): void {
    this.errors = [];
  }

  private resolve(target: HTMLElement | string): HTMLElement | null {
    if (typeof target !== 'string') return target;
    const root = this.getRootNode() as Document | ShadowRoot;
    return root.getElementById(target);
  }

  private go(e: Event, target: HTMLElement | string): void {
    e.preventDefault();
    const el = this.resolve(target);
    if (!el) return;
    el.scrollIntoView?.({ block: 'center' });
    el.focus();
  }

  private href(target: HTMLElement | string): string {
    const id = typeof target === 'string' ? target : target.id;
    return id ? `#${id}` : '#';
  }

  override render() {
    if (!this.errors.length) return html``;
    const level = Math.min(6, Math.max(2, this.level));
    const heading = this.heading ?? this.localize(texts, 'title');
    return html`<div part="base" role="alert" tabindex="-1" aria-labelledby="heading" lang=${this.locale}>
      <div part="heading" id="heading" role="heading" aria-level=${level}>${heading}</div>
      <ul part="list">
        ${this.errors.map((err) => html`<li><a part="link" href=${this.href(err.target)} @click=${(e: Event) => this.go(e, err.target)}>${err.message}</a></li>`)}
      </ul>
    </div>`;
  }
}
