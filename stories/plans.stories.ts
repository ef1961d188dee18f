import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ContextProvider } from '@lit/context';
import '../widgets/plans/define.ts';
import '../widgets/plans/console-define.ts';
import { ApiClient } from '../widgets/core/api-client.ts';
import { apiClientContext } from '../widgets/core/context.ts';
import { json, problem } from '../test/widgets/tips/fake-api.ts';
import { CLOSED_ID, FORCE_ID, OPEN_ID, plansServer, staffServer } from '../test/widgets/plans/fake-plans.ts';
import type { FakeTipsServer } from '../test/widgets/tips/fake-api.ts';

/** Every state of <bn-plan-viewer> and the staff section, against an in-memory fake of the API. */

type El = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot; planId: string };

async function until<T>(fn: () => T | null | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('story: state not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const viewer = (server: FakeTipsServer, planId = '', lang = 'de') => html`<bn-tenant lang=${lang} .client=${server.client()}><bn-plan-viewer plan-id=${planId}></bn-plan-viewer></bn-tenant>`;

const meta: Meta = { title: 'Plans/Bauleitplanung', component: 'bn-plan-viewer' };
export default meta;
type Story = StoryObj;

/** The list: plans open for statements first, each with its period. */
export const List: Story = { render: () => viewer(plansServer()) };

/** The list in English. */
export const ListEnglish: Story = { render: () => viewer(plansServer(), '', 'en') };

/** No plan published (or none matches the filters). */
export const ListEmpty: Story = { render: () => viewer(plansServer().on('GET /v1/plans', () => json({ items: [], total: 0, page: 1, pageSize: 100 }))) };

/** The API cannot be reached: the error with a retry. */
export const ListError: Story = { render: () => viewer(plansServer().on('GET /v1/plans', () => problem(503, 'UNAVAILABLE'))) };

/** A draft open for statements: map, legend, contents table, documents, timeline, the form. */
export const PlanOpen: Story = { render: () => viewer(plansServer(), OPEN_ID) };

/** A plan in force: no participation. */
export const PlanInForce: Story = { render: () => viewer(plansServer(), FORCE_ID) };

/** After the deadline: documents stay, no form. */
export const PlanClosed: Story = { render: () => viewer(plansServer(), CLOSED_ID) };

/** An unknown or withdrawn plan. */
export const PlanNotFound: Story = { render: () => viewer(plansServer(), '99999999-9999-4999-8999-999999999999') };

async function fillAndSend(canvasElement: HTMLElement) {
  const el = await until(() => canvasElement.querySelector<El>('bn-plan-viewer')?.shadowRoot?.querySelector('section[part~="statement"]') && canvasElement.querySelector<El>('bn-plan-viewer')!);
  const set = (name: string, value: string | boolean) => {
    const f = el.shadowRoot.querySelector<HTMLElement & { value: unknown; checked: boolean }>(`[name="${name}"]`)!;
    if (typeof value === 'boolean') f.checked = value;
    else f.value = value;
    f.dispatchEvent(new Event(typeof value === 'boolean' ? 'change' : 'input', { bubbles: true, composed: true }));
  };
  set('text', 'Bitte die alten Eichen am Teich erhalten.');
  set('consent', true);
  await el.updateComplete;
  el.shadowRoot.querySelector<HTMLButtonElement>('section[part~="statement"] button.primary')!.click();
}

/** The statement sent: reference and receipt. */
export const StatementSent: Story = { render: () => viewer(plansServer(), OPEN_ID), play: ({ canvasElement }) => fillAndSend(canvasElement) };

/** The server says the period has ended (PARTICIPATION_CLOSED): the text stays. */
export const StatementClosed: Story = {
  render: () =>
    viewer(
      plansServer().on('POST /v1/plans/:id/statements', () => problem(409, 'PARTICIPATION_CLOSED')),
      OPEN_ID,
    ),
  play: ({ canvasElement }) => fillAndSend(canvasElement),
};

/** Missing text and consent named before anything is sent. */
export const StatementInvalid: Story = {
  render: () => viewer(plansServer(), OPEN_ID),
  play: async ({ canvasElement }) => {
    const el = await until(() => canvasElement.querySelector<El>('bn-plan-viewer')?.shadowRoot?.querySelector<HTMLButtonElement>('section[part~="statement"] button.primary'));
    el.click();
  },
};

function staffHost(open = false) {
  const server = staffServer();
  const host = document.createElement('div');
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.invalid', apiKey: 'bn_sk_storybook', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-plans');
  host.append(el);
  if (open) void until(() => el.shadowRoot?.querySelector<HTMLButtonElement>('th button')).then((b) => b.click());
  return host;
}

/** Staff: import, publish, the plan list. */
export const ConsoleList: Story = { render: () => staffHost() };

/** Staff: a plan's period, statements with Abwägung, exports, notices, announcement. */
export const ConsolePlan: Story = { render: () => staffHost(true) };
