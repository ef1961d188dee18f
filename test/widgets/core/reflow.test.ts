import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import type { BnFilePicker } from '../../../widgets/core/file-picker.ts';
import { guardConsole } from '../helpers.ts';

guardConsole();

describe('reflow at 320 px (WCAG 1.4.10, the width of 1280 px at 400 % zoom)', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('never needs horizontal scrolling, even with long words and file names', async () => {
    await setViewport({ width: 320, height: 640 });
    const long = 'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung';
    const wrap = await fixture(html`<div lang="de">
      <bn-error-summary></bn-error-summary>
      <bn-text-field label=${long} hint=${long}></bn-text-field>
      <bn-textarea label="Beschreibung" maxlength="2000"></bn-textarea>
      <bn-select label="Kategorie"><option value="x">${long}</option></bn-select>
      <bn-radio-group label="Zeit" orientation="horizontal"><option value="a">${long}</option><option value="b">Nachmittags</option></bn-radio-group>
      <bn-checkbox>${long} <a href="#x">Datenschutz</a></bn-checkbox>
      <bn-date-field label="Datum"></bn-date-field>
      <bn-file-picker label="Fotos" max-files="3"></bn-file-picker>
    </div>`);
    const picker = wrap.querySelector<BnFilePicker>('bn-file-picker')!;
    picker.addFiles([new File(['x'], `${long}.jpg`, { type: 'image/jpeg' })]);
    await wrap.querySelector('bn-error-summary')!.show([{ target: 'x', message: long }]);
    await picker.updateComplete;
    const wide = (root: ParentNode): string[] =>
      [...root.querySelectorAll('*')].flatMap((e) => [
        ...(e.getBoundingClientRect().right > 320 ? [`${e.localName}.${e.getAttribute('part') ?? ''} ${Math.round(e.getBoundingClientRect().right)}`] : []),
        ...(e.shadowRoot ? wide(e.shadowRoot) : []),
      ]);
    expect(wide(wrap)).to.deep.equal([]);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });
});
