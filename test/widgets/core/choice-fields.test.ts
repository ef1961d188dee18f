import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';

guardConsole();

const active = (root: ShadowRoot) => root.activeElement as HTMLElement | null;

describe('<bn-select>', () => {
  it('is accessible', async () => {
    const el = await fixture(html`<bn-select label="Kategorie" hint="Worum geht es?" required>
      <option value="road">Straße</option><option value="light">Beleuchtung</option>
    </bn-select>`);
    await expectAccessible(el);
  });

  it('is operated by keyboard and submits the chosen value', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-select name="cat" label="Kategorie">
      <option value="road">Straße</option><option value="light">Beleuchtung</option>
    </bn-select></form>`);
    const el = form.querySelector('bn-select')!;
    await sendKeys({ press: 'Tab' });
    expect(active(el.shadowRoot!)?.localName).to.equal('select');
    // Type-ahead picks an option without opening the popup.
    const changed = oneEvent(el, 'change');
    await sendKeys({ type: 'B' });
    await changed;
    expect(el.value).to.equal('light');
    expect(new FormData(form).get('cat')).to.equal('light');
  });

  it('is invalid in German when required and empty', async () => {
    const el = await fixture(html`<bn-select label="Kategorie" required lang="de"><option value="a">A</option></bn-select>`);
    expect((el as HTMLElement & { validationMessage: string }).validationMessage).to.equal('Bitte wählen Sie eine Möglichkeit aus.');
  });
});

describe('<bn-radio-group>', () => {
  const make = () =>
    fixture(html`<form><bn-radio-group name="size" label="Größe" hint="Wie groß ist der Schaden?" required>
      <option value="s">Klein</option><option value="m">Mittel</option><option value="l">Groß</option>
    </bn-radio-group></form>`);

  it('is accessible', async () => {
    const form = await make();
    await expectAccessible(form.querySelector('bn-radio-group')!);
  });

  it('enters with Tab, moves and selects with arrow keys, leaves with Tab', async () => {
    const form = (await make()) as HTMLFormElement;
    const el = form.querySelector('bn-radio-group')!;
    await sendKeys({ press: 'Tab' });
    expect((active(el.shadowRoot!) as HTMLInputElement).value).to.equal('s');
    await sendKeys({ press: 'ArrowDown' });
    expect(el.value).to.equal('m');
    await sendKeys({ press: 'ArrowDown' });
    expect(el.value).to.equal('l');
    await sendKeys({ press: 'ArrowUp' });
    expect(el.value).to.equal('m');
    expect(new FormData(form).get('size')).to.equal('m');
    // Roving: shift+tab back into the group lands on the checked radio only.
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.not.equal(el);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect((active(el.shadowRoot!) as HTMLInputElement).value).to.equal('m');
  });

  it('selects with Space and shows the required error after leaving', async () => {
    const form = (await make()) as HTMLFormElement;
    const el = form.querySelector('bn-radio-group')!;
    expect(form.checkValidity()).to.be.false;
    await el.updateComplete;
    expect(el.matches(':state(user-invalid)')).to.be.true;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    expect(el.value).to.equal('s');
    expect(form.checkValidity()).to.be.true;
  });
});

describe('<bn-checkbox>', () => {
  it('is accessible with a consent link in its label', async () => {
    const el = await fixture(html`<bn-checkbox name="consent" required
      >Ich habe die <a href="https://example.org/datenschutz">Datenschutzhinweise</a> gelesen.</bn-checkbox
    >`);
    await expectAccessible(el);
  });

  it('toggles with Space and submits its value', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-checkbox name="consent" value="yes" required>Einverstanden</bn-checkbox></form>`);
    const el = form.querySelector('bn-checkbox')!;
    expect(form.checkValidity()).to.be.false;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    expect(el.checked).to.be.true;
    expect(new FormData(form).get('consent')).to.equal('yes');
    form.reset();
    expect(el.checked).to.be.false;
  });

  it('shows a state set from outside in its box, after a reset too', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-checkbox name="notify">Informieren</bn-checkbox></form>`);
    const el = form.querySelector('bn-checkbox')!;
    const box = () => el.shadowRoot!.querySelector('input')!;
    el.checked = true;
    await el.updateComplete;
    expect(box().checked).to.be.true;
    form.reset();
    await el.updateComplete;
    expect(box().checked).to.be.false;
  });

  it('reaches the link in the label by keyboard after the box', async () => {
    const el = await fixture(html`<bn-checkbox>Ich habe die <a href="#dsgvo">Hinweise</a> gelesen.</bn-checkbox>`);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(el.querySelector('a'));
  });
});

describe('<bn-date-field>', () => {
  it('is accessible', async () => {
    const el = await fixture(html`<bn-date-field label="Geburtsdatum" hint="Zum Beispiel 27.03.2021"></bn-date-field>`);
    await expectAccessible(el);
  });

  it('takes a date typed by keyboard', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-date-field name="d" label="Datum"></bn-date-field></form>`);
    const el = form.querySelector('bn-date-field')!;
    await sendKeys({ press: 'Tab' });
    // Fill each segment in the order the browser shows them (locale dependent).
    const order = new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2026, 2, 15)).filter((p) => p.type !== 'literal');
    const parts: Record<string, string> = { day: '15', month: '03', year: '2026' };
    for (const p of order) await sendKeys({ type: parts[p.type] ?? '' });
    await el.updateComplete;
    expect(el.value).to.equal('2026-03-15');
    expect(new FormData(form).get('d')).to.equal('2026-03-15');
  });

  it('explains a date outside its range in the page language', async () => {
    const el = await fixture(html`<bn-date-field label="Beginn" lang="de" min="2026-08-01" value="2026-07-01"></bn-date-field>`);
    expect((el as HTMLElement & { validationMessage: string }).validationMessage).to.equal('Das Datum darf nicht vor dem 1. August 2026 liegen.');
  });
});
