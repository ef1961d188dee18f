/** Registers `<bn-tip-status>` (guarded). Loaded by the entry when the tag appears. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnTipStatus } from './tip-status.ts';

define('bn-tip-status', BnTipStatus);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tip-status': BnTipStatus;
  }
}
