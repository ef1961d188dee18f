import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { CATALOGUE, catalogueFor } from '../../../widgets/core/catalogue.ts';
import { ensureDefined } from '../../../widgets/core/lazy.ts';
import { modules } from '../../../widgets/index.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { fakeAdmin, key, tenant, type FakeAdmin } from './fake-api.ts';
import { deep, maybe } from './dom.ts';

guardConsole();

async function snippetFor(api: FakeAdmin, lang = 'de'): Promise<HTMLElement> {
  const el = await fixture<BnAdmin>(html`<bn-admin lang=${lang} api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
  await waitUntil(() => maybe(el, 'bn-admin-tenants', 'button.open'));
  deep(el, 'bn-admin-tenants', 'button.open').click();
  await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-snippet'));
  const snippet = deep(el, 'bn-admin-tenant', 'bn-admin-snippet');
  await (snippet as unknown as BnAdmin).updateComplete;
  return snippet;
}

const options = (snippet: HTMLElement) => [...deep<HTMLSelectElement>(snippet, '#s-widget').options].map((o) => o.value);

/** Issue 13 item 2: the snippet generator offered elements that render nothing. */
describe('the element catalogue and the snippet generator', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('lists only elements the bundle really defines', async () => {
    expect(CATALOGUE.length).to.be.greaterThan(0);
    for (const { tag } of CATALOGUE) {
      expect(modules, `${tag} is lazily loaded by widgets/index.ts`).to.have.property(tag);
      await ensureDefined(tag);
      expect(customElements.get(tag), `${tag} is defined`).to.not.equal(undefined);
    }
  });

  it('uses the names of the README and the demo site', async () => {
    const readme = await (await fetch('/README.md')).text();
    const demo = (
      await Promise.all(['beispielstadt', 'musterkreis'].flatMap((t) => ['anliegen', 'index', 'kita', 'stellen', 'bauleitplanung'].map((p) => fetch(`/demo/${t}/${p}.html`).then((r) => r.text()))))
    ).join('\n');
    for (const { tag } of CATALOGUE) {
      expect(readme, `README names <${tag}>`).to.contain(`<${tag}>`);
      expect(demo, `the demo uses <${tag}>`).to.contain(`<${tag}`);
    }
  });

  it('offers exactly the catalogue’s elements of the tenant’s modules, with labels in the console’s language', async () => {
    const api = fakeAdmin({ tenants: [tenant({ modules: ['tips', 'kita', 'jobs', 'plans'] })], keys: [key()] });
    const snippet = await snippetFor(api);
    expect(options(snippet)).to.deep.equal(catalogueFor(['tips', 'kita', 'jobs', 'plans']).map((e) => e.tag));
    expect(options(snippet)).to.deep.equal(['bn-tip-form', 'bn-tip-list', 'bn-tip-status', 'bn-plan-viewer', 'bn-kita-registration', 'bn-kita-status', 'bn-job-listings']);
    expect(deep<HTMLSelectElement>(snippet, '#s-widget').options[0]!.textContent!.trim()).to.equal('Bürgertipp melden – <bn-tip-form>');
    // The tip form's note: where its tracking link leads and how to change that.
    expect(deep(snippet, '.widget-hint').textContent).to.contain('status-page=');
    await expectAccessible(snippet);
  });

  it('says so when none of the tenant’s modules has an element yet', async () => {
    const api = fakeAdmin({ tenants: [tenant({ modules: [] })], keys: [key()] });
    const snippet = await snippetFor(api, 'en');
    expect(maybe(snippet, '#s-widget')).to.equal(null);
    expect(snippet.shadowRoot!.textContent).to.contain('None of this tenant’s modules has a widget to embed yet.');
  });
});
