import { expect } from '@open-wc/testing';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import { guardConsole } from '../helpers.ts';
import { addHostileCss } from '../hostile-css.ts';
import { $, mount } from './helpers.ts';

guardConsole();

const px = (e: Element) => parseFloat(getComputedStyle(e).fontSize);

/** The size the user set in the browser: the `medium` keyword, whatever the page's root says. */
function userSize(): number {
  const probe = document.createElement('span');
  probe.className = 'probe';
  document.body.append(probe);
  const size = px(probe);
  probe.remove();
  return size;
}

/** Issue 13 item 8: `html { font-size: 62.5% }` made the description field 10 px. */
describe('<bn-tip-form> text size on a host page with a small root font', () => {
  let removeCss: () => void;
  afterEach(() => removeCss());

  it('keeps at least the browser font size: the description field and its label are not shrunk', async () => {
    removeCss = addHostileCss('html { font-size: 62.5%; } .probe { font-size: medium; }');
    expect(px(document.documentElement)).to.equal(10);
    const { el } = await mount<BnTipForm>('bn-tip-form');
    const description = $(el, '[name="description"]');
    const textarea = description.shadowRoot!.querySelector('textarea')!;
    const label = description.shadowRoot!.querySelector('label')!;
    expect(px(textarea)).to.be.at.least(16);
    expect(px(textarea)).to.equal(userSize());
    expect(px(label)).to.equal(userSize());
    expect(px($(el, '[part~="submit"]'))).to.equal(userSize());
    // Layout sizes follow the text, not the page's root: the send button stays a big target.
    expect($(el, '[part~="submit"]').getBoundingClientRect().height).to.be.at.least(44);
  });

  it('lets a theme make text larger, never smaller than the browser size', async () => {
    removeCss = addHostileCss('bn-tenant { --bn-font-size: 1.25rem; } .probe { font-size: medium; }');
    const { el } = await mount<BnTipForm>('bn-tip-form');
    const textarea = () => $(el, '[name="description"]').shadowRoot!.querySelector('textarea')!;
    expect(px(textarea())).to.equal(20);
    removeCss();
    removeCss = addHostileCss('html { font-size: 62.5%; } bn-tenant { --bn-font-size: 1.25rem; } .probe { font-size: medium; }');
    expect(px(textarea())).to.equal(userSize());
  });
});
