// The jobs e-mails, German first, English second. Written to the outbox by the store in the
// same transaction as the change; `ref` = "jobapp:<id>" so retention deletes them with the
// application. Notices to staff and the representations carry no personal data.
import type { Mail } from '../core/mail.ts';
import { statusLink } from './schema.ts';

const footer = (employer: string) => `\n-- \n${employer}\nDiese Nachricht wurde automatisch erstellt. · This message was sent automatically.\n`;

export function receiptMail(p: { to: string; applicationId: string; ref: string; token: string; title: string; employer: string; pageUrl: string | null; lang: 'de' | 'en'; name: string }): Mail {
  const follow = p.pageUrl
    ? `Stand ansehen / see its status: ${statusLink(p.pageUrl, p.ref, p.token)}\n`
    : `Stand abfragen mit Referenz ${p.ref} und Zugangscode ${p.token}.\nCheck its status with reference ${p.ref} and access code ${p.token}.\n`;
  const de = `Guten Tag ${p.name},\n\nIhre Bewerbung auf die Stelle „${p.title}“ bei ${p.employer} ist eingegangen. Sie hat die Referenz ${p.ref}.\nSie können die Bewerbung jederzeit zurückziehen.\n`;
  const en = `Hello ${p.name},\n\nwe have received your application for "${p.title}" at ${p.employer}. Its reference is ${p.ref}.\nYou may withdraw it at any time.\n`;
  return {
    to: p.to,
    ref: `jobapp:${p.applicationId}`,
    subject: p.lang === 'en' ? `Application received ${p.ref} · Eingangsbestätigung` : `Eingangsbestätigung ${p.ref} · Application received`,
    text: (p.lang === 'en' ? en + '\n' + de : de + '\n' + en) + '\n' + follow + footer(p.employer),
  };
}

export function newApplicationNotice(p: { to: string; applicationId: string; ref: string; title: string; employer: string }): Mail {
  return {
    to: p.to,
    ref: `jobapp:${p.applicationId}`,
    subject: `Neue Bewerbung ${p.ref} · New application`,
    text:
      `Eine neue Bewerbung (${p.ref}) auf „${p.title}“ ist eingegangen; sie steht in der Mitarbeiterkonsole.\n\nA new application (${p.ref}) for "${p.title}" has arrived; see the staff console.\n` +
      footer(p.employer),
  };
}

/** §164 (1) SGB IX: the disability representative and the staff council are told at once. */
export function flaggedNotice(p: { to: string; applicationId: string; ref: string; title: string; employer: string }): Mail {
  return {
    to: p.to,
    ref: `jobapp:${p.applicationId}`,
    subject: `Bewerbung einer schwerbehinderten oder gleichgestellten Person ${p.ref} · §164 SGB IX`,
    text:
      `Auf die Stelle „${p.title}“ hat sich eine schwerbehinderte oder gleichgestellte Person beworben (${p.ref}). ` +
      'Die Unterlagen können Sie in der Mitarbeiterkonsole einsehen (§164 Abs. 1, §178 Abs. 2 SGB IX).\n\n' +
      `A severely disabled applicant or one of equal status has applied for "${p.title}" (${p.ref}). You can see the documents in the staff console.\n` +
      footer(p.employer),
  };
}

/** A letter from a template: {{firstName}} {{lastName}} {{title}} {{ref}} {{employer}}. */
export function letterMail(p: { to: string; applicationId: string; subject: string; body: string; values: Record<string, string>; employer: string }): Mail {
  const fill = (s: string) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => p.values[k] ?? m);
  return { to: p.to, ref: `jobapp:${p.applicationId}`, subject: fill(p.subject), text: fill(p.body) + footer(p.employer) };
}
