/** Registers `<bn-admin>` and its parts (guarded: a second copy of the script is a no-op). */
import { define } from '../core/define.ts';
import { BnErrorSummary } from '../core/error-summary.ts';
import { BnStaffUsers } from '../core/staff-users.ts';
import { BnAdmin } from './admin.ts';
import { BnAdminCopyBlock } from './copy-block.ts';
import { BnAdminKeys } from './keys-panel.ts';
import { BnAdminSnippet } from './snippet.ts';
import { BnAdminTenantForm } from './tenant-form.ts';
import { BnAdminTenants } from './tenant-list.ts';
import { BnAdminTenant } from './tenant-view.ts';

// Core's building block; guarded, so it does not matter who defines it first.
define('bn-error-summary', BnErrorSummary);
define('bn-staff-users', BnStaffUsers);
define('bn-admin-copy-block', BnAdminCopyBlock);
define('bn-admin-keys', BnAdminKeys);
define('bn-admin-snippet', BnAdminSnippet);
define('bn-admin-tenant-form', BnAdminTenantForm);
define('bn-admin-tenants', BnAdminTenants);
define('bn-admin-tenant', BnAdminTenant);
define('bn-admin', BnAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'bn-admin': BnAdmin;
    'bn-admin-copy-block': BnAdminCopyBlock;
    'bn-admin-keys': BnAdminKeys;
    'bn-admin-snippet': BnAdminSnippet;
    'bn-admin-tenant-form': BnAdminTenantForm;
    'bn-admin-tenants': BnAdminTenants;
    'bn-admin-tenant': BnAdminTenant;
  }
}
