import * as v from 'valibot';
import { checkAgainstSettings, TipCreate, type TipsPublicSettings } from '../../backend/tips/schema.ts';
import type { FieldError } from '../core/api-errors.ts';
import type { Locale } from '../core/i18n.ts';
import { formMessages } from '../core/form-messages.ts';
import { issueMessage } from '../core/validation.ts';
import { tipsMessages, type TipsMessageKey } from './messages.ts';

/**
 * Client-side validation of a tip with the SAME valibot schema and settings rules the
 * server applies; only the wording lives here. Also turns a server 422's paths into
 * the same messages, so a citizen reads one language whichever side caught it.
 */
export function validateTip(locale: Locale, body: unknown, settings: TipsPublicSettings): FieldError[] {
  const parsed = v.safeParse(TipCreate, body);
  if (!parsed.success) {
    return dedupe(parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: messageFor(locale, v.getDotPath(issue) ?? '', issue) })));
  }
  return dedupe(
    checkAgainstSettings(parsed.output, settings).map((e) => ({ path: e.path, message: messageFor(locale, e.path, undefined, e.message) })),
  );
}

/** A server 422 in the citizen's language. */
export function localizeServerErrors(locale: Locale, errors: readonly FieldError[]): FieldError[] {
  return dedupe(errors.map((e) => ({ path: e.path, message: messageFor(locale, e.path, undefined, e.message) })));
}

type Issue = v.BaseIssue<unknown>;

function messageFor(locale: Locale, path: string, issue?: Issue, english = ''): string {
  const t = (k: TipsMessageKey) => tipsMessages.t(locale, k);
  const type = issue?.type ?? '';
  if (path === 'kind') return t('errKind');
  if (path === 'category') return /emergency/i.test(english) ? t('errEmergency') : t('errCategory');
  if (path === 'description') return type === 'max_length' && issue ? issueMessage(locale, issue) : t('errDescription');
  if (path.startsWith('location')) return type === 'max_length' && issue ? issueMessage(locale, issue) : t('errLocation');
  if (path === 'contact.name') return type === 'max_length' && issue ? issueMessage(locale, issue) : t('errName');
  if (path === 'contact.email') {
    if (type === 'check' || /notif/i.test(english)) return t('errEmailNotify');
    if (type === 'email' || type === 'union' || /valid/i.test(english)) return formMessages.t(locale, 'invalidEmail');
    return t('errEmail');
  }
  if (path === 'consent') return t('errConsent');
  if (path.startsWith('photos')) return t('errPhotos');
  if (path.startsWith('answers.')) return issue ? issueMessage(locale, issue) : /required/i.test(english) ? formMessages.t(locale, 'required') : formMessages.t(locale, 'invalidValue');
  return issue ? issueMessage(locale, issue) : formMessages.t(locale, 'invalidValue');
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
