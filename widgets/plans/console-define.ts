/** Registers the staff's plans section; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnConsolePlans } from './console-section.ts';

define('bn-console-plans', BnConsolePlans);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-plans': BnConsolePlans;
  }
}
