/**
 * Registers `<bn-tenant>` and the form building blocks (guarded: a second copy of the
 * script on one page is a no-op). Import for its side effect.
 */
import { define } from './define.ts';
import { BnTenant } from './tenant.ts';
import { BnTextField } from './text-field.ts';

define('bn-tenant', BnTenant);
define('bn-text-field', BnTextField);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tenant': BnTenant;
    'bn-text-field': BnTextField;
  }
}
