import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { ContextProvider } from '@lit/context';
import '../widgets/jobs/console-define.ts';
import { apiClientContext } from '../widgets/core/context.ts';
import { staffContext, type Me } from '../widgets/core/staff-context.ts';
import { FakeJobsServer, problem, staffJobs } from '../test/widgets/jobs/fake-api.ts';

/** Every state of the jobs section of the staff console, against an in-memory fake of the API. */

const meta: Meta = { title: 'Jobs/Konsole', component: 'bn-console-jobs' };
export default meta;
type Story = StoryObj;

const me = (roles: string[]): Me =>
  ({
    user: { id: 'u1', email: 'p@beispielstadt.example', name: 'Personalamt', roles, totpEnabled: true, tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' } },
    tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['jobs'], languages: ['de', 'en'], parent: null },
    host: false,
    mustEnrollTotp: false,
  }) as unknown as Me;

type Part = HTMLElement & { updateComplete: Promise<unknown> };

/** Waits until `fn` finds something (the fake answers asynchronously). */
async function until<T>(fn: () => T | null | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('story: not found');
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** A button by the start of its text, in a shadow root. */
const button = (root: ShadowRoot, label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith(label));

/** The section as `<bn-console>` provides it; `walk` goes to the state to show. */
function section(roles: string[], opts: { lang?: string; server?: FakeJobsServer; walk?: (el: Part) => Promise<void> } = {}) {
  const server = opts.server ?? new FakeJobsServer();
  if (!opts.server) staffJobs(server, roles.includes('jobs') ? 'clerk' : 'participation');
  const host = document.createElement('div');
  host.lang = opts.lang ?? 'de';
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  new ContextProvider(host, { context: staffContext, initialValue: me(roles) });
  const el = document.createElement('bn-console-jobs') as Part;
  host.append(el);
  if (opts.walk) void until(() => el.shadowRoot?.querySelector('table')).then(() => opts.walk!(el));
  return host;
}

const inside = (el: Part, tag: string) => until(() => el.shadowRoot!.querySelector(tag) as Part | null);

export const Postings: Story = { render: () => section(['jobs']) };
export const PostingsEnglish: Story = { render: () => section(['jobs'], { lang: 'en' }) };
export const PostingsLoadFailed: Story = { render: () => section(['jobs'], { server: new FakeJobsServer().on('GET /v1/staff/jobs', () => problem(503, 'NOT_READY')) }) };
export const NewPosting: Story = { render: () => section(['jobs'], { walk: async (el) => button(el.shadowRoot!, 'Neue Stelle')!.click() }) };
export const EditPosting: Story = { render: () => section(['jobs'], { walk: async (el) => button(el.shadowRoot!, 'Bearbeiten')!.click() }) };
export const PostingErrors: Story = {
  render: () =>
    section(['jobs'], {
      walk: async (el) => {
        button(el.shadowRoot!, 'Neue Stelle')!.click();
        const form = await inside(el, 'bn-jobs-posting-form');
        await form.updateComplete;
        button(form.shadowRoot!, 'Speichern')!.click();
      },
    }),
};
const openApps = async (el: Part) => {
  button(el.shadowRoot!, 'Bewerbungen ansehen')!.click();
  const apps = await inside(el, 'bn-jobs-applications');
  await until(() => apps.shadowRoot!.querySelector('table'));
  return apps;
};
export const Applications: Story = { render: () => section(['jobs'], { walk: async (el) => void (await openApps(el)) }) };
export const ApplicationDetail: Story = {
  render: () => section(['jobs'], { walk: async (el) => button((await openApps(el)).shadowRoot!, 'Details')!.click() }),
};
export const StatusWithReason: Story = {
  render: () =>
    section(['jobs'], {
      walk: async (el) => {
        const apps = await openApps(el);
        button(apps.shadowRoot!, 'Stand ändern')!.click();
        const select = await until(() => apps.shadowRoot!.querySelector('bn-select[name="status"]') as (HTMLElement & { value: string }) | null);
        select.value = 'rejected';
        select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      },
    }),
};
export const BulkRejection: Story = {
  render: () =>
    section(['jobs'], {
      walk: async (el) => {
        const apps = await openApps(el);
        for (const box of apps.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.click();
        (await until(() => button(apps.shadowRoot!, 'Ausgewählte absagen'))).click();
      },
    }),
};
export const RepresentativeView: Story = { render: () => section(['jobs-representative'], { walk: async (el) => void (await openApps(el)) }) };
export const Templates: Story = {
  render: () => section(['jobs'], { walk: async (el) => el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="tab"]')[1]!.click() }),
};
export const NewTemplate: Story = {
  render: () =>
    section(['jobs'], {
      walk: async (el) => {
        el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="tab"]')[1]!.click();
        const t = await inside(el, 'bn-jobs-templates');
        (await until(() => button(t.shadowRoot!, 'Neue Vorlage'))).click();
      },
    }),
};
