/**
 * Registers the citizen-side tips elements (guarded: the script may be pasted twice).
 * Loaded lazily by the entry when one of the tags appears on the page.
 */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnTipForm } from './tip-form.ts';
import { BnTipList } from './tip-list.ts';
import { BnTipLocation } from './location.ts';
import { BnTipStatus } from './tip-status.ts';

define('bn-tip-location', BnTipLocation);
define('bn-tip-form', BnTipForm);
define('bn-tip-list', BnTipList);
define('bn-tip-status', BnTipStatus);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tip-location': BnTipLocation;
    'bn-tip-form': BnTipForm;
    'bn-tip-list': BnTipList;
    'bn-tip-status': BnTipStatus;
  }
}
