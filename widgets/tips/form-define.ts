/**
 * Registers `<bn-tip-form>` with the building blocks it renders (guarded: the script may be
 * pasted twice). Only these: the tip form's chunk is on a gzip budget (test/backend/widgets-size.test.ts),
 * so it does not pull the list, the status view or form blocks it does not use (date field).
 * The map, the photo upload, the texts (in the page's language: messages.ts) and what the form needs once the citizen
 * sends (the checks, the error summary, the confirmation: validate.ts) load on demand.
 */
import { define } from '../core/define.ts';
import { BnCheckbox } from '../core/checkbox.ts';
import { BnFilePicker } from '../core/file-picker.ts';
import { BnRadioGroup } from '../core/radio-group.ts';
import { BnSelect } from '../core/select.ts';
import { BnTextarea } from '../core/textarea.ts';
import { BnTextField } from '../core/text-field.ts';
import { BnTipForm } from './tip-form.ts';
import { BnTipLocation } from './location.ts';

define('bn-text-field', BnTextField);
define('bn-textarea', BnTextarea);
define('bn-select', BnSelect);
define('bn-radio-group', BnRadioGroup);
define('bn-checkbox', BnCheckbox);
define('bn-file-picker', BnFilePicker);
define('bn-tip-location', BnTipLocation);
define('bn-tip-form', BnTipForm);

declare global {
  interface HTMLElementTagNameMap {
    'bn-tip-location': BnTipLocation;
    'bn-tip-form': BnTipForm;
  }
}
