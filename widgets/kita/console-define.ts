/** Registers the staff's Kita section; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnConsoleKita } from './console-section.ts';

define('bn-console-kita', BnConsoleKita);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-kita': BnConsoleKita;
  }
}
