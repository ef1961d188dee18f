import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { addDays, berlinToday } from '../../../backend/core/time.ts';
import { json, staffSettings, staffWish, teamServer } from './fake-api.ts';

guardConsole();

/** The section in a box as wide as a phone's screen (375 px less the console's margins) or a desktop's content. */
async function mountAt(width: number, offerDays = 14) {
  const { server } = teamServer();
  server.on('GET /v1/staff/kita/settings', () => json(staffSettings({ offerDays })));
  server.on('GET /v1/staff/kita/registrations', () =>
    json({
      items: [staffWish(), staffWish({ position: 2, registrationId: '00000000-0000-4000-8000-0000000000a2', ref: 'KA-2026-00018', duplicate: false })],
      scope: { allocation: 'facility', facilities: null },
    }),
  );
  const host = await fixture<HTMLDivElement>(html`<div lang="de" style="inline-size: ${width}px"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  const el = document.createElement('bn-console-kita') as BnConsoleKita;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('tbody tr'), 'ranking loaded', { timeout: 5000 });
  const q = (sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
  return { el, server, wrap: q('.table-wrap'), head: q('thead'), offer: [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Platz anbieten'))! };
}

describe('<bn-console-kita> ranking by width', () => {
  it('on a phone each wish is a card: no sideways scroll, the offer button in view, each value under its column name', async () => {
    const { el, wrap, head, offer } = await mountAt(343);
    expect(wrap.scrollWidth, 'no sideways scroll').to.be.at.most(wrap.clientWidth);
    expect(offer.getBoundingClientRect().right).to.be.at.most(wrap.getBoundingClientRect().right);
    // The column heads are still there for screen readers, but take no room.
    expect(head.getBoundingClientRect().height).to.be.at.most(1);
    const state = el.shadowRoot!.querySelector('tbody td[data-label="Stand"]')!;
    expect(getComputedStyle(state, '::before').content).to.equal('"Stand"');
    await expectAccessible(el);
  });

  it('on a desktop it stays a table with visible column heads', async () => {
    const { wrap, head } = await mountAt(1248);
    expect(wrap.scrollWidth).to.be.at.most(wrap.clientWidth);
    expect(head.getBoundingClientRect().height).to.be.greaterThan(10);
    expect(getComputedStyle(wrap.querySelector('tr')!).display).to.equal('table-row');
  });

  it("an offer's deadline defaults to today + the tenant's offerDays, as the API's own default", async () => {
    const { el, server, offer } = await mountAt(1248, 21);
    const expected = addDays(berlinToday(), 21);
    const field = el.shadowRoot!.querySelector<HTMLElement & { value: string }>('bn-date-field[name="deadline"]')!;
    await waitUntil(() => field.value === expected, 'deadline from the settings');
    offer.click();
    await waitUntil(() => server.called('POST /v1/staff/kita/offers').length === 1, 'offer sent');
    expect(server.called('POST /v1/staff/kita/offers')[0]!.body).to.deep.include({ deadline: expected });
  });
});
