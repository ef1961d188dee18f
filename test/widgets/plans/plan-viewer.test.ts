import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/plans/define.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import type { BnPlanViewer } from '../../../widgets/plans/plan-viewer.ts';
import { contrast, PLAIN_BACKGROUND, PLAN_COLORS } from '../../../widgets/plans/colors.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { problem } from '../tips/fake-api.ts';
import { $, deepActive, tabUntil, text } from '../tips/helpers.ts';
import { CLOSED_ID, OPEN_ID, plansServer } from './fake-plans.ts';

guardConsole();

async function mount(server = plansServer(), lang = 'de') {
  const tenant = await fixture<BnTenant>(html`<bn-tenant lang=${lang} .client=${server.client()}><bn-plan-viewer></bn-plan-viewer></bn-tenant>`);
  const el = tenant.querySelector('bn-plan-viewer') as BnPlanViewer;
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="item"]'), 'list rendered', { timeout: 5000 });
  return { el, server };
}

afterEach(() => history.replaceState(null, '', location.pathname + location.search));

describe('<bn-plan-viewer>', () => {
  it('lists plans with the ones open for statements first, each with its period; axe-clean', async () => {
    const { el } = await mount();
    const items = [...el.shadowRoot!.querySelectorAll('[part~="item"]')];
    expect(items.map((i) => i.querySelector('h3')!.textContent!.trim())).to.deep.equal(['Wohnen am Mühlenteich', 'Am Bahnhof', 'Gewerbegebiet Süd']);
    expect(items[0]!.textContent).to.contain('Jetzt offen für Stellungnahmen');
    expect(items[0]!.textContent).to.contain('bis einschließlich 5. Juni 2099');
    expect(items[2]!.textContent).to.contain('Veröffentlichung vom 5. Januar 2026 bis 5. Februar 2026');
    expect(text(el)).to.contain('3 Pläne');
    await expectAccessible(el);
  });

  it('filters by stage, kind and search text through the API', async () => {
    const { el, server } = await mount();
    const [stage, kind] = [...el.shadowRoot!.querySelectorAll('bn-select')] as (HTMLElement & { value: string })[];
    stage!.value = 'in-force';
    stage!.dispatchEvent(new Event('change', { bubbles: true }));
    kind!.value = 'FP';
    kind!.dispatchEvent(new Event('change', { bubbles: true }));
    const search = $(el, 'bn-text-field[name="text"]') as HTMLElement & { value: string };
    search.value = 'Bahnhof';
    ($(el, 'form[part~="filters"]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => server.called('GET /v1/plans').at(-1)!.url.searchParams.get('text') === 'Bahnhof', 'searched');
    const q = server.called('GET /v1/plans').at(-1)!.url.searchParams;
    expect([q.get('stage'), q.get('type')]).to.deep.equal(['in-force', 'FP']);
  });

  it('the search button lines up with the fields on one row', async () => {
    const { el } = await mount();
    el.style.display = 'block';
    el.style.inlineSize = '1100px';
    await el.updateComplete;
    const input = $(el, 'bn-text-field[name="text"]')!.shadowRoot!.querySelector('input')!.getBoundingClientRect();
    const button = $(el, 'form[part~="filters"] button[type="submit"]')!.getBoundingClientRect();
    expect(Math.abs(button.bottom - input.bottom), `button bottom ${button.bottom}, input bottom ${input.bottom}`).to.be.below(2);
  });

  it('keyboard only, map never touched: list → plan → area selected from the table → statement sent; axe-clean', async function () {
    this.timeout(30_000);
    const { el, server } = await mount();
    const link = await tabUntil((a) => a.getAttribute('aria-label') === 'Plan ansehen: Wohnen am Mühlenteich', 'the plan link');
    expect(link.tagName).to.equal('A');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'plan shown', { timeout: 5000 });
    expect(location.hash).to.equal(`#bn-plan=${OPEN_ID}`);
    expect(deepActive()?.textContent).to.contain('Wohnen am Mühlenteich');
    expect(text(el)).to.contain('Der Plan gilt für eine Fläche von 4,5 ha in Beispielstadt.');
    expect(text(el)).to.contain('Begründung');
    expect(text(el)).to.contain('Begründung PDF · 120,6 kB');
    await tabUntil((a) => a.getAttribute('aria-label') === 'Auf der Karte zeigen: WA – Allgemeines Wohngebiet', 'the WA row');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => /Ausgewählt: WA – Allgemeines Wohngebiet/.test(text(el)), 'selection announced');
    const status = [...el.shadowRoot!.querySelectorAll('[role="status"]')].map((s) => s.textContent).join(' ');
    expect(status).to.contain('GRZ 0,4');
    expect(status).to.contain('GFZ 0,8');
    expect(status).to.contain('Vollgeschosse 2');
    expect(status).to.contain('offene Bauweise');
    expect(el.shadowRoot!.querySelector('tr.selected')?.getAttribute('data-id')).to.equal('wa');
    await expectAccessible(el);
    // The statement form, by keyboard and accessible names.
    await tabUntil((a) => a.tagName === 'TEXTAREA', 'the statement field');
    await sendKeys({ type: 'Bitte die alten Eichen am Teich erhalten.' });
    await tabUntil(
      (a) => a.tagName === 'INPUT' && (a as HTMLInputElement).type === 'checkbox' && /keine anderen Personen/.test((a.getRootNode() as ShadowRoot).host.textContent ?? ''),
      'no other persons',
    );
    await sendKeys({ press: 'Space' });
    await tabUntil((a) => a.tagName === 'INPUT' && (a as HTMLInputElement).type === 'checkbox' && /Datenschutzhinweise/.test((a.getRootNode() as ShadowRoot).host.textContent ?? ''), 'consent');
    await sendKeys({ press: 'Space' });
    await tabUntil((a) => a.tagName === 'BUTTON' && a.textContent!.trim() === 'Stellungnahme senden', 'submit');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => server.called(`POST /v1/plans/${OPEN_ID}/statements`).length, 'sent', { timeout: 8000 });
    const call = server.called(`POST /v1/plans/${OPEN_ID}/statements`)[0]!;
    expect(call.body).to.include({ text: 'Bitte die alten Eichen am Teich erhalten.', consent: true, noOtherPersons: true, point: null });
    expect(call.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(call.headers['x-altcha']).to.be.a('string');
    await waitUntil(() => /ST-7K3M-9QXP/.test(text(el)), 'receipt');
    expect(deepActive()?.textContent).to.contain('Vielen Dank');
    await expectAccessible(el);
  });

  it('names the missing text and consent before sending anything', async () => {
    const { el, server } = await mount();
    location.hash = `bn-plan=${OPEN_ID}`;
    await waitUntil(() => el.shadowRoot!.querySelector('section[part~="statement"] button.primary'), 'form', { timeout: 5000 });
    $(el, 'section[part~="statement"] button.primary').click();
    await waitUntil(() => el.shadowRoot!.querySelector('bn-error-summary')?.shadowRoot?.textContent?.includes('Datenschutzhinweisen'), 'summary');
    expect(el.shadowRoot!.querySelector('bn-error-summary')!.shadowRoot!.textContent).to.contain('Bitte schreiben Sie Ihre Stellungnahme.');
    expect(server.called(`POST /v1/plans/${OPEN_ID}/statements`)).to.have.length(0);
  });

  it('opens a plan from its permanent link; after the deadline the documents stay and no form is offered', async () => {
    history.replaceState(null, '', `#bn-plan=${CLOSED_ID}`);
    const server = plansServer();
    const tenant = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${server.client()}><bn-plan-viewer></bn-plan-viewer></bn-tenant>`);
    const el = tenant.querySelector('bn-plan-viewer') as BnPlanViewer;
    await waitUntil(() => el.shadowRoot?.querySelector('table'), 'plan from the hash', { timeout: 5000 });
    expect(text(el)).to.contain('Frist für Stellungnahmen endete am 5. Februar 2026. Die Unterlagen bleiben einsehbar.');
    expect(el.shadowRoot!.querySelector('section[part~="statement"]')).to.equal(null);
    expect(text(el)).to.contain('Begründung');
    await expectAccessible(el);
  });

  it('shows the plan its page names with plan-id; an address naming another plan wins', async () => {
    const server = plansServer();
    const tenant = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${server.client()}><bn-plan-viewer plan-id=${CLOSED_ID}></bn-plan-viewer></bn-tenant>`);
    const el = tenant.querySelector('bn-plan-viewer') as BnPlanViewer;
    await waitUntil(() => el.shadowRoot?.querySelector('table'), 'the plan of the attribute', { timeout: 5000 });
    expect(el.planId).to.equal(CLOSED_ID);
    expect(el.shadowRoot!.querySelector('[part~="item"]')).to.equal(null);
    history.replaceState(null, '', `#bn-plan=${OPEN_ID}`);
    const server2 = plansServer();
    const other = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${server2.client()}><bn-plan-viewer plan-id=${CLOSED_ID}></bn-plan-viewer></bn-tenant>`);
    const viewer = other.querySelector('bn-plan-viewer') as BnPlanViewer;
    await waitUntil(() => viewer.shadowRoot?.querySelector('section[part~="statement"]'), 'the plan of the address', { timeout: 5000 });
    expect(viewer.planId).to.equal(OPEN_ID);
  });

  it('tells a closed period from the server (PARTICIPATION_CLOSED) and keeps the text', async () => {
    const server = plansServer();
    server.on('POST /v1/plans/:id/statements', () => problem(409, 'PARTICIPATION_CLOSED'));
    const { el } = await mount(server);
    location.hash = `bn-plan=${OPEN_ID}`;
    await waitUntil(() => el.shadowRoot!.querySelector('bn-textarea[name="text"]'), 'form', { timeout: 5000 });
    const area = $(el, 'bn-textarea[name="text"]') as HTMLElement & { value: string };
    area.value = 'Zu spät?';
    area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const consent = $(el, 'bn-checkbox[name="consent"]') as HTMLElement & { checked: boolean };
    consent.checked = true;
    consent.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    $(el, 'section[part~="statement"] button.primary').click();
    await waitUntil(() => el.shadowRoot!.querySelector('.failure'), 'failure shown', { timeout: 8000 });
    expect($(el, '.failure').textContent).to.contain('Die Frist für Stellungnahmen ist abgelaufen.');
    expect(area.value).to.equal('Zu spät?');
  });

  it('draws the plan on a plain background without a tile server, legend colours with 3:1 contrast against it', async () => {
    const { el } = await mount();
    location.hash = `bn-plan=${OPEN_ID}`;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.leaflet-overlay-pane path').length >= 4, 'outline and areas drawn', { timeout: 8000 });
    const map = $(el, '.map');
    expect(getComputedStyle(map).backgroundColor).to.equal('rgb(245, 245, 240)');
    expect(el.shadowRoot!.querySelectorAll('.leaflet-tile').length).to.equal(0);
    const legend = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="legend"] li[data-color]')];
    expect(legend.map((l) => l.dataset.color)).to.deep.equal([PLAN_COLORS.wohnen, PLAN_COLORS.gruen, PLAN_COLORS.verkehr]);
    for (const [key, color] of Object.entries(PLAN_COLORS)) {
      expect(contrast(color, PLAIN_BACKGROUND), `${key} ${color}`).to.be.at.least(3);
    }
    // The swatch really shows the colour (set through CSSOM: no inline style attribute for a strict CSP).
    const swatch = legend[0]!.querySelector<HTMLElement>('.swatch')!;
    expect(getComputedStyle(swatch).borderTopColor).to.equal('rgb(198, 40, 40)');
    // A click on an area selects it like the table does.
    const path = [...el.shadowRoot!.querySelectorAll<SVGPathElement>('.leaflet-overlay-pane path.leaflet-interactive')][0]!;
    path.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 1, clientY: 1 }));
    await waitUntil(() => el.shadowRoot!.querySelector('tr.selected'), 'selected by click');
    // A point for the statement: the button, then a click into the map.
    const pickButton = () => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Punkt auf der Karte setzen');
    await waitUntil(pickButton, 'pick button');
    pickButton()!.click();
    await waitUntil(() => /Klicken Sie jetzt in die Karte/.test(text(el)), 'picking');
    const box = map.getBoundingClientRect();
    map.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 }));
    await waitUntil(() => /Punkt gesetzt \(51\.\d+, 9\.\d+\)/.test(text(el)), 'point set');
  });

  it('speaks English', async () => {
    const { el } = await mount(plansServer(), 'en');
    expect(text(el)).to.contain('3 plans');
    expect(text(el)).to.contain('Open for comments now');
    await expectAccessible(el);
  });
});
