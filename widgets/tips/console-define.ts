/** Registers the staff's tips inbox; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnConsoleTipDetail } from './console-detail.ts';
import { BnConsoleTips } from './console-section.ts';

define('bn-console-tip-detail', BnConsoleTipDetail);
define('bn-console-tips', BnConsoleTips);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-tips': BnConsoleTips;
    'bn-console-tip-detail': BnConsoleTipDetail;
  }
}
