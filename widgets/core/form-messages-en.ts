import { addMessages, formatNumber, type Message } from './i18n.ts';
import type { de } from './form-messages-de.ts';
import { count } from './form-messages.ts';
import { formatBytes } from './units.ts';

/** English texts of the form building blocks; see form-messages.ts for when they load. */
export const en: { [K in keyof typeof de]: Message } = {
  required: 'Please fill in this field.',
  requiredChoice: 'Please choose an option.',
  requiredCheck: 'Please confirm this.',
  invalidEmail: 'Please enter a valid e-mail address, for example name@example.com.',
  invalidTel: 'Please enter a valid phone number.',
  invalidNumber: 'Please enter a number.',
  invalidDate: 'Please enter a valid date.',
  invalidFormat: 'Please check the format of your entry.',
  tooShort: (p, l) => `Please enter at least ${count(l, p.min, '{n} character', '{n} characters')}.`,
  tooLong: (p, l) => `Please enter at most ${count(l, p.max, '{n} character', '{n} characters')}.`,
  tooSmall: 'The value must be at least {min}.',
  tooLarge: 'The value must be at most {max}.',
  dateTooEarly: 'The date must not be before {min}.',
  dateTooLate: 'The date must not be after {max}.',
  invalidValue: 'Please check this entry.',
  charCount: (p, l) => `${formatNumber(l, Number(p.count))} of ${count(l, p.max, '{n} character', '{n} characters')}`,
  charsLeft: (p, l) => count(l, p.n, '{n} character left', '{n} characters left'),
  selectPlaceholder: 'Please select',
  filesChoose: 'Choose file',
  filesChooseMany: 'Choose files',
  filesDrop: 'or drag them here',
  filesAdded: '{name} was added.',
  filesHint: (p, l) => `${count(l, p.maxFiles, 'One file, at most', 'Up to {n} files, each at most')} ${formatBytes(l, Number(p.maxSize))}` + (p.types ? ` (${p.types})` : '') + '.',
  fileTooLarge: (p, l) => `“${p.name}” is too large (at most ${formatBytes(l, Number(p.max))}).`,
  fileWrongType: '“{name}” has a format that is not allowed. Allowed: {types}.',
  tooManyFiles: (p, l) => count(l, p.max, 'Please choose only one file.', 'Please choose at most {n} files.'),
};

addMessages('form', 'en', en);
