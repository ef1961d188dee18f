import { css, html, nothing, type TemplateResult } from 'lit';
import type { PublicTip, TipCreated } from '../../backend/tips/schema.ts';
import { trackingLink } from '../../backend/tips/tracking.ts';
import { ApiProblem, newIdempotencyKey } from '../core/api-client.ts';
import { isolate, isolateParams } from '../core/bidi.ts';
import { copyText, selectContents } from '../core/clipboard.ts';
import { addLateStyles } from '../core/late-styles.ts';
import type { Locale, Params } from '../core/i18n.ts';
import type { BnTipForm } from './tip-form.ts';
import { tipsViewMessages, type TipsViewMessageKey } from './view-messages.ts';
import { tipsViewStyles } from './view-styles.ts';

/**
 * What `<bn-tip-form>` shows and does only after the citizen acts: reports nearby (once the pin
 * is set) and the support of one, the confirmation with copy buttons, the thanks for a support.
 * Loaded then (with the checks at the first send, or when reports nearby are found), not with
 * the form: its first paint is on a gzip budget (bench/bundle-size.ts). The form keeps the
 * state; the functions here work on it.
 */

/** Added to the form's shadow root when one of these views first shows. */
const styles = css`
  .facts dt {
    font-weight: 700;
  }
  .facts dd {
    margin: 0 0 calc(var(--_space) / 2);
  }
  .copyable {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .copyable .value {
    font-size: 1.4em;
    letter-spacing: 0.04em;
    user-select: all;
    min-inline-size: 0;
  }
  .dups li {
    border-block-start: 1px solid var(--_color-border);
    padding-block: calc(var(--_space) / 2);
  }
`;

function mk(locale: Locale) {
  return (key: TipsViewMessageKey, params?: Params) => tipsViewMessages.t(locale, key, params);
}

export interface DuplicateProps {
  locale: Locale;
  items: PublicTip[];
  categoryLabel: (id: string) => string;
  busyRef: string;
  onSupport: (ref: string) => void;
  onDismiss: () => void;
}

export function renderDuplicates(p: DuplicateProps): TemplateResult {
  const m = mk(p.locale);
  return html`<section part="duplicates" class="notice info" aria-labelledby="dup-title">
    <h3 id="dup-title">${m('dupTitle')}</h3>
    <p>${m('dupText')}</p>
    <ul class="plain dups">
      ${p.items.map(
        (t) => html`<li>
          <p><span class="ref">${t.ref}</span> · ${p.categoryLabel(t.category)} ·
            <span class="badge ${t.status}">${m(`status_${t.status}` as TipsViewMessageKey)}</span></p>
          <p>${t.description.length > 160 ? html`${isolate(t.description.slice(0, 160))} …` : isolate(t.description)}</p>
          <p class="muted">${t.distance !== undefined ? m('dupDistance', { m: t.distance }) : ''}
            ${t.location?.address ? html` · ${isolate(t.location.address)}` : ''} · ${m('supportCount', { n: t.supportCount })}</p>
          <button type="button" class="primary" aria-label=${m('dupSupportLabel', { ref: t.ref })}
            aria-disabled=${p.busyRef ? 'true' : 'false'} @click=${() => p.onSupport(t.ref)}>${m('dupSupport')}</button>
        </li>`,
      )}
    </ul>
    <button type="button" @click=${p.onDismiss}>${m('dupNotMine')}</button>
  </section>`;
}

export interface SuccessProps {
  locale: Locale;
  result: TipCreated;
  /** The tracking link (this page or the `status-page`, with `#bn-tip=REF.CODE`). */
  link: string;
  mailed: boolean;
  onAnother: () => void;
  /** Copies a value; `what` names it for the announcement. */
  onCopy: (what: 'ref' | 'token', e: Event) => void;
  /** What the live region says after a copy ("Code kopiert."). */
  copied: string;
}

/**
 * The confirmation: reference and code are shown large, each with a copy button, so an
 * anonymous reporter can come back without the link (the status view's lookup form takes both).
 */
export function renderSuccess(p: SuccessProps): TemplateResult {
  const m = mk(p.locale);
  const value = (what: 'ref' | 'token', label: string, text: string, copyLabel: string) => html`<dt id=${`l-${what}`}>${label}</dt>
    <dd class="copyable">
      <span class="ref value" part=${what === 'ref' ? 'reference' : 'code'} id=${`v-${what}`}>${text}</span>
      <button type="button" class="copy" part="copy" aria-label=${copyLabel} @click=${(e: Event) => p.onCopy(what, e)}>${m('copy')}</button>
    </dd>`;
  return html`<div part="success" class="notice success">
    <h2 id="done" tabindex="-1">${m('successTitle')}</h2>
    <dl class="facts">
      ${value('ref', m('successRef'), p.result.ref, m('copyRef'))}
      ${value('token', m('successCode'), p.result.token, m('copyCode'))}
    </dl>
    <p class="muted">${m('successKeep')}</p>
    <p class="visually-hidden" role="status">${p.copied}</p>
    ${p.result.tenant?.name ? html`<p>${isolateParams((q) => m('successTo', q), { name: p.result.tenant.name })}</p>` : nothing}
    <p><a part="tracking-link" href=${p.link}>${m('successTrack')}</a></p>
    <p class="muted">${m('successTrackHint')}</p>
    <h3>${m('nextTitle')}</h3>
    <ol>
      <li>${m('next1')}</li>
      <li>${p.mailed ? m('next2Mail') : m('next2NoMail')}</li>
      <li>${m('next3')}</li>
    </ol>
    <button type="button" @click=${p.onAnother}>${m('another')}</button>
  </div>`;
}

export function renderSupported(locale: Locale, ref: string, count: number, onAnother: () => void): TemplateResult {
  const m = mk(locale);
  return html`<div part="success" class="notice success">
    <h2 id="done" tabindex="-1">${m('dupSupported', { ref, count })}</h2>
    <button type="button" @click=${onAnother}>${m('another')}</button>
  </div>`;
}

/**
 * Copies the reference or the code; where the clipboard refuses, selects the value in
 * `root` for Ctrl+C. Returns what the live region says.
 */
export async function copyValue(root: ParentNode | null | undefined, what: 'ref' | 'token', text: string, locale: Locale): Promise<string> {
  const m = mk(locale);
  if (await copyText(text)) return m(what === 'ref' ? 'copiedRef' : 'copiedCode');
  const value = root?.querySelector(`#v-${what}`);
  if (value) selectContents(value);
  return m('copyFailed');
}

/** Sent: the confirmation replaces the form and takes focus; the draft goes. */
export function finish(form: BnTipForm): void {
  form.phase = 'done';
  form.draft?.clear();
  form.draftRestored = false;
  void form.updateComplete.then(() => form.shadowRoot?.querySelector<HTMLElement>('#done')?.focus());
}

/** The send's words that the form shows (progress, failures other than a lost connection). */
export const viewText = (locale: Locale, key: TipsViewMessageKey) => tipsViewMessages.t(locale, key);

/**
 * A failure: a 422 on the fields (through the checks), anything else as the form's notice with
 * "send again" (too many at once, a photo refused on the way, the server, or no connection).
 */
export function failed(form: BnTipForm, err: unknown): void {
  if (err instanceof ApiProblem && err.status === 422 && err.errors.length) {
    const errors = err.errors;
    void import('./validate.ts').then(
      (checks) => checks.showErrors(form, checks.localizeServerErrors(form.locale, errors)),
      () => form.showFailure('server'),
    );
    return;
  }
  if (err instanceof ApiProblem && err.status >= 500) console.error(`Bürgernah <bn-tip-form>: ${err.message} [request ${err.requestId}]`);
  form.showFailure(!(err instanceof ApiProblem) ? 'offline' : err.status === 429 ? 'rate' : (err as ApiProblem & { upload?: boolean }).upload ? 'upload' : 'server');
}

/** "Me too" on a report nearby instead of a new tip (with ALTCHA and an Idempotency-Key too). */
export async function supportTip(form: BnTipForm, ref: string): Promise<void> {
  const client = form.client;
  if (!client || form.supportBusy) return;
  form.supportBusy = ref;
  form.failure = '';
  const key = newIdempotencyKey();
  try {
    // The ALTCHA client loads when a citizen supports a report, not when reports are offered.
    const { withAltcha } = await import('../core/altcha.ts');
    const res = await withAltcha(
      client,
      {},
      (altcha) => client.submit<{ ref: string; supportCount: number }>(`/v1/tips/${encodeURIComponent(ref)}/support`, undefined, { idempotencyKey: key, altcha }),
      (s) => (form.step = s),
    );
    form.supported = { ref: res.ref, count: res.supportCount };
    finish(form);
  } catch (err) {
    failed(form, err);
  } finally {
    form.supportBusy = '';
    form.step = '';
  }
}

async function copy(form: BnTipForm, what: 'ref' | 'token'): Promise<void> {
  const text = what === 'ref' ? form.result?.ref : form.result?.token;
  if (!text) return;
  // Emptied first, so the same message is announced again on a second copy.
  form.copied = '';
  const said = await copyValue(form.shadowRoot, what, text, form.locale);
  await form.updateComplete;
  form.copied = said;
}

/** The reports nearby offered for support, in the form. */
export function renderNearby(form: BnTipForm, items: PublicTip[]): TemplateResult {
  addLateStyles(form, tipsViewStyles);
  addLateStyles(form, styles);
  return renderDuplicates({
    locale: form.locale,
    items,
    categoryLabel: (id) => form.categoryLabel(id),
    busyRef: form.supportBusy,
    onSupport: (r) => void supportTip(form, r),
    onDismiss: () => (form.dupDismissed = true),
  });
}

/** The confirmation after a send, or the thanks after a support; undefined before either. */
export function renderDone(form: BnTipForm): TemplateResult | undefined {
  addLateStyles(form, tipsViewStyles);
  addLateStyles(form, styles);
  if (form.supported) return renderSupported(form.locale, form.supported.ref, form.supported.count, () => form.reset());
  const result = form.result;
  if (!result) return undefined;
  const page = form.statusPage ? new URL(form.statusPage, location.href).href : location.href;
  return renderSuccess({
    locale: form.locale,
    result,
    link: trackingLink(page, result.ref, result.token),
    mailed: form.notify && !!form.email,
    onAnother: () => form.reset(),
    onCopy: (what) => void copy(form, what),
    copied: form.copied,
  });
}
