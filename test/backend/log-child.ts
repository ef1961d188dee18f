// Child of log.test.ts: the request pipeline with its real logger at `info`, a burst of
// requests, one line with personal data, then an abrupt process.exit() — what is still
// buffered must reach stdout anyway. With `lone`: one request, and the process stays up.
import { Hono } from 'hono';
import { requestContext } from '../../backend/core/pipeline.ts';
import { createCaches } from '../../backend/core/caches.ts';
import { log } from '../../backend/core/log.ts';
import type { AppEnv } from '../../backend/core/env.ts';
import type { Database } from '../../backend/core/db.ts';

const app = new Hono<AppEnv>();
app.use(requestContext({} as Database, createCaches()));
app.get('/v1/things/:id', (c) => c.json({ ok: true }));
if (process.argv[2] === 'lone') {
  // One request, then the process stays up (until the parent closes stdin): the line must
  // arrive through the periodic flush, not through the exit.
  await app.request('/v1/things/lone');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else {
  await burst();
}

async function burst() {
  const n = Number(process.argv[2] ?? 500);
  for (let i = 0; i < n; i++) await app.request(`/v1/things/${i}?key=bn_pk_secretsecretsecretsecret123456`);
  log.info({ key: 'bn_pk_secretsecretsecretsecret123456', user: { email: 'max@example.org', name: 'Max' }, token: 'tok' }, 'personal');
  process.exit(0);
}
