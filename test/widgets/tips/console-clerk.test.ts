// Issue 13 items 11, 12, 14 and 15 in Chromium: the inbox for 300 tips a week (mine, idle,
// counts, saved filters, bulk, map, next/previous, shortcuts), forwarding from a list with
// errors in the console's language, English category names, an answer shown as sent.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/tips/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleTips } from '../../../widgets/tips/console-section.ts';
import type { StaffTip } from '../../../backend/tips/schema.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { json, problem } from './fake-api.ts';
import { inboxRows, staffTip } from './staff-fixtures.ts';
import { StaffTipsServer } from './staff-server.ts';
import { $, deepActive, text } from './helpers.ts';

guardConsole();

async function mount(server: StaffTipsServer, lang = 'de') {
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-tips') as BnConsoleTips;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table tbody tr'), 'inbox table', { timeout: 5000 });
  return el;
}

const buttons = (root: Element) => [...root.shadowRoot!.querySelectorAll('button')];
const button = (root: Element, label: string | RegExp) => buttons(root).find((b) => (typeof label === 'string' ? b.textContent!.replace(/\s+/g, ' ').trim() === label : label.test(b.textContent!)))!;
/** A native control by its label's text. */
function control<T extends HTMLElement>(root: Element, label: string): T {
  const l = [...root.shadowRoot!.querySelectorAll('label')].find((x) => x.textContent!.replace(/\s+/g, ' ').trim().startsWith(label));
  if (!l) throw new Error(`no label "${label}"`);
  return (l.control ?? l.querySelector('input, select')) as T;
}
async function choose(root: Element, label: string, value: string) {
  const s = control<HTMLSelectElement>(root, label);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await (root as BnConsoleTips).updateComplete;
}
const lastQuery = (s: StaffTipsServer) => s.called('GET /v1/staff/tips').at(-1)!.url.searchParams;

describe('<bn-console-tips> for many tips', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('is accessible with tabs, quick filters, saved filters, selection and shortcuts', async () => {
    const el = await mount(new StaffTipsServer(inboxRows(25)));
    el.shadowRoot!.querySelector<HTMLInputElement>('tbody input[type=checkbox]')!.click();
    await el.updateComplete;
    await expectAccessible(el);
  });

  it('shows counts per status on the tabs; "mine" and "idle for more than N days" filter at once', async () => {
    const server = new StaffTipsServer(inboxRows(25));
    const el = await mount(server);
    const tabs = $(el, '[part~="tabs"]').textContent!.replace(/\s+/g, ' ');
    expect(tabs).to.contain('Alle (25)');
    expect(tabs).to.contain('Neu (5)');
    expect(tabs).to.contain('In Bearbeitung (5)');
    control<HTMLInputElement>(el, 'Mir zugewiesen').click();
    await waitUntil(() => lastQuery(server).get('assignee') === 'me', 'mine');
    await choose(el, 'Unbearbeitet seit', '7');
    await waitUntil(() => lastQuery(server).get('idleDays') === '7', 'idle');
    expect(lastQuery(server).get('assignee'), 'keeps the other filter').to.equal('me');
    expect([...control<HTMLSelectElement>(el, 'Unbearbeitet seit').options].map((o) => o.textContent!.trim())).to.deep.equal([
      'beliebig',
      'mehr als 3 Tagen',
      'mehr als 7 Tagen',
      'mehr als 14 Tagen',
      'mehr als 30 Tagen',
    ]);
  });

  it('saves the current filter for the person, applies and deletes it', async () => {
    const server = new StaffTipsServer(inboxRows(5));
    const el = await mount(server);
    control<HTMLInputElement>(el, 'Mir zugewiesen').click();
    await waitUntil(() => lastQuery(server).get('assignee') === 'me', 'mine');
    el.shadowRoot!.querySelector<HTMLElement>('[part~="saved"] summary')!.click();
    button(el, 'Filter speichern').click();
    await waitUntil(() => text(el).includes('Bitte geben Sie dem Filter einen Namen.'), 'name needed');
    const name = control<HTMLInputElement>(el, 'Name für den aktuellen Filter');
    name.value = 'Meine';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    button(el, 'Filter speichern').click();
    await waitUntil(() => server.called('POST /v1/staff/tips/filters').length === 1, 'saved');
    expect(server.called('POST /v1/staff/tips/filters')[0]!.body).to.deep.equal({ name: 'Meine', query: { sort: '-created', assignee: 'me' } });
    await waitUntil(() => [...control<HTMLSelectElement>(el, 'Gespeicherte Filter').options].some((o) => o.textContent!.includes('Meine')), 'listed');
    // Back to all, then the saved filter again.
    control<HTMLInputElement>(el, 'Mir zugewiesen').click();
    await waitUntil(() => !lastQuery(server).get('assignee'), 'all again');
    await choose(el, 'Gespeicherte Filter', server.filters[0]!.id);
    await waitUntil(() => lastQuery(server).get('assignee') === 'me', 'applied');
    const id = server.filters[0]!.id;
    button(el, 'Gewählten Filter löschen').click();
    await waitUntil(() => server.filters.length === 0, 'deleted');
    expect(server.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).to.deep.equal([`/v1/staff/tips/filters/${id}`]);
  });

  it('bulk: status, assignee and publishing for a selection in one request; a partial failure in words', async () => {
    const rows = inboxRows(5);
    rows[1]!.status = 'resolved';
    const server = new StaffTipsServer(rows);
    const el = await mount(server);
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]')];
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    expect($(el, '[part~="bulk"]').textContent).to.contain('2 Anliegen ausgewählt');
    button(el, 'Auf die Auswahl anwenden').click();
    await waitUntil(() => text(el).includes('Bitte wählen Sie mindestens eine Änderung.'), 'nothing chosen');
    await choose(el, 'Stand setzen', 'in_progress');
    await choose(el, 'Zuständig', 'user:00000000-0000-4000-8000-000000000009');
    await choose(el, 'Veröffentlichung', 'true');
    button(el, 'Auf die Auswahl anwenden').click();
    await waitUntil(() => server.called('POST /v1/staff/tips/bulk').length === 1, 'one request');
    expect(server.called('POST /v1/staff/tips/bulk')[0]!.body).to.deep.equal({
      refs: [rows[0]!.ref, rows[1]!.ref],
      status: 'in_progress',
      published: true,
      assignee: 'user:00000000-0000-4000-8000-000000000009',
    });
    await waitUntil(() => text(el).includes('1 Anliegen geändert.'), 'done');
    const bulk = $(el, '[part~="bulk"]').textContent!.replace(/\s+/g, ' ');
    expect(bulk).to.contain('1 Anliegen nicht geändert:');
    expect(bulk).to.contain(`${rows[1]!.ref}: dieser Stand ist von seinem jetzigen Stand aus nicht möglich`);
    expect(bulk).not.to.contain('resolved');
    expect(bulk, 'the failed one stays selected').to.contain('1 Anliegen ausgewählt');
  });

  it('shows the inbox on a map without any tile server; a marker opens the tip', async () => {
    const server = new StaffTipsServer(inboxRows(6));
    const el = await mount(server);
    const requested: string[] = [];
    const obs = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) requested.push(e.name);
    });
    obs.observe({ type: 'resource', buffered: false });
    button(el, 'Karte').click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.leaflet-marker-icon').length === 6, 'six pins', { timeout: 8000 });
    expect(text(el)).to.contain('6 Anliegen mit Ort auf der Karte.');
    expect(el.shadowRoot!.querySelector('.leaflet-tile'), 'no tiles').to.equal(null);
    obs.disconnect();
    expect(
      requested.filter((u) => !u.startsWith(location.origin)),
      'nothing from another server',
    ).to.deep.equal([]);
    const marker = el.shadowRoot!.querySelector<HTMLElement>('.leaflet-marker-icon')!;
    marker.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'bn-console-tip-detail'), 'detail');
    expect(location.hash).to.match(/^#tips\/BT-2026-\d+$/);
  });

  it('steps to the next and previous tip in the detail, across the page end', async () => {
    const server = new StaffTipsServer(inboxRows(22));
    const el = await mount(server);
    button(el, 'BT-2026-01019').click();
    const detail = () => $(el, 'bn-console-tip-detail');
    await waitUntil(() => detail()?.shadowRoot?.querySelector('#detail-title')?.textContent === 'BT-2026-01019', 'tip 20');
    expect(text(detail())).to.contain('Anliegen 20 von 22');
    button(detail(), 'Nächstes Anliegen').click();
    await waitUntil(() => detail().shadowRoot!.querySelector('#detail-title')?.textContent === 'BT-2026-01020', 'tip 21 on page 2', { timeout: 5000 });
    expect(lastQuery(server).get('page')).to.equal('2');
    button(detail(), 'Vorheriges Anliegen').click();
    await waitUntil(() => detail().shadowRoot!.querySelector('#detail-title')?.textContent === 'BT-2026-01019', 'back on page 1', { timeout: 5000 });
    // The keyboard: j is next, Esc goes back to the list with the tip focused.
    await sendKeys({ press: 'j' });
    await waitUntil(() => detail().shadowRoot!.querySelector('#detail-title')?.textContent === 'BT-2026-01020', 'j', { timeout: 5000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => deepActive()?.getAttribute('data-ref') === 'BT-2026-01020', 'focus on the row', { timeout: 5000 });
  });

  it('lists its keyboard shortcuts and ignores them while typing', async () => {
    const server = new StaffTipsServer(inboxRows(5));
    const el = await mount(server);
    const help = $(el, '[part~="shortcuts"]') as HTMLDetailsElement;
    expect(help.open).to.equal(false);
    button(el, 'BT-2026-01000').focus();
    await sendKeys({ press: '?' });
    expect(help.open).to.equal(true);
    const listed = [...help.querySelectorAll('dt')].map((dt) => `${dt.textContent!.trim()} ${dt.nextElementSibling!.textContent!.trim()}`).join(' | ') + help.querySelector('p')!.textContent;
    for (const want of [
      'j Nächstes Anliegen',
      'k Vorheriges Anliegen',
      'x Anliegen auswählen',
      '/ Zur Suche springen',
      'm Zwischen Liste und Karte wechseln',
      'Tastenkürzel wirken nicht, während Sie in ein Feld schreiben.',
    ]) {
      expect(listed).to.contain(want);
    }
    await sendKeys({ press: 'j' });
    expect(deepActive()?.getAttribute('data-ref')).to.equal('BT-2026-01001');
    await sendKeys({ press: 'x' });
    await el.updateComplete;
    expect($(el, '[part~="bulk"]').textContent).to.contain('1 Anliegen ausgewählt');
    // "/" jumps to the search; typing j, k, x and m there is text, not a command.
    await sendKeys({ press: '/' });
    await sendKeys({ type: 'jkxm?' });
    await el.updateComplete;
    expect((el.shadowRoot!.querySelector('#q') as HTMLElement & { value: string }).value).to.equal('jkxm?');
    expect($(el, '[part~="bulk"]').textContent).to.contain('1 Anliegen ausgewählt');
    expect(el.shadowRoot!.querySelector('.map')).to.equal(null);
  });

  it('opens a tip from the address (#tips/REF, the link in the new-tip mail)', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#tips/BT-2026-01003`);
    const el = await mountDetailFirst(new StaffTipsServer(inboxRows(5)));
    await waitUntil(() => $(el, 'bn-console-tip-detail')?.shadowRoot?.querySelector('#detail-title')?.textContent === 'BT-2026-01003', 'opened');
  });
});

async function mountDetailFirst(server: StaffTipsServer) {
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-tips') as BnConsoleTips;
  host.append(el);
  return el;
}

describe('<bn-console-tip-detail> answers, forwarding, languages', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  function detailServer(tip: StaffTip) {
    const server = new StaffTipsServer([tip]);
    let current = tip;
    server.on('GET /v1/staff/tips/:ref', () => json(current));
    server.on('PATCH /v1/staff/tips/:ref', (c) => {
      const b = c.body as { publicAnswer?: string | null };
      current = {
        ...current,
        publicAnswer: b.publicAnswer ?? null,
        events: b.publicAnswer
          ? [...current.events, { id: `a${current.events.length}`, at: '2026-05-07T09:30:00Z', actor: 'user:x', actorLabel: 'Mia', type: 'answer', status: null, text: b.publicAnswer, public: true }]
          : current.events,
      };
      return json(current);
    });
    return server;
  }

  async function open(server: StaffTipsServer, lang = 'de') {
    const el = await mount(server, lang);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-ref]')!.click();
    await waitUntil(() => $(el, 'bn-console-tip-detail')?.shadowRoot?.querySelector('article'), 'detail', { timeout: 5000 });
    return $(el, 'bn-console-tip-detail');
  }

  const answerField = (d: Element) => [...d.shadowRoot!.querySelectorAll<HTMLElement & { label: string; value: string }>('bn-textarea')].find((f) => /Antwort|answer/.test(f.label))!;
  async function typeAnswer(d: Element, value: string) {
    const f = answerField(d);
    f.value = value;
    f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await (d as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }

  it('after saving, the answer shows as sent and the field is empty; the same text again asks first', async () => {
    const server = detailServer(staffTip());
    const d = await open(server);
    await typeAnswer(d, 'Der Bauhof kommt am Montag.');
    button(d, 'Speichern').click();
    await waitUntil(() => server.called('PATCH /v1/staff/tips/BT-2026-00042').length === 1, 'sent');
    await waitUntil(() => $(d, '[part~="sent-answer"]'), 'shown as sent');
    expect($(d, '[part~="sent-answer"]').textContent).to.contain('Der Bauhof kommt am Montag.');
    expect($(d, '[part~="sent-answer"]').textContent).to.match(/gesendet am/);
    expect(answerField(d).value).to.equal('');
    expect(d.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Die Antwort wurde gesendet.');
    await typeAnswer(d, 'Der Bauhof kommt am Montag.');
    button(d, 'Speichern').click();
    await waitUntil(() => text(d).includes('Genau diese Antwort wurde schon gesendet. Noch einmal senden?'), 'asks');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')).to.have.length(1);
    await expectAccessible(d);
    button(d, 'Nicht senden').click();
    await (d as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')).to.have.length(1);
    button(d, 'Speichern').click();
    await waitUntil(() => button(d, 'Ja, noch einmal senden'), 'asks again');
    button(d, 'Ja, noch einmal senden').click();
    await waitUntil(() => server.called('PATCH /v1/staff/tips/BT-2026-00042').length === 2, 'sent again');
    expect(server.called('PATCH /v1/staff/tips/BT-2026-00042')[1]!.body).to.deep.equal({ publicAnswer: 'Der Bauhof kommt am Montag.' });
  });

  it("forwards to a tenant chosen from the community list; a refusal reads in the console's language", async () => {
    const server = detailServer(staffTip());
    server.on('POST /v1/staff/tips/:ref/forward', () =>
      problem(422, 'VALIDATION_FAILED', {
        detail: 'A tip can be forwarded only to another municipality of the same community.',
        errors: [{ path: 'tenant', message: 'Choose a municipality of your community.' }],
      }),
    );
    const d = await open(server);
    const target = [...d.shadowRoot!.querySelectorAll<HTMLElement & { label: string; value: string; options: { value: string; label: string }[] }>('bn-select')].find((f) => f.label === 'Ziel')!;
    await waitUntil(() => target.options.length === 2, 'the community listed');
    expect(target.options.map((o) => o.value)).to.deep.equal(['musterkreis', 'nachbarort']);
    expect(d.shadowRoot!.querySelector('bn-text-field[label^="Ziel"]'), 'no typed slug').to.equal(null);
    button(d, 'Weiterleiten').click();
    await waitUntil(() => text(d).includes('Bitte wählen Sie die Verwaltung.'), 'choose first');
    target.value = 'nachbarort';
    target.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    button(d, 'Weiterleiten').click();
    await waitUntil(() => text(d).includes('Bitte wählen Sie eine Verwaltung Ihres Verbunds.'), 'German error');
    expect(text(d)).not.to.contain('Choose a municipality');
    expect(server.called('POST /v1/staff/tips/BT-2026-00042/forward')[0]!.body).to.deep.equal({ tenant: 'nachbarort' });
  });

  it('shows English category and question names in the English console', async () => {
    const d = await open(detailServer(staffTip()), 'en');
    const facts = $(d, 'dl.facts').textContent!;
    expect(facts).to.contain('Street lights');
    expect(facts).not.to.contain('Straßenbeleuchtung');
    expect(text(d)).to.contain('Pole number');
  });
});
