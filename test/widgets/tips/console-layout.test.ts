// Issue 13 item 10: the staff console fits a 1280 px office screen and a 1366 × 768 laptop
// without scrolling sideways (the inbox was 1451 px wide at 1280), and a tablet.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../widgets/console/define.ts';
import '../../../widgets/tips/console-register.ts';
import type { BnConsole } from '../../../widgets/console/console.ts';
import { guardConsole } from '../helpers.ts';
import { FakeAuth, user } from '../core/fake-auth.ts';
import { inboxServer } from './staff-server.ts';

guardConsole();

/** The console page's own CSS (backend/console/pages.ts), so the measure is the real page's. */
async function consolePage(lang: string): Promise<BnConsole> {
  const auth = new FakeAuth([user({ roles: ['tips', 'tenant-admin'], totpEnabled: true })]).signIn();
  const server = inboxServer(20);
  auth.fallback = (c) => server.fetch(`https://api.test${c.path}`, c.init);
  history.replaceState(null, '', `${location.pathname}${location.search}#tips`);
  const wrap = await fixture(html`<main class="console-main" lang=${lang}><bn-console api-base="https://api.test" .fetcher=${auth.fetch}></bn-console></main>`);
  const el = wrap.querySelector('bn-console')!;
  await waitUntil(() => el.shadowRoot?.querySelector('bn-console-tips')?.shadowRoot?.querySelector('table tbody tr'), 'the inbox', { timeout: 8000 });
  return el;
}

/** Elements (through shadow roots) whose right edge passes the viewport, or that scroll sideways. */
function overflow(root: ParentNode, width: number): string[] {
  return [...root.querySelectorAll('*')].flatMap((e) => {
    const r = e.getBoundingClientRect();
    const own = r.right > width + 0.5 ? [`${e.localName}.${e.className || e.getAttribute('part') || ''} right=${Math.round(r.right)}`] : [];
    const scrolls =
      e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && getComputedStyle(e).overflowX !== 'hidden'
        ? [`${e.localName}.${e.className || ''} scrolls ${e.scrollWidth}>${e.clientWidth}`]
        : [];
    return [...own, ...scrolls, ...(e.shadowRoot ? overflow(e.shadowRoot, width) : [])];
  });
}

describe('the staff console fits the screen', () => {
  before(() => {
    const style = document.createElement('style');
    // backend/console/pages.ts CONSOLE_CSS, the page the console ships on.
    style.textContent = 'html{font-family:system-ui,sans-serif} body{margin:0} main.console-main{max-width:100rem;margin:0 auto;padding:1rem}';
    document.head.append(style);
  });
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const [width, height] of [
    [1280, 800],
    [1366, 768],
    [1024, 768],
    [768, 1024],
    [375, 812],
  ] as const) {
    for (const lang of ['de', 'en']) {
      it(`${width} × ${height} (${lang}): no sideways scroll, the inbox inside the screen`, async () => {
        await setViewport({ width, height });
        const el = await consolePage(lang);
        expect(document.documentElement.scrollWidth, 'document scroll width').to.be.at.most(width);
        expect(overflow(el.shadowRoot!, width)).to.deep.equal([]);
      });
    }
  }
});
