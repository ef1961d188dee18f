/** Registers `<bn-console>` (guarded: a second copy of the script is a no-op). Sections load lazily. */
import { define } from '../core/define.ts';
import { BnConsole } from './console.ts';

define('bn-console', BnConsole);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console': BnConsole;
  }
}
