/** Registers `<bn-tip-list>` (guarded). Loaded by the entry when the tag appears. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnTipList } from './tip-list.ts';

define('bn-tip-list', BnTipList);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tip-list': BnTipList;
  }
}
