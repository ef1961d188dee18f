import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import '../widgets/kita/define.ts';
import '../widgets/kita/console-define.ts';
import { ApiClient } from '../widgets/core/api-client.ts';
import { apiClientContext } from '../widgets/core/context.ts';
import { staffContext, type Me } from '../widgets/core/staff-context.ts';
import { berlinToday } from '../backend/core/time.ts';
import { addMonths } from '../backend/kita/schema.ts';
import { facility, FakeKitaServer, json, KITA_TOKEN, kitaAccount, problem, settingsServer, staffFacility, staffSettings, staffWish, status, teamServer } from '../test/widgets/kita/fake-api.ts';

/** Every step and state of the Kita widgets, against an in-memory fake of the API. */

type El = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot };
const tenant = (server: FakeKitaServer, inner: TemplateResult) => html`<bn-tenant .client=${server.client()}>${inner}</bn-tenant>`;

async function until<T>(fn: () => T | null | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('story: state not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const filled = {
  wishes: [facility(3).id, facility(1).id],
  child: { firstName: 'Mia', lastName: 'Muster', birthDate: addMonths(berlinToday(), -14), expected: false, specialNeeds: '' },
  startDate: addMonths(berlinToday(), 2),
  careHours: '35',
  guardians: [{ firstName: 'Eva', lastName: 'Muster', email: 'eva@example.org', phone: '', address: 'Hauptstraße 1', working: true }],
  residence: 'beispielstadt',
};

/** The registration form on a given step, with the family's data filled in up to there. */
const onStep = (step: number, server = new FakeKitaServer(), extra: Record<string, unknown> = {}): Story => ({
  render: () => tenant(server, html`<bn-kita-registration></bn-kita-registration>`),
  play: async ({ canvasElement }) => {
    const el = await until(() => canvasElement.querySelector<El>('bn-kita-registration')?.shadowRoot?.querySelector('form') && canvasElement.querySelector<El>('bn-kita-registration')!);
    Object.assign(el, step > 1 ? filled : {}, { step }, extra);
    await el.updateComplete;
  },
});

const meta: Meta = { title: 'Kita/Kita-Anmeldung', component: 'bn-kita-registration' };
export default meta;
type Story = StoryObj;

/** Step 1: find Kitas of the whole community. */
export const Step1Find: Story = onStep(1);
/** Step 1 with the tenant's address search: sorted by distance from the address typed in, within 5 km. */
export const Step1Distance: Story = onStep(
  1,
  new FakeKitaServer(undefined, [facility(1, { lat: 52.43, lng: 10.05 }), facility(2, { lat: 52.4045, lng: 10.05 }), facility(3, { lat: 52.5, lng: 10.05 })], undefined, {
    map: { tileUrl: null, attribution: '', maxZoom: 19, center: [52.4, 10.05], zoom: 12, addressSearch: true },
  }),
  { near: 'Schulstraße 1', origin: { label: 'Schulstraße 1, Beispielstadt', lat: 52.4, lng: 10.05 }, radius: '5' },
);
/** Step 1, "Karte zeigen" on a site without a tile server: said in words, no empty map. */
export const Step1MapNoTiles: Story = onStep(1, new FakeKitaServer(), { showMap: true });
/** Step 2: wishes ranked with up/down buttons. */
export const Step2Wishes: Story = onStep(2);
/** Step 3: the child. */
export const Step3Child: Story = onStep(3);
/** Step 4: guardians and the facts the rules weigh. */
export const Step4Guardians: Story = onStep(4);
/** Step 5: review and consent. */
export const Step5Review: Story = onStep(5, new FakeKitaServer(), { consent: true });
/** Step 3 with the errors of an empty child form. */
export const Step3Errors: Story = {
  ...onStep(2),
  play: async (ctx) => {
    await onStep(2).play!(ctx);
    const el = ctx.canvasElement.querySelector<El>('bn-kita-registration')!;
    Object.assign(el, { child: { firstName: '', lastName: '', birthDate: '', expected: false, specialNeeds: '' }, careHours: '', startDate: '', step: 3 });
    await el.updateComplete;
    el.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  },
};
/** Sending failed: no connection; everything typed stays. */
export const Offline: Story = {
  ...onStep(
    5,
    new FakeKitaServer().on('POST /v1/kita/registrations', () => {
      throw new TypeError('Failed to fetch');
    }),
    { consent: true },
  ),
  play: async (ctx) => {
    await onStep(5, undefined, { consent: true }).play!(ctx);
    ctx.canvasElement.querySelector<El>('bn-kita-registration')!.shadowRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  },
};
/** Sent: reference and tracking link. */
export const Sent: Story = {
  ...onStep(5, new FakeKitaServer(), { consent: true }),
  play: async (ctx) => {
    await onStep(5, undefined, { consent: true }).play!(ctx);
    ctx.canvasElement.querySelector<El>('bn-kita-registration')!.shadowRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  },
};
/** "Später fortsetzen": asking for the e-mail address. */
export const ContinueLater: Story = {
  ...onStep(3),
  play: async (ctx) => {
    await onStep(3).play!(ctx);
    // The draft's state is its controller's (draft.ts): asked for as a family does.
    const root = ctx.canvasElement.querySelector<El>('bn-kita-registration')!.shadowRoot;
    root.querySelector<HTMLButtonElement>('.later button')!.click();
    const email = await until(() => root.querySelector<HTMLElement & { value: string }>('[name="laterEmail"]'));
    email.value = 'eva@example.org';
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  },
};

// ---------------------------------------------------------------- <bn-kita-status>

const statusStory = (view = status(), server = new FakeKitaServer(undefined, undefined, view)): Story => ({
  render: () => tenant(server, html`<bn-kita-status ref="KA-2026-00017" token=${KITA_TOKEN}></bn-kita-status>`),
});
/** An open offer with its deadline. */
export const StatusOffer: Story = statusStory();
/** Waiting on every list. */
export const StatusWaiting: Story = statusStory(status({ offers: [], wishes: status().wishes.map((w) => ({ ...w, state: 'waiting' })) }));
/** A place accepted: the other wishes are withdrawn. */
export const StatusPlaced: Story = statusStory(
  status({
    state: 'placed',
    canChange: false,
    offers: [{ ...status().offers[0]!, state: 'accepted' }],
    wishes: [
      { ...status().wishes[0]!, state: 'accepted' },
      { ...status().wishes[1]!, state: 'withdrawn' },
    ],
  }),
);
/** Withdrawn by the family. */
export const StatusWithdrawn: Story = statusStory(status({ state: 'withdrawn', canChange: false, offers: [], wishes: status().wishes.map((w) => ({ ...w, state: 'withdrawn' })) }));
/** Wrong reference or code. */
export const StatusNotFound: Story = statusStory(
  status(),
  new FakeKitaServer().on('GET /v1/kita/registrations/status', () => problem(404, 'NOT_FOUND')),
);

// ---------------------------------------------------------------- console

/** The staff's ranking with explained points. */
export const ConsoleRanking: Story = {
  render: () => {
    const server = new FakeKitaServer();
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [] }));
    server.on('GET /v1/staff/kita/statistics', () =>
      json({
        total: 2,
        byBirthYear: [{ key: '2025', count: 2 }],
        byAgeGroup: [{ key: 'krippe', count: 2 }],
        byCareHours: [{ key: '35', count: 2 }],
        byTown: [{ key: 'beispielstadt', count: 2 }],
        byState: [{ key: 'active', count: 2 }],
      }),
    );
    server.on('GET /v1/staff/kita/registrations', () =>
      json({
        scope: { allocation: 'facility', facilities: null },
        items: [
          staffWish(),
          staffWish({ position: 2, points: 12, ref: 'KA-2026-00018', duplicate: false, registrationId: '00000000-0000-4000-8000-0000000000a2', child: { ...staffWish().child, firstName: 'Ben' } }),
        ],
      }),
    );
    const host = document.createElement('div');
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    host.append(document.createElement('bn-console-kita'));
    return host;
  },
};

/** The ranking did not load: the API's reason in the console's language, and "Erneut versuchen". */
export const ConsoleRankingFailed: Story = {
  render: () => {
    const server = new FakeKitaServer();
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [] }));
    server.on('GET /v1/staff/kita/statistics', () => json({ total: 0, byBirthYear: [], byAgeGroup: [], byCareHours: [], byTown: [], byState: [] }));
    server.on('GET /v1/staff/kita/registrations', () => problem(503, 'UNAVAILABLE', { detail: 'Der Dienst ist kurz nicht erreichbar. · The service is briefly unavailable.' }));
    const host = document.createElement('div');
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    host.append(document.createElement('bn-console-kita'));
    return host;
  },
};

/** A Kita's own team where the youth office allocates centrally: its ranking, read-only, said in words. */
export const ConsoleCentralAllocation: Story = {
  render: () => {
    const server = new FakeKitaServer();
    const own = staffFacility({ id: staffWish().facility.id, name: 'Kita Sonnenblume' });
    server.on('GET /v1/staff/kita/facilities', () => json({ items: [own] }));
    server.on('GET /v1/staff/kita/statistics', () =>
      json({
        total: 1,
        byBirthYear: [{ key: '2025', count: 1 }],
        byAgeGroup: [{ key: 'krippe', count: 1 }],
        byCareHours: [{ key: '35', count: 1 }],
        byTown: [{ key: 'beispielstadt', count: 1 }],
        byState: [{ key: 'active', count: 1 }],
      }),
    );
    server.on('GET /v1/staff/kita/registrations', () => json({ scope: { allocation: 'central', facilities: [own.id] }, items: [staffWish({ mayOffer: false })] }));
    const host = document.createElement('div');
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    host.append(document.createElement('bn-console-kita'));
    return host;
  },
};

// ---------------------------------------------------------------- console: a Kita's team

const teamStory = (server: FakeKitaServer, selfId?: string): HTMLElement => {
  const host = document.createElement('div');
  new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
  if (selfId) new ContextProvider(host, { context: staffContext, initialValue: { user: { id: selfId, name: 'Jugendamt Mitte', roles: ['kita'] } } as Me });
  host.append(document.createElement('bn-console-kita'));
  return host;
};

/** The office: a Kita's team (a clerk), with remove buttons and the accounts it may add (no disabled one). */
export const ConsoleTeamOffice: Story = { render: () => teamStory(teamServer().server) };

/** The office, a Kita without a team of its own: the office acts for it. */
export const ConsoleTeamEmpty: Story = { render: () => teamStory(teamServer({ staff: [] }).server) };

/** Every account with a Kita role is already in the team: nothing left to add, said in words. */
export const ConsoleTeamComplete: Story = { render: () => teamStory(teamServer({ staff: [1, 2, 4].map((n) => kitaAccount(n).id) }).server) };

/** A Kita's own team: its members read-only, no controls. */
export const ConsoleTeamReadOnly: Story = {
  render: () => teamStory(teamServer({ staff: [kitaAccount(1).id, kitaAccount(2).id], mayAssign: false, scope: [staffFacility().id] }).server),
};

/** The API refuses the change (422 on `staff.1`): the alert names the account, in the console's language. */
export const ConsoleTeamRefused: Story = {
  render: () => {
    const { server } = teamServer();
    server.on('PATCH /v1/staff/kita/facilities/:id', () =>
      problem(422, 'VALIDATION_FAILED', {
        errors: [{ path: 'staff.1', message: 'Kein Konto dieser Gemeinde mit einer Kita-Rolle. · Not an account of this municipality with a Kita role.' }],
      }),
    );
    return teamStory(server);
  },
  play: async ({ canvasElement }) => {
    const team = await until(() => canvasElement.querySelector('bn-console-kita')?.shadowRoot?.querySelector('bn-console-kita-team')?.shadowRoot);
    const select = await until(() => team.querySelector<HTMLElement & { value: string }>('bn-select'));
    select.value = kitaAccount(2).id;
    select.dispatchEvent(new Event('change'));
    team.querySelector<HTMLButtonElement>('button.add')!.click();
  },
};

/** The office picks its own account: the picker warns that joining a team ends its office rights. */
export const ConsoleTeamOwnAccount: Story = {
  render: () => teamStory(teamServer().server, kitaAccount(4).id),
  play: async ({ canvasElement }) => {
    const team = await until(() => canvasElement.querySelector('bn-console-kita')?.shadowRoot?.querySelector('bn-console-kita-team')?.shadowRoot);
    const select = await until(() => team.querySelector<HTMLElement & { value: string }>('bn-select'));
    select.value = kitaAccount(4).id;
    select.dispatchEvent(new Event('change'));
  },
};

// ---------------------------------------------------------------- console: a Kita's details

/** The section's shadow root, the editor opened by the button `selector`, and the editor's shadow root. */
async function openEditor(canvasElement: HTMLElement, selector: string): Promise<ShadowRoot> {
  const section = await until(() => canvasElement.querySelector('bn-console-kita')?.shadowRoot);
  (await until(() => section.querySelector<HTMLButtonElement>(selector))).click();
  return until(() => section.querySelector('bn-console-kita-facility')?.shadowRoot?.querySelector('form') && section.querySelector('bn-console-kita-facility')!.shadowRoot!);
}

/** The office adds a Kita: the empty form, focus on its heading. */
export const ConsoleFacilityAdd: Story = {
  render: () => teamStory(teamServer().server),
  play: async ({ canvasElement }) => void (await openEditor(canvasElement, 'button.add-facility')),
};

/** The office changes a Kita's details: the form filled with the Kita as loaded, with "Kita löschen". */
export const ConsoleFacilityEdit: Story = {
  render: () => teamStory(teamServer().server),
  play: async ({ canvasElement }) => void (await openEditor(canvasElement, 'button[data-edit]')),
};

/** Sent empty: the schema's own checks at the fields and the age groups, in the error summary. */
export const ConsoleFacilityErrors: Story = {
  render: () => teamStory(teamServer().server),
  play: async ({ canvasElement }) => {
    const editor = await openEditor(canvasElement, 'button.add-facility');
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  },
};

/** Deleting a Kita that has wishes: asked first, then refused with the API's reason (409 FACILITY_IN_USE). */
export const ConsoleFacilityDeleteRefused: Story = {
  render: () => {
    const { server } = teamServer();
    server.on('DELETE /v1/staff/kita/facilities/:id', () =>
      problem(409, 'FACILITY_IN_USE', { detail: 'Für diese Kita gibt es Wünsche; bitte stattdessen deaktivieren. · This Kita has wishes; deactivate it instead.' }),
    );
    return teamStory(server);
  },
  play: async ({ canvasElement }) => {
    const editor = await openEditor(canvasElement, 'button[data-edit]');
    editor.querySelector<HTMLButtonElement>('button.delete')!.click();
    (await until(() => editor.querySelector<HTMLButtonElement>('.confirm button.primary'))).click();
  },
};

// ---------------------------------------------------------------- console: the settings

/**
 * The Kita section in `lang`, for a person with `roles`, on its "Einstellungen" tab. `mayAssign`
 * false and `scope` set: a Kita's team; `roles` kita:read: read-only.
 */
const settingsStory = (
  opts: { lang?: string; roles?: string[]; mayAssign?: boolean; scope?: string[]; edit?: (server: FakeKitaServer) => void; walk?: (root: ShadowRoot) => Promise<void> } = {},
): Story => ({
  render: () => {
    const { server } = teamServer({ mayAssign: opts.mayAssign, scope: opts.scope });
    settingsServer(server, staffSettings({ statusPageUrl: 'https://beispielstadt.example/kita/stand' }));
    opts.edit?.(server);
    const host = document.createElement('div');
    // Without `lang` the toolbar's language (the closest [lang]) decides.
    if (opts.lang) host.lang = opts.lang;
    new ContextProvider(host, { context: apiClientContext, initialValue: new ApiClient({ baseUrl: 'https://api.test', apiKey: 'bn_sk_test', fetch: server.fetch, retries: 0 }) });
    new ContextProvider(host, { context: staffContext, initialValue: { user: { id: 'u9', name: 'Jugendamt Mitte', roles: opts.roles ?? ['kita'] } } as Me });
    host.append(document.createElement('bn-console-kita'));
    return host;
  },
  play: async ({ canvasElement }) => {
    const section = await until(() => canvasElement.querySelector('bn-console-kita')?.shadowRoot);
    (await until(() => section.querySelector<HTMLButtonElement>('#tab-settings'))).click();
    const settings = await until(() => section.querySelector('bn-console-kita-settings')?.shadowRoot);
    await opts.walk?.(settings);
  },
});

/** Types into a settings field and sends the form. */
async function changeAndSave(root: ShadowRoot, name: string, value: string): Promise<void> {
  const field = await until(() => root.querySelector<HTMLElement & { value: string }>(`[name="${name}"]`));
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** The office: every setting in its group, with units, ranges and what the points do. */
export const ConsoleSettings: Story = settingsStory();

/** The same in English. */
export const ConsoleSettingsEnglish: Story = settingsStory({ lang: 'en' });

/** The settings are on their way: "Wird geladen …". */
export const ConsoleSettingsLoading: Story = settingsStory({ edit: (s) => s.on('GET /v1/staff/kita/settings', () => new Promise<Response>(() => {})) });

/** The settings did not load: the reason and "Erneut versuchen". */
export const ConsoleSettingsLoadFailed: Story = settingsStory({
  edit: (s) => s.on('GET /v1/staff/kita/settings', () => problem(503, 'UNAVAILABLE', { detail: 'Der Dienst ist kurz nicht erreichbar. · The service is briefly unavailable.' })),
});

/** Sent, the answer not yet there: "Wird gespeichert …". */
export const ConsoleSettingsSaving: Story = settingsStory({
  edit: (s) => s.on('PUT /v1/staff/kita/settings', () => new Promise<Response>(() => {})),
  walk: (root) => changeAndSave(root, 'offerDays', '21'),
});

/** Saved: said in the live region and shown. */
export const ConsoleSettingsSaved: Story = settingsStory({ walk: (root) => changeAndSave(root, 'offerDays', '21') });

/** The server refuses a field (422): at the field and in the error summary; what was typed stays. */
export const ConsoleSettingsErrors: Story = settingsStory({
  edit: (s) =>
    s.on('PUT /v1/staff/kita/settings', () =>
      problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'statusPageUrl', message: 'Die Seite muss bei Ihrer Gemeinde liegen. · The page must be on your municipality’s site.' }] }),
    ),
  walk: (root) => changeAndSave(root, 'statusPageUrl', 'https://anderswo.example/stand'),
});

/** Read-only staff (kita:read): the values as a list, and why they cannot change them. */
export const ConsoleSettingsReadOnly: Story = settingsStory({ roles: ['kita:read'], mayAssign: false });

/** A clerk in a Kita's team: the values, and that only the office changes them. */
export const ConsoleSettingsTeam: Story = settingsStory({ mayAssign: false, scope: [staffFacility().id] });
