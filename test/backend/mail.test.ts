// The outbox against a real SMTP server (smtp-server): a failed send is retried, not lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { world, type World } from './helpers.ts';
import { startSmtpSink, temporaryFailure, type SmtpSink } from './smtp-sink.ts';
import { submit } from './tips-fixtures.ts';

import { backoffSeconds, deliverOutbox, enqueueMail, fileTransport, smtpTransport, startOutboxWorker } from '../../backend/core/mail.ts';
import { one } from '../../backend/core/db.ts';
import { poll } from './replicas-harness.ts';

let w: World;
let server: SmtpSink;
let port: number;
let failNext = 0;
const received: string[] = [];

before(async () => {
  w = await world();
  server = await startSmtpSink((raw) => {
    if (failNext > 0) {
      failNext--;
      return temporaryFailure();
    }
    received.push(raw);
  });
  port = server.port;
});
after(async () => {
  await server.close();
  await w.close();
});

const smtp = () => smtpTransport(`smtp://127.0.0.1:${port}`);

test('backoff grows and is capped', () => {
  assert.equal(backoffSeconds(1), 30);
  assert.equal(backoffSeconds(2), 60);
  assert.equal(backoffSeconds(5), 480);
  assert.equal(backoffSeconds(40), 6 * 3600);
});

test('an SMTP failure is retried later and then delivered, exactly once', async () => {
  await w.db.sql`delete from outbox`;
  await enqueueMail(w.db.sql, w.a.id, { to: 'buerger@example.org', subject: 'Ihre Meldung BT-2026-00001', text: 'Grüße aus dem Rathaus' });
  failNext = 1;
  const t = smtp();
  assert.deepEqual(await deliverOutbox(w.db.sql, t), { sent: 0, failed: 1 });
  const [row] = await w.db.sql`select attempts, last_error, sent_at, next_attempt_at > now() + interval '20 seconds' as later from outbox`;
  assert.ok(row);
  assert.equal(row.attempts, 1);
  assert.match(row.last_error, /451|temporarily/);
  assert.equal(row.sent_at, null);
  assert.equal(row.later, true);
  // Not due yet: nothing happens.
  assert.deepEqual(await deliverOutbox(w.db.sql, t), { sent: 0, failed: 0 });
  await w.db.sql`update outbox set next_attempt_at = now()`;
  assert.deepEqual(await deliverOutbox(w.db.sql, t), { sent: 1, failed: 0 });
  assert.equal(received.length, 1);
  assert.match(received[0] ?? '', /Subject: Ihre Meldung BT-2026-00001/);
  assert.match(received[0] ?? '', /To: buerger@example.org/);
  const [sent] = await w.db.sql`select attempts, sent_at, last_error from outbox`;
  assert.ok(sent);
  assert.equal(sent.attempts, 2);
  assert.ok(sent.sent_at);
  assert.equal(sent.last_error, null);
  assert.deepEqual(await deliverOutbox(w.db.sql, t), { sent: 0, failed: 0 });
  t.close?.();
});

test('an unreachable SMTP server keeps the mail queued', async () => {
  await w.db.sql`delete from outbox`;
  await enqueueMail(w.db.sql, w.a.id, { to: 'x@example.org', subject: 'S', text: 'T' });
  const dead = smtpTransport('smtp://127.0.0.1:1');
  assert.deepEqual(await deliverOutbox(w.db.sql, dead), { sent: 0, failed: 1 });
  const [row] = await w.db.sql`select sent_at, last_error from outbox`;
  assert.ok(row);
  assert.equal(row.sent_at, null);
  assert.ok(row.last_error);
});

test('a submission writes confirmation and staff notice in its transaction; the worker sends them', async () => {
  await w.db.sql`delete from outbox`;
  await w.db.sql`update tenants set contact_email = 'rathaus@beispielstadt.example' where id = ${w.a.id}`;
  w.forgetKeys();
  received.length = 0;
  const t = await submit(w, w.a.pk);
  const rows = await w.db.sql`select to_addr, body_text from outbox order by to_addr`;
  assert.deepEqual(
    rows.map((r) => r.to_addr),
    ['max@example.org', 'rathaus@beispielstadt.example'],
  );
  assert.ok(rows[0]!.body_text.includes(t.ref));
  assert.ok(rows[0]!.body_text.includes(t.token), 'the citizen gets the access code');
  assert.ok(!rows[1]!.body_text.includes(t.token), 'staff never see the token');
  assert.ok(!rows[1]!.body_text.includes('max@example.org'));
  failNext = 1;
  const stop = startOutboxWorker(w.db.sql, { transport: smtp(), intervalMs: 50 });
  // The worker's first round: one mail delivered, one refused by the server and put back.
  await poll(
    'the first round of the outbox worker',
    15_000,
    async () => {
      const [r] = await w.db.sql`select count(*) filter (where sent_at is not null)::int as sent, count(*) filter (where attempts > 0 and sent_at is null)::int as failed from outbox`;
      return r?.sent === 1 && r.failed === 1 ? true : undefined;
    },
    10,
  );
  await w.db.sql`update outbox set next_attempt_at = now() where sent_at is null`;
  await poll('the retry to be delivered', 15_000, async () => (received.length >= 2 ? true : undefined), 10);
  await stop();
  assert.equal(received.length, 2);
  const { n } = one(await w.db.sql`select count(*)::int as n from outbox where sent_at is null`);
  assert.equal(n, 0);
});

test('without SMTP, mails are written as .eml files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-outbox-'));
  await w.db.sql`delete from outbox`;
  await enqueueMail(w.db.sql, w.a.id, { to: 'y@example.org', subject: 'Grüße', text: 'Hallo Welt' });
  assert.deepEqual(await deliverOutbox(w.db.sql, fileTransport(dir)), { sent: 1, failed: 0 });
  const files = fs.readdirSync(dir);
  assert.equal(files.length, 1);
  assert.match(files[0] ?? '', /\.eml$/);
  const eml = fs.readFileSync(path.join(dir, files[0]!), 'utf8');
  assert.match(eml, /To: y@example.org/);
  fs.rmSync(dir, { recursive: true, force: true });
});
