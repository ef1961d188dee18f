import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import type { BnErrorSummary } from '../../../widgets/core/error-summary.ts';
import type { BnFilePicker } from '../../../widgets/core/file-picker.ts';
import type { BnTextarea } from '../../../widgets/core/textarea.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';

guardConsole();

const file = (name: string, size: number, type: string) => new File([new Uint8Array(size)], name, { type });

describe('<bn-textarea>', () => {
  it('is accessible', async () => {
    const el = await fixture(html`<bn-textarea label="Beschreibung" hint="Was ist passiert?" maxlength="200" required></bn-textarea>`);
    await expectAccessible(el);
  });

  it('counts characters as the user types and describes the field with the count', async () => {
    const el = await fixture<BnTextarea>(html`<bn-textarea label="Beschreibung" maxlength="20" lang="de"></bn-textarea>`);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Laterne' });
    await el.updateComplete;
    const count = el.shadowRoot!.querySelector('[part~="count"]')!;
    expect(count.textContent!.trim()).to.equal('7 von 20 Zeichen');
    expect(el.shadowRoot!.querySelector('textarea')!.getAttribute('aria-describedby')).to.contain('count');
    expect(el.value).to.equal('Laterne');
  });

  it('enforces a minimum length with a German message', async () => {
    const el = await fixture<BnTextarea>(html`<bn-textarea label="Text" minlength="10" value="kurz" lang="de"></bn-textarea>`);
    expect(el.validationMessage).to.equal('Bitte geben Sie mindestens 10 Zeichen ein.');
  });
});

describe('<bn-file-picker>', () => {
  it('is accessible, empty and with files', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos" accept="image/*" max-files="3"></bn-file-picker>`);
    await expectAccessible(el);
    el.addFiles([file('a.jpg', 1000, 'image/jpeg')]);
    await el.updateComplete;
    await expectAccessible(el);
  });

  it('reaches the choose button by keyboard', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos"></bn-file-picker>`);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('choose');
  });

  it('refuses wrong types, too large files and too many files with a message', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos" accept="image/*,.pdf" max-size="5000" max-files="2" lang="de"></bn-file-picker>`);
    el.addFiles([file('virus.exe', 10, 'application/x-msdownload')]);
    await el.updateComplete;
    expect(el.value).to.have.length(0);
    expect(el.validationMessage).to.contain('nicht erlaubtes Format');
    el.addFiles([file('gross.jpg', 6000, 'image/jpeg')]);
    await el.updateComplete;
    expect(el.validationMessage).to.contain('zu groß');
    el.addFiles([file('a.jpg', 10, 'image/jpeg'), file('b.pdf', 10, 'application/pdf'), file('c.jpg', 10, 'image/jpeg')]);
    await el.updateComplete;
    expect(el.value.map((f) => f.name)).to.deep.equal(['a.jpg', 'b.pdf']);
    expect(el.validationMessage).to.equal('Bitte wählen Sie höchstens 2 Dateien aus.');
  });

  it('removes a file by keyboard and keeps focus in the list', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos" max-files="3"></bn-file-picker>`);
    const changes: string[][] = [];
    el.addEventListener('bn-files-change', (e) => changes.push(e.detail.files.map((f) => f.name)));
    el.addFiles([file('a.jpg', 10, 'image/jpeg'), file('b.jpg', 10, 'image/jpeg')]);
    await el.updateComplete;
    await sendKeys({ press: 'Tab' }); // choose
    await sendKeys({ press: 'Tab' }); // remove a.jpg
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('a.jpg entfernen');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.value.map((f) => f.name)).to.deep.equal(['b.jpg']);
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('b.jpg entfernen');
    expect(changes).to.deep.equal([['a.jpg', 'b.jpg'], ['b.jpg']]);
  });

  it('shows per-file upload progress and returns the upload ids', async () => {
    const el = await fixture<BnFilePicker>(html`<bn-file-picker label="Fotos" max-files="2"></bn-file-picker>`);
    el.addFiles([file('a.jpg', 10, 'image/jpeg')]);
    const seen: number[] = [];
    const client = new ApiClient({ baseUrl: location.origin, apiKey: 'bn_pk_test' });
    // An upload double: same contract as upload(), progress in steps.
    el.uploader = (async (_c: ApiClient, _f: Blob, opts: { onProgress?: (p: number) => void } = {}) => {
      for (const p of [0.25, 0.5, 1]) {
        opts.onProgress?.(p);
        await el.updateComplete;
        const bar = el.shadowRoot!.querySelector('progress');
        if (bar) seen.push(bar.value);
        await aTimeout(1);
      }
      return { id: 'up-1' };
    }) as typeof el.uploader;
    const ids = await el.upload(client);
    expect(ids).to.deep.equal(['up-1']);
    expect(seen).to.deep.equal([25, 50, 100]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="file"] .status')!.textContent).to.equal('Hochgeladen');
  });
});

describe('<bn-error-summary>', () => {
  it('is accessible and focused when shown', async () => {
    const wrap = await fixture(html`<div>
      <bn-error-summary></bn-error-summary>
      <bn-text-field id="title" label="Titel" required></bn-text-field>
    </div>`);
    const summary = wrap.querySelector<BnErrorSummary>('bn-error-summary')!;
    await summary.show([{ target: 'title', message: 'Bitte geben Sie einen Titel ein.' }]);
    const box = summary.shadowRoot!.querySelector('[part~="base"]')!;
    expect(summary.shadowRoot!.activeElement).to.equal(box);
    expect(box.getAttribute('role')).to.equal('alert');
    await expectAccessible(summary);
  });

  it('moves focus to the field when its link is followed by keyboard', async () => {
    const wrap = await fixture(html`<div>
      <bn-error-summary></bn-error-summary>
      <bn-text-field id="title" label="Titel" required></bn-text-field>
    </div>`);
    const summary = wrap.querySelector<BnErrorSummary>('bn-error-summary')!;
    const field = wrap.querySelector('bn-text-field')!;
    await summary.show([{ target: field, message: 'Titel fehlt' }]);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => document.activeElement === field);
    expect(field.shadowRoot!.activeElement?.localName).to.equal('input');
  });

  it('collects every invalid control of a form on submit, focused, with labels', async () => {
    const form = await fixture<HTMLFormElement>(html`<form novalidate>
      <bn-error-summary></bn-error-summary>
      <bn-text-field name="title" label="Titel" required></bn-text-field>
      <bn-text-field name="email" type="email" label="E-Mail" value="erika@"></bn-text-field>
      <bn-checkbox name="consent" required>Einverstanden</bn-checkbox>
      <bn-text-field name="ok" label="Ort" value="Markt"></bn-text-field>
    </form>`);
    const summary = form.querySelector<BnErrorSummary>('bn-error-summary')!;
    expect(await summary.showInvalid(form)).to.be.false;
    const links = [...summary.shadowRoot!.querySelectorAll('a')].map((a) => a.textContent);
    expect(links).to.deep.equal([
      'Titel: Bitte füllen Sie dieses Feld aus.',
      'E-Mail: Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
      'Einverstanden: Bitte bestätigen Sie dies.',
    ]);
    expect(summary.shadowRoot!.activeElement?.getAttribute('part')).to.equal('base');
    const title = form.querySelector('bn-text-field')!;
    await title.updateComplete;
    expect(title.matches(':state(user-invalid)')).to.be.true;
    await expectAccessible(form);
  });

  it('renders nothing without errors', async () => {
    const summary = await fixture<BnErrorSummary>(html`<bn-error-summary></bn-error-summary>`);
    expect(summary.shadowRoot!.querySelector('[part~="base"]')).to.equal(null);
  });
});
