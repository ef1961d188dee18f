// A citizen's text with a right-to-left override must not reorder what is shown after it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { render } from 'lit';
import '../../../widgets/tips/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { renderDuplicates } from '../../../widgets/tips/form-after.ts';
import type { BnConsoleTips } from '../../../widgets/tips/console-section.ts';
import type { BnTipList } from '../../../widgets/tips/tip-list.ts';
import type { BnTipStatus } from '../../../widgets/tips/tip-status.ts';
import type { StaffTip } from '../../../backend/tips/schema.ts';
import { guardConsole } from '../helpers.ts';
import { boxOf, expectIsolated, hostile, RLO } from '../bidi.ts';
import { FakeTipsServer, json, statusView, tip, TOKEN } from './fake-api.ts';
import { DEFAULT_SETTINGS_FOR_TESTS, staffTip } from './staff-fixtures.ts';
import { $, mount } from './helpers.ts';

guardConsole();

/** Every citizen- or staff-supplied text field of a public tip made hostile. */
const hostileTip = () =>
  tip({
    description: hostile('Schlagloch'),
    location: { lat: 51.5001, lng: 9.9001, address: hostile('Dorfstraße 12') },
    publicAnswer: hostile('Antwort'),
  });

/** The same for the staff view: contact, answers, history, assignee, forward. */
const hostileStaffTip = (): StaffTip =>
  staffTip({
    description: hostile('Laterne'),
    location: { lat: 51.5, lng: 9.9, address: hostile('Am Markt 3') },
    publicAnswer: hostile('Antwort'),
    contact: { name: hostile('Erika'), email: `erika${RLO}@example.org` },
    answers: { mastnummer: hostile('M-17') },
    assignee: { id: 'key_AAAAAAAAAAAAAAAA', label: hostile('Frau Petersen') },
    forwardedFrom: { slug: 'musterkreis', name: hostile('Landkreis') },
    events: [
      { id: 'e1', at: '2026-05-06T10:00:00Z', actor: 'citizen', actorLabel: null, type: 'created', status: 'new', text: hostile('Grund'), public: true },
      { id: 'e2', at: '2026-05-06T11:00:00Z', actor: 'key_AAAAAAAAAAAAAAAA', actorLabel: hostile('Frau Petersen'), type: 'note', status: null, text: hostile('Notiz'), public: false },
    ],
  });

async function mountConsole(t: StaffTip) {
  const server = new FakeTipsServer();
  server.on('GET /v1/staff/tips/settings', () => json(DEFAULT_SETTINGS_FOR_TESTS));
  server.on('GET /v1/staff/tips/assignees', () => json({ items: [{ id: 'key_AAAAAAAAAAAAAAAA', label: hostile('Frau Petersen') }] }));
  server.on('GET /v1/staff/tips', () => json({ items: [t], counts: { new: 1, acknowledged: 0, in_progress: 0, resolved: 0, rejected: 0 }, total: 1, page: 1, pageSize: 20 }));
  server.on('GET /v1/staff/tips/filters', () => json({ items: [] }));
  server.on('GET /v1/staff/tips/forward-targets', () => json({ items: [{ slug: 'musterkreis', name: hostile('Landkreis') }] }));
  server.on('GET /v1/staff/tips/:ref', () => json(t));
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-tips') as BnConsoleTips;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('tbody tr'), 'inbox row', { timeout: 5000 });
  return el;
}

async function openDetail(el: BnConsoleTips) {
  $(el, 'button[data-ref]').click();
  await waitUntil(() => $(el, 'bn-console-tip-detail')?.shadowRoot?.querySelector('article'), 'detail', { timeout: 5000 });
  const detail = $(el, 'bn-console-tip-detail');
  // The assignee select is filled once its list has loaded.
  await waitUntil(() => [...detail.shadowRoot!.querySelectorAll('bn-select')].some((s) => s.shadowRoot?.textContent?.includes('Frau Petersen')), 'assignees');
  return detail;
}

describe('bidirectional text from citizens and staff', () => {
  // An opened tip puts its reference in the address (#tips/REF); the next test starts clean.
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('keeps the coordinates after an address with a right-to-left override in reading order (console detail)', async () => {
    const t = staffTip({ location: { lat: 51.5, lng: 9.9, address: `Am Markt 3${RLO} Hinterhof` } });
    const detail = await openDetail(await mountConsole(t));
    const place = [...detail.shadowRoot!.querySelectorAll('p')].find((p) => p.textContent!.includes('Am Markt 3'))!;
    expect(place.querySelector('bdi')?.textContent).to.equal(`Am Markt 3${RLO} Hinterhof`);
    const coords = place.querySelector('span.muted')!;
    // "(Koordinaten: 51.5, 9.9)": the latitude stays left of the longitude, both right of the address.
    expect(boxOf(coords, '51.5').left).to.be.below(boxOf(coords, '9.9').left);
    expect(boxOf(coords, '(').left).to.be.at.least(boxOf(place, 'Am Markt').right);
  });

  it('keeps the text after a hostile address in order in the duplicates offer', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    render(
      renderDuplicates({
        locale: 'de',
        items: [tip({ distance: 12, location: { lat: 51.5, lng: 9.9, address: `Dorfstraße 12${RLO} Hof` } })],
        categoryLabel: (id) => id,
        busyRef: '',
        onSupport: () => {},
        onDismiss: () => {},
      }),
      host,
    );
    const line = host.querySelector('p.muted')!;
    expect(line.querySelector('bdi')?.textContent).to.equal(`Dorfstraße 12${RLO} Hof`);
    // "etwa 10 m entfernt · Dorfstraße 12… · 2 Unterstützungen": the support count stays last.
    expect(boxOf(line, 'Unterstützung').left).to.be.at.least(boxOf(line, 'Dorfstra').right);
    expect(boxOf(line, 'etwa').left).to.be.below(boxOf(line, 'Dorfstra').left);
  });

  it('keeps the ellipsis after a hostile description in the compact public list', async () => {
    const server = new FakeTipsServer();
    const long = `${'Tiefes Schlagloch '.repeat(5)}${RLO}${'x'.repeat(60)}`;
    server.on('GET /v1/tips', () => json({ items: [tip({ description: long })], total: 1, page: 1, pageSize: 3 }));
    const { el } = await mount<BnTipList>('bn-tip-list', server, { attrs: { compact: '' } });
    const p = [...el.shadowRoot!.querySelectorAll('[part~="item"] p')].find((x) => x.textContent!.includes('Tiefes'))!;
    expect(p.querySelector('bdi')).to.exist;
    // The ellipsis is the last thing on its line: right of every other glyph on that line.
    const dots = boxOf(p, '…');
    const xs = boxOf(p, 'xxxxxxxx');
    if (Math.abs(xs.top - dots.top) < 2) expect(dots.left).to.be.at.least(xs.right - 0.5);
    else expect(dots.top).to.be.above(xs.top);
  });

  it('isolates every text field in the public list', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips', () => json({ items: [hostileTip()], total: 1, page: 1, pageSize: 10 }));
    const { el } = await mount<BnTipList>('bn-tip-list', server);
    expectIsolated(el, 3);
  });

  it('isolates every text field in the status view', async () => {
    const server = new FakeTipsServer();
    server.on('GET /v1/tips/status', () =>
      json(
        statusView({
          ...hostileTip(),
          status: 'resolved',
          tenant: { slug: 'beispielstadt', name: hostile('Gemeinde') },
          history: [{ at: '2026-05-06T08:00:00Z', type: 'status', status: 'resolved', text: hostile('Verfüllt') }],
        }),
      ),
    );
    const { el } = await mount<BnTipStatus>('bn-tip-status', server, { attrs: { ref: 'BT-2026-00007', token: TOKEN }, ready: 'article' });
    expectIsolated(el, 4); // tenant, description, answer, history text
  });

  it('isolates every text field in the duplicates offer', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    render(renderDuplicates({ locale: 'de', items: [hostileTip()], categoryLabel: (id) => id, busyRef: '', onSupport: () => {}, onDismiss: () => {} }), host);
    expectIsolated(host, 2);
  });

  it('isolates every text field in the staff inbox and the tip detail', async () => {
    const t = hostileStaffTip();
    const el = await mountConsole(t);
    expectIsolated(el, 2); // address, assignee
    const detail = await openDetail(el);
    // description (twice: text and publish textarea value is a property, not DOM), address,
    // contact name and e-mail, answer, forwarded from, two event texts, one actor, assignee option.
    expectIsolated(detail, 10);
  });
});
