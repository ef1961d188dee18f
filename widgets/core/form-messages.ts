import { formatBytes } from './format-bytes.ts';
import { plural, registerMessages, type Locale } from './i18n.ts';

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
  tooShort: 'Bitte geben Sie mindestens {min} Zeichen ein.',
  tooLong: 'Bitte geben Sie höchstens {max} Zeichen ein.',
  tooSmall: 'Der Wert muss mindestens {min} sein.',
  tooLarge: 'Der Wert darf höchstens {max} sein.',
  dateTooEarly: 'Das Datum darf nicht vor dem {min} liegen.',
  dateTooLate: 'Das Datum darf nicht nach dem {max} liegen.',
  invalidValue: 'Bitte prüfen Sie diese Angabe.',
  optional: '(optional)',
  charCount: (p: Record<string, unknown>, l: Locale) =>
    l === 'de' ? `${p.count} von ${p.max} Zeichen` : `${p.count} of ${p.max} characters`,
  charsLeft: (p: Record<string, unknown>, l: Locale) =>
    plural(l, Number(p.n), { one: 'Noch {n} Zeichen übrig', other: 'Noch {n} Zeichen übrig' }),
  selectPlaceholder: 'Bitte auswählen',
  errorSummaryTitle: 'Bitte korrigieren Sie folgende Angaben:',
  filesChoose: 'Datei auswählen',
  filesChooseMany: 'Dateien auswählen',
  filesDrop: 'oder hierher ziehen',
  filesRemove: '{name} entfernen',
  filesRemoved: '{name} wurde entfernt.',
  filesAdded: '{name} wurde hinzugefügt.',
  filesHint: (p: Record<string, unknown>, l: Locale) =>
    `${l === 'de' ? 'Bis zu' : 'Up to'} ${p.maxFiles} ${l === 'de' ? 'Dateien' : 'files'}, ` +
    `${l === 'de' ? 'je höchstens' : 'at most'} ${formatBytes(l, Number(p.maxSize))}` +
    (p.types ? ` (${p.types})` : '') + '.',
  fileTooLarge: (p: Record<string, unknown>, l: Locale) =>
    `${l === 'de' ? '„' : '“'}${p.name}${l === 'de' ? '“ ist zu groß' : '” is too large'}` +
    ` (${l === 'de' ? 'höchstens' : 'at most'} ${formatBytes(l, Number(p.max))}).`,
  fileWrongType: '„{name}“ hat ein nicht erlaubtes Format. Erlaubt: {types}.',
  tooManyFiles: 'Bitte wählen Sie höchstens {max} Dateien aus.',
  fileUploading: 'Wird hochgeladen: {percent} %',
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
    tooShort: 'Please enter at least {min} characters.',
    tooLong: 'Please enter at most {max} characters.',
    tooSmall: 'The value must be at least {min}.',
    tooLarge: 'The value must be at most {max}.',
    dateTooEarly: 'The date must not be before {min}.',
    dateTooLate: 'The date must not be after {max}.',
    invalidValue: 'Please check this entry.',
    optional: '(optional)',
    charCount: de.charCount,
    charsLeft: (p, l) => plural(l, Number(p.n), { one: '{n} character left', other: '{n} characters left' }),
    selectPlaceholder: 'Please select',
    errorSummaryTitle: 'Please correct the following:',
    filesChoose: 'Choose file',
    filesChooseMany: 'Choose files',
    filesDrop: 'or drag them here',
    filesRemove: 'Remove {name}',
    filesRemoved: '{name} was removed.',
    filesAdded: '{name} was added.',
    filesHint: de.filesHint,
    fileTooLarge: de.fileTooLarge,
    fileWrongType: '“{name}” has a format that is not allowed. Allowed: {types}.',
    tooManyFiles: 'Please choose at most {max} files.',
    fileUploading: 'Uploading: {percent} %',
    fileUploaded: 'Uploaded',
    fileFailed: 'Upload failed',
    fileWaiting: 'Ready to upload',
    fileSize: '{size}',
  },
});

export type FormMessageKey = Parameters<typeof formMessages.t>[1];
