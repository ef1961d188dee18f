import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import type { BnFilePicker } from '../../../widgets/core/file-picker.ts';
import type { BnTextarea } from '../../../widgets/core/textarea.ts';
import { guardConsole } from '../helpers.ts';
import { addHostileCss, paintsNothing, visuallyHidden } from '../hostile-css.ts';

guardConsole();

describe('the visually-hidden utility (core)', () => {
  let removeCss: () => void;
  beforeEach(() => (removeCss = addHostileCss()));
  afterEach(() => removeCss());

  it('hides the live regions of the form blocks on a page whose CSS resets position, clip and size', async () => {
    const wrap = await fixture(html`<div lang="de">
      <bn-textarea label="Beschreibung" maxlength="100" .value=${'Hallo'}></bn-textarea>
      <bn-file-picker label="Fotos" max-files="2"></bn-file-picker>
    </div>`);
    const picker = wrap.querySelector<BnFilePicker>('bn-file-picker')!;
    picker.addFiles([new File(['x'], 'laterne.jpg', { type: 'image/jpeg' })]);
    await picker.updateComplete;
    await wrap.querySelector<BnTextarea>('bn-textarea')!.updateComplete;
    const hidden = visuallyHidden(wrap);
    expect(hidden.length).to.equal(2, 'one live region each');
    expect(hidden.map((e) => e.textContent!.trim())).to.include('laterne.jpg wurde hinzugefügt.');
    for (const e of hidden) expect(paintsNothing(e), `${e.textContent} is painted`).to.equal(true);
    // …and still in the accessibility tree, so screen readers hear it.
    expect(hidden.every((e) => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')).to.equal(true);
  });

  it('is defined once, in the shared styles every element has', async () => {
    const el = await fixture<BnTextarea>(html`<bn-error-summary></bn-error-summary>`);
    const probe = document.createElement('span');
    probe.className = 'visually-hidden';
    probe.textContent = 'nur für Screenreader';
    el.shadowRoot!.append(probe);
    await waitUntil(() => probe.isConnected);
    expect(paintsNothing(probe)).to.equal(true);
  });
});
