/**
 * Registers `<bn-tenant>` (guarded: a second copy of the script is a no-op).
 * The form building blocks register in form-elements.ts, loaded lazily by the entry
 * and imported directly by every module widget that uses them.
 */
import { define } from './define.ts';
import { BnTenant } from './tenant.ts';

define('bn-tenant', BnTenant);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tenant': BnTenant;
  }
}
