/**
 * Registers the family-side Kita elements (guarded: the script may be pasted twice).
 * Loaded lazily by the entry when one of the tags appears on the page.
 */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnKitaRegistration } from './registration.ts';
import { BnKitaStatus } from './status.ts';

define('bn-kita-registration', BnKitaRegistration);
define('bn-kita-status', BnKitaStatus);

declare global {
  interface HTMLElementTagNameMap {
    'bn-kita-registration': BnKitaRegistration;
    'bn-kita-status': BnKitaStatus;
  }
}
