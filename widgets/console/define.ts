/** Registers `<bn-console>` (guarded: a second copy of the script is a no-op). Sections load lazily. */
import { define } from '../core/define.ts';
import { BnErrorSummary } from '../core/error-summary.ts';
import { BnConsole } from './console.ts';

// Core's building block for the sign-in forms; guarded, so it does not matter who defines it first.
define('bn-error-summary', BnErrorSummary);
define('bn-console', BnConsole);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console': BnConsole;
  }
}
