import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/plans/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import type { BnConsolePlans } from '../../../widgets/plans/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { $, text } from '../tips/helpers.ts';
import { problem } from '../tips/fake-api.ts';
import { OPEN_ID, staffServer } from './fake-plans.ts';

guardConsole();

async function mount(server = staffServer()) {
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-plans') as BnConsolePlans;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table'), 'plans listed', { timeout: 5000 });
  return { el, server };
}

describe('<bn-console-plans>', () => {
  it('lists plans with their website state and publishes one; axe-clean', async () => {
    const { el, server } = await mount();
    expect(text(el)).to.contain('Wohnen am Mühlenteich');
    expect(text(el)).to.contain('nicht veröffentlicht');
    const publish = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Veröffentlichen: Am Bahnhof')!;
    publish.click();
    await waitUntil(() => server.called('PATCH /v1/staff/plans/33333333-3333-4333-8333-333333333333').length, 'published');
    expect(server.calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ published: true });
    await expectAccessible(el);
  });

  it('opens a plan: period with the legal minimum, statements with decision, notices and announcement', async () => {
    const { el, server } = await mount();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('th button')][0]!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="statement"]'), 'plan opened', { timeout: 5000 });
    expect(text(el)).to.contain('Frühestes zulässiges Ende bei diesem Beginn: 03.06.2026');
    expect(text(el)).to.contain('Frist 1');
    expect(text(el)).to.contain('2 Stellungnahmen');
    expect(text(el)).to.contain('verspätet');
    await expectAccessible(el);
    const card = $(el, '[part~="statement"]');
    const decision = card.querySelector('bn-select[name="decision"]') as HTMLElement & { value: string };
    decision.value = 'followed';
    decision.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const proposal = card.querySelector('bn-textarea[name="proposal"]') as HTMLElement & { value: string };
    proposal.value = 'Die Eichen werden festgesetzt.';
    proposal.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await Promise.all([decision, proposal].map((f) => (f as unknown as { updateComplete: Promise<unknown> }).updateComplete));
    (card as HTMLFormElement).requestSubmit();
    await waitUntil(() => server.called(`PATCH /v1/staff/plans/${OPEN_ID}/statements/ST-7K3M-9QXP`).length, 'saved');
    expect(server.called(`PATCH /v1/staff/plans/${OPEN_ID}/statements/ST-7K3M-9QXP`)[0]!.body).to.deep.equal({ tags: ['Bäume'], proposal: 'Die Eichen werden festgesetzt.', decision: 'followed' });
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Ergebnis mitteilen')!.click();
    await waitUntil(() => /1 Mitteilung versandt;/.test(text(el)), 'notified: one notice, in the singular');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Text der Bekanntmachung')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('pre'), 'announcement');
    expect($(el, 'pre').textContent).to.contain('Bekanntmachung');
  });

  it('says when the plans cannot load, and loads them again on request', async () => {
    const server = staffServer();
    const list = server.routes.get('GET /v1/staff/plans')!;
    server.on('GET /v1/staff/plans', () => problem(503, 'UNAVAILABLE', { detail: 'Wartung bis 12 Uhr.' }));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    const el = document.createElement('bn-console-plans') as BnConsolePlans;
    host.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('[role="alert"] button'), 'error shown', { timeout: 5000 });
    expect($(el, '.notice.error[role="alert"]').textContent).to.contain('Wartung bis 12 Uhr.');
    expect(text(el)).not.to.contain('Noch keine Pläne', 'a failed load is not an empty list');
    server.on('GET /v1/staff/plans', list);
    $(el, '[role="alert"] button').click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'plans listed after retry', { timeout: 5000 });
    expect(text(el)).to.contain('Wohnen am Mühlenteich');
  });
});
