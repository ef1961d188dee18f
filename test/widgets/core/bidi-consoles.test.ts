// The consoles show names, e-mails, labels and subjects that people typed: each one is
// bidi-isolated, so a right-to-left override cannot reorder the text around it.
import { fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/console/define.ts';
import '../../../widgets/core/staff-users-define.ts';
import '../../../widgets/admin/define.ts';
import type { BnAdmin } from '../../../widgets/admin/admin.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext } from '../../../widgets/core/staff-context.ts';
import type { BnStaffUsers } from '../../../widgets/core/staff-users.ts';
import { guardConsole, json } from '../helpers.ts';
import { deep, maybe } from '../admin/dom.ts';
import { fakeAdmin, key, tenant } from '../admin/fake-api.ts';
import { allText } from './by-name.ts';
import { FakeAuth, user } from './fake-auth.ts';
import { expectIsolated, hostile, RLO } from '../bidi.ts';

guardConsole();

describe('bidirectional text in the consoles', () => {
  afterEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('isolates audit subjects, actor names and detail values', async () => {
    const auth = new FakeAuth([user({ roles: ['tenant-admin'], totpEnabled: true, name: hostile('Erika') })]);
    auth.tenant = { ...auth.tenant, modules: [] };
    auth.fallback = (c) =>
      c.path.startsWith('/v1/staff/audit')
        ? json({
            items: [
              {
                id: 2,
                at: '2026-05-05T08:00:00.000Z',
                actor: 'user:x',
                actorName: hostile('Erika'),
                action: 'user.update',
                subject: `carla${RLO}@beispielstadt.de`,
                details: { name: [hostile('Carla'), hostile('Carla N.')] },
              },
              { id: 1, at: '2026-05-04T08:00:00.000Z', actor: `key_${RLO}`, actorName: null, action: 'tips.forward', subject: hostile('BT-2026-00042'), details: { to: hostile('musterkreis') } },
            ],
          })
        : undefined;
    auth.signIn();
    history.replaceState(null, '', `${location.pathname}${location.search}#audit`);
    const wrap = await fixture(html`<div lang="de"><bn-console api-base="https://api.test" .fetcher=${auth.fetch}></bn-console></div>`);
    const el = wrap.querySelector('bn-console')!;
    await waitUntil(() => maybe(el, 'bn-console-audit', 'tbody tr'), 'audit rows', { timeout: 5000 });
    // Two subjects, one actor name, names before → after, one module detail, and the signed-in
    // person's name in the header. A key without a label is named in words, never by its id.
    expectIsolated(el, 7);
  });

  it('isolates staff names and e-mails in the users table, its buttons and its dialogs', async () => {
    const admin = user({ name: hostile('Anna'), email: `anna${RLO}@beispielstadt.de`, roles: ['tenant-admin'], totpEnabled: true });
    const clerk = user({ name: hostile('Bernd'), email: `bernd${RLO}@beispielstadt.de`, roles: ['tips'] });
    const auth = new FakeAuth([admin, clerk]).signIn(admin);
    const host = await fixture<HTMLDivElement>(html`<div lang="de"></div>`);
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: '', credentials: 'same-origin', fetch: auth.fetch, retries: 0 }) });
    new ContextProvider(host, { context: staffContext, initialValue: auth.me(auth.current!) });
    const el = document.createElement('bn-staff-users') as BnStaffUsers;
    host.append(el);
    await waitUntil(() => el.shadowRoot?.querySelectorAll('tbody tr').length === 2, 'users listed', { timeout: 5000 });
    // Per person: name, e-mail, and the names in the action buttons' labels.
    expectIsolated(el, 8);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.disable')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog[open]'), 'confirm dialog');
    expectIsolated(el.shadowRoot!.querySelector('dialog')!, 2);
  });

  it('isolates tenant names, origins and key labels in the admin console', async () => {
    const api = fakeAdmin({
      tenants: [tenant({ slug: 'musterkreis', name: hostile('Landkreis') }), tenant({ name: hostile('Gemeinde'), parent: 'musterkreis', origins: [`https://www.beispielstadt.de/${RLO}x`] })],
      keys: [key({ label: hostile('Website') })],
    });
    const el = await fixture<BnAdmin>(html`<bn-admin lang="de" api-base="https://api.test" .fetcher=${api.fetch}></bn-admin>`);
    await waitUntil(() => maybe(el, 'bn-admin-tenants', 'tbody tr'), 'tenants listed', { timeout: 5000 });
    // Names (2), parent name, origin, and the names in the open buttons' labels (2).
    expectIsolated(deep(el, 'bn-admin-tenants'), 6);
    const open = [...deep(el, 'bn-admin-tenants').shadowRoot!.querySelectorAll<HTMLButtonElement>('button.open')].find((b) => b.getAttribute('aria-label')!.includes('Gemeinde'))!;
    open.click();
    await waitUntil(() => maybe(el, 'bn-admin-tenant', 'bn-admin-keys', 'tbody tr'), 'tenant view', { timeout: 5000 });
    await waitUntil(() => allText(deep(el, 'bn-admin-tenant')).includes('Website'), 'keys listed');
    // Title, key label in the table and in the snippet's key choice, parent choice in the form.
    expectIsolated(deep(el, 'bn-admin-tenant'), 4);
  });
});
