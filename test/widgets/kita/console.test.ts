import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { text } from '../tips/helpers.ts';
import { FakeKitaServer, json, problem, staffWish } from './fake-api.ts';

guardConsole();

async function mountSection(server: FakeKitaServer) {
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-kita') as BnConsoleKita;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table'), 'ranking table', { timeout: 5000 });
  return el;
}

describe('<bn-console-kita>', () => {
  it('shows the ranking with points explained, flags duplicates, is accessible; a second offer gets its reason in German', async () => {
    const server = new FakeKitaServer();
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [] }));
    server.on('GET /v1/staff/kita/statistics', () => json({ total: 1, byBirthYear: [{ key: '2025', count: 1 }], byAgeGroup: [{ key: 'krippe', count: 1 }], byCareHours: [], byTown: [], byState: [] }));
    server.on('GET /v1/staff/kita/registrations', () => json({ items: [staffWish()] }));
    server.on('POST /v1/staff/kita/offers', () => problem(409, 'OFFER_OPEN', { detail: 'Das Kind hat schon ein offenes Platzangebot in unserem Verbund. · The child already holds an open offer in our community.' }));
    const el = await mountSection(server);
    expect(text(el)).to.contain('Härtefall: +12');
    expect(text(el)).not.to.contain('Hardship: +12');
    expect(text(el)).to.contain('Doppelt angemeldet?');
    await expectAccessible(el);
    const offer = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Platz anbieten: Mia Muster'))!;
    offer.click();
    await waitUntil(() => text(el).includes('offenes Platzangebot'), 'conflict shown');
    expect(text(el)).not.to.contain('open offer in our community');
    const [call] = server.called('POST /v1/staff/kita/offers');
    expect(call!.body).to.deep.include({ registrationId: staffWish().registrationId, facilityId: staffWish().facility.id });
  });
});
