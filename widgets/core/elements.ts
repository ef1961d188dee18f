/**
 * Registers `<bn-tenant>` and the form building blocks (guarded: a second copy of the
 * script on one page is a no-op). Import for its side effect.
 */
import { define } from './define.ts';
import { BnCheckbox } from './checkbox.ts';
import { BnDateField } from './date-field.ts';
import { BnErrorSummary } from './error-summary.ts';
import { BnFilePicker } from './file-picker.ts';
import { BnRadioGroup } from './radio-group.ts';
import { BnSelect } from './select.ts';
import { BnTenant } from './tenant.ts';
import { BnTextarea } from './textarea.ts';
import { BnTextField } from './text-field.ts';

define('bn-tenant', BnTenant);
define('bn-text-field', BnTextField);
define('bn-textarea', BnTextarea);
define('bn-select', BnSelect);
define('bn-radio-group', BnRadioGroup);
define('bn-checkbox', BnCheckbox);
define('bn-date-field', BnDateField);
define('bn-file-picker', BnFilePicker);
define('bn-error-summary', BnErrorSummary);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tenant': BnTenant;
    'bn-text-field': BnTextField;
    'bn-textarea': BnTextarea;
    'bn-select': BnSelect;
    'bn-radio-group': BnRadioGroup;
    'bn-checkbox': BnCheckbox;
    'bn-date-field': BnDateField;
    'bn-file-picker': BnFilePicker;
    'bn-error-summary': BnErrorSummary;
  }
}
