import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { cspLines, embedSnippet } from '../../../widgets/admin/snippet.ts';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { PK, fakeAdmin, key, type FakeAdmin } from './fake-api.ts';
import { deep, focused, maybe } from './dom.ts';

guardConsole();

async function openTenant(api: FakeAdmin): Promise<{ el: BnAdmin; view: HTMLElement }> {
  const el = await fixture<BnAdmin>(html`<bn-admin lang="de" api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
  await waitUntil(() => maybe(el, 'bn-admin-tenants', 'button.open'));
  deep(el, 'bn-admin-tenants', 'button.open').click();
  await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-keys'));
  return { el, view: deep(el, 'bn-admin-tenant') };
}

const keysPanel = (view: HTMLElement) => deep(view, 'bn-admin-keys');

describe('<bn-admin> keys and snippets', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('creates a staff key and shows its secret once, in a marked box with a copy button', async () => {
    const api = fakeAdmin();
    const { el, view } = await openTenant(api);
    const panel = keysPanel(view);
    deep<HTMLSelectElement>(panel, '#kind').value = 'staff';
    deep<HTMLInputElement>(panel, '#label').focus();
    await sendKeys({ type: 'Erika Musterfrau' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => maybe(panel, '.secret bn-admin-copy-block'), 'secret shown');
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).to.deep.equal({ kind: 'staff', tenant: 'beispielstadt', label: 'Erika Musterfrau' });
    const block = deep(panel, '.secret bn-admin-copy-block');
    await (block as unknown as BnAdmin).updateComplete;
    expect(deep(block, 'pre').textContent).to.match(/^bn_sk_N+1$/);
    expect(focused()?.id).to.equal('secret-title');
    expect(deep(panel, '#secret-title').textContent).to.contain('nur jetzt sichtbar');
    await waitUntil(() => panel.shadowRoot!.querySelectorAll('tbody tr').length === 1, 'list reloaded');
    expect(deep(el, '[role=status]').textContent).to.contain('nur einmal angezeigt');
    await expectAccessible(view);
    // Copy: the secret goes to the clipboard.
    let copied = '';
    const writeText = async (t: string) => {
      copied = t;
    };
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    deep(block, 'button').click();
    await waitUntil(() => copied !== '');
    expect(copied).to.match(/^bn_sk_/);
    await waitUntil(() => deep(el, '[role=status]').textContent!.includes('kopiert'));
    delete (navigator as unknown as Record<string, unknown>).clipboard;
    // Dismissed, it is gone for good.
    [...panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('.secret button')].at(-1)!.click();
    await (panel as unknown as BnAdmin).updateComplete;
    expect(maybe(panel, '.secret')).to.equal(null);
    expect(panel.shadowRoot!.textContent).not.to.match(/bn_sk_N+1/);
  });

  it('revokes a key only after confirming, and cancelling changes nothing', async () => {
    const api = fakeAdmin({ keys: [key({ id: 'key_AAAAAAAAAAAAAAAA' })] });
    const { view } = await openTenant(api);
    const panel = keysPanel(view);
    deep(panel, 'button.revoke').click();
    const dialog = deep<HTMLDialogElement>(panel, '#revoke-dialog');
    await waitUntil(() => dialog.open);
    await expectAccessible(dialog);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    expect(focused()).to.equal(deep(panel, 'button.revoke'));
    expect(api.calls.some((c) => c.path.endsWith('/revoke'))).to.be.false;
    deep(panel, 'button.revoke').click();
    await waitUntil(() => dialog.open);
    deep(dialog, 'button.danger').click();
    await waitUntil(() => api.calls.some((c) => c.path === '/v1/admin/keys/key_AAAAAAAAAAAAAAAA/revoke'));
    await waitUntil(() => deep(panel, 'tbody tr .badge').textContent!.includes('widerrufen'), 'status shown');
    expect(maybe(panel, 'button.revoke')).to.equal(null);
  });

  it('rotates a key: asks for the grace period, shows the new secret and how long the old one works', async () => {
    const api = fakeAdmin({ keys: [key({ id: 'key_BBBBBBBBBBBBBBBB', hint: 'bn_pk_…old1' })] });
    const { view } = await openTenant(api);
    const panel = keysPanel(view);
    deep(panel, 'button.rotate').click();
    const dialog = deep<HTMLDialogElement>(panel, '#rotate-dialog');
    await waitUntil(() => dialog.open);
    const grace = deep<HTMLInputElement>(dialog, '#grace');
    grace.value = 'viel';
    deep(dialog, 'button.primary').click();
    await waitUntil(() => deep(dialog, '#grace-error').textContent !== '');
    expect(grace.getAttribute('aria-invalid')).to.equal('true');
    grace.value = '48';
    deep(dialog, 'button.primary').click();
    await waitUntil(() => maybe(panel, '.secret'), 'new secret');
    expect(api.calls.find((c) => c.path.endsWith('/rotate'))!.body).to.deep.equal({ graceHours: 48 });
    expect(deep(panel, '.secret').textContent).to.contain('bn_pk_…old1 funktioniert noch bis');
    await waitUntil(() => panel.shadowRoot!.querySelectorAll('tbody tr').length === 2);
  });

  it('generates the exact snippet for each widget, both variants, with the CSP lines', async () => {
    const api = fakeAdmin({ keys: [key({ label: 'Website' })] });
    const { view } = await openTenant(api);
    const snippet = deep(view, 'bn-admin-snippet');
    await waitUntil(() => maybe(snippet, 'bn-admin-copy-block.snippet', 'pre'));
    const code = () => deep(snippet, 'bn-admin-copy-block.snippet', 'pre').textContent;
    expect(code()).to.equal(`<script type="module" src="https://api.test/widgets/buergernah.js"></script>\n<bn-tenant api-key="${PK}">\n  <bn-tip-form></bn-tip-form>\n</bn-tenant>`);
    const widget = deep<HTMLSelectElement>(snippet, '#s-widget');
    expect([...widget.options].map((o) => o.value)).to.deep.equal(['bn-tip-form', 'bn-tip-list', 'bn-tip-status', 'bn-plan-viewer', 'bn-kita-registration', 'bn-kita-status', 'bn-job-listings']);
    widget.value = 'bn-tip-status';
    widget.dispatchEvent(new Event('change'));
    deep<HTMLInputElement>(snippet, 'input[value=classic]').click();
    await (snippet as unknown as BnAdmin).updateComplete;
    await waitUntil(() => code()!.includes('classic'));
    expect(code()).to.equal(`<script src="https://api.test/widgets/buergernah.classic.js" defer></script>\n<bn-tenant api-key="${PK}">\n  <bn-tip-status></bn-tip-status>\n</bn-tenant>`);
    expect(deep(snippet, 'bn-admin-copy-block.csp', 'pre').textContent).to.contain('script-src https://api.test;');
    await expectAccessible(snippet);
  });

  it('asks for a publishable key before it can show a snippet', async () => {
    const api = fakeAdmin({ keys: [key({ kind: 'staff', publishableKey: undefined })] });
    const { view } = await openTenant(api);
    const snippet = deep(view, 'bn-admin-snippet');
    await (snippet as unknown as BnAdmin).updateComplete;
    expect(snippet.shadowRoot!.textContent).to.contain('braucht der Mandant einen aktiven öffentlichen Schlüssel');
  });
});

describe('snippet helpers', () => {
  it('builds module and classic snippets', () => {
    expect(embedSnippet({ base: 'https://dienste.example/', key: PK, tag: 'bn-tip-list', variant: 'module' })).to.equal(
      `<script type="module" src="https://dienste.example/widgets/buergernah.js"></script>\n<bn-tenant api-key="${PK}">\n  <bn-tip-list></bn-tip-list>\n</bn-tenant>`,
    );
  });

  it('lists the CSP sources, with the tile server when there is one', () => {
    expect(cspLines({ base: 'https://dienste.example' })).to.equal(
      'script-src https://dienste.example;\nconnect-src https://dienste.example;\nimg-src https://dienste.example data: blob:;\nworker-src blob: https://dienste.example;',
    );
    expect(cspLines({ base: 'https://d.example', tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' })).to.contain('img-src https://d.example data: blob: https://tiles.example.org;');
    expect(cspLines({ base: 'https://d.example', tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' })).to.contain('https://*.tile.example.org;');
  });
});
