import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext } from '../../../widgets/core/staff-context.ts';
import type { BnJobsPostingForm } from '../../../widgets/jobs/console-posting-form.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { button, deepAll, me, mountConsole, setField } from './console-fixture.ts';
import { FakeJobsServer, JOB_ID, json, problem, staffJobs } from './fake-api.ts';

guardConsole();

const form = (el: Element) => el.shadowRoot!.querySelector('bn-jobs-posting-form') as BnJobsPostingForm;
const inForm = (el: Element, sel: string) => form(el)?.shadowRoot?.querySelector(sel) ?? null;

describe('<bn-console-jobs>', () => {
  it('the clerk: accessible list; unpublishes and publishes again', async () => {
    const { el, server } = await mountConsole(['jobs']);
    await expectAccessible(el);
    expect(el.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.textContent).to.contain('Stellen');
    button(el, 'Zurückziehen')!.click();
    await waitUntil(() => button(el, 'Veröffentlichen'), 'toggled');
    expect(server.called(`PATCH /v1/staff/jobs/${JOB_ID}`)[0]!.body).to.deep.equal({ published: false });
  });

  it('a list that did not load says why in an alert and loads again on "Erneut versuchen"', async () => {
    const server = new FakeJobsServer();
    const state = staffJobs(server);
    let fail = true;
    server.on('GET /v1/staff/jobs', () => (fail ? problem(503, 'UNAVAILABLE', { detail: 'Wartung bis 12 Uhr.' }) : json(state.postings)));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
    new ContextProvider(host, { context: staffContext, initialValue: me(['jobs']) });
    const el = document.createElement('bn-console-jobs');
    host.append(el);
    await waitUntil(() => button(el, 'Erneut versuchen'), 'retry offered', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('Wartung bis 12 Uhr.');
    await expectAccessible(el);
    fail = false;
    button(el, 'Erneut versuchen')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'postings after retry');
    expect(server.called('GET /v1/staff/jobs')).to.have.length(2);
  });

  it('creates a posting with rich text; the schema of the API checks it first, and the heading gets the focus', async () => {
    const { el, server, state } = await mountConsole(['jobs']);
    button(el, 'Neue Stelle')!.click();
    await waitUntil(() => form(el)?.shadowRoot?.querySelector('form'), 'form');
    await waitUntil(() => form(el).shadowRoot!.activeElement?.tagName === 'H3', 'focus on the heading');
    await expectAccessible(el);
    // Nothing typed: the fields say what is missing, nothing is sent.
    button(el, 'Speichern')!.click();
    await form(el).updateComplete;
    expect((inForm(el, 'bn-text-field[name="title"]') as HTMLElement & { error: string }).error).to.not.equal('');
    expect((inForm(el, 'bn-jobs-editor') as HTMLElement & { error: string }).error).to.not.equal('');
    expect(server.called('POST /v1/staff/jobs')).to.have.length(0);
    setField(inForm(el, 'bn-text-field[name="title"]'), 'Gärtner/in (m/w/d)');
    setField(inForm(el, 'bn-text-field[name="locality"]'), 'Beispielstadt');
    setField(inForm(el, 'bn-text-field[name="hoursPerWeek"]'), '19,5');
    const editor = inForm(el, 'bn-jobs-editor') as HTMLElement & { value: string };
    const box = editor.shadowRoot!.querySelector<HTMLElement>('[role="textbox"]')!;
    box.innerHTML = '<p>Pflege der <b>Grünanlagen</b></p>';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    button(el, 'Speichern')!.click();
    await waitUntil(() => server.called('POST /v1/staff/jobs').length === 1, 'sent');
    const body = server.called('POST /v1/staff/jobs')[0]!.body as Record<string, unknown>;
    expect(body).to.include({ title: 'Gärtner/in (m/w/d)', descriptionHtml: '<p>Pflege der <b>Grünanlagen</b></p>', hoursPerWeek: 19.5, locality: 'Beispielstadt', published: false });
    await waitUntil(() => el.shadowRoot!.querySelector('table')?.textContent?.includes('Gärtner/in'), 'back in the list');
    expect(state.postings).to.have.length(2);
  });

  it('edits a posting: the form holds its values, PATCH sends them', async () => {
    const { el, server } = await mountConsole(['jobs']);
    button(el, 'Bearbeiten')!.click();
    await waitUntil(() => inForm(el, 'bn-text-field[name="title"]'), 'form');
    await form(el).updateComplete;
    expect((inForm(el, 'bn-text-field[name="title"]') as HTMLElement & { value: string }).value).to.equal('Sachbearbeitung Bauordnung (m/w/d)');
    const editor = inForm(el, 'bn-jobs-editor')!;
    await waitUntil(() => editor.shadowRoot!.querySelector('[role="textbox"] strong'), 'stored text shown');
    setField(inForm(el, 'bn-text-field[name="payGrade"]'), 'EG 10');
    button(el, 'Speichern')!.click();
    await waitUntil(() => server.called(`PATCH /v1/staff/jobs/${JOB_ID}`).length === 1, 'sent');
    expect(server.called(`PATCH /v1/staff/jobs/${JOB_ID}`)[0]!.body).to.include({ payGrade: 'EG 10', title: 'Sachbearbeitung Bauordnung (m/w/d)', salaryMin: 3600 });
  });

  it('a server field error lands on its field', async () => {
    const { el, server } = await mountConsole(['jobs']);
    server.on(
      'PATCH /v1/staff/jobs/:id',
      () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'Invalid', status: 422, code: 'VALIDATION_FAILED', requestId: 'r', errors: [{ path: 'deadline', message: 'Ein Tag in der Zukunft.' }] }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    button(el, 'Bearbeiten')!.click();
    await waitUntil(() => inForm(el, 'form'), 'form');
    button(el, 'Speichern')!.click();
    await waitUntil(() => (inForm(el, 'bn-date-field[name="deadline"]') as HTMLElement & { error: string }).error, 'field error');
    expect(
      deepAll(el.shadowRoot!, '[role="alert"]')
        .map((a) => a.textContent)
        .join(' '),
    ).to.contain('Ein Tag in der Zukunft.');
  });

  it('the disability representative: no posting writes, no templates tab', async () => {
    const { el } = await mountConsole(['jobs-representative']);
    expect(button(el, 'Neue Stelle')).to.equal(undefined);
    expect(button(el, 'Zurückziehen')).to.equal(undefined);
    expect(button(el, 'Bearbeiten')).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('[role="tab"]')).to.equal(null);
    await expectAccessible(el);
  });

  it('in English', async () => {
    const { el } = await mountConsole(['jobs'], 'en');
    expect(button(el, 'New posting')).to.exist;
    expect(button(el, 'Unpublish')).to.exist;
    expect(el.shadowRoot!.querySelector('[role="tab"][aria-selected="false"]')!.textContent).to.contain('Letter templates');
  });
});
