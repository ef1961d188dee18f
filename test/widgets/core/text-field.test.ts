import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import type { BnTextField } from '../../../widgets/core/text-field.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';

guardConsole();

const inner = (el: BnTextField) => el.shadowRoot!.querySelector('input')!;

describe('<bn-text-field>', () => {
  it('is accessible', async () => {
    const el = await fixture<BnTextField>(html`<bn-text-field label="Name" hint="Vor- und Nachname" required></bn-text-field>`);
    await expectAccessible(el);
    expect(inner(el).labels?.[0]?.textContent).to.contain('Name');
    expect(inner(el).getAttribute('aria-describedby')).to.equal('hint');
  });

  it('takes typed input by keyboard and submits it with the form', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-text-field name="title" label="Titel"></bn-text-field></form>`);
    const el = form.querySelector('bn-text-field')!;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Schlagloch' });
    expect(el.value).to.equal('Schlagloch');
    expect(new FormData(form).get('title')).to.equal('Schlagloch');
  });

  it('Enter in the field submits its form through the submit button, as a native input does', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><bn-text-field name="ref" label="Aktenzeichen"></bn-text-field><bn-textarea name="text" label="Text"></bn-textarea><button>Stand anzeigen</button></form>`,
    );
    const submitters: (HTMLElement | null)[] = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitters.push(e.submitter);
    });
    inner(form.querySelector('bn-text-field')!).focus();
    await sendKeys({ type: 'BT-2026-00001' });
    await sendKeys({ press: 'Enter' });
    expect(submitters).to.deep.equal([form.querySelector('button')]);
    // Enter in a multi-line field is a new line, and Shift+Enter is not a submission either.
    form.querySelector('bn-textarea')!.shadowRoot!.querySelector('textarea')!.focus();
    await sendKeys({ press: 'Enter' });
    inner(form.querySelector('bn-text-field')!).focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    expect(submitters).to.have.length(1);
  });

  it('Enter does not submit past a disabled submit button or a handler that takes Enter itself', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-text-field name="q" label="Adresse"></bn-text-field><button disabled>Senden</button></form>`);
    let submitted = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted++;
    });
    const field = form.querySelector('bn-text-field')!;
    inner(field).focus();
    await sendKeys({ press: 'Enter' });
    expect(submitted, 'disabled button').to.equal(0);
    form.querySelector('button')!.disabled = false;
    field.addEventListener('keydown', (e) => e.key === 'Enter' && e.preventDefault());
    await sendKeys({ press: 'Enter' });
    expect(submitted, 'Enter taken by the page').to.equal(0);
  });

  it('Enter submits a form without a submit button', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><bn-text-field name="q" label="Suche"></bn-text-field></form>`);
    let submitted = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted++;
    });
    inner(form.querySelector('bn-text-field')!).focus();
    await sendKeys({ press: 'Enter' });
    expect(submitted).to.equal(1);
  });

  it('shows a German required error only after the user leaves the field', async () => {
    const el = await fixture<BnTextField>(html`<div lang="de"><bn-text-field label="E-Mail" type="email" required></bn-text-field><button>x</button></div>`).then(
      (d) => d.querySelector('bn-text-field')!,
    );
    expect(el.checkValidity()).to.be.false;
    expect(el.matches(':state(user-invalid)')).to.be.false;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(el.matches(':state(user-invalid)')).to.be.true;
    expect(inner(el).getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#error')!.textContent).to.equal('Bitte füllen Sie dieses Feld aus.');
    await expectAccessible(el);
  });

  it('validates e-mail format in English when the page is English', async () => {
    const wrap = await fixture(html`<div lang="en"><bn-text-field label="Email" type="email" value="nope"></bn-text-field></div>`);
    const el = wrap.querySelector('bn-text-field')!;
    expect(el.validationMessage).to.match(/valid e-mail/);
  });

  it('resets with its form and respects a disabled fieldset', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><fieldset><bn-text-field name="a" label="A" value="x" required></bn-text-field></fieldset></form>`);
    const el = form.querySelector('bn-text-field')!;
    el.value = 'changed';
    form.reset();
    expect(el.value).to.equal('x');
    form.querySelector('fieldset')!.disabled = true;
    await el.updateComplete;
    expect(inner(el).disabled).to.be.true;
  });

  it('shows a value set from outside in its control, after a reset too, and keeps what was typed across a re-render', async () => {
    for (const tag of ['bn-text-field', 'bn-textarea'] as const) {
      const form = document.createElement('form');
      form.innerHTML = `<${tag} name="a" label="A" value="Start"></${tag}>`;
      document.body.append(form);
      const el = form.querySelector(tag)!;
      const control = () => el.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
      await el.updateComplete;
      expect(control().value, tag).to.equal('Start');
      // A restored draft sets the property; the control must show it.
      el.value = 'Entwurf';
      await el.updateComplete;
      expect(control().value, tag).to.equal('Entwurf');
      control().focus();
      await sendKeys({ type: '!' });
      el.label = 'B'; // any re-render
      await el.updateComplete;
      expect(control().value, tag).to.equal('Entwurf!');
      form.reset();
      await el.updateComplete;
      expect(control().value, tag).to.equal('Start');
      form.remove();
    }
  });

  it('keeps its look under hostile global CSS', async () => {
    const style = document.createElement('style');
    style.textContent =
      '* { line-height: 7 !important; text-transform: uppercase !important; letter-spacing: 9px !important; color: rgb(255, 0, 0) !important } label, input { display: none !important }';
    document.head.append(style);
    try {
      const el = await fixture<BnTextField>(html`<bn-text-field label="Name"></bn-text-field>`);
      const label = el.shadowRoot!.querySelector('label')!;
      const cs = getComputedStyle(label);
      expect([cs.textTransform, cs.letterSpacing, cs.display]).to.deep.equal(['none', 'normal', 'block']);
      expect(cs.color).to.not.equal('rgb(255, 0, 0)');
      expect(parseFloat(cs.lineHeight) / parseFloat(cs.fontSize)).to.be.closeTo(1.5, 0.01);
    } finally {
      style.remove();
    }
  });

  it('shows an external error (server or schema) at once', async () => {
    const el = await fixture<BnTextField>(html`<bn-text-field label="PLZ" error="Bitte prüfen Sie diese Angabe."></bn-text-field>`);
    expect(el.matches(':state(user-invalid)')).to.be.true;
    expect(el.checkValidity()).to.be.false;
    await expectAccessible(el);
  });
});
