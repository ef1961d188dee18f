import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BnTipList } from '../../../widgets/tips/tip-list.ts';
import type { BnTipStatus } from '../../../widgets/tips/tip-status.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { FakeTipsServer, json, problem, statusView, tip, TOKEN } from './fake-api.ts';
import { $, deepActive, mount, tabUntil, text } from './helpers.ts';

guardConsole();

const page = (n: number, total: number) =>
  json({ items: Array.from({ length: Math.min(10, total - (n - 1) * 10) }, (_, i) => tip({ ref: `BT-2026-${String((n - 1) * 10 + i + 1).padStart(5, '0')}` })), total, page: n, pageSize: 10 });

describe('<bn-tip-list>', () => {
  it('is accessible and shows status, public answer and no personal data', async () => {
    const { el } = await mount<BnTipList>('bn-tip-list');
    const item = $(el, '[part~="item"]');
    expect(item.textContent).to.contain('In Bearbeitung');
    expect($(el, '[part~="answer"]').textContent).to.contain('Der Bauhof ist informiert');
    expect(item.textContent).to.contain('Straße und Schlaglöcher');
    expect(text(el)).to.contain('1 Anliegen');
    await expectAccessible(el);
  });

  it('filters by kind, topic and status and starts again at page 1', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips', (c) => page(Number(c.url.searchParams.get('page') ?? 1), 25));
    const { el } = await mount<BnTipList>('bn-tip-list', server);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="pager"]'), 'pager');
    expect($(el, '[part~="pager"]').textContent).to.contain('Seite 1 von 3');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="pager"] button')]![1]!.click();
    await waitUntil(() => server.called('GET /v1/tips').at(-1)!.url.searchParams.get('page') === '2', 'page 2 requested');
    const status = el.shadowRoot!.querySelectorAll('bn-select')[2] as HTMLElement & { value: string };
    status.value = 'resolved';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => server.called('GET /v1/tips').at(-1)!.url.searchParams.get('status') === 'resolved', 'filtered');
    const last = server.called('GET /v1/tips').at(-1)!.url.searchParams;
    expect(last.get('page')).to.equal('1');
    expect(last.get('key')).to.equal('bn_pk_test');
  });

  it('says so when nothing is published', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips', () => json({ items: [], total: 0, page: 1, pageSize: 10 }));
    const { el } = await mount<BnTipList>('bn-tip-list', server, { ready: '[part~="base"] p:not([role])' });
    expect(text(el)).to.contain('Noch nichts veröffentlicht.');
    await expectAccessible(el);
  });

  it('switches to a map with a marker per located tip, selectable by keyboard', async () => {
    const { el } = await mount<BnTipList>('bn-tip-list');
    const mapButton = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Karte')!;
    mapButton.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.leaflet-marker-icon'), 'marker', { timeout: 5000 });
    expect(mapButton.getAttribute('aria-pressed')).to.equal('true');
    const marker = el.shadowRoot!.querySelector<HTMLElement>('.leaflet-marker-icon')!;
    expect(marker.getAttribute('title')).to.contain('BT-2026-00007');
    marker.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="item"].selected'), 'selected');
    expect(deepActive()?.getAttribute('data-ref')).to.equal('BT-2026-00007');
    await expectAccessible(el);
  });

  it('opens as a map when asked to, with the markers of the first page', async () => {
    const { el } = await mount<BnTipList>('bn-tip-list', undefined, { attrs: { view: 'map' } });
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.leaflet-marker-icon').length === 1, 'marker', { timeout: 5000 });
  });

  it('is a short teaser when compact', async () => {
    const { el, server } = await mount<BnTipList>('bn-tip-list', undefined, { attrs: { compact: '', limit: '3' } });
    expect(el.shadowRoot!.querySelector('[part~="filters"]')).to.equal(null);
    expect(server.called('GET /v1/tips')![0]!.url.searchParams.get('pageSize')).to.equal('3');
    await expectAccessible(el);
  });
});

describe('<bn-tip-status>', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('is accessible as a lookup form, and finds a tip by reference and code typed by keyboard', async () => {
    const { el, server } = await mount<BnTipStatus>('bn-tip-status');
    await expectAccessible(el);
    await tabUntil((a) => a.localName === 'input', 'the reference');
    await sendKeys({ type: 'bt-2026-00007' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: TOKEN });
    await tabUntil((a) => a.localName === 'button', 'the button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('article'), 'status shown');
    const call = server.called('GET /v1/tips/status')[0];
    if (!call) throw new Error('call missing');
    expect(call.url.searchParams.get('ref')).to.equal('BT-2026-00007');
    expect(call.url.searchParams.get('token')).to.equal(TOKEN);
  });

  it('reads the tracking link and shows status, every public answer and the history', async () => {
    history.replaceState(null, '', `${location.pathname}#bn-tip=BT-2026-00007.${TOKEN}`);
    const { el } = await mount<BnTipStatus>('bn-tip-status');
    expect($(el, '[part~="status"]').textContent).to.equal('Erledigt');
    expect($(el, '[part~="answer"]').textContent).to.contain('Das Schlagloch ist verfüllt.');
    const entries = [...el.shadowRoot!.querySelectorAll('[part~="history"] li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(entries).to.have.length(3);
    expect(entries[0]).to.contain('Stand geändert: Erledigt');
    expect(entries[2]).to.contain('Eingegangen');
    await expectAccessible(el);
  });

  it('also takes reference and code from attributes, in English', async () => {
    const { el } = await mount<BnTipStatus>('bn-tip-status', undefined, { lang: 'en', attrs: { ref: 'BT-2026-00007', token: TOKEN } });
    expect($(el, '[part~="status"]').textContent).to.equal('Resolved');
    expect(text(el)).to.contain('History');
  });

  it('says when reference and code do not match', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips/status', () => problem(404, 'NOT_FOUND'));
    const { el } = await mount<BnTipStatus>('bn-tip-status', server, { attrs: { ref: 'BT-2026-00099', token: TOKEN }, ready: '[role="alert"]' });
    expect(text(el)).to.contain('Kein Anliegen mit diesem Aktenzeichen');
    await expectAccessible(el);
  });

  it('lets the citizen re-open a resolved tip with a reason', async () => {
    const server = new FakeTipsServer();
    server.on('POST /v1/tips/status/reopen', () => json(statusView({ status: 'in_progress', canReopen: false })));
    const { el } = await mount<BnTipStatus>('bn-tip-status', server, { attrs: { ref: 'BT-2026-00007', token: TOKEN } });
    const reason = $(el, '[name="reason"]') as HTMLElement & { value: string };
    $(el, '[part~="reopen"] button').click();
    await el.updateComplete;
    expect((reason as unknown as { error: string }).error).to.equal('Bitte füllen Sie dieses Feld aus.');
    reason.value = 'Das Loch ist wieder da.';
    reason.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    $(el, '[part~="reopen"] button').click();
    await waitUntil(() => server.called('POST /v1/tips/status/reopen').length === 1, 'sent', { timeout: 5000 });
    const call = server.called('POST /v1/tips/status/reopen')[0];
    if (!call) throw new Error('call missing');
    expect(call.body).to.deep.equal({ ref: 'BT-2026-00007', token: TOKEN, reason: 'Das Loch ist wieder da.' });
    expect(call.headers['idempotency-key']).to.be.a('string');
    expect(call.headers['x-altcha']).to.be.a('string');
    await waitUntil(() => text(el).includes('Wieder geöffnet'), 'confirmation');
    expect($(el, '[part~="status"]').textContent).to.equal('In Bearbeitung');
    expect(el.shadowRoot!.querySelector('[part~="reopen"]')).to.equal(null);
    await expectAccessible(el);
  });
});
