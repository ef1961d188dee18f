import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import type { BnTipLocation } from '../../../widgets/tips/location.ts';
import { guardConsole } from '../helpers.ts';
import { addHostileCss, paintsNothing, visuallyHidden } from '../hostile-css.ts';
import { $, mount } from './helpers.ts';

guardConsole();

/**
 * Issue 13 item 5: "Punkt gesetzt: …" showed twice and "(öffnet in neuem Fenster)" was
 * visible. The new-window note lives in the form's shadow root and is slotted into the
 * consent checkbox: only the form's own styles can hide it.
 */
describe('<bn-tip-form> screen-reader-only text', () => {
  let removeCss: () => void;
  beforeEach(() => (removeCss = addHostileCss()));
  afterEach(() => removeCss());

  it('stays hidden on a hostile page: the new-window note slotted into the consent label, the pin announcement', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form');
    el.shadowRoot!.querySelector<HTMLInputElement>('bn-radio-group')!.shadowRoot!.querySelectorAll('input')[2]!.click();
    await el.updateComplete;
    const loc = $<BnTipLocation>(el, 'bn-tip-location');
    const centre = () => [...loc.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Kartenmitte') && !b.hidden);
    await waitUntil(centre, 'map ready', { timeout: 5000 });
    centre()!.focus();
    await sendKeys({ press: 'Enter' });
    await loc.updateComplete;

    const note = el.shadowRoot!.querySelector('bn-checkbox a .visually-hidden')!;
    expect(note.textContent!.trim()).to.equal('(öffnet in neuem Fenster)');
    expect(note.assignedSlot ?? note.parentElement!.assignedSlot, 'slotted into the checkbox').to.not.equal(null);
    expect(paintsNothing(note), 'new-window note painted').to.equal(true);

    const hidden = visuallyHidden(el);
    const texts = hidden.map((e) => e.textContent!.trim());
    expect(texts).to.include('Punkt gesetzt: 51,50000, 9,90000');
    for (const e of hidden) expect(paintsNothing(e), `"${e.textContent!.trim()}" is painted`).to.equal(true);
    // The pin's place is shown once, in the visible status line.
    expect(loc.shadowRoot!.querySelector('[part~="pin-status"]')!.getBoundingClientRect().height).to.be.greaterThan(1);
  });
});
