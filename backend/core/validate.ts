// Request validation: the valibot schema decides, the 422 problem is rendered by errors.ts.
// The middleware comes from hono-openapi, so every validated route documents its own schema
// in /v1/openapi.json.
import { validator } from 'hono-openapi';
import type { ValidationTargets } from 'hono';
import * as v from 'valibot';
import { ApiError, type FieldError } from './errors.ts';

// Field messages the schemas do not word themselves.
v.setGlobalMessage((issue) =>
  issue.input === undefined || issue.input === null ? 'This field is required.' : `Invalid value: expected ${issue.expected ?? issue.type}.`,
);

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
  return new ApiError(422, 'VALIDATION_FAILED', 'Validation failed', {
    detail: 'Some fields are missing or invalid.',
    errors: issuesToErrors(issues),
  });
}

/** Parses with a valibot schema or throws the 422 problem. */
export function parseOr422<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
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
    if (!result.success) throw validationError(result.error as ReadonlyArray<Issue>);
  });
}
