import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { AdminElement, copyText } from './shared.ts';

/**
 * @summary A labelled block of text to copy (a secret key, an embed snippet, CSP lines)
 * with a copy button. The text stays selectable for copying by hand.
 *
 * @csspart code - The text block.
 * @csspart copy - The copy button.
 */
export class BnAdminCopyBlock extends AdminElement {
  /** Visible name of the block; also names the copy button for screen readers. */
  @property() label = '';
  @property() text = '';

  private async copy(): Promise<void> {
    const ok = await copyText(this.text);
    if (!ok) this.selectText();
    this.announce(ok ? this.m('copied') : this.m('copyFailed'), ok ? 'status' : 'error');
  }

  private selectText(): void {
    const pre = this.renderRoot.querySelector('pre');
    if (!pre) return;
    const range = document.createRange();
    range.selectNodeContents(pre);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }

  override render() {
    return html`<div class="row spread">
        <span id="label" class="label">${this.label}</span>
        <button
          part="copy"
          class="small"
          type="button"
          aria-label=${this.m('copyWhat', { what: this.label })}
          @click=${this.copy}
        >
          ${this.m('copy')}
        </button>
      </div>
      <pre part="code" role="region" aria-labelledby="label" tabindex="0"><code>${this.text}</code></pre>`;
  }
}
