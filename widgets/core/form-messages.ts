import { formatNumber, plural, registerMessages, type Locale } from './i18n.ts';
import { formatBytes, formatPercent } from './units.ts';

type P = Record<string, unknown>;
/** A count with its noun in the language's plural form (Intl.PluralRules), one helper for all. */
const count = (l: Locale, n: unknown, one: string, other: string) => plural(l, Number(n), { one, other });

/** Messages of the form building blocks and of validation (valibot issues). */
const de = {
  required: 'Bitte füllen Sie dieses Feld aus.',
  requiredChoice: 'Bitte wählen Sie eine Möglichkeit aus.',
  requiredCheck: 'Bitte bestätigen Sie dies.',
  invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  invalidTel: 'Bitte geben Sie eine gültige Telefonnummer ein.',
  invalidNumber: 'Bitte geben Sie eine Zahl ein.',
  invalidDate: 'Bitte geben Sie ein gültiges Datum ein.',
  invalidFormat: 'Bitte prüfen Sie das Format Ihrer Eingabe.',
  tooShort: (p: P, l: Locale) => `Bitte geben Sie mindestens ${count(l, p.min, '{n} Zeichen', '{n} Zeichen')} ein.`,
  tooLong: (p: P, l: Locale) => `Bitte geben Sie höchstens ${count(l, p.max, '{n} Zeichen', '{n} Zeichen')} ein.`,
  tooSmall: 'Der Wert muss mindestens {min} sein.',
  tooLarge: 'Der Wert darf höchstens {max} sein.',
  dateTooEarly: 'Das Datum darf nicht vor dem {min} liegen.',
  dateTooLate: 'Das Datum darf nicht nach dem {max} liegen.',
  invalidValue: 'Bitte prüfen Sie diese Angabe.',
  optional: '(optional)',
  charCount: (p: P, l: Locale) => `${formatNumber(l, Number(p.count))} von ${count(l, p.max, '{n} Zeichen', '{n} Zeichen')}`,
  charsLeft: (p: P, l: Locale) => count(l, p.n, 'Noch {n} Zeichen übrig', 'Noch {n} Zeichen übrig'),
  selectPlaceholder: 'Bitte auswählen',
  errorSummaryTitle: 'Bitte korrigieren Sie folgende Angaben:',
  filesChoose: 'Datei auswählen',
  filesChooseMany: 'Dateien auswählen',
  filesDrop: 'oder hierher ziehen',
  filesRemove: '{name} entfernen',
  filesRemoved: '{name} wurde entfernt.',
  filesAdded: '{name} wurde hinzugefügt.',
  filesHint: (p: P, l: Locale) =>
    `${count(l, p.maxFiles, 'Eine Datei, höchstens', 'Bis zu {n} Dateien, je höchstens')} ${formatBytes(l, Number(p.maxSize))}` +
    (p.types ? ` (${p.types})` : '') + '.',
  fileTooLarge: (p: P, l: Locale) => `„${p.name}“ ist zu groß (höchstens ${formatBytes(l, Number(p.max))}).`,
  fileWrongType: '„{name}“ hat ein nicht erlaubtes Format. Erlaubt: {types}.',
  tooManyFiles: (p: P, l: Locale) => count(l, p.max, 'Bitte wählen Sie nur eine Datei aus.', 'Bitte wählen Sie höchstens {n} Dateien aus.'),
  fileUploading: (p: P, l: Locale) => `Wird hochgeladen: ${formatPercent(l, Number(p.share))}`,
  fileUploaded: 'Hochgeladen',
  fileFailed: 'Hochladen fehlgeschlagen',
  fileWaiting: 'Bereit zum Hochladen',
  fileSize: '{size}',
};

export const formMessages = registerMessages('form', {
  de,
  en: {
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
    optional: '(optional)',
    charCount: (p, l) => `${formatNumber(l, Number(p.count))} of ${count(l, p.max, '{n} character', '{n} characters')}`,
    charsLeft: (p, l) => count(l, p.n, '{n} character left', '{n} characters left'),
    selectPlaceholder: 'Please select',
    errorSummaryTitle: 'Please correct the following:',
    filesChoose: 'Choose file',
    filesChooseMany: 'Choose files',
    filesDrop: 'or drag them here',
    filesRemove: 'Remove {name}',
    filesRemoved: '{name} was removed.',
    filesAdded: '{name} was added.',
    filesHint: (p, l) =>
      `${count(l, p.maxFiles, 'One file, at most', 'Up to {n} files, each at most')} ${formatBytes(l, Number(p.maxSize))}` +
      (p.types ? ` (${p.types})` : '') + '.',
    fileTooLarge: (p, l) => `“${p.name}” is too large (at most ${formatBytes(l, Number(p.max))}).`,
    fileWrongType: '“{name}” has a format that is not allowed. Allowed: {types}.',
    tooManyFiles: (p, l) => count(l, p.max, 'Please choose only one file.', 'Please choose at most {n} files.'),
    fileUploading: (p, l) => `Uploading: ${formatPercent(l, Number(p.share))}`,
    fileUploaded: 'Uploaded',
    fileFailed: 'Upload failed',
    fileWaiting: 'Ready to upload',
    fileSize: '{size}',
  },
});

export type FormMessageKey = Parameters<typeof formMessages.t>[1];
