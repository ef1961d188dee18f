// Structured logs. Keys, tokens and personal fields are redacted by path, and request logs
// carry only method, route, status, duration and request id.
//
// Lines go to stdout through a non-blocking destination: a log call appends to a buffer and
// the writes happen asynchronously (many lines per write under load), so a request does not
// wait for a write(2). What is still buffered when the process exits is written then (pino
// registers that for a non-blocking destination; test/backend/log.test.ts checks it), and the
// server's shutdown calls flushLog() first.
import pino from 'pino';

const destination = pino.destination({ dest: 1, sync: false });
const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');

export const log = pino(
  {
    level,
    base: undefined,
    redact: {
      paths: [
        'key', '*.key', 'authorization', '*.authorization', 'headers.authorization', 'apiKey', '*.apiKey',
        'token', '*.token', 'email', '*.email', 'name', '*.name', 'phone', '*.phone', 'password',
      ],
      censor: '[redacted]',
    },
  },
  destination,
);

/**
 * The per-request line (core/pipeline.ts): fixed fields only — request id, method, route
 * pattern, status, duration — none of them personal, so it skips redaction's copying.
 */
export const requestLog = pino({ level, base: undefined }, destination);

/** Writes what is buffered now (synchronously). */
export function flushLog(): void {
  try {
    destination.flushSync();
  } catch {
    // Nothing to flush yet, or stdout is gone: nothing more to do.
  }
}
