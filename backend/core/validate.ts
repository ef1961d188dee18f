// Request validation: the valibot schema decides, the 422 problem is rendered by errors.ts.
// The middleware comes from hono-openapi, so every validated route documents its own schema
// in /v1/openapi.json.
import { validator } from 'hono-openapi';
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from './env.ts';
import { ApiError, type FieldError } from './errors.ts';
import { UNSAFE_TEXT_MESSAGE, unsafeTextPath } from './schema.ts';

// Field messages the schemas do not word themselves.
v.setGlobalMessage((issue) => (issue.input === undefined || issue.input === null ? 'This field is required.' : `Invalid value: expected ${issue.expected ?? issue.type}.`));

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

function dotPath(path: Issue['path']): string {
  return (path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p)).join('.');
}

export function issuesToErrors(issues: ReadonlyArray<Issue | v.BaseIssue<unknown>>): FieldError[] {
  return issues.map((issue) => {
    const path = 'kind' in issue ? (v.getDotPath(issue as v.BaseIssue<unknown>) ?? '') : dotPath((issue as Issue).path);
    return { path, message: issue.message };
  });
}

export function validationError(issues: ReadonlyArray<Issue | v.BaseIssue<unknown>>): ApiError {
  return new ApiError('VALIDATION_FAILED', {
    detail: 'Some fields are missing or invalid.',
    errors: issuesToErrors(issues),
  });
}

/**
 * The edge's text rule (core/schema.ts isSafeText) over raw input: a NUL or a lone surrogate
 * anywhere in a body, query or parameter is a 422 naming the field, whatever the schema says,
 * before any of it reaches PostgreSQL, a mail or a log.
 */
export function refuseUnsafeText(input: unknown, target?: string): void {
  const path = unsafeTextPath(input);
  if (path === null) return;
  // Queries arrive as { name: [values] }: name the parameter, not its index.
  const field = target === 'query' ? path.replace(/\.\d+$/, '') : path;
  throw new ApiError('VALIDATION_FAILED', {
    detail: 'Some fields are missing or invalid.',
    errors: [{ path: field, message: UNSAFE_TEXT_MESSAGE }],
  });
}

/**
 * Every address of the API passes here (mounted in app.ts for /v1 and by Open311), also on
 * routes without a query schema: a NUL in the path is a 400, in the query a 422 naming the
 * parameter. Only a percent sign can smuggle a NUL into a URL; a lone surrogate cannot come
 * through (its UTF-8 form is invalid and stays undecoded), but the same rule is applied.
 */
export function safeUrl(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    checkUrl(c);
    return next();
  };
}

/** safeUrl's check alone, for a middleware that runs it among others (core/pipeline.ts apiEdge). */
export function checkUrl(c: Context<AppEnv>): void {
  const url = c.req.url;
  if (!url.includes('%')) return;
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  if (/%00/.test(path)) {
    throw new ApiError('BAD_REQUEST', { detail: 'The address contains a character that is not allowed.' });
  }
  if (q >= 0) refuseUnsafeText(c.req.queries(), 'query');
}

/** Parses with a valibot schema or throws the 422 problem. */
export function parseOr422<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  refuseUnsafeText(input);
  const result = v.safeParse(schema, input);
  if (!result.success) throw validationError(result.issues);
  return result.output;
}

/**
 * Validator middleware for a valibot schema. A body that is not JSON at all is a 400 (raised by
 * hono); a body that is JSON but wrong is a 422 with field paths.
 */
export function validate<T extends keyof ValidationTargets, S extends v.GenericSchema>(target: T, schema: S) {
  return validator(target, schema, (result) => {
    refuseUnsafeText(result.data, target);
    if (!result.success) throw validationError(result.error as ReadonlyArray<Issue>);
  });
}
