import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/jobs/define.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import type { BnFilePicker } from '../../../widgets/core/file-picker.ts';
import type { BnJobListings } from '../../../widgets/jobs/job-listings.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { deepActive, tabUntil, text } from '../tips/helpers.ts';
import { FakeJobsServer, JOB_ID, REF, TOKEN, job, json, pdfFile, problem, statusView } from './fake-api.ts';

guardConsole();

const start = location.href;
afterEach(() => history.replaceState(null, '', start));

async function mount(server = new FakeJobsServer(), opts: { lang?: string; url?: string; ready?: string } = {}) {
  if (opts.url) history.replaceState(null, '', opts.url);
  const tenant = await fixture<BnTenant>(html`<bn-tenant lang=${opts.lang ?? 'de'} .client=${server.client()}></bn-tenant>`);
  const el = document.createElement('bn-job-listings') as BnJobListings;
  tenant.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector(opts.ready ?? '[part~="item"], [part~="base"] p:not([role])'), 'rendered', { timeout: 5000 });
  return { el, tenant, server };
}

const q = <E extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<E & HTMLElement>(sel)!;
const ld = () => [...document.head.querySelectorAll<HTMLScriptElement>('script[type="application/ld+json"]')];
const hostName = (a: Element | null) => {
  const root = a?.getRootNode();
  return root instanceof ShadowRoot ? root.host.getAttribute('name') : null;
};

/** Google's JobPosting rules: required and recommended properties. */
// biome-ignore lint/suspicious/noExplicitAny: JSON-LD read as untyped JSON, as a crawler reads it
function validateJobPosting(data: Record<string, any>, remote: boolean): string[] {
  const missing: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) missing.push(what);
  };
  need(data['@context'] === 'https://schema.org/' && data['@type'] === 'JobPosting', '@type JobPosting');
  need(typeof data.title === 'string' && data.title && !/<|>/.test(data.title), 'title (plain text)');
  need(typeof data.description === 'string' && /<p>|<ul>|<h\d>/.test(data.description), 'description (HTML)');
  need(/^\d{4}-\d{2}-\d{2}/.test(data.datePosted ?? ''), 'datePosted (ISO 8601)');
  need(data.hiringOrganization?.['@type'] === 'Organization' && data.hiringOrganization.name, 'hiringOrganization.name');
  const addr = data.jobLocation?.address;
  need(data.jobLocation?.['@type'] === 'Place' && addr?.['@type'] === 'PostalAddress' && addr.addressLocality && addr.addressCountry, 'jobLocation.address');
  // Recommended.
  need(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(data.validThrough ?? ''), 'validThrough (with offset)');
  const types = [data.employmentType].flat();
  need(types.length && types.every((t: string) => ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER'].includes(t)), 'employmentType');
  const salary = data.baseSalary;
  need(
    salary?.['@type'] === 'MonetaryAmount' &&
      salary.currency === 'EUR' &&
      salary.value?.['@type'] === 'QuantitativeValue' &&
      ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'].includes(salary.value.unitText) &&
      (typeof salary.value.value === 'number' || typeof salary.value.minValue === 'number'),
    'baseSalary',
  );
  need(data.identifier?.['@type'] === 'PropertyValue' && data.identifier.name && data.identifier.value, 'identifier');
  need(data.directApply === true, 'directApply');
  if (remote) {
    need(data.jobLocationType === 'TELECOMMUTE', 'jobLocationType');
    need(data.applicantLocationRequirements?.['@type'] === 'Country' && data.applicantLocationRequirements.name, 'applicantLocationRequirements');
  }
  return missing;
}

describe('<bn-job-listings>', () => {
  it('is accessible: list with filters, plural count', async () => {
    const { el } = await mount();
    expect(text(el)).to.contain('2 offene Stellen');
    expect(el.shadowRoot!.querySelectorAll('[part~="item"]').length).to.equal(2);
    await expectAccessible(el);
    expect(ld()).to.have.length(0, 'no JSON-LD on the list');
  });

  it('sends the filters and the search to the API, starting at page 1', async () => {
    const server = new FakeJobsServer();
    const { el } = await mount(server);
    const dept = el.shadowRoot!.querySelector('bn-select[name="department"]') as HTMLElement & { value: string };
    dept.value = 'Jugendamt';
    dept.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => server.called('GET /v1/jobs').at(-1)!.url.searchParams.get('department') === 'Jugendamt', 'department filter');
    const check = el.shadowRoot!.querySelector('bn-checkbox[name="withDeadline"]') as HTMLElement & { checked: boolean };
    check.checked = true;
    check.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => server.called('GET /v1/jobs').at(-1)!.url.searchParams.get('withDeadline') === 'true', 'deadline filter');
    const search = el.shadowRoot!.querySelector('bn-text-field[name="q"]') as HTMLElement;
    search.focus();
    await sendKeys({ type: 'Erzieher' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => server.called('GET /v1/jobs').at(-1)!.url.searchParams.get('q') === 'Erzieher', 'search');
    const last = server.called('GET /v1/jobs').at(-1)!.url.searchParams;
    expect([last.get('department'), last.get('page'), last.get('key')]).to.deep.equal(['Jugendamt', '1', 'bn_pk_test']);
  });

  it('opens the detail at ?bn-job=<id> with JobPosting JSON-LD in document.head, and removes it again', async () => {
    const { el } = await mount(undefined, { url: `${location.pathname}?bn-job=${JOB_ID}`, ready: '#detail-title' });
    expect(q(el, '#detail-title').textContent).to.equal('Sachbearbeitung Bauordnung (m/w/d)');
    await waitUntil(() => ld().length === 1, 'JSON-LD');
    const data = JSON.parse(ld()[0]!.textContent!);
    expect(validateJobPosting(data, false)).to.deep.equal([]);
    expect(data.employmentType).to.deep.equal(['FULL_TIME', 'PART_TIME']);
    expect(data.validThrough).to.equal('2026-12-31T23:59:59+01:00');
    expect(data.url).to.contain(`bn-job=${JOB_ID}`);
    // The rich text is rebuilt from an allow list: headings shift below the title.
    expect(q(el, '.description h3').textContent).to.equal('Ihre Aufgaben');
    expect(q(el, '.description a').getAttribute('rel')).to.equal('noopener noreferrer');
    await expectAccessible(el);
    // Back to the list: the JSON-LD goes.
    q(el, '[part~="detail"] a').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="item"]'), 'list');
    expect(ld()).to.have.length(0);
    expect(new URL(location.href).searchParams.get('bn-job')).to.equal(null);
  });

  it('a remote posting carries jobLocationType and applicantLocationRequirements; leaving the page removes the JSON-LD', async () => {
    const server = new FakeJobsServer().on(`GET /v1/jobs/${JOB_ID}`, () => json(job({ telecommute: true })));
    const { el } = await mount(server, { url: `${location.pathname}#bn-job=${JOB_ID}`, ready: '#detail-title' });
    await waitUntil(() => ld().length === 1, 'JSON-LD');
    expect(validateJobPosting(JSON.parse(ld()[0]!.textContent!), true)).to.deep.equal([]);
    el.remove();
    expect(ld()).to.have.length(0);
  });

  it('a closed posting says so and offers no application', async () => {
    const server = new FakeJobsServer().on(`GET /v1/jobs/${JOB_ID}`, () => problem(410, 'POSTING_CLOSED'));
    const { el } = await mount(server, { url: `${location.pathname}?bn-job=${JOB_ID}`, ready: '[role="alert"]' });
    expect(text(el)).to.contain('Bewerbungsfrist ist abgelaufen');
    expect(el.shadowRoot!.querySelector('[part~="apply"]')).to.equal(null);
    expect(ld()).to.have.length(0);
  });

  it('the whole application by keyboard, with upload progress, reference and status link', async () => {
    const server = new FakeJobsServer();
    server.holdUploads = true;
    const { el } = await mount(server);
    // From the list to the detail by keyboard.
    await tabUntil((a) => a.tagName === 'A' && a.textContent === 'Sachbearbeitung Bauordnung (m/w/d)', 'job link');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="apply"]'), 'detail');
    expect(deepActive()?.id).to.equal('detail-title');
    await tabUntil((a) => a.getAttribute('part') === 'apply', 'apply button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('form[part~="form"]'), 'form');
    expect(deepActive()?.id).to.equal('apply-title');
    const fill = async (name: string, value: string) => {
      await tabUntil((a) => hostName(a) === name, name);
      await sendKeys({ type: value });
    };
    await fill('firstName', 'Erika');
    await fill('lastName', 'Beispiel');
    await fill('email', 'erika@example.org');
    await fill('coverLetter', 'Ich bewerbe mich.');
    // A file dialog cannot be driven by keys in a headless browser: the files are handed in.
    const picker = q<BnFilePicker>(el, 'bn-file-picker') as unknown as BnFilePicker;
    picker.uploader = server.uploader;
    picker.addFiles([pdfFile()]);
    await tabUntil((a) => hostName(a) === 'disability' && (a as HTMLInputElement).type === 'radio', 'disability');
    await sendKeys({ press: 'ArrowDown' });
    await tabUntil((a) => hostName(a) === 'consent', 'consent');
    await sendKeys({ press: 'Space' });
    await tabUntil((a) => a.getAttribute('part') === 'submit', 'submit');
    await expectAccessible(el);
    await sendKeys({ press: 'Enter' });
    // Upload progress shows while the upload runs.
    await waitUntil(() => picker.shadowRoot!.querySelector('progress[part~="progress"]'), 'progress bar');
    expect((picker.shadowRoot!.querySelector('progress') as HTMLProgressElement).value).to.equal(50);
    expect(text(el)).to.contain('Unterlagen werden hochgeladen');
    server.releaseUploads();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="success"]'), 'success', { timeout: 8000 });
    expect(q(el, '[part~="reference"]').textContent).to.equal(REF);
    expect(deepActive()?.id).to.equal('done');
    const sent = server.called(`POST /v1/jobs/${JOB_ID}/applications`)[0]!;
    expect(sent.headers['idempotency-key']).to.be.a('string');
    expect(sent.headers['x-altcha']).to.be.a('string');
    expect(sent.body).to.deep.include({ firstName: 'Erika', lastName: 'Beispiel', disability: 'severe', consent: true, lang: 'de' });
    expect((sent.body as { documents: { name: string }[] }).documents[0]!.name).to.equal('lebenslauf.pdf');
    const link = q<HTMLAnchorElement>(el, '[part~="success"] a').href;
    expect(link).to.contain(`#bn-job-status=${REF}.${TOKEN}`);
    await expectAccessible(el);
  });

  it('shows field errors before sending anything', async () => {
    const server = new FakeJobsServer();
    const { el } = await mount(server, { url: `${location.pathname}?bn-job=${JOB_ID}`, ready: '[part~="apply"]' });
    q(el, '[part~="apply"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="submit"]'), 'form');
    q(el, '[part~="submit"]').click();
    await waitUntil(() => (el.shadowRoot!.querySelector('bn-text-field[name="firstName"]') as HTMLElement & { error: string }).error, 'errors');
    const names = [...el.shadowRoot!.querySelectorAll<HTMLElement & { error: string; name: string }>('[name]')].filter((f) => f.error).map((f) => f.name);
    expect(names).to.include.members(['firstName', 'lastName', 'email', 'coverLetter', 'documents', 'consent']);
    // The summary says which field each message is about; the consent says what to do.
    const summary = el.shadowRoot!.querySelector('bn-error-summary')!;
    await waitUntil(() => summary.shadowRoot!.querySelectorAll('a').length >= 6, 'summary');
    const links = [...summary.shadowRoot!.querySelectorAll('a')].map((a) => a.textContent!.trim());
    expect(links[0]).to.match(/^Vorname: /);
    expect((el.shadowRoot!.querySelector('[name="consent"]') as HTMLElement & { error: string }).error).to.equal('Bitte stimmen Sie der Verarbeitung Ihrer Bewerbung zu.');
    expect(server.called(`POST /v1/jobs/${JOB_ID}/applications`)).to.have.length(0);
  });

  it('the status view from #bn-job-status, in English, and withdrawal', async () => {
    const server = new FakeJobsServer();
    const { el } = await mount(server, { lang: 'en', url: `${location.pathname}#bn-job-status=${REF}.${TOKEN}`, ready: '#status-title' });
    expect(text(el)).to.contain('Under review');
    await expectAccessible(el);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Withdraw application')!.click();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Yes, withdraw')!.click();
    await waitUntil(() => text(el).includes('Your application is withdrawn'), 'withdrawn');
    expect(server.called('POST /v1/jobs/applications/withdraw')[0]!.body).to.deep.equal({ ref: REF, token: TOKEN });
    await expectAccessible(el);
  });

  it('a failed withdrawal says so at the question and sends the same request again', async () => {
    const server = new FakeJobsServer();
    let calls = 0;
    server.on('POST /v1/jobs/applications/withdraw', () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return calls === 2 ? problem(500, 'INTERNAL') : json(statusView({ status: 'withdrawn', canWithdraw: false }));
    });
    const { el } = await mount(server, { url: `${location.pathname}#bn-job-status=${REF}.${TOKEN}`, ready: '#status-title' });
    const button = (name: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === name)!;
    button('Bewerbung zurückziehen').click();
    await el.updateComplete;
    button('Ja, zurückziehen').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('noch nicht zurückgezogen'), 'offline said');
    await expectAccessible(el);
    button('Ja, zurückziehen').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('Das hat nicht geklappt'), 'server error said');
    button('Ja, zurückziehen').click();
    await waitUntil(() => text(el).includes('Ihre Bewerbung ist zurückgezogen'), 'withdrawn');
    const keys = server.called('POST /v1/jobs/applications/withdraw').map((r) => r.headers['idempotency-key']);
    expect(keys).to.have.length(3);
    expect(new Set(keys).size, 'one key for the one withdrawal').to.equal(1);
  });
});
