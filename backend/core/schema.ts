// Input rules every module shares, for text and dates. Pure valibot, no server imports: the
// module schemas import it and so do the widgets (client-side validation), and the backend's
// edge (core/validate.ts) applies the same checks to every body, query and path parameter.
import * as v from 'valibot';

// ---------------------------------------------------------------- text

/**
 * Text we can store and send on: well-formed UTF-16 (no lone surrogate, which has no UTF-8 form
 * and which PostgreSQL's jsonb refuses) and no NUL (PostgreSQL text cannot hold it).
 */
export function isSafeText(s: string): boolean {
  // String.prototype.isWellFormed: Node 20, Chromium 111, Firefox 119, Safari 16.4 (lib ES2024).
  return (s as string & { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000');
}

export const UNSAFE_TEXT_MESSAGE = 'The text contains a character that cannot be stored (a NUL or a broken character); please retype it.';

/** A valibot action for strings: `v.pipe(v.string(), safeText(), …)`. */
export const safeText = <T extends string>(message = UNSAFE_TEXT_MESSAGE) => v.check<T, string>(isSafeText, message);

/** A string that passes `safeText`. */
export const SafeString = v.pipe(v.string(), safeText());

/** A required text: safe, trimmed, not empty, at most `max` characters. */
export const Text = (max: number, required = 'This field is required.') => v.pipe(v.string(), safeText(), v.trim(), v.nonEmpty(required), v.maxLength(max, `At most ${max} characters.`));

/** An optional text (may be empty): safe, trimmed, at most `max` characters. */
export const OptionalText = (max: number) => v.pipe(v.string(), safeText(), v.trim(), v.maxLength(max, `At most ${max} characters.`));

/**
 * The path (`a.b.0`) of the first string or object key in `value` that is not safe text, or
 * null. Walks at most `limit` nodes: input larger than that is refused by the body limits first.
 */
export function unsafeTextPath(value: unknown, limit = 100_000): string | null {
  const stack: [unknown, string][] = [[value, '']];
  let seen = 0;
  while (stack.length) {
    const [x, path] = stack.pop()!;
    if (++seen > limit) return null;
    if (typeof x === 'string') {
      if (!isSafeText(x)) return path;
    } else if (Array.isArray(x)) {
      for (const [i, item] of x.entries()) stack.push([item, path ? `${path}.${i}` : String(i)]);
    } else if (x && typeof x === 'object' && !(x instanceof Blob)) {
      for (const [k, item] of Object.entries(x)) {
        const p = path ? `${path}.${k}` : k;
        if (!isSafeText(k)) return path;
        stack.push([item, p]);
      }
    }
  }
  return null;
}

/**
 * For a whole body: every string and key inside (records and arrays too) must be safe text.
 * The issue carries the dot path of the bad value, so a form can mark the field.
 */
export const safeTree = <T>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const path = unsafeTextPath(dataset.value);
    if (path === null) return;
    addIssue({
      message: UNSAFE_TEXT_MESSAGE,
      path: path ? (path.split('.').map((key) => ({ type: 'object', origin: 'value', input: {}, key, value: undefined })) as [v.ObjectPathItem, ...v.ObjectPathItem[]]) : undefined,
    });
  });

// ---------------------------------------------------------------- dates

/** The years a date of ours may name; anything outside is a typo or an attack. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses an ISO 8601 calendar date (`2026-05-01`) or date-time (`2026-05-01T10:00:00+02:00`),
 * refusing impossible dates (2026-02-30, 24:00 hours) and years outside MIN_YEAR..MAX_YEAR.
 * A date-time without offset is read as UTC. Returns null when not such a date.
 */
export function parseIsoDate(s: string): Date | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  if (m[7] && m[7].toUpperCase() !== 'Z') {
    const off = m[7].replace(':', '');
    if (Number(off.slice(1, 3)) > 18 || Number(off.slice(3) || 0) > 59) return null;
  }
  const d = new Date(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : s.replace(' ', 'T') + (m[7] ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}

export const DATE_MESSAGE = `Use a real date like 2026-05-01 (years ${MIN_YEAR}–${MAX_YEAR}).`;

/** A string that is an ISO 8601 date or date-time (see parseIsoDate); stays a string. */
export const IsoDate = (message = DATE_MESSAGE) =>
  v.pipe(
    v.string(),
    v.check((s) => parseIsoDate(s) !== null, message),
  );

/** A calendar day only (`2026-05-01`): what a date field sends. */
export const IsoDay = (message = DATE_MESSAGE) =>
  v.pipe(
    v.string(),
    v.check((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseIsoDate(s) !== null, message),
  );
