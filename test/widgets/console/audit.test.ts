// Issue 13 item 13 in Chromium: the audit log in words — who by name or key label, what as
// "Stand: Neu → In Bearbeitung", never raw codes or key ids — filtered by person, action, days.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/console/audit-define.ts';
import '../../../widgets/tips/console-register.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsoleAudit } from '../../../widgets/console/audit-log.ts';
import { expectAccessible, guardConsole, json } from '../helpers.ts';

guardConsole();

const MIA = 'user:00000000-0000-4000-8000-000000000007';
const ENTRIES = [
  {
    id: 'a5',
    at: '2026-05-06T09:00:00Z',
    actor: MIA,
    actorName: 'Mia Meier',
    action: 'tip.update',
    subject: 'BT-2026-00042',
    subjectName: null,
    details: { status: { from: 'new', to: 'in_progress' }, publicAnswer: 'repeated', assignee: { id: MIA, name: 'Mia Meier' }, published: true },
  },
  {
    id: 'a4',
    at: '2026-05-06T08:00:00Z',
    actor: 'key_QQQQQQQQQQQQQQQQ',
    actorName: 'Fachverfahren',
    action: 'tip.forward',
    subject: 'BT-2026-00041',
    subjectName: null,
    details: { to: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } },
  },
  { id: 'a3', at: '2026-05-05T08:00:00Z', actor: 'key_RRRRRRRRRRRRRRRR', actorName: null, action: 'key.revoke', subject: 'key_PPPPPPPPPPPPPPPP', subjectName: 'Altes Fachverfahren', details: {} },
  { id: 'a2', at: '2026-05-04T08:00:00Z', actor: 'cli', actorName: null, action: 'tenant.update', subject: 'beispielstadt', subjectName: null, details: { fields: ['origins', 'modules'] } },
  { id: 'a1', at: '2026-05-03T08:00:00Z', actor: MIA, actorName: 'Mia Meier', action: 'tips.settings', subject: 'tips', subjectName: null, details: { fields: ['categories'] } },
];

function api() {
  const calls: URL[] = [];
  const fakeFetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    calls.push(url);
    if (url.pathname === '/v1/staff/audit/facets') {
      return json({
        actors: [
          { id: MIA, name: 'Mia Meier' },
          { id: 'key_QQQQQQQQQQQQQQQQ', name: 'Fachverfahren' },
          { id: 'cli', name: null },
        ],
        actions: ['key.revoke', 'tenant.update', 'tip.forward', 'tip.update', 'tips.settings'],
      });
    }
    const actor = url.searchParams.get('actor');
    return json({ items: ENTRIES.filter((e) => !actor || e.actor === actor) });
  }) as typeof fetch;
  return { calls, client: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: fakeFetch, retries: 0 }) };
}

async function mount(lang = 'de') {
  const a = api();
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: a.client });
  const el = document.createElement('bn-console-audit') as BnConsoleAudit;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelectorAll('tbody tr').length === ENTRIES.length, 'rows', { timeout: 5000 });
  return { el, ...a };
}

const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
const select = (el: Element, id: string) => el.shadowRoot!.querySelector<HTMLSelectElement | HTMLInputElement>(`#${id}`)!;
async function set(el: BnConsoleAudit, id: string, value: string) {
  const c = select(el, id);
  c.value = value;
  c.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}
const submit = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.type === 'submit')!.click();

describe('<bn-console-audit>', () => {
  it('is accessible', async () => {
    const { el } = await mount();
    await expectAccessible(el);
  });

  it('says who and what in words, never codes or key ids', async () => {
    const { el } = await mount();
    const r = rows(el);
    expect(r[0]).to.contain('Anliegen geändert');
    expect(r[0]).to.contain('Stand: Neu → In Bearbeitung');
    expect(r[0]).to.contain('Öffentliche Antwort: noch einmal gesendet');
    expect(r[0]).to.contain('Bearbeitet von: Mia Meier');
    expect(r[0]).to.contain('Veröffentlicht');
    expect(r[1]).to.contain('Anliegen weitergeleitet');
    expect(r[1]).to.contain('an Landkreis Musterkreis');
    expect(r[1]).to.contain('Fachverfahren');
    expect(r[2]).to.contain('Schlüssel widerrufen');
    expect(r[2]).to.contain('Altes Fachverfahren');
    expect(r[2]).to.contain('ein Schlüssel');
    expect(r[3]).to.contain('Kommandozeile der Hosting-Stelle');
    expect(r[3]).to.contain('Felder: erlaubte Websites, Module');
    expect(r[4]).to.contain('Einstellungen der Bürgertipps geändert');
    const all = r.join(' ');
    for (const raw of ['key_', 'user:', 'in_progress', 'tip.update', 'tip.forward', 'repeated', 'musterkreis ', 'origins']) expect(all).not.to.contain(raw);
  });

  it('reads in English in the English console', async () => {
    const { el } = await mount('en');
    const r = rows(el);
    expect(r[0]).to.contain('Report changed');
    expect(r[0]).to.contain('Status: New → In progress');
    expect(r[0]).to.contain('Public answer: sent again');
  });

  it('filters by person, action and days; the filters are validated before asking', async () => {
    const { el, calls } = await mount();
    await waitUntil(() => select(el, 'a-actor').querySelectorAll('option').length === 4, 'people listed');
    expect([...select(el, 'a-actor').querySelectorAll('option')].map((o) => o.textContent!.trim())).to.deep.equal([
      'Alle',
      '\u2068Mia Meier\u2069',
      '\u2068Fachverfahren\u2069',
      '\u2068Kommandozeile der Hosting-Stelle\u2069',
    ]);
    const actions = [...select(el, 'a-action').querySelectorAll('option')].map((o) => o.textContent!.trim());
    expect(actions).to.include('Anliegen geändert');
    expect(actions).to.include('Schlüssel widerrufen');
    expect(actions.join(' ')).not.to.contain('tip.');
    await set(el, 'a-actor', MIA);
    await set(el, 'a-action', 'tip.update');
    await set(el, 'a-from', '2026-05-01');
    await set(el, 'a-to', '2026-05-31');
    submit(el);
    await waitUntil(() => calls.some((u) => u.pathname === '/v1/staff/audit' && u.searchParams.get('actor') === MIA), 'asked');
    const q = calls.filter((u) => u.pathname === '/v1/staff/audit').at(-1)!.searchParams;
    expect(Object.fromEntries(q)).to.deep.equal({ limit: '50', actor: MIA, action: 'tip.update', from: '2026-05-01', to: '2026-05-31' });
    await waitUntil(() => rows(el).length === 2, 'only Mia');
    const before = calls.length;
    await set(el, 'a-from', '2026-06-01');
    submit(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#a-error')!.textContent).to.contain('Das Ende liegt vor dem Anfang.');
    expect(calls.length).to.equal(before);
  });
});
