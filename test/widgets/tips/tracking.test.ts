import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import type { BnTipStatus } from '../../../widgets/tips/tip-status.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { FakeTipsServer, TOKEN } from './fake-api.ts';
import { $, deepActive, mount, text } from './helpers.ts';

guardConsole();

const HASH = `#bn-tip=BT-2026-00042.${TOKEN}`;
const clearHash = () => history.replaceState(null, '', location.pathname + location.search);

/** Fills the required fields the way the form's own inputs do and sends. */
async function sendTip(el: BnTipForm) {
  const set = (name: string, value: string | boolean) => {
    const f = $(el, `[name="${name}"]`) as HTMLElement & { value: unknown; checked: boolean };
    if (typeof value === 'boolean') f.checked = value;
    else f.value = value;
    f.dispatchEvent(new Event(name === 'description' ? 'input' : 'change', { bubbles: true, composed: true }));
  };
  set('kind', 'idee');
  await el.updateComplete;
  set('category', 'gruen');
  await el.updateComplete;
  set('description', 'Mehr Bänke im Park');
  set('consent', true);
  await el.updateComplete;
  $(el, '[part~="submit"]').click();
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="success"]'), 'confirmation', { timeout: 5000 });
}

/** Issue 13 item 3: the tracking link must lead somewhere; reference and code readable and copyable. */
describe('<bn-tip-form> confirmation and tracking link', () => {
  let clipboardWrite: typeof navigator.clipboard.writeText;
  beforeEach(() => {
    clearHash();
    clipboardWrite = navigator.clipboard.writeText;
  });
  afterEach(() => {
    clearHash();
    navigator.clipboard.writeText = clipboardWrite;
    getSelection()?.removeAllRanges();
  });

  it('shows reference and code on screen, each with a copy button that says what it did', async () => {
    const copied: string[] = [];
    navigator.clipboard.writeText = async (t: string) => void copied.push(t);
    const { el } = await mount<BnTipForm>('bn-tip-form');
    await sendTip(el);
    expect($(el, '[part~="reference"]').textContent).to.equal('BT-2026-00042');
    expect($(el, '[part~="code"]').textContent).to.equal(TOKEN);
    expect(text(el)).to.contain('Ihr Code');
    expect(text(el)).to.contain('Mit beiden sehen Sie den Stand jederzeit');
    const [copyRef, copyCode] = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="copy"]')];
    expect([copyRef!.getAttribute('aria-label'), copyCode!.getAttribute('aria-label')]).to.deep.equal(['Aktenzeichen kopieren', 'Code kopieren']);
    const live = $(el, '[part~="success"] [role="status"]');
    copyCode!.click();
    await waitUntil(() => live.textContent === 'Code kopiert.', 'announced');
    copyRef!.click();
    await waitUntil(() => live.textContent === 'Aktenzeichen kopiert.', 'announced');
    expect(copied).to.deep.equal([TOKEN, 'BT-2026-00042']);
    expect(live.classList.contains('visually-hidden')).to.equal(true);
    await expectAccessible(el);
  });

  it('selects the code for copying by hand when the clipboard refuses, and says so', async () => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    const { el } = await mount<BnTipForm>('bn-tip-form', undefined, { lang: 'en' });
    await sendTip(el);
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="copy"]')[1]!.click();
    const live = $(el, '[part~="success"] [role="status"]');
    await waitUntil(() => live.textContent!.startsWith('Could not copy'), 'announced');
    expect(getSelection()!.toString()).to.equal(TOKEN);
  });

  it('follows its own tracking link on the same page: the form shows the status, and goes back to a new form', async () => {
    const { el, server } = await mount<BnTipForm>('bn-tip-form');
    await sendTip(el);
    const link = $<HTMLAnchorElement>(el, '[part~="tracking-link"]');
    expect(link.href).to.equal(`${location.origin}${location.pathname}${location.search}${HASH}`);
    link.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="tracking"]'), 'status shown');
    const status = $<BnTipStatus>(el, 'bn-tip-status');
    await waitUntil(() => status.shadowRoot?.querySelector('[part~="status"]'), 'status loaded', { timeout: 5000 });
    expect(status.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.equal('Erledigt');
    const [call] = server.called('GET /v1/tips/status');
    expect(call!.url.searchParams.get('ref')).to.equal('BT-2026-00042');
    expect(deepActive()?.id).to.equal('tracking-title');
    await expectAccessible(el);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Neues Anliegen melden'))!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('form[part~="base"]'), 'back to the form');
    expect(location.hash).to.equal('');
  });

  it('shows the status when the page is opened with the tracking link', async () => {
    history.replaceState(null, '', HASH);
    const { el } = await mount<BnTipForm>('bn-tip-form', undefined, { ready: '[part~="tracking"]' });
    const status = $<BnTipStatus>(el, 'bn-tip-status');
    await waitUntil(() => status.shadowRoot?.querySelector('[part~="history"]'), 'history shown', { timeout: 5000 });
    expect(text(status)).to.contain('Das Schlagloch ist verfüllt.');
    expect(el.shadowRoot!.querySelector('form[part~="base"]')).to.equal(null);
  });

  it('stays a form when the page has its own <bn-tip-status> for the link', async () => {
    history.replaceState(null, '', HASH);
    const tenant = await fixture(html`<bn-tenant lang="de" .client=${new FakeTipsServer().client()}><bn-tip-status></bn-tip-status></bn-tenant>`);
    const el = document.createElement('bn-tip-form');
    tenant.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('[part~="tracking"]')).to.equal(null);
    const status = tenant.querySelector('bn-tip-status')!;
    await waitUntil(() => status.shadowRoot?.querySelector('[part~="status"]'), 'the page’s own status element shows it', { timeout: 5000 });
  });
});
