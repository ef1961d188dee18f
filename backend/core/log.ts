// Structured logs. Keys, tokens and personal fields are redacted by path, and request logs
// carry only method, route, status, duration and request id.
//
// Lines go to stdout through a non-blocking destination: a log call appends to a buffer, and
// the buffer is written asynchronously once it holds LOG_BATCH_BYTES or LOG_FLUSH_MS have
// passed, so a request neither waits for a write(2) nor costs one of its own: under load one
// write carries dozens of lines (each write is a hand-off to libuv's thread pool, which cost
// more CPU than formatting the line). A quiet server's line appears within LOG_FLUSH_MS. What
// is still buffered when the process exits is written then (pino registers that for a
// non-blocking destination; test/backend/log.test.ts checks both), and the server's shutdown
// calls flushLog() first.
import pino from 'pino';

const LOG_BATCH_BYTES = 8 * 1024;
const LOG_FLUSH_MS = 250;
const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');

export const log = pino(
  {
    level,
    base: undefined,
    redact: {
      paths: [
        'key',
        '*.key',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'apiKey',
        '*.apiKey',
        'token',
        '*.token',
        'email',
        '*.email',
        'name',
        '*.name',
        'phone',
        '*.phone',
        'password',
      ],
      censor: '[redacted]',
    },
  },
  destination,
);

/**
 * The per-request line (core/pipeline.ts): fixed fields only — request id, method, route
 * pattern, status, duration — none of them personal, so it skips redaction's copying.
 * `BN_REQUEST_LOG=off` leaves it out (where the reverse proxy keeps the access log: the line is
 * most of a cached read's cost) while every other line stays at LOG_LEVEL.
 */
export const requestLog = pino({ level: process.env.BN_REQUEST_LOG === 'off' ? 'silent' : level, base: undefined }, destination);

/** Writes what is buffered now (synchronously). */
export function flushLog(): void {
  try {
    destination.flushSync();
  } catch {
    // Nothing to flush yet, or stdout is gone: nothing more to do.
  }
}
