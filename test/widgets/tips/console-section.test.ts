import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/tips/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleTips } from '../../../widgets/tips/console-section.ts';
import type { StaffTip } from '../../../backend/tips/schema.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { FakeTipsServer, json } from './fake-api.ts';
import { DEFAULT_SETTINGS_FOR_TESTS, staffTip } from './staff-fixtures.ts';
import { $, text } from './helpers.ts';

guardConsole();

function staffServer(tip: StaffTip = staffTip()) {
  const server = new FakeTipsServer();
  let current = tip;
  server.on('GET /v1/staff/tips/settings', () => json(DEFAULT_SETTINGS_FOR_TESTS));
  server.on('GET /v1/staff/tips/assignees', () => json({ items: [{ id: 'key_AAAAAAAAAAAAAAAA', label: 'Frau Petersen' }] }));
  server.on('GET /v1/staff/tips', () => json({ items: [current], counts: { new: 1, acknowledged: 0, in_progress: 0, resolved: 0, rejected: 0 }, total: 1, page: 1, pageSize: 20 }));
  server.on('GET /v1/staff/tips/filters', () => json({ items: [] }));
  server.on('GET /v1/staff/tips/forward-targets', () => json({ items: [{ slug: 'musterkreis', name: 'Landkreis Musterkreis' }] }));
  server.on('GET /v1/staff/tips/export.csv', () => new Response('\uFEFFAktenzeichen;Stand\r\nBT-2026-00042;new\r\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } }));
  server.on('GET /v1/staff/tips/:ref', () => json(current));
  server.on('PATCH /v1/staff/tips/:ref', (c) => {
    const b = c.body as Record<string, unknown>;
    current = {
      ...current,
      ...(b.status ? { status: b.status as StaffTip['status'] } : {}),
      ...('publicAnswer' in b ? { publicAnswer: b.publicAnswer as string } : {}),
      ...('published' in b ? { published: b.published as boolean } : {}),
    };
    return json(current);
  });
  server.on('POST /v1/staff/tips/:ref/notes', (c) => {
    current = {
      ...current,
      events: [
        ...current.events,
        { id: 'e9', at: '2026-05-06T12:00:00Z', actor: 'key_AAAAAAAAAAAAAAAA', actorLabel: 'Frau Petersen', type: 'note', status: null, text: (c.body as { text: string }).text, public: false },
      ],
    };
    return json(current, 201);
  });
  server.on('POST /v1/staff/tips/:ref/forward', () => json({ ref: current.ref, tenant: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } }));
  return server;
}

async function mountInbox(server: FakeTipsServer = staffServer(), lang = 'de') {
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-tips') as BnConsoleTips;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table'), 'inbox table', { timeout: 5000 });
  return { el, server };
}

async function openDetail(el: BnConsoleTips) {
  $(el, 'button[data-ref]').click();
  await waitUntil(() => $(el, 'bn-console-tip-detail')?.shadowRoot?.querySelector('article'), 'detail', { timeout: 5000 });
  const detail = $(el, 'bn-console-tip-detail');
  await waitUntil(() => detail.shadowRoot!.activeElement?.id === 'detail-title', 'focus on the title');
  return detail;
}

const button = (root: Element, label: string) => [...root.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;
const field = (root: Element, label: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLElement & { label: string; value: string }>('bn-select, bn-textarea, bn-text-field')].find((f) => f.label === label)!;
async function setField(root: Element, label: string, value: string) {
  const f = field(root, label);
  f.value = value;
  f.dispatchEvent(new Event(f.localName === 'bn-select' ? 'change' : 'input', { bubbles: true, composed: true }));
  await (root as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

describe('<bn-console-tips>', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('is accessible and lists the inbox with the staff key as Bearer', async () => {
    const { el, server } = await mountInbox();
    expect(text(el)).to.contain('BT-2026-00042');
    expect(text(el)).to.contain('Frau Petersen');
    const call = server.called('GET /v1/staff/tips')[0];
    if (!call) throw new Error('call missing');
    expect(call.headers.authorization).to.equal('Bearer bn_sk_test');
    expect(call.url.searchParams.get('sort')).to.equal('-created');
    await expectAccessible(el);
  });

  it('filters by status tab and full text', async () => {
    const { el, server } = await mountInbox();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')].find((b) => b.textContent!.includes('Neu'))!.click();
    await waitUntil(() => server.called('GET /v1/staff/tips').length === 2, 'reloaded');
    await setField(el, 'Suche', 'Laterne');
    button(el, 'Filter anwenden').click();
    await waitUntil(() => server.called('GET /v1/staff/tips').length === 3, 'reloaded');
    const q = server.called('GET /v1/staff/tips')[2]!.url.searchParams;
    expect(q.get('status')).to.equal('new');
    expect(q.get('q')).to.equal('Laterne');
    expect(q.get('page')).to.equal('1');
  });

  it('exports CSV with the BOM for German Excel', async () => {
    const { el, server } = await mountInbox();
    const clicked: HTMLAnchorElement[] = [];
    const orig = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      $(el, '[part~="export"]').click();
      await waitUntil(() => clicked.length === 1, 'download');
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
    expect(clicked[0]!.download).to.match(/^buergertipps-\d{4}-\d{2}-\d{2}\.csv$/);
    const body = new Uint8Array(await (await fetch(clicked[0]!.href)).arrayBuffer());
    expect([...body.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(server.called('GET /v1/staff/tips/export.csv')![0]!.headers.authorization).to.equal('Bearer bn_sk_test');
  });

  it('opens a tip with contact, history and a map, accessible', async () => {
    const { el } = await mountInbox();
    const detail = await openDetail(el);
    expect(text(detail)).to.contain('erika@example.org');
    expect(text(detail)).to.contain('Bauhof anrufen'); // the internal note
    expect(text(detail)).to.contain('intern');
    await waitUntil(() => detail.shadowRoot!.querySelector('.leaflet-marker-icon'), 'pin on the map', { timeout: 5000 });
    await expectAccessible(detail);
  });

  it('needs a reason to reject, then saves status, reason and answer', async () => {
    const { el, server } = await mountInbox();
    const detail = await openDetail(el);
    await setField(detail, 'Neuer Stand', 'rejected');
    button(detail, 'Speichern').click();
    const reason = () => field(detail, 'Begründung (für die Bürgerin oder den Bürger sichtbar)') as unknown as { error: string };
    await waitUntil(() => reason().error === 'Bei einer Ablehnung ist eine Begründung nötig.', 'reason error');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')).to.have.length(0);
    await setField(detail, 'Begründung (für die Bürgerin oder den Bürger sichtbar)', 'Privatgrundstück');
    button(detail, 'Speichern').click();
    await waitUntil(() => server.called('PATCH /v1/staff/tips/BT-2026-00042').length === 1, 'saved');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')![0]!.body).to.deep.equal({ status: 'rejected', reason: 'Privatgrundstück' });
    await waitUntil(() => detail.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes('Gespeichert'), 'announced');
  });

  it('answers with a template, publishes with a moderated text, adds an internal note', async () => {
    const { el, server } = await mountInbox();
    const detail = await openDetail(el);
    await setField(detail, 'Neuer Stand', 'acknowledged');
    await setField(detail, 'Textvorlage', 'eingang');
    button(detail, 'Speichern').click();
    await waitUntil(() => server.called('PATCH /v1/staff/tips/BT-2026-00042').length === 1, 'saved');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')[0]!.body).to.deep.equal({ status: 'acknowledged', publicAnswer: 'Vielen Dank für Ihre Meldung.' });
    await waitUntil(() => detail.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes('Die Antwort wurde gesendet.'), 'announced');
    await setField(detail, 'Öffentlicher Text', 'Laterne defekt.');
    button(detail, 'Veröffentlichen').click();
    await waitUntil(() => server.called('PATCH /v1/staff/tips/BT-2026-00042').length === 2, 'published');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')![1]!.body).to.deep.equal({ published: true, description: 'Laterne defekt.' });
    await waitUntil(() => button(detail, 'Nicht mehr veröffentlichen'), 'unpublish offered');
    await setField(detail, 'Notiz (nie öffentlich)', 'Rückruf erledigt');
    button(detail, 'Notiz speichern').click();
    await waitUntil(() => text(detail).includes('Rückruf erledigt'), 'note in history');
  });

  it('forwards within the community and returns to the inbox', async () => {
    const { el, server } = await mountInbox();
    const detail = await openDetail(el);
    await waitUntil(() => field(detail, 'Ziel') && (field(detail, 'Ziel') as unknown as { options: unknown[] }).options.length === 1, 'targets listed');
    await setField(detail, 'Ziel', 'musterkreis');
    button(detail, 'Weiterleiten').click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'back to the inbox', { timeout: 5000 });
    expect(server.called('POST /v1/staff/tips/BT-2026-00042/forward')![0]!.body).to.deep.equal({ tenant: 'musterkreis' });
  });
});
