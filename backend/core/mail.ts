// E-mail through a transactional outbox: a module writes the mail into `outbox` in the same
// transaction as the change that caused it, and a worker sends it. A failed send is retried
// with exponential backoff and never dropped; several processes share the queue by leasing
// rows (FOR UPDATE SKIP LOCKED). Without SMTP_URL mails go to the log and data/outbox/*.eml.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Sql, Tx } from './db.ts';
import { log } from './log.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is about (e.g. "tip:<id>"), so retention can find and delete it. */
  ref?: string;
}

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface Transport {
  send(mail: Envelope): Promise<void>;
  close?(): void;
}

/** Seconds to wait before attempt n+1 (after n failures): 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffSeconds(failures: number): number {
  return Math.min(30 * 2 ** Math.max(0, failures - 1), 6 * 3600);
}

export async function enqueueMail(tx: Sql | Tx, tenantId: string, mail: Mail): Promise<void> {
  await tx`
    insert into outbox (tenant_id, to_addr, subject, body_text, subject_ref)
    values (${tenantId}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.ref ?? null})`;
}

/**
 * The same insert as a fragment, so a module can write its row and its mails in one
 * statement (`with t as (insert …), m as (${outboxInsert(…)}) …`): one round trip less per
 * mail inside a transaction.
 */
export function outboxInsert(tx: Sql | Tx, tenantId: string, mails: Mail[]) {
  const rows = mails.map((m) => ({ to_addr: m.to, subject: m.subject, body_text: m.text, subject_ref: m.ref ?? null }));
  return tx`
    insert into outbox (tenant_id, to_addr, subject, body_text, subject_ref)
    select ${tenantId}, x.to_addr, x.subject, x.body_text, x.subject_ref
    from jsonb_to_recordset(${tx.json(rows)}) as x(to_addr text, subject text, body_text text, subject_ref text)`;
}

export const mailFrom = () => process.env.MAIL_FROM ?? 'Bürgernah <no-reply@buergernah.invalid>';

export function smtpTransport(url: string): Transport {
  const t = nodemailer.createTransport(url);
  return {
    async send(m) {
      await t.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
    },
    close: () => t.close(),
  };
}

/** No SMTP: write each mail as an .eml file and log that it was "sent". */
export function fileTransport(dir = path.join(process.env.BN_DATA_DIR ?? './data', 'outbox')): Transport {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const info = await t.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      log.info({ file, subject: m.subject }, 'mail written (no SMTP_URL configured)');
    },
  };
}

export function defaultTransport(): Transport {
  return process.env.SMTP_URL ? smtpTransport(process.env.SMTP_URL) : fileTransport();
}

/** A lease long enough for a slow SMTP server; a crashed sender's rows become due again after it. */
const LEASE_SECONDS = 300;

/** Sends what is due, once. Returns how many were sent and how many failed. */
export async function deliverOutbox(sql: Sql, transport: Transport, batch = 20): Promise<{ sent: number; failed: number }> {
  // Runs as the connecting role (no tenant scope): the worker serves every tenant.
  const due = await sql<{ tenant_id: string; id: string; to_addr: string; subject: string; body_text: string; attempts: number }[]>`
    update outbox o set next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = o.attempts + 1
    where (o.tenant_id, o.id) in (
      select tenant_id, id from outbox where sent_at is null and next_attempt_at <= now()
      order by next_attempt_at limit ${batch} for update skip locked)
    returning o.tenant_id, o.id, o.to_addr, o.subject, o.body_text, o.attempts`;
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await transport.send({ from: mailFrom(), to: m.to_addr, subject: m.subject, text: m.body_text, messageId: `<${m.id}@buergernah>` });
      await sql`update outbox set sent_at = now(), last_error = null where tenant_id = ${m.tenant_id} and id = ${m.id}`;
      sent++;
    } catch (err) {
      failed++;
      const message = String((err as Error).message ?? err).slice(0, 500);
      await sql`
        update outbox set last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${backoffSeconds(m.attempts)})
        where tenant_id = ${m.tenant_id} and id = ${m.id}`;
      log.warn({ outbox: m.id, attempts: m.attempts, err: message }, 'mail failed, will retry');
    }
  }
  return { sent, failed };
}

/** Polls the outbox; returns a stop function that waits for a running round. */
export function startOutboxWorker(sql: Sql, opts: { transport?: Transport; intervalMs?: number } = {}): () => Promise<void> {
  const transport = opts.transport ?? defaultTransport();
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        // Drain in batches while there is work.
        while (!stopped && (await deliverOutbox(sql, transport)).sent === 20);
      } catch (err) {
        log.error({ err: { message: (err as Error).message } }, 'outbox round failed');
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, opts.intervalMs ?? Number(process.env.BN_OUTBOX_INTERVAL_MS ?? 5000));
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    transport.close?.();
  };
}

/** Job: sent mails hold personal data (addresses); keep them 30 days for support questions. */
export async function purgeSentMail(sql: Sql): Promise<number> {
  return (await sql`delete from outbox where sent_at < now() - interval '30 days'`).count;
}
