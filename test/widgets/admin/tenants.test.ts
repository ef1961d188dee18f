import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { fakeAdmin, tenant, type FakeAdmin } from './fake-api.ts';
import { deep, focused, maybe } from './dom.ts';

guardConsole();

async function openCreate(api: FakeAdmin): Promise<{ el: BnAdmin; form: HTMLElement }> {
  const el = await fixture<BnAdmin>(html`<bn-admin lang="de" api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
  await waitUntil(() => maybe(el, 'bn-admin-tenants'));
  deep(el, 'bn-admin-tenants', 'button.new-tenant').click();
  await waitUntil(() => maybe(el, 'bn-admin-tenant-form'));
  const form = deep(el, 'bn-admin-tenant-form');
  await (form as unknown as BnAdmin).updateComplete;
  return { el, form };
}

const input = (form: HTMLElement, name: string) => deep<HTMLInputElement>(form, `[name=${name}]`);

describe('<bn-admin> tenants', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('lists errors from the shared schema in a focused summary whose links move to the field', async () => {
    const api = fakeAdmin();
    const { form } = await openCreate(api);
    input(form, 'origins').value = 'https://ok.example\nwww.ohne-schema.de';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => maybe(form, 'bn-error-summary', '[part~=base]'));
    const summary = deep(form, 'bn-error-summary', '[part~=base]');
    expect(focused()).to.equal(summary);
    expect(summary.textContent).to.contain('Bitte korrigieren Sie folgende Angaben:');
    const links = [...summary.querySelectorAll('a')].map((a) => a.textContent);
    expect(links).to.have.length(3);
    expect(links[0]).to.contain('Kürzel');
    expect(links[2]).to.contain('Zeile 2');
    expect(input(form, 'slug').getAttribute('aria-invalid')).to.equal('true');
    expect(input(form, 'slug').getAttribute('aria-describedby')).to.contain('slug-error');
    await expectAccessible(form);
    (summary.querySelectorAll('a')[1] as HTMLAnchorElement).click();
    expect(focused()).to.equal(input(form, 'name'));
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
  });

  it('creates a tenant by keyboard and opens it', async () => {
    const api = fakeAdmin({ tenants: [tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis' })] });
    const { el, form } = await openCreate(api);
    input(form, 'slug').focus();
    await sendKeys({ type: 'neustadt' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' }); // hint text is not focusable: name field
    if (focused() !== input(form, 'name')) input(form, 'name').focus();
    await sendKeys({ type: 'Stadt Neustadt' });
    input(form, 'origins').focus();
    await sendKeys({ type: 'https://www.neustadt.de/' });
    deep<HTMLSelectElement>(form, 'select[name=parent]').value = 'musterkreis';
    input(form, 'contactEmail').focus();
    await sendKeys({ type: 'rathaus@neustadt.de' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(el, 'bn-admin-tenant', 'h2#title'), 'tenant view');
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.path).to.equal('/v1/admin/tenants');
    expect(post.body).to.deep.include({
      slug: 'neustadt',
      name: 'Stadt Neustadt',
      origins: ['https://www.neustadt.de'],
      parent: 'musterkreis',
      contactEmail: 'rathaus@neustadt.de',
      privacyUrl: null,
    });
    expect(deep(el, '[role=status]').textContent!.replace(/[\u2066-\u2069]/g, '')).to.contain('„Stadt Neustadt“ wurde angelegt');
    await waitUntil(() => focused()?.id === 'title', 'focus on the new tenant');
  });

  it('shows a taken slug at the slug field', async () => {
    const api = fakeAdmin();
    const { form } = await openCreate(api);
    input(form, 'slug').value = 'beispielstadt';
    input(form, 'name').value = 'Doppelt';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => deep(form, '#slug-error').textContent!.includes('schon vergeben'));
  });

  it('edits origins, community, modules and the enabled flag of a tenant', async () => {
    const api = fakeAdmin({ tenants: [tenant(), tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis' })] });
    const el = await fixture<BnAdmin>(html`<bn-admin lang="de" api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
    await waitUntil(() => maybe(el, 'bn-admin-tenants'));
    deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
    await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-tenant-form', '[name=origins]'));
    const form = deep(el, 'bn-admin-tenant', 'bn-admin-tenant-form');
    expect(maybe(form, '[name=slug]')).to.equal(null);
    input(form, 'origins').value = 'https://www.beispielstadt.de\nhttps://cms.beispielstadt.de';
    deep<HTMLSelectElement>(form, 'select[name=parent]').value = 'musterkreis';
    deep<HTMLInputElement>(form, 'input[name=modules][value=kita]').click();
    deep<HTMLInputElement>(form, 'input[name=enabled]').click();
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'PATCH'));
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).to.equal('/v1/admin/tenants/beispielstadt');
    expect(patch.body).to.deep.include({
      origins: ['https://www.beispielstadt.de', 'https://cms.beispielstadt.de'],
      parent: 'musterkreis',
      modules: ['tips', 'jobs', 'plans'],
      languages: ['de', 'en'],
      enabled: false,
    });
    await waitUntil(() => deep(el, '[role=status]').textContent!.includes('gespeichert'));
  });

  it('maps the server 422 field errors to the fields, in German', async () => {
    const api = fakeAdmin({ tenants: [tenant(), tenant({ slug: 'musterkreis', name: 'Landkreis Musterkreis' })] });
    const inner = api.fetch;
    api.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) =>
      init.method === 'PATCH'
        ? new Response(
            JSON.stringify({
              type: 'about:blank',
              title: 'Validation failed',
              status: 422,
              code: 'VALIDATION_FAILED',
              requestId: 'r',
              errors: [{ path: 'parent', message: 'This tenant is itself the parent of a community.' }],
            }),
            { status: 422, headers: { 'content-type': 'application/problem+json' } },
          )
        : inner(input, init)) as typeof fetch;
    const el = await fixture<BnAdmin>(html`<bn-admin lang="de" api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
    await waitUntil(() => maybe(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open'));
    deep(el, 'bn-admin-tenants', 'tr[data-slug=beispielstadt] button.open').click();
    await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-tenant-form', 'select[name=parent]'));
    const form = deep(el, 'bn-admin-tenant', 'bn-admin-tenant-form');
    deep<HTMLSelectElement>(form, 'select[name=parent]').value = 'musterkreis';
    deep(form, 'button[type=submit]').click();
    await waitUntil(() => deep(form, '#parent-error').textContent !== '', 'parent error');
    expect(deep(form, '#parent-error').textContent).to.contain('kann nicht die Gemeinschaft sein');
    expect(deep(form, 'select[name=parent]').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => focused() === deep(form, 'bn-error-summary', '[part~=base]'), 'summary focused');
  });
});
