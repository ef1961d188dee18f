import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/core/elements.ts';
import '../widgets/jobs/define.ts';
import type { BnFilePicker } from '../widgets/core/file-picker.ts';
import { FakeJobsServer, JOB_ID, REF, TOKEN, job, json, page, pdfFile, problem, statusView } from '../test/widgets/jobs/fake-api.ts';

/** Every state of <bn-job-listings>, against an in-memory fake of the API. */

type El = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot };

/** The widget reads its view from the address: each story sets it first. */
function at(search: string, hash = '') {
  const url = new URL(location.href);
  url.searchParams.delete('bn-job');
  for (const [k, v] of new URLSearchParams(search)) url.searchParams.set(k, v);
  url.hash = hash;
  history.replaceState(null, '', url);
}

const view = (server: FakeJobsServer, lang = 'de') => html`<bn-tenant lang=${lang} .client=${server.client()}><bn-job-listings></bn-job-listings></bn-tenant>`;

/** The address first, then the widget. */
function shown(search: string, server: FakeJobsServer, opts: { hash?: string; lang?: string } = {}) {
  at(search, opts.hash);
  return view(server, opts.lang);
}

async function until<T>(fn: () => T | null | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('story: state not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const widget = (canvas: HTMLElement) => until(() => canvas.querySelector<El>('bn-job-listings'));
const inside = async <T extends Element = HTMLElement>(canvas: HTMLElement, sel: string) => {
  const el = await widget(canvas);
  return until(() => el.shadowRoot?.querySelector<T & HTMLElement>(sel));
};

async function openForm(canvas: HTMLElement) {
  (await inside(canvas, '[part~="apply"]')).click();
  return inside(canvas, 'form[part~="form"]');
}

async function fill(canvas: HTMLElement, server: FakeJobsServer) {
  const el = await widget(canvas);
  for (const [name, value] of Object.entries({ firstName: 'Erika', lastName: 'Beispiel', email: 'erika@example.org', coverLetter: 'Sehr geehrte Damen und Herren, …' })) {
    const f = await until(() => el.shadowRoot.querySelector<HTMLElement & { value: string }>(`[name="${name}"]`));
    f.value = value;
    f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  const consent = el.shadowRoot.querySelector<HTMLElement & { checked: boolean }>('[name="consent"]')!;
  consent.checked = true;
  consent.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  const picker = el.shadowRoot.querySelector('bn-file-picker') as unknown as BnFilePicker;
  picker.uploader = server.uploader;
  picker.addFiles([pdfFile('Lebenslauf.pdf'), pdfFile('Zeugnisse.pdf')]);
  await el.updateComplete;
}

const meta: Meta = { title: 'Jobs/Stellenangebote', component: 'bn-job-listings' };
export default meta;
type Story = StoryObj;

/** The list with filters and search. */
export const List: Story = { render: () => shown('', new FakeJobsServer()) };

/** The list in English. */
export const ListEnglish: Story = { render: () => shown('', new FakeJobsServer(), { lang: 'en' }) };

/** No open positions match. */
export const ListEmpty: Story = {
  render: () =>
    shown(
      '',
      new FakeJobsServer().on('GET /v1/jobs', () => json(page([]))),
    ),
};

/** The API cannot be reached: a retry button. */
export const ListError: Story = {
  render: () =>
    shown(
      '',
      new FakeJobsServer().on('GET /v1/jobs', () => problem(503, 'NOT_READY')),
    ),
};

/** One posting at its own address, with JSON-LD in document.head. */
export const Detail: Story = { render: () => shown(`bn-job=${JOB_ID}`, new FakeJobsServer()) };

/** A fully remote posting. */
export const DetailRemote: Story = {
  render: () =>
    shown(
      `bn-job=${JOB_ID}`,
      new FakeJobsServer().on(`GET /v1/jobs/${JOB_ID}`, () => json(job({ telecommute: true, salary: null }))),
    ),
};

/** The deadline has passed. */
export const DetailClosed: Story = {
  render: () =>
    shown(
      `bn-job=${JOB_ID}`,
      new FakeJobsServer().on(`GET /v1/jobs/${JOB_ID}`, () => problem(410, 'POSTING_CLOSED')),
    ),
};

/** The application form, empty. */
export const ApplyEmpty: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, new FakeJobsServer()),
  play: async ({ canvasElement }) => void (await openForm(canvasElement)),
};

/** Sent empty: every missing field says so. */
export const ApplyErrors: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, new FakeJobsServer()),
  play: async ({ canvasElement }) => {
    await openForm(canvasElement);
    (await inside(canvasElement, '[part~="submit"]')).click();
  },
};

const holding = () => Object.assign(new FakeJobsServer(), { holdUploads: true });
const heldServer = holding();
/** Documents uploading: progress per file. */
export const ApplyUploading: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, heldServer),
  play: async ({ canvasElement }) => {
    await openForm(canvasElement);
    await fill(canvasElement, heldServer);
    (await inside(canvasElement, '[part~="submit"]')).click();
  },
};

const refusedServer = new FakeJobsServer();
/** A PDF with JavaScript is refused by the server. */
export const ApplyDocumentRefused: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, refusedServer),
  play: async ({ canvasElement }) => {
    await openForm(canvasElement);
    await fill(canvasElement, refusedServer);
    const el = await widget(canvasElement);
    const picker = el.shadowRoot.querySelector('bn-file-picker') as unknown as BnFilePicker;
    picker.uploader = () => Promise.reject(Object.assign(new Error('unsafe'), { status: 415 }));
    (await inside(canvasElement, '[part~="submit"]')).click();
  },
};

const offlineServer = new FakeJobsServer().on(`POST /v1/jobs/${JOB_ID}/applications`, () => Promise.reject(new TypeError('offline')));
/** No connection when sending: entries kept, retry offered. */
export const ApplyOffline: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, offlineServer),
  play: async ({ canvasElement }) => {
    await openForm(canvasElement);
    await fill(canvasElement, offlineServer);
    (await inside(canvasElement, '[part~="submit"]')).click();
  },
};

const okServer = new FakeJobsServer();
/** Sent: reference and status link. */
export const ApplySuccess: Story = {
  render: () => shown(`bn-job=${JOB_ID}`, okServer),
  play: async ({ canvasElement }) => {
    await openForm(canvasElement);
    await fill(canvasElement, okServer);
    (await inside(canvasElement, '[part~="submit"]')).click();
    await inside(canvasElement, '[part~="success"]');
  },
};

/** The applicant's status view from the link in the receipt. */
export const Status: Story = { render: () => shown('', new FakeJobsServer(), { hash: `bn-job-status=${REF}.${TOKEN}` }) };

/** Invited to an interview, in English. */
export const StatusInvitedEnglish: Story = {
  render: () =>
    shown(
      '',
      new FakeJobsServer().on('GET /v1/jobs/applications/status', () => json(statusView({ status: 'invited' }))),
      { lang: 'en', hash: `bn-job-status=${REF}.${TOKEN}` },
    ),
};

/** Withdrawn by the applicant. */
export const StatusWithdrawn: Story = {
  render: () => shown('', new FakeJobsServer(), { hash: `bn-job-status=${REF}.${TOKEN}` }),
  play: async ({ canvasElement }) => {
    const el = await widget(canvasElement);
    const find = (label: string) => until(() => [...el.shadowRoot.querySelectorAll('button')].find((b) => b.textContent === label));
    (await find('Bewerbung zurückziehen')).click();
    (await find('Ja, zurückziehen')).click();
  },
};

const withdrawOffline = new FakeJobsServer().on('POST /v1/jobs/applications/withdraw', () => Promise.reject(new TypeError('offline')));
/** The withdrawal could not be sent: said at the question, the button stays for a retry. */
export const StatusWithdrawOffline: Story = {
  render: () => shown('', withdrawOffline, { hash: `bn-job-status=${REF}.${TOKEN}` }),
  play: async ({ canvasElement }) => {
    const el = await widget(canvasElement);
    const find = (label: string) => until(() => [...el.shadowRoot.querySelectorAll('button')].find((b) => b.textContent === label));
    (await find('Bewerbung zurückziehen')).click();
    (await find('Ja, zurückziehen')).click();
  },
};

/** A link that no longer leads anywhere. */
export const StatusUnknown: Story = {
  render: () =>
    shown(
      '',
      new FakeJobsServer().on('GET /v1/jobs/applications/status', () => problem(404, 'NOT_FOUND')),
      { hash: `bn-job-status=${REF}.${TOKEN}` },
    ),
};
