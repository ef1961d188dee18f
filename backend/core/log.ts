// Structured logs. Keys, tokens and personal fields are redacted by path, and request logs
// carry only method, route, status, duration and request id.
import pino from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: undefined,
  redact: {
    paths: [
      'key', '*.key', 'authorization', '*.authorization', 'headers.authorization', 'apiKey', '*.apiKey',
      'token', '*.token', 'email', '*.email', 'name', '*.name', 'phone', '*.phone', 'password',
    ],
    censor: '[redacted]',
  },
});
