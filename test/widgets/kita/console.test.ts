import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../widgets/kita/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleKita } from '../../../widgets/kita/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { text } from '../tips/helpers.ts';
import type { BnConsoleKitaTeam } from '../../../widgets/kita/console-team.ts';
import { FakeKitaServer, json, kitaAccount, problem, staffFacility, staffWish, teamServer } from './fake-api.ts';

guardConsole();

async function mountSection(server: FakeKitaServer, lang = 'de') {
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
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

  it('a ranking that did not load says why and loads again on "Erneut versuchen"; the export comes through the API client, a refusal in words', async () => {
    const server = new FakeKitaServer();
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [] }));
    server.on('GET /v1/staff/kita/statistics', () => json({ total: 1, byBirthYear: [], byAgeGroup: [], byCareHours: [], byTown: [], byState: [] }));
    let fail = true;
    server.on('GET /v1/staff/kita/registrations', () =>
      fail ? problem(503, 'UNAVAILABLE', { detail: 'Gleich wieder da. · Back in a moment.' }) : json({ items: [staffWish()], scope: { allocation: 'facility', facilities: null } }),
    );
    server.on('GET /v1/staff/kita/statistics.csv', () => new Response('a;b', { status: 200, headers: { 'content-type': 'text/csv' } }));
    server.on('GET /v1/staff/kita/statistics.xlsx', () => problem(403, 'ROLE_REQUIRED', { detail: 'Dafür fehlt Ihnen die Rolle. · You lack the role for this.' }));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    const el = document.createElement('bn-console-kita') as BnConsoleKita;
    host.append(el);
    const retry = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="alert"] button')].find((b) => b.textContent!.includes('Erneut versuchen'));
    await waitUntil(retry, 'retry offered');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('Gleich wieder da.');
    await expectAccessible(el);
    fail = false;
    retry()!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'ranking after retry');

    const saved: string[] = [];
    const orig = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push(this.download);
    };
    try {
      const button = (label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes(label))!;
      await waitUntil(() => button('CSV herunterladen'), 'export offered');
      button('CSV herunterladen').click();
      await waitUntil(() => saved.length === 1, 'CSV saved');
      button('Excel herunterladen').click();
      await waitUntil(() => text(el).includes('Dafür fehlt Ihnen die Rolle.'), 'refusal shown');
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
    expect(saved).to.deep.equal(['kita-nachfrage.csv']);
    expect(server.called('GET /v1/staff/kita/statistics.csv')[0]!.headers.authorization).to.equal('Bearer bn_sk_test');
    expect(text(el)).not.to.contain('You lack the role');
  });

  describe('team of a Kita', () => {
    const teamOf = async (el: BnConsoleKita) => {
      const team = await waitUntil(() => el.shadowRoot!.querySelector<BnConsoleKitaTeam>('bn-console-kita-team'), 'team shown', { timeout: 5000 }).then(
        () => el.shadowRoot!.querySelector<BnConsoleKitaTeam>('bn-console-kita-team')!,
      );
      await team.updateComplete;
      return team;
    };
    const button = (team: BnConsoleKitaTeam, name: string) =>
      [...team.shadowRoot!.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!).replace(/[\u2068\u2069]/g, '').includes(name));

    it('the office adds and removes accounts by keyboard, told in English; a disabled account is not offered', async () => {
      const { server, kita } = teamServer();
      const el = await mountSection(server, 'en');
      const team = await teamOf(el);
      expect(text(team)).to.contain('Team of Kita Sonnenblume');
      expect(text(team)).to.contain('Anna Muster');
      expect(text(team)).to.contain('Kita, edit');
      await expectAccessible(el);
      const select = team.shadowRoot!.querySelector('bn-select')!;
      const options = [...select.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent!);
      expect(options.join('|'), 'no team member, no disabled account').not.to.match(/Anna Muster|Carla/);
      expect(options.join('|')).to.contain('Ben Beispiel');

      // Nothing chosen: said, and the focus goes to the choice.
      button(team, 'Add to the team')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(team).includes('Please choose an account first.'), 'asked to choose');
      expect(server.called(`PATCH /v1/staff/kita/facilities/${kita.id}`)).to.have.length(0);
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => select.value === kitaAccount(2).id, 'Ben chosen');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(team).includes('now belongs to the team of'), 'added');
      expect(server.called(`PATCH /v1/staff/kita/facilities/${kita.id}`)[0]!.body).to.deep.equal({ staff: [kitaAccount(1).id, kitaAccount(2).id] });
      await waitUntil(() => text(team).includes('Kita, read only'), 'Ben listed');

      button(team, 'Remove Anna Muster')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(team).includes('no longer belongs to the team of'), 'removed');
      expect(kita.staff).to.deep.equal([kitaAccount(2).id]);
      expect(team.shadowRoot!.activeElement?.tagName, 'focus back on the team heading').to.equal('H4');
      await waitUntil(() => !button(team, 'Remove Anna Muster'), 'Anna gone');
      await expectAccessible(el);
    });

    it('the office picking its own account is told it would leave the office', async () => {
      const { server } = teamServer();
      const el = await mountSection(server, 'en');
      const team = await teamOf(el);
      team.selfId = kitaAccount(4).id;
      await team.updateComplete;
      const select = team.shadowRoot!.querySelector('bn-select')!;
      const own = [...select.shadowRoot!.querySelectorAll('option')].find((o) => o.value === kitaAccount(4).id)!;
      expect(own.textContent).to.contain('(you)');
      expect(select.shadowRoot!.textContent).not.to.contain('your own account');
      select.value = kitaAccount(4).id;
      select.dispatchEvent(new Event('change'));
      await team.updateComplete;
      await select.updateComplete;
      expect(select.shadowRoot!.textContent).to.contain('This is your own account');
      await expectAccessible(el);
    });

    it("a refused change is shown in the console's language, naming the account", async () => {
      const { server } = teamServer();
      server.on('PATCH /v1/staff/kita/facilities/:id', () =>
        problem(422, 'VALIDATION_FAILED', {
          errors: [{ path: 'staff.1', message: 'Kein Konto dieser Gemeinde mit einer Kita-Rolle. · Not an account of this municipality with a Kita role.' }],
        }),
      );
      const el = await mountSection(server, 'en');
      const team = await teamOf(el);
      const select = team.shadowRoot!.querySelector('bn-select')!;
      select.value = kitaAccount(2).id;
      select.dispatchEvent(new Event('change'));
      button(team, 'Add to the team')!.click();
      const alert = team.shadowRoot!.querySelector('[role="alert"]')!;
      await waitUntil(() => alert.textContent!.includes('Not an account of this municipality'), 'refusal shown');
      expect(alert.textContent).to.contain('Ben Beispiel');
      expect(alert.textContent).not.to.contain('Kein Konto');
      expect(text(team), 'the team unchanged').not.to.contain('Kita, read only');
    });

    it('the office is told once what a team means, above all Kitas; an empty list says so', async () => {
      const other = { ...staffFacility(), id: '00000000-0000-4000-8000-000000000999', name: 'Hort am Markt', staff: [] };
      const { server } = teamServer({ others: [other] });
      const el = await mountSection(server);
      await waitUntil(() => el.shadowRoot!.querySelectorAll('bn-console-kita-team').length === 2, 'two teams');
      const hint = 'Wer zum Team einer Kita gehört';
      expect(text(el).split(hint).length - 1, 'the explanation once in the section').to.equal(1);
      for (const team of el.shadowRoot!.querySelectorAll<BnConsoleKitaTeam>('bn-console-kita-team')) expect(text(team)).not.to.contain(hint);

      const empty = await mountSection(teamServer({ none: true }).server);
      await waitUntil(() => text(empty).includes('Für Ihre Gemeinde sind noch keine Kitas eingetragen.'), 'empty list said in words');
      expect(empty.shadowRoot!.querySelector('ul.plain')).to.equal(null);
    });

    it("a Kita's own team sees its team read-only, in German", async () => {
      const { server, kita } = teamServer({ staff: [kitaAccount(1).id, kitaAccount(2).id], mayAssign: false, scope: [staffFacility().id] });
      const el = await mountSection(server);
      const team = await teamOf(el);
      expect(text(team)).to.contain('Team: Kita Sonnenblume');
      expect(text(team)).to.contain('Anna Muster');
      expect(text(team)).to.contain('Ben Beispiel');
      expect(text(team)).to.contain('Kita, nur lesen');
      expect(team.shadowRoot!.querySelector('button, bn-select'), 'no controls').to.equal(null);
      expect(text(el), 'no explanation of assigning without the right to assign').not.to.contain('Wer zum Team einer Kita gehört');
      expect(kita.staff).to.have.length(2);
      await expectAccessible(el);
    });
  });
});
