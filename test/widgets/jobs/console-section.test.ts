import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/jobs/console-define.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext, type Me } from '../../../widgets/core/staff-context.ts';
import type { StaffApplication, StaffPosting } from '../../../backend/jobs/schema.ts';
import type { BnConsoleJobs } from '../../../widgets/jobs/console-section.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { FakeJobsServer, JOB_ID, job, json } from './fake-api.ts';

guardConsole();

const APP_ID = '33333333-3333-4333-8333-333333333333';
const posting = (over: Partial<StaffPosting> = {}): StaffPosting => {
  const { employer: _e, ...pub } = job();
  return { ...pub, published: true, open: true, createdAt: pub.datePosted, updatedAt: pub.datePosted, applications: 1, ...over };
};
const app = (over: Partial<StaffApplication> = {}): StaffApplication => ({
  id: APP_ID, ref: 'BW-2026-00003', status: 'received', firstName: 'Erika', lastName: 'Beispiel', disability: 'severe', flagged: true,
  invitedAt: null, rejectionReason: null, coverLetter: 'Ich bewerbe mich.', documents: [{ id: '44444444-4444-4444-8444-444444444444', name: 'Lebenslauf.pdf', size: 1000 }],
  createdAt: '2026-11-03T10:00:00Z', decidedAt: null, ...over,
});

function me(roles: string[]): Me {
  return {
    user: { id: 'u1', email: 'p@beispielstadt.example', name: 'Personalamt', roles: roles as Me['user']['roles'], totpEnabled: false, tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' } },
    tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['jobs'], languages: ['de', 'en'], parent: null },
    host: false, mustEnrollTotp: false,
  } as Me;
}

async function mount(roles: string[], server = new FakeJobsServer()) {
  let published = true;
  server.on('GET /v1/staff/jobs', () => json([posting({ published })]));
  server.on(`PATCH /v1/staff/jobs/${JOB_ID}`, (c) => { published = (c.body as { published: boolean }).published; return json(posting({ published })); });
  server.on(`GET /v1/staff/jobs/${JOB_ID}/applications`, () => json({ items: [roles.includes('jobs') ? app({ contact: { email: 'erika@example.org', phone: '', street: '', postalCode: '', locality: '' } }) : app()], view: roles.includes('jobs') ? 'clerk' : 'participation' }));
  server.on(`PATCH /v1/staff/jobs/${JOB_ID}/applications/${APP_ID}`, () => json(app({ status: 'rejected' })));
  const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  new ContextProvider(host, { context: staffContext, initialValue: me(roles) });
  const el = document.createElement('bn-console-jobs') as BnConsoleJobs;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table'), 'postings table', { timeout: 5000 });
  return { el, server };
}

const button = (el: Element, label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith(label));

describe('<bn-console-jobs>', () => {
  it('the clerk: accessible, publishes, and needs a §165 reason to reject a flagged applicant never invited', async () => {
    const { el, server } = await mount(['jobs']);
    await expectAccessible(el);
    button(el, 'Zurückziehen')!.click();
    await waitUntil(() => server.called(`PATCH /v1/staff/jobs/${JOB_ID}`).length === 1, 'unpublish');
    expect(server.called(`PATCH /v1/staff/jobs/${JOB_ID}`)[0]!.body).to.deep.equal({ published: false });
    await waitUntil(() => button(el, 'Veröffentlichen'), 'toggled');
    button(el, 'Bewerbungen ansehen')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.flag'), 'applications');
    expect(button(el, 'Alle Unterlagen als ZIP')).to.exist;
    expect(el.shadowRoot!.textContent).to.contain('erika@example.org');
    button(el, 'Stand ändern')!.click();
    await el.updateComplete;
    const status = el.shadowRoot!.querySelector('bn-select[name="status"]') as HTMLElement & { value: string };
    status.value = 'rejected';
    status.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await waitUntil(() => el.shadowRoot!.querySelector('bn-textarea[name="reason"]'), 'reason field');
    const reason = el.shadowRoot!.querySelector('bn-textarea[name="reason"]') as HTMLElement & { value: string };
    reason.value = 'Approbation fehlt offensichtlich.';
    reason.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await expectAccessible(el);
    button(el, 'Übernehmen')!.click();
    await waitUntil(() => server.called(`PATCH /v1/staff/jobs/${JOB_ID}/applications/${APP_ID}`).length === 1, 'status sent');
    expect(server.called(`PATCH /v1/staff/jobs/${JOB_ID}/applications/${APP_ID}`)[0]!.body).to.deep.equal({ status: 'rejected', reason: 'Approbation fehlt offensichtlich.' });
  });

  it('the disability representative: read-only, no contact data, no ZIP', async () => {
    const { el } = await mount(['jobs-representative']);
    expect(button(el, 'Neue Stelle')).to.equal(undefined);
    expect(button(el, 'Zurückziehen')).to.equal(undefined);
    button(el, 'Bewerbungen ansehen')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.flag'), 'applications');
    expect(el.shadowRoot!.textContent).to.contain('Nur-Lese-Ansicht');
    expect(button(el, 'Alle Unterlagen als ZIP')).to.equal(undefined);
    expect(button(el, 'Stand ändern')).to.equal(undefined);
    expect(button(el, 'Lebenslauf.pdf')).to.exist;
    await expectAccessible(el);
  });
});
