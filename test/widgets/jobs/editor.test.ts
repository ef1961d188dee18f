import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/jobs/console-define.ts';
import type { BnJobsEditor } from '../../../widgets/jobs/editor.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';

guardConsole();

async function mount(value = '', lang = 'de') {
  const el = await fixture<BnJobsEditor>(html`<bn-jobs-editor lang=${lang} name="descriptionHtml" required label="Ausschreibungstext" hint="Kurz halten." .value=${value}></bn-jobs-editor>`);
  const box = el.shadowRoot!.querySelector<HTMLElement>('[role="textbox"]')!;
  return { el, box, tool: (name: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')].find((b) => b.textContent!.includes(name))! };
}

/** Selects the whole text of a node inside the box (as a mouse drag would). */
function select(el: BnJobsEditor, node: Node): void {
  const root = el.shadowRoot as ShadowRoot & { getSelection(): Selection };
  const r = document.createRange();
  r.selectNodeContents(node);
  root.getSelection().removeAllRanges();
  root.getSelection().addRange(r);
  node.parentElement!.closest('[role="textbox"]')!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, composed: true }));
}

describe('<bn-jobs-editor>', () => {
  it('is accessible: a labelled multi-line textbox with its hint, and a labelled toolbar', async () => {
    const { el, box } = await mount('<p>Hallo</p>');
    await expectAccessible(el);
    expect(box.getAttribute('aria-multiline')).to.equal('true');
    expect(el.shadowRoot!.getElementById(box.getAttribute('aria-labelledby')!)!.textContent).to.contain('Ausschreibungstext');
    expect(el.shadowRoot!.getElementById('hint')!.textContent).to.contain('Strg+B');
    expect(el.shadowRoot!.querySelector('[role="toolbar"]')!.getAttribute('aria-label')).to.equal('Textformat');
  });

  it('shows stored HTML rebuilt from the allow list: no script, no handler, headings kept', async () => {
    const { box } = await mount('<h2>Aufgaben</h2><p onclick="x()">Text<script>alert(1)</script></p><img src=x onerror=alert(1)>');
    expect(box.querySelector('h2')!.textContent).to.equal('Aufgaben');
    expect(box.querySelector('script, img, [onclick]')).to.equal(null);
  });

  it('makes text bold and a list from the toolbar, and reports the HTML through input', async () => {
    const { el, box, tool } = await mount('<p>Wichtig</p>');
    let inputs = 0;
    el.addEventListener('input', () => inputs++);
    select(el, box.querySelector('p')!.firstChild!);
    tool('Fett').click();
    expect(el.value).to.match(/<p><b>Wichtig<\/b><\/p>|<p><strong>Wichtig<\/strong><\/p>/);
    expect(inputs).to.be.greaterThan(0);
    await el.updateComplete;
    expect(tool('Fett').getAttribute('aria-pressed')).to.equal('true');
    tool('Aufzählung').click();
    expect(el.value).to.contain('<ul><li>');
  });

  it('works by keyboard: one tab stop in the toolbar, arrows move, Enter acts', async () => {
    const { el, box } = await mount('<p>Text</p>');
    box.focus();
    select(el, box.querySelector('p')!.firstChild!);
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')];
    expect(buttons.filter((b) => b.tabIndex === 0)).to.have.length(1);
    buttons[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(buttons[1]);
    expect(buttons[1]!.tabIndex).to.equal(0);
    await sendKeys({ press: 'Enter' });
    expect(el.value).to.match(/<(i|em)>Text<\/(i|em)>/);
    // The format is applied and the writing goes on where it was.
    expect(el.shadowRoot!.activeElement).to.equal(box);
    buttons[1]!.focus();
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('Link entfernen');
  });

  it('sets a link only to http(s) or mailto, on selected text', async () => {
    const { el, box, tool } = await mount('<p>Mehr Infos</p>');
    select(el, box.querySelector('p')!.firstChild!);
    tool('Link').click();
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('input')!;
    expect(el.shadowRoot!.activeElement).to.equal(input);
    input.value = 'javascript:alert(1)';
    el.shadowRoot!.querySelector<HTMLButtonElement>('.linkbar button[type="submit"]')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#link-error')!.textContent).to.contain('https://');
    expect(el.value).to.not.contain('javascript');
    input.value = 'https://beispielstadt.example/stellen';
    el.shadowRoot!.querySelector<HTMLButtonElement>('.linkbar button[type="submit"]')!.click();
    await waitUntil(() => el.value.includes('href='), 'link set');
    expect(el.value).to.contain('<a href="https://beispielstadt.example/stellen"');
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
  });

  it('speaks English in an English page, and an error marks the box invalid', async () => {
    const { el, box, tool } = await mount('', 'en');
    expect(tool('Bold')).to.exist;
    el.error = 'Describe the position.';
    await el.updateComplete;
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById('error')!.textContent).to.contain('Describe');
    await expectAccessible(el);
  });
});
