import { expect, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { BnCheckbox } from '../../../widgets/core/checkbox.ts';
import type { BnSelect } from '../../../widgets/core/select.ts';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import { guardConsole } from '../helpers.ts';
import { $, deepActive, fieldErrors, mount } from './helpers.ts';

guardConsole();

/** A real click (mouse down and up at the control's centre), as a person's. */
async function click(el: Element) {
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

async function failedSubmit(el: BnTipForm) {
  $(el, '[part~="submit"]').click();
  await waitUntil(() => fieldErrors(el).includes('Bitte stimmen Sie den Datenschutzhinweisen zu.'), 'errors shown');
}

/**
 * Issue 13 item 6: after a failed submit every field shows its error; the first change of
 * a field clears it, and that re-render used to write the old state back into the control
 * between the browser's `input` and `change` events, so the first click did nothing.
 */
describe('<bn-tip-form> after a failed submit', () => {
  afterEach(async () => {
    await resetMouse();
    await setViewport({ width: 800, height: 600 });
  });

  for (const [device, width] of [
    ['desktop', 1280],
    ['phone', 375],
  ] as const) {
    it(`takes the first click on the consent checkbox (${device}, ${width} px)`, async () => {
      await setViewport({ width, height: 800 });
      const { el } = await mount<BnTipForm>('bn-tip-form');
      await failedSubmit(el);
      const consent = $<BnCheckbox>(el, '[name="consent"]');
      const box = consent.shadowRoot!.querySelector('input')!;
      await click(box);
      await consent.updateComplete;
      expect(box.checked, 'the control stays checked').to.equal(true);
      expect(consent.checked).to.equal(true);
      await el.updateComplete;
      expect(fieldErrors(el)).not.to.include('Bitte stimmen Sie den Datenschutzhinweisen zu.');
      // One more click unchecks it: the state and the control agree.
      await click(box);
      await consent.updateComplete;
      expect([box.checked, consent.checked]).to.deep.equal([false, false]);
    });
  }

  it('takes the first Space on the consent checkbox', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form');
    await failedSubmit(el);
    const consent = $<BnCheckbox>(el, '[name="consent"]');
    consent.focus();
    expect(deepActive()?.getAttribute('type')).to.equal('checkbox');
    await sendKeys({ press: 'Space' });
    await consent.updateComplete;
    expect(consent.checked).to.equal(true);
    expect(consent.shadowRoot!.querySelector('input')!.checked).to.equal(true);
  });

  it('keeps the first choice in a select (the topic)', async () => {
    const { el } = await mount<BnTipForm>('bn-tip-form');
    const kind = $(el, '[name="kind"]');
    await click(kind.shadowRoot!.querySelectorAll('input')[1]!);
    await el.updateComplete;
    await failedSubmit(el);
    const topic = $<BnSelect>(el, '[name="category"]');
    const select = topic.shadowRoot!.querySelector('select')!;
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await topic.updateComplete;
    expect(select.value).to.equal('strasse');
    expect(topic.value).to.equal('strasse');
  });
});
