// A real SMTP peer for tests (smtp-server): receives every message and hands its raw text to
// `onMessage`, which may refuse it by returning an error (e.g. a temporary 451).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

export async function startSmtpSink(onMessage: (raw: string) => Error | undefined): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => callback(onMessage(Buffer.concat(chunks).toString('utf8')) ?? undefined));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A temporary SMTP refusal (the sender must retry). */
export function temporaryFailure(): Error {
  return Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
}
