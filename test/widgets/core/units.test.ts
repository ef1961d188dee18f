import { expect } from '@open-wc/testing';
import { formMessages } from '../../../widgets/core/form-messages.ts';
// The form blocks' texts load per language, with the blocks (or with a widget's texts).
import '../../../widgets/core/form-messages-de.ts';
import '../../../widgets/core/form-messages-en.ts';
import { msg, plural } from '../../../widgets/core/i18n.ts';
// The file list's words come with the list.
import '../../../widgets/core/file-list.ts';
import { formatDistance } from '../../../widgets/core/distance.ts';
import { formatBytes, formatPercent } from '../../../widgets/core/units.ts';

/** Intl puts a (narrow) no-break space between number and unit; compare with plain spaces. */
const plain = (s: string | null) => s?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('plurals and units (core)', () => {
  it('counts with the language’s plural rules and number format', () => {
    const forms = { de: { one: '{n} Unterstützung', other: '{n} Unterstützungen' }, en: { one: '{n} supporter', other: '{n} supporters' } };
    expect([0, 1, 2, 1234].map((n) => plural('de', n, forms.de))).to.deep.equal(['0 Unterstützungen', '1 Unterstützung', '2 Unterstützungen', '1.234 Unterstützungen']);
    expect([0, 1, 2, 1234].map((n) => plural('en', n, forms.en))).to.deep.equal(['0 supporters', '1 supporter', '2 supporters', '1,234 supporters']);
  });

  it('shows bytes in binary units, so a 10 MiB limit reads 10 MB', () => {
    expect(plain(formatBytes('de', 10 * 1024 * 1024))).to.equal('10 MB');
    expect(plain(formatBytes('en', 10 * 1024 * 1024))).to.equal('10 MB');
    expect(plain(formatBytes('de', 1.5 * 1024 * 1024))).to.equal('1,5 MB');
    expect(plain(formatBytes('en', 1.5 * 1024 * 1024))).to.equal('1.5 MB');
    expect(plain(formatBytes('de', 2048))).to.equal('2 kB');
    expect(plain(formatBytes('de', 512))).to.equal('512 Byte');
    expect(plain(formatBytes('en', 512))).to.equal('512 byte');
  });

  it('rounds distances as people say them and never says 0 m', () => {
    expect(formatDistance('de', 0)).to.equal(null);
    expect(formatDistance('de', 9.6)).to.equal(null);
    expect(plain(formatDistance('de', 12))).to.equal('10 m');
    expect(plain(formatDistance('en', 38))).to.equal('40 m');
    expect(plain(formatDistance('de', 1234))).to.equal('1,2 km');
    expect(plain(formatDistance('en', 1234))).to.equal('1.2 km');
  });

  it('formats upload progress as a percentage in each language', () => {
    expect(plain(formatPercent('de', 0.42))).to.equal('42 %');
    expect(plain(formatPercent('en', 0.42))).to.equal('42%');
    expect(plain(msg('de', 'form-files.fileUploading', { share: 0.5 }))).to.equal('Wird hochgeladen: 50 %');
    expect(plain(msg('en', 'form-files.fileUploading', { share: 0.5 }))).to.equal('Uploading: 50%');
  });

  it('puts counts and sizes of the form blocks into the right form, in German and English', () => {
    const t = (l: 'de' | 'en', k: Parameters<typeof formMessages.t>[1], p: Record<string, number | string>) => plain(formMessages.t(l, k, p));
    expect(t('de', 'filesHint', { maxFiles: 1, maxSize: 10 * 1024 * 1024, types: 'JPEG' })).to.equal('Eine Datei, höchstens 10 MB (JPEG).');
    expect(t('de', 'filesHint', { maxFiles: 3, maxSize: 10 * 1024 * 1024, types: '' })).to.equal('Bis zu 3 Dateien, je höchstens 10 MB.');
    expect(t('en', 'filesHint', { maxFiles: 1, maxSize: 10 * 1024 * 1024, types: '' })).to.equal('One file, at most 10 MB.');
    expect(t('en', 'filesHint', { maxFiles: 3, maxSize: 10 * 1024 * 1024, types: '' })).to.equal('Up to 3 files, each at most 10 MB.');
    expect(t('de', 'tooManyFiles', { max: 1 })).to.equal('Bitte wählen Sie nur eine Datei aus.');
    expect(t('en', 'tooManyFiles', { max: 3 })).to.equal('Please choose at most 3 files.');
    expect(t('en', 'tooShort', { min: 1 })).to.equal('Please enter at least 1 character.');
    expect(t('en', 'tooLong', { max: 4000 })).to.equal('Please enter at most 4,000 characters.');
    expect(t('de', 'tooLong', { max: 4000 })).to.equal('Bitte geben Sie höchstens 4.000 Zeichen ein.');
    expect(t('de', 'charCount', { count: 1200, max: 4000 })).to.equal('1.200 von 4.000 Zeichen');
    expect(t('en', 'charsLeft', { n: 1 })).to.equal('1 character left');
    expect(t('de', 'fileTooLarge', { name: 'a.jpg', max: 10 * 1024 * 1024 })).to.equal('„a.jpg“ ist zu groß (höchstens 10 MB).');
  });
});
