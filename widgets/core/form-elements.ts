/**
 * Registers the form building blocks (guarded). Module widgets import this file;
 * the entry also lists these tags as lazy, so plain HTML using them works too.
 */
import { define } from './define.ts';
import { BnCheckbox } from './checkbox.ts';
import { BnDateField } from './date-field.ts';
import { BnErrorSummary } from './error-summary.ts';
import { BnFilePicker } from './file-picker.ts';
import { BnRadioGroup } from './radio-group.ts';
import { BnSelect } from './select.ts';
import { BnTextarea } from './textarea.ts';
import { BnTextField } from './text-field.ts';
// Both languages with the blocks: only the tip form loads its texts per language (budget).
import './form-messages-de.ts';
import './form-messages-en.ts';

export const FORM_TAGS = ['bn-text-field', 'bn-textarea', 'bn-select', 'bn-radio-group', 'bn-checkbox', 'bn-date-field', 'bn-file-picker', 'bn-error-summary'] as const;

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
