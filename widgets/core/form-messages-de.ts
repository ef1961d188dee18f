import { formatNumber, addMessages, type Locale } from './i18n.ts';
import { count } from './form-messages.ts';
import { formatBytes } from './units.ts';

type P = Record<string, unknown>;

/** Messages of the form building blocks and of validation (valibot issues). */
export const de = {
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
  charCount: (p: P, l: Locale) => `${formatNumber(l, Number(p.count))} von ${count(l, p.max, '{n} Zeichen', '{n} Zeichen')}`,
  charsLeft: (p: P, l: Locale) => count(l, p.n, 'Noch {n} Zeichen übrig', 'Noch {n} Zeichen übrig'),
  selectPlaceholder: 'Bitte auswählen',
  filesChoose: 'Datei auswählen',
  filesChooseMany: 'Dateien auswählen',
  filesDrop: 'oder hierher ziehen',
  filesAdded: '{name} wurde hinzugefügt.',
  filesHint: (p: P, l: Locale) => `${count(l, p.maxFiles, 'Eine Datei, höchstens', 'Bis zu {n} Dateien, je höchstens')} ${formatBytes(l, Number(p.maxSize))}` + (p.types ? ` (${p.types})` : '') + '.',
  fileTooLarge: (p: P, l: Locale) => `„${p.name}“ ist zu groß (höchstens ${formatBytes(l, Number(p.max))}).`,
  fileWrongType: '„{name}“ hat ein nicht erlaubtes Format. Erlaubt: {types}.',
  tooManyFiles: (p: P, l: Locale) => count(l, p.max, 'Bitte wählen Sie nur eine Datei aus.', 'Bitte wählen Sie höchstens {n} Dateien aus.'),
};

addMessages('form', 'de', de);
