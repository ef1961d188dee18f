import { getDotPath, type BaseIssue } from 'valibot';
import type { FieldError } from './api-errors.ts';
import type { Locale } from './i18n.ts';
import { formMessages, type FormMessageKey } from './form-messages.ts';

/**
 * Valibot issues → messages in the citizen's language. The SAME schema module the
 * backend validates with is imported by the widget, so a rule lives in one place;
 * only its wording lives here. A module may pass its own `messages` for a field
 * (e.g. "Bitte geben Sie die Postleitzahl ein.") which win over the generic text.
 */
type Issue = BaseIssue<unknown>;

export function issueMessage(locale: Locale, issue: Issue): string {
  const t = (k: FormMessageKey, p?: Record<string, string | number>) => formMessages.t(locale, k, p);
  const req = issue.requirement;
  switch (issue.type) {
    case 'non_empty':
    case 'non_nullish':
    case 'non_nullable':
    case 'non_optional':
      return t('required');
    case 'min_length':
    case 'min_graphemes':
    case 'min_words':
      return req === 1 ? t('required') : t('tooShort', { min: Number(req) });
    case 'max_length':
    case 'max_graphemes':
    case 'max_words':
      return t('tooLong', { max: Number(req) });
    case 'min_value':
      return req instanceof Date ? t('dateTooEarly', { min: String(req) }) : t('tooSmall', { min: Number(req) });
    case 'max_value':
      return req instanceof Date ? t('dateTooLate', { max: String(req) }) : t('tooLarge', { max: Number(req) });
    case 'email':
    case 'rfc_email':
      return t('invalidEmail');
    case 'iso_date':
    case 'date':
      return t('invalidDate');
    case 'number':
    case 'integer':
    case 'safe_integer':
      return t('invalidNumber');
    case 'regex':
      return t('invalidFormat');
    case 'picklist':
    case 'enum':
    case 'union':
    case 'variant':
    case 'literal':
      return t('requiredChoice');
    case 'string':
    case 'object':
    case 'array':
      // Missing entirely (undefined) reads as "required" to a citizen.
      return issue.input === undefined || issue.input === '' ? t('required') : t('invalidValue');
    default:
      return t('invalidValue');
  }
}

/** One entry per field path (the first issue of each), in schema order. */
export function issuesToFieldErrors(locale: Locale, issues: readonly Issue[], messages: Record<string, Partial<Record<Locale, string>>> = {}): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = getDotPath(issue) ?? '';
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: messages[path]?.[locale] ?? issueMessage(locale, issue) });
  }
  return out;
}

/**
 * Puts field errors onto the form's building blocks, matched by `name` (= path),
 * and returns the errors with their elements for `<bn-error-summary>`. Fields that
 * are not in the list get their error cleared.
 */
export function applyFieldErrors(root: ParentNode, errors: readonly FieldError[]): { target: HTMLElement; message: string }[] {
  const byPath = new Map(errors.map((e) => [e.path, e.message]));
  const out: { target: HTMLElement; message: string }[] = [];
  for (const el of root.querySelectorAll<HTMLElement & { error: string; name: string }>('[name]')) {
    if (!('error' in el)) continue;
    const message = byPath.get(el.name);
    el.error = message ?? '';
    if (message) out.push({ target: el, message });
  }
  return out;
}
