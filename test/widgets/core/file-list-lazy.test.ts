// <bn-file-picker>'s list (size, progress, remove buttons) and its upload load at the first
// pick, not with the form (the tip form's first paint is on a gzip budget). A list lost to the
// network on the way must cost nothing: the files stay picked and announced, and the list shows
// at the next update. Its own file: a module that has loaded once stays loaded for the page.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import type { BnFilePicker } from '../../../widgets/core/file-picker.ts';
import { expectConsole, guardConsole } from '../helpers.ts';

guardConsole();

const file = (name: string, size: number, type: string) => new File([new Uint8Array(size)], name, { type });
const fetched = () => performance.getEntriesByType('resource').some((e) => /core\/file-list\.ts/.test(e.name));

describe('<bn-file-picker> list loaded at the first pick', () => {
  it('loads the list only when a file is picked; a failed load keeps the files and shows the list at the next update', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos" max-files="3" lang="de"></bn-file-picker>`);
    expect(fetched()).to.be.false;
    await fetch('/__stub__/fail-next?path=/widgets/core/file-list.ts', { method: 'POST' });
    expectConsole('warn', /file list could not be loaded/);
    el.addFiles([file('a.jpg', 10, 'image/jpeg')]);
    await el.updateComplete;
    expect(fetched()).to.be.true;
    expect(el.value.map((f) => f.name)).to.deep.equal(['a.jpg']);
    expect(el.shadowRoot!.querySelector('[part~="list"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[aria-live]')!.textContent).to.contain('a.jpg wurde hinzugefügt.');
    el.addFiles([file('b.jpg', 10, 'image/jpeg')]);
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="file"]').length === 2, 'both files listed after the retry');
    expect(el.value.map((f) => f.name)).to.deep.equal(['a.jpg', 'b.jpg']);
    // The list's look came with it: a plain list, one row per file.
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part~="list"]')!).listStyleType).to.equal('none');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part~="file"]')!).display).to.equal('flex');
  });
});
