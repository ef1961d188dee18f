// A server process that takes an Idempotency-Key and never answers: the crash test kills it
// with SIGKILL while it holds the key. Prints "port <n>" when listening and "holding" once a
// request is inside the handler (its idempotency record is then written).
import { serve } from '@hono/node-server';
import { openDatabase } from '../../backend/core/db.ts';
import { createApp } from '../../backend/app.ts';
import { publicAccess } from '../../backend/core/auth.ts';
import { idempotent } from '../../backend/core/idempotency.ts';

const db = await openDatabase({ url: process.env.HOLDER_DATABASE_URL!, max: 2 });
const app = createApp({ db });
app.post('/v1/test/crash', publicAccess(), idempotent(), async () => {
  process.stdout.write('holding\n');
  return new Promise<Response>(() => {});
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`port ${info.port}\n`));
