import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import '../widgets/tips/define.ts';
import '../widgets/tips/console-define.ts';
import { ApiClient } from '../widgets/core/api-client.ts';
import { apiClientContext } from '../widgets/core/context.ts';
import { FakeTipsServer, json, problem, settings, statusView, tip, TOKEN } from '../test/widgets/tips/fake-api.ts';
import { inboxRows, staffTip } from '../test/widgets/tips/staff-fixtures.ts';
import { StaffTipsServer } from '../test/widgets/tips/staff-server.ts';

/** Every state of the Bürgertipps widgets, against an in-memory fake of the API. */

type El = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot };

const tenant = (server: FakeTipsServer, inner: TemplateResult) => html`<bn-tenant .client=${server.client()}>${inner}</bn-tenant>`;

async function until<T>(fn: () => T | null | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('story: state not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const formIn = (canvas: HTMLElement) => until(() => canvas.querySelector<El>('bn-tip-form')?.shadowRoot?.querySelector('form') && canvas.querySelector<El>('bn-tip-form')!);

/** Sets a field the way a citizen's input would. */
async function set(form: El, name: string, value: string | boolean | object) {
  const f = await until(() => form.shadowRoot.querySelector<HTMLElement & { value: unknown; checked: boolean }>(`[name="${name}"]`));
  if (typeof value === 'boolean') f.checked = value;
  else f.value = value;
  const change = typeof value !== 'string' || name === 'kind' || name === 'category';
  f.dispatchEvent(new Event(change ? 'change' : 'input', { bubbles: true, composed: true }));
  await form.updateComplete;
}

async function fillDamage(form: El) {
  await set(form, 'kind', 'schaden');
  await set(form, 'category', 'strasse');
  await set(form, 'description', 'Tiefes Schlagloch vor Hausnummer 12, Radfahrer weichen auf den Gehweg aus.');
  await set(form, 'location', { lat: 51.5002, lng: 9.9003, address: 'Dorfstraße 12' });
  await set(form, 'contact.name', 'Erika Mustermann');
  await set(form, 'contact.email', 'erika@example.org');
  await set(form, 'consent', true);
}

const submit = (form: El) => form.shadowRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();

const meta: Meta = { title: 'Tips/Buergertipps', component: 'bn-tip-form' };
export default meta;
type Story = StoryObj;

// ---------------------------------------------------------------- <bn-tip-form>

/** Nothing chosen yet. */
export const FormEmpty: Story = { render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`) };

/** A damage report filled in, ready to send (the map opens for damage reports). */
export const FormFilled: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => fillDamage(await formIn(canvasElement)),
};

/** Sent empty: the summary lists every problem, each field says what is missing. */
export const FormErrorsRequired: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => submit(await formIn(canvasElement)),
};

/** A damage report needs a place: pin or address. */
export const FormErrorLocation: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    await set(form, 'location', { lat: null, lng: null, address: '' });
    submit(form);
  },
};

/** "Notify me" needs an e-mail address; an address must look like one. */
export const FormErrorEmail: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    await set(form, 'contact.email', '');
    await set(form, 'notify', true);
    submit(form);
  },
};

/** A town that takes no anonymous tips: name and e-mail are required. */
export const FormErrorNamedOnly: Story = {
  render: () => tenant(new FakeTipsServer(undefined, settings({ anonymousAllowed: false })), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    await set(form, 'contact.name', '');
    await set(form, 'contact.email', 'erika@');
    submit(form);
  },
};

/** The server refused a field (422): the message lands on the field, in the citizen's language. */
export const FormErrorFromServer: Story = {
  render: () => {
    const server = new FakeTipsServer().on('POST /v1/tips', () => problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'photos.0', message: 'Unknown upload.' }] }));
    return tenant(server, html`<bn-tip-form></bn-tip-form>`);
  },
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    submit(form);
  },
};

/** An emergency category stops the form and says what to do instead. */
export const FormEmergency: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await set(form, 'kind', 'schaden');
    await set(form, 'category', 'gas');
  },
};

/** A category with an extra question (pole number). */
export const FormExtraQuestion: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await set(form, 'kind', 'schaden');
    await set(form, 'category', 'beleuchtung');
  },
};

/** Sending: security check, photo upload, request; the button waits. */
export const FormSubmitting: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('POST /v1/tips', () => new Promise<Response>(() => {})),
      html`<bn-tip-form></bn-tip-form>`,
    ),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    submit(form);
  },
};

/** Offline: nothing is lost; "send again" reuses the same Idempotency-Key. */
export const FormOffline: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('POST /v1/tips', () => Promise.reject(new TypeError('Failed to fetch'))),
      html`<bn-tip-form></bn-tip-form>`,
    ),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    submit(form);
  },
};

/** Sent: reference and code (each with a copy button), tracking link and next steps. */
export const FormSuccess: Story = {
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    await fillDamage(form);
    submit(form);
  },
};

/** Opened with its own tracking link (`#bn-tip=REF.CODE`): the form shows the status itself. */
export const FormTrackingLink: Story = {
  beforeEach: () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#bn-tip=BT-2026-00042.${TOKEN}`);
    return () => history.replaceState(null, '', `${location.pathname}${location.search}`);
  },
  render: () => tenant(new FakeTipsServer(), html`<bn-tip-form></bn-tip-form>`),
};

/** Reports nearby are offered for support instead of a duplicate. */
export const FormDuplicateOffered: Story = {
  render: () => {
    const server = new FakeTipsServer()
      .on('GET /v1/tips/nearby', () => json({ items: [tip({ distance: 14 }), tip({ ref: 'BT-2026-00011', distance: 41, status: 'acknowledged', publicAnswer: null, supportCount: 0 })] }))
      .on('POST /v1/tips/:ref/support', () => json({ ref: 'BT-2026-00007', supportCount: 3 }));
    return tenant(server, html`<bn-tip-form></bn-tip-form>`);
  },
  play: async ({ canvasElement }) => fillDamage(await formIn(canvasElement)),
};

/** The town's own fallback shows when the form cannot load (bad key, foreign origin). */
export const FormUnavailable: Story = {
  render: () =>
    html`<bn-tip-form api-key="bn_pk_invalid" api-base="https://api.invalid">
      <p>Sie erreichen uns auch per E-Mail: <a href="mailto:rathaus@beispielstadt.example">rathaus@beispielstadt.example</a></p>
    </bn-tip-form>`,
};

// ---------------------------------------------------------------- <bn-tip-list>

const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    tip({
      ref: `BT-2026-${String(i + 1).padStart(5, '0')}`,
      location: { lat: 51.5 + i / 2000, lng: 9.9 + i / 1500, address: `Dorfstraße ${i + 1}` },
      status: (['new', 'in_progress', 'resolved'] as const)[i % 3],
      publicAnswer: i % 3 === 2 ? 'Erledigt, danke!' : null,
    }),
  );

/** Published tips with status and public answer; filters and paging. */
export const List: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips', (c) => json({ items: many(10), total: 23, page: Number(c.url.searchParams.get('page') ?? 1), pageSize: 10 })),
      html`<bn-tip-list></bn-tip-list>`,
    ),
};

/** Nothing published yet. */
export const ListEmpty: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips', () => json({ items: [], total: 0, page: 1, pageSize: 10 })),
      html`<bn-tip-list></bn-tip-list>`,
    ),
};

/** The map view (no tile URL configured: a plain grid, no third-party requests). */
export const ListMap: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips', () => json({ items: many(6), total: 6, page: 1, pageSize: 10 })),
      html`<bn-tip-list view="map"></bn-tip-list>`,
    ),
};

/** The homepage teaser: three, no filters. */
export const ListCompact: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips', () => json({ items: many(3), total: 12, page: 1, pageSize: 3 })),
      html`<bn-tip-list compact limit="3"></bn-tip-list>`,
    ),
};

// ---------------------------------------------------------------- <bn-tip-status>

/** No tracking link: reference and code are asked for. */
export const StatusLookup: Story = { render: () => tenant(new FakeTipsServer(), html`<bn-tip-status></bn-tip-status>`) };

/** Resolved, with answer and history; may be re-opened. */
export const StatusResolved: Story = { render: () => tenant(new FakeTipsServer(), html`<bn-tip-status ref="BT-2026-00007" token=${TOKEN}></bn-tip-status>`) };

/** In progress, not yet answered. */
export const StatusInProgress: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips/status', () =>
        json(statusView({ status: 'in_progress', publicAnswer: null, canReopen: false, published: false, history: statusView().history.slice(0, 2) })),
      ),
      html`<bn-tip-status ref="BT-2026-00007" token=${TOKEN}></bn-tip-status>`,
    ),
};

/** Reference and code do not match. */
export const StatusNotFound: Story = {
  render: () =>
    tenant(
      new FakeTipsServer().on('GET /v1/tips/status', () => problem(404, 'NOT_FOUND')),
      html`<bn-tip-status ref="BT-2026-00099" token=${TOKEN}></bn-tip-status>`,
    ),
};

// ---------------------------------------------------------------- console section

function staffHost(open?: string, then?: (el: El) => Promise<unknown>) {
  const server = new StaffTipsServer(inboxRows(45));
  server.on('PATCH /v1/staff/tips/:ref', (c) => json(staffTip({ ref: 'BT-2026-01000', publicAnswer: (c.body as { publicAnswer?: string }).publicAnswer ?? null })));
  const host = document.createElement('div');
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.invalid', apiKey: 'bn_sk_storybook', fetch: server.fetch, retries: 0 }) });
  const el = document.createElement('bn-console-tips') as El;
  host.append(el);
  if (open) {
    void until(() => el.shadowRoot?.querySelector<HTMLButtonElement>(`[data-ref="${open}"]`)).then((b) => b.click());
  }
  if (then) void until(() => el.shadowRoot?.querySelector('tbody tr')).then(() => then(el));
  return host;
}

/** The clerk's inbox: status tabs with counts, mine / idle, saved filters, other filters, paging, CSV export, shortcuts. */
export const ConsoleInbox: Story = { render: () => staffHost() };

/** Two tips selected: the bulk bar (status, assignee, publishing). */
export const ConsoleSelection: Story = {
  render: () =>
    staffHost(undefined, async (el) => {
      const boxes = el.shadowRoot.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]');
      boxes[0]?.click();
      boxes[1]?.click();
    }),
};

/** The inbox on a map (no tile server configured: a plain grid, nothing from another server). */
export const ConsoleMap: Story = {
  render: () => staffHost(undefined, async (el) => [...el.shadowRoot.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Karte')?.click()),
};

/** The keyboard shortcuts, listed. */
export const ConsoleShortcuts: Story = {
  render: () =>
    staffHost(undefined, async (el) => {
      const d = el.shadowRoot.querySelector<HTMLDetailsElement>('[part~="shortcuts"]');
      if (d) d.open = true;
    }),
};

/** One tip: contact, map, history with internal notes, every action, next / previous. */
export const ConsoleDetail: Story = { render: () => staffHost('BT-2026-01000') };
