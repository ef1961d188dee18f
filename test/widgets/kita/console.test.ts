import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { text } from '../tips/helpers.ts';
import { FakeKitaServer, json, problem, staffFacility, staffWish } from './fake-api.ts';

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
    server.on('GET /v1/staff/kita/registrations', () => json({ items: [staffWish()], scope: { allocation: 'facility', facilities: null } }));
    server.on('POST /v1/staff/kita/offers', () =>
      problem(409, 'OFFER_OPEN', { detail: 'Das Kind hat schon ein offenes Platzangebot in unserem Verbund. · The child already holds an open offer in our community.' }),
    );
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

  it("central allocation: a Kita's staff see their ranking read-only, told in words who allocates; the photo goes to the staff route", async () => {
    const server = new FakeKitaServer();
    const own = { ...staffFacility(), id: staffWish().facility.id, name: 'Kita Sonnenblume' };
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [own, { ...staffFacility(), id: '00000000-0000-4000-8000-000000000002', name: 'Kita Mond' }] }));
    server.on('GET /v1/staff/kita/statistics', () => json({ total: 1, byBirthYear: [], byAgeGroup: [], byCareHours: [], byTown: [], byState: [] }));
    server.on('GET /v1/staff/kita/registrations', () => json({ items: [staffWish({ mayOffer: false })], scope: { allocation: 'central', facilities: [own.id] } }));
    const el = await mountSection(server);
    await waitUntil(() => text(el).includes('Kita Sonnenblume hochladen'), 'facilities');
    expect(text(el)).to.contain('vergibt das Jugendamt die Plätze zentral');
    expect(text(el)).to.contain('Vergabe durch das Jugendamt');
    expect([...el.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent!.includes('Platz anbieten'))).to.equal(false);
    expect(text(el), 'only the own Kita').not.to.contain('Kita Mond');
    expect(text(el)).to.contain('1 Anmeldung');
    expect(text(el)).not.to.contain('1 Anmeldungen');
    await expectAccessible(el);
    const sent: { url: string; method: string; body: unknown }[] = [];
    const realFetch = window.fetch;
    window.fetch = (async (url: RequestInfo | URL, init: RequestInit = {}) => {
      sent.push({ url: String(url), method: init.method ?? 'GET', body: init.body });
      return new Response(JSON.stringify(own), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="photo-${own.id}"]`)!;
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0xff, 0xd8, 0xff])], 'kita.jpg', { type: 'image/jpeg' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
      await waitUntil(() => text(el).includes('Foto gespeichert.'), 'photo saved');
    } finally {
      window.fetch = realFetch;
    }
    expect(sent).to.have.length(1);
    expect(sent[0]!.url).to.equal(`https://api.test/v1/staff/kita/facilities/${own.id}/photo`);
    expect(sent[0]!.method).to.equal('PUT');
    expect((sent[0]!.body as FormData).get('file')).to.be.instanceOf(File);
  });
});
