import { css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { BnElement } from '../core/base-element.ts';
import type { Params } from '../core/i18n.ts';
import { consoleMessages, type ConsoleKey } from './console-messages.ts';
import { richText } from './rich-text.ts';

type Command = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList';
const TOOLS: { cmd: Command; key: ConsoleKey; glyph: string; tag: string }[] = [
  { cmd: 'bold', key: 'bold', glyph: 'B', tag: 'B,STRONG' },
  { cmd: 'italic', key: 'italic', glyph: 'I', tag: 'I,EM' },
  { cmd: 'insertUnorderedList', key: 'bulletList', glyph: '•', tag: 'UL' },
  { cmd: 'insertOrderedList', key: 'numberedList', glyph: '1.', tag: 'OL' },
];
const LINK = /^(https?:\/\/\S+|mailto:\S+@\S+)$/i;

/**
 * @tag bn-jobs-editor
 * @summary A small rich-text box for a posting's text: paragraphs, bold, italic, bulleted and
 * numbered lists and links, from a toolbar (one tab stop, arrow keys inside, as the ARIA
 * toolbar pattern) or Ctrl+B / Ctrl+I. The box is a `contenteditable` with role `textbox`,
 * its label, hint and error. The HTML it produces is only a draft: the server keeps what its
 * allow list (sanitize-html) allows, and the box shows stored HTML rebuilt from the same
 * allow list the listings use, never as raw markup.
 *
 * @fires input - The text changed; read `value`.
 * @csspart toolbar - The row of format buttons.
 * @csspart editor - The editable box.
 * @cssprop --bn-color-primary - Pressed buttons and the focus ring.
 */
export class BnJobsEditor extends BnElement {
  static override styles = [
    ...BnElement.styles,
    css`
      :host { display: block; margin-block-end: var(--_space); }
      .label { display: block; font-weight: 700; margin-block-end: 0.25em; }
      .required { color: var(--_color-error); }
      .hint { color: var(--_color-muted); margin: 0 0 0.25em; }
      .error { color: var(--_color-error); font-weight: 700; margin: 0.25em 0 0; }
      [role='toolbar'] { display: flex; flex-wrap: wrap; gap: 0.25em; margin-block-end: 0.25em; }
      button {
        font: inherit; min-inline-size: 2.75em; min-block-size: 2.75em; padding: 0 0.6em; cursor: pointer;
        border: 2px solid var(--_color-border); border-radius: var(--_radius); background: var(--_color-surface); color: var(--_color-text);
      }
      button[aria-pressed='true'] { background: var(--_color-primary); color: var(--_color-on-primary); border-color: var(--_color-primary); }
      button:focus-visible, .box:focus-visible, input:focus-visible { outline: 3px solid var(--_color-primary); outline-offset: 2px; }
      .b { font-weight: 700; }
      .i { font-style: italic; }
      .box {
        min-block-size: 12em; max-block-size: 40em; overflow: auto; padding: 0.5em 0.75em; background: var(--_color-surface); color: var(--_color-text);
        border: 2px solid var(--_color-border); border-radius: var(--_radius); overflow-wrap: anywhere;
      }
      :host([error]:not([error=''])) .box { border-color: var(--_color-error); }
      .box p { margin: 0 0 0.5em; }
      .box ul, .box ol { padding-inline-start: 1.5em; }
      .linkbar { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: end; margin-block-end: 0.25em; }
      .linkbar label { flex: 1 1 16rem; display: grid; gap: 0.25em; }
      input { font: inherit; min-block-size: 2.75em; padding: 0 0.5em; border: 2px solid var(--_color-border); border-radius: var(--_radius); }
    `,
  ];

  /** The last selection inside the box: a toolbar button (reached by Tab) acts on it. */
  private range?: Range;
  /** The HTML this element last produced: an outside `value` equal to it does not reset the box. */
  private emitted = '';

  @query('.box') private box!: HTMLDivElement;
  @query('input') private linkInput?: HTMLInputElement;

  @state() private pressed = new Set<string>();
  @state() private linking = false;
  @state() private linkError = '';
  @state() private focusIndex = 0;

  /** The field's name, for field errors by path (`descriptionHtml`). */
  @property({ reflect: true }) name = '';
  @property() label = '';
  @property() hint = '';
  @property({ reflect: true }) error = '';
  @property({ type: Boolean }) required = false;
  /** HTML. Set it to load stored text; read it after `input`. */
  @property() value = '';

  protected override firstUpdated(): void {
    this.load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('value') && this.value !== this.emitted && this.box) this.load();
  }

  private m(key: ConsoleKey, params?: Params): string {
    return consoleMessages.t(this.locale, key, params);
  }

  private load(): void {
    this.box.replaceChildren(richText(this.value, { shift: false }));
    this.emitted = this.value;
  }

  private selection(): Selection | null {
    // Chromium answers for the shadow root; elsewhere the document's selection is retargeted.
    const root = this.shadowRoot as ShadowRoot & { getSelection?: () => Selection | null };
    return root.getSelection?.() ?? document.getSelection();
  }

  private remember = (): void => {
    const sel = this.selection();
    if (!sel?.rangeCount) return;
    const r = sel.getRangeAt(0);
    if (!this.box.contains(r.commonAncestorContainer)) return;
    this.range = r.cloneRange();
    const at = new Set<string>();
    for (let n: Node | null = r.startContainer; n && n !== this.box; n = n.parentNode) if (n instanceof Element) at.add(n.tagName);
    this.pressed = new Set(
      TOOLS.filter((t) => t.tag.split(',').some((x) => at.has(x)))
        .map((t): string => t.cmd)
        .concat(at.has('A') ? ['link'] : []),
    );
  };

  private restore(): void {
    this.box.focus();
    if (!this.range) return;
    const sel = this.selection();
    sel?.removeAllRanges();
    sel?.addRange(this.range);
  }

  private exec(cmd: Command | 'createLink' | 'unlink', arg?: string): void {
    this.restore();
    // Paragraphs, not <div>s, for Enter: the server keeps <p> and drops <div>.
    document.execCommand('defaultParagraphSeparator', false, 'p');
    document.execCommand(cmd, false, arg);
    this.changed();
    this.remember();
  }

  private changed = (): void => {
    const copy = this.box.cloneNode(true) as HTMLElement;
    for (const d of copy.querySelectorAll('div')) {
      const p = document.createElement('p');
      p.append(...d.childNodes);
      d.replaceWith(p);
    }
    const html = copy.textContent?.trim() ? copy.innerHTML : '';
    this.emitted = html;
    this.value = html;
  };

  private onInput = (): void => {
    this.changed();
    if (this.error) this.error = '';
    // The box's own `input` event is composed and reaches the host's listeners next.
  };

  private onToolbarKey(e: KeyboardEvent): void {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined || i < 0) return;
    e.preventDefault();
    this.focusIndex = (next + buttons.length) % buttons.length;
    buttons[this.focusIndex]!.focus();
  }

  private openLink(): void {
    this.linkError = '';
    this.linking = true;
    void this.updateComplete.then(() => this.linkInput?.focus());
  }

  private applyLink(e: Event): void {
    e.preventDefault();
    const url = this.linkInput!.value.trim();
    if (!LINK.test(url)) {
      this.linkError = this.m('linkInvalid');
      this.linkInput!.focus();
      return;
    }
    if (!this.range || this.range.collapsed) {
      this.linkError = this.m('linkNoSelection');
      return;
    }
    this.linking = false;
    this.exec('createLink', url);
  }

  private closeLink(): void {
    this.linking = false;
    this.restore();
  }

  private tool(index: number, label: string, content: unknown | undefined, onClick: () => void, pressed?: boolean) {
    return html`<button type="button" tabindex=${index === this.focusIndex ? 0 : -1} aria-pressed=${pressed === undefined ? nothing : String(pressed)}
      @mousedown=${(e: Event) => e.preventDefault()} @click=${onClick}>${content ?? label}${content ? html`<span class="visually-hidden">${label}</span>` : nothing}</button>`;
  }

  override render() {
    return html`
      <span class="label" id="label">${this.label}${this.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</span>
      ${this.hint ? html`<p class="hint" id="hint">${this.hint} ${this.m('editorKeys')}</p>` : html`<p class="visually-hidden" id="hint">${this.m('editorKeys')}</p>`}
      <div role="toolbar" part="toolbar" aria-label=${this.m('toolbar')} aria-controls="box" @keydown=${this.onToolbarKey}>
        ${TOOLS.map((t, i) => this.tool(i, this.m(t.key), html`<span aria-hidden="true" class=${t.cmd === 'bold' ? 'b' : t.cmd === 'italic' ? 'i' : ''}>${t.glyph}</span>`, () => this.exec(t.cmd), this.pressed.has(t.cmd)))}
        ${this.tool(TOOLS.length, this.m('link'), undefined, () => this.openLink(), this.pressed.has('link'))}
        ${this.tool(TOOLS.length + 1, this.m('unlink'), undefined, () => this.exec('unlink'))}
      </div>
      ${
        this.linking
          ? html`<form class="linkbar" @submit=${this.applyLink} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.closeLink()}>
            <label>${this.m('linkUrl')}<input type="url" inputmode="url" aria-invalid=${this.linkError ? 'true' : 'false'} aria-describedby="link-error" /></label>
            <button type="submit">${this.m('linkApply')}</button><button type="button" @click=${this.closeLink}>${this.m('cancel')}</button>
            <p class="error" id="link-error" role="alert">${this.linkError}</p>
          </form>`
          : nothing
      }
      <div id="box" class="box" part="editor" contenteditable="true" role="textbox" aria-multiline="true" aria-labelledby="label"
        aria-describedby="hint error" aria-required=${this.required ? 'true' : 'false'} aria-invalid=${this.error ? 'true' : 'false'}
        @input=${this.onInput} @keyup=${this.remember} @mouseup=${this.remember} @blur=${this.remember} @focus=${this.remember}></div>
      <p class="error" id="error">${this.error}</p>
    `;
  }
}
