/** Registers the staff's jobs section; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnConsoleJobs } from './console-section.ts';

define('bn-console-jobs', BnConsoleJobs);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-jobs': BnConsoleJobs;
  }
}
