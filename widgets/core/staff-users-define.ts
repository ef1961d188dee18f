/** Registers `<bn-staff-users>` (guarded); loaded by the console's users section and by `<bn-admin>`. */
import { define } from './define.ts';
import { BnErrorSummary } from './error-summary.ts';
import { BnStaffUsers } from './staff-users.ts';

define('bn-error-summary', BnErrorSummary);
define('bn-staff-users', BnStaffUsers);

declare global {
  interface HTMLElementTagNameMap {
    'bn-staff-users': BnStaffUsers;
  }
}
