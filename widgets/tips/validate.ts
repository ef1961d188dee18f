import * as v from 'valibot';
import { checkAgainstSettings, TipCreate, type TipCreated, type TipsPublicSettings } from '../../backend/tips/schema.ts';
import { ApiProblem, newIdempotencyKey, type ApiClient } from '../core/api-client.ts';
import { withAltcha } from '../core/altcha.ts';
import { define } from '../core/define.ts';
import { BnErrorSummary } from '../core/error-summary.ts';
import type { FieldError } from '../core/api-errors.ts';
import { BnSubmittedEvent } from '../core/events.ts';
import type { Locale } from '../core/i18n.ts';
import { formMessages } from '../core/form-messages.ts';
import { applyFieldErrors } from '../core/validation.ts';
import { failed, finish } from './form-after.ts';
import type { BnTipForm } from './tip-form.ts';
import { tipsViewMessages, type TipsViewMessageKey } from './view-messages.ts';

/**
 * What the form needs once the citizen sends, loaded then (the checks always run before a
 * send): the checks, the error summary, the field errors, the send itself; the confirmation
 * comes with it (form-after.ts).
 */
define('bn-error-summary', BnErrorSummary);

/** The request body from the form's state; only the chosen category's answers. */
function body(form: BnTipForm, settings: TipsPublicSettings, photos: string[]): TipCreate {
  const cat = form.selectedCategory(settings);
  const answers: TipCreate['answers'] = {};
  for (const q of cat?.questions ?? []) {
    const a = form.answers[q.id];
    if (a !== undefined) answers[q.id] = a;
  }
  const loc = form.location;
  const hasLoc = (loc.lat != null && loc.lng != null) || loc.address.trim() !== '';
  return {
    kind: form.kind as TipCreate['kind'],
    category: form.category,
    description: form.description,
    location: hasLoc ? { lat: loc.lat, lng: loc.lng, address: loc.address.trim() || null } : null,
    photos,
    contact: form.name.trim() || form.email.trim() ? { name: form.name, email: form.email } : null,
    notify: form.notify,
    consent: form.consent as true,
    answers,
    lang: form.locale,
  };
}

/** Field errors on their fields and in the summary, which takes focus. */
export async function showErrors(form: BnTipForm, errors: FieldError[]): Promise<void> {
  const targets = applyFieldErrors(
    form.shadowRoot!,
    errors.map((e) => ({ path: fieldOf(e.path), message: e.message })),
  );
  await form.summary?.show(targets);
}

/**
 * Checks, uploads the photos, sends. Nothing typed is lost on a failure: the form stays as it
 * was, and a retry of the same body carries the same Idempotency-Key (and ALTCHA solution), so
 * a lost answer is replayed by the server instead of creating a second tip.
 */
export async function sendTip(form: BnTipForm, settings: TipsPublicSettings, client: ApiClient): Promise<void> {
  const errors = validateTip(form.locale, body(form, settings, []), settings);
  if (errors.length) return showErrors(form, errors);
  applyFieldErrors(form.shadowRoot!, []);
  form.summary?.clear();
  form.phase = 'submitting';
  form.failure = '';
  try {
    form.step = 'uploading';
    let photos: string[] = [];
    try {
      photos = (await form.picker?.upload(client)) ?? [];
    } catch (err) {
      if (err instanceof ApiProblem && (err.status === 413 || err.status === 415 || err.status === 422)) {
        form.phase = 'edit';
        return showErrors(form, localizeServerErrors(form.locale, [{ path: 'photos', message: '' }]));
      }
      throw err instanceof ApiProblem ? Object.assign(err, { upload: true }) : err;
    }
    const tip = body(form, settings, photos);
    const json = JSON.stringify(tip);
    // Same body, same key: a retry after a lost answer replays instead of duplicating.
    if (json !== form.idemBody) {
      form.idemKey = newIdempotencyKey();
      form.idemBody = json;
      form.solved.altcha = undefined;
    }
    const key = form.idemKey;
    form.result = await withAltcha(
      client,
      form.solved,
      (altcha) => client.submit<TipCreated>('/v1/tips', tip, { idempotencyKey: key, altcha }),
      (s) => (form.step = s),
    );
    finish(form);
    form.dispatchEvent(new BnSubmittedEvent(form.result));
  } catch (err) {
    form.phase = 'edit';
    failed(form, err);
  } finally {
    form.step = '';
  }
}

/**
 * Client-side validation of a tip with the SAME valibot schema and settings rules the
 * server applies; only the wording lives here. Also turns a server 422's paths into
 * the same messages, so a citizen reads one language whichever side caught it.
 */
export function validateTip(locale: Locale, body: TipCreate, settings: TipsPublicSettings): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    if (seen.has(fieldOf(path))) return;
    seen.add(fieldOf(path));
    errors.push({ path, message });
  };
  let input: TipCreate = body;
  // Valibot skips a pipe's cross-field checks (location for damage reports, e-mail for
  // notices) while a field is invalid. A second pass with valid stand-ins for the broken
  // fields shows every problem at once, still by the schema's own rules.
  for (let pass = 0; pass < 3; pass++) {
    const parsed = v.safeParse(TipCreate, input);
    if (parsed.success) {
      for (const e of checkAgainstSettings(parsed.output, settings)) add(e.path, messageFor(locale, e.path, undefined, e.message));
      break;
    }
    for (const issue of parsed.issues) {
      // A forward() into a null contact stops at "contact": the e-mail field is meant.
      const raw = v.getDotPath(issue) ?? '';
      const path = raw === 'contact' ? 'contact.email' : raw;
      add(path, messageFor(locale, path, issue));
    }
    input = withStandIns(
      input,
      parsed.issues.map((i) => v.getDotPath(i) ?? ''),
    );
  }
  return errors;
}

const STAND_INS: [string, unknown][] = [
  ['contact.email', ''],
  ['contact.name', ''],
  ['kind', 'idee'],
  ['category', '-'],
  ['description', '-'],
  ['location', null],
  ['photos', []],
  ['answers', {}],
  ['consent', true],
  ['notify', false],
  ['lang', 'de'],
];

function withStandIns(body: TipCreate, paths: string[]): TipCreate {
  const next = structuredClone(body) as Record<string, unknown> & { contact?: Record<string, unknown> | null };
  for (const path of paths) {
    const hit = STAND_INS.find(([p]) => path === p || path.startsWith(`${p}.`));
    if (!hit) continue;
    const [p, val] = hit;
    if (p.startsWith('contact.')) next.contact = { ...(next.contact ?? {}), [p.slice(8)]: val };
    else next[p] = val;
  }
  return next as TipCreate;
}

/** A server 422 in the citizen's language. */
export function localizeServerErrors(locale: Locale, errors: readonly FieldError[]): FieldError[] {
  return dedupe(errors.map((e) => ({ path: e.path, message: messageFor(locale, e.path, undefined, e.message) })));
}

type Issue = v.BaseIssue<unknown>;

function messageFor(locale: Locale, path: string, issue?: Issue, english = ''): string {
  const t = (k: TipsViewMessageKey) => tipsViewMessages.t(locale, k);
  const type = issue?.type ?? '';
  // Too long is the only length rule a citizen can hit in these fields (maxlength stops typing).
  if (type === 'max_length') return formMessages.t(locale, 'tooLong', { max: Number(issue!.requirement) });
  if (path === 'kind') return t('errKind');
  if (path === 'category') return /emergency/i.test(english) ? t('errEmergency') : t('errCategory');
  if (path === 'description') return t('errDescription');
  if (path.startsWith('location')) return t('errLocation');
  if (path === 'contact.name') return t('errName');
  if (path === 'contact.email') {
    if (type === 'check' || /notif/i.test(english)) return t('errEmailNotify');
    if (type === 'email' || type === 'union' || /valid/i.test(english)) return formMessages.t(locale, 'invalidEmail');
    return t('errEmail');
  }
  if (path === 'consent') return t('errConsent');
  if (path.startsWith('photos')) return t('errPhotos');
  return formMessages.t(locale, /required/i.test(english) || type === 'non_empty' ? 'required' : 'invalidValue');
}

/** One message per field: "location" and "location.address" point at the same control. */
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = fieldOf(e.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The form control a path belongs to. */
export function fieldOf(path: string): string {
  if (path.startsWith('location')) return 'location';
  if (path.startsWith('photos')) return 'photos';
  return path;
}
