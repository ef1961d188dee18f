// The Kita e-mails, German first, English second. Written to the outbox in the same
// transaction as the change; sent by the core mail worker. ref "kita:<registration id>" lets
// retention delete them with the rest of the personal data.
import type { Mail } from '../core/mail.ts';
import { trackingLink } from './schema.ts';

const footer = (tenantName: string) => `\n-- \n${tenantName}\nDiese Nachricht wurde automatisch erstellt. · This message was sent automatically.\n`;

function follow(ref: string, token: string | null, statusPageUrl: string | null): string {
  if (statusPageUrl && token) {
    const link = trackingLink(statusPageUrl, ref, token);
    return `Stand verfolgen: ${link}\nFollow its progress: ${link}\n`;
  }
  if (token) return `Stand abfragen mit Referenz ${ref} und Zugangscode ${token}.\nCheck its progress with reference ${ref} and access code ${token}.\n`;
  return `Stand abfragen mit Referenz ${ref} und Ihrem Zugangscode.\nCheck its progress with reference ${ref} and your access code.\n`;
}

type Base = { to: string; registrationId: string; ref: string; tenantName: string };

export function confirmationMail(p: Base & { token: string; statusPageUrl: string | null; wishes: string[] }): Mail {
  const list = p.wishes.map((w, i) => `  ${i + 1}. ${w}`).join('\n');
  return {
    to: p.to,
    ref: `kita:${p.registrationId}`,
    subject: `Kita-Anmeldung ${p.ref} · Daycare registration ${p.ref}`,
    text:
      `Guten Tag,\n\nIhre Kita-Anmeldung ist bei ${p.tenantName} eingegangen. Referenz: ${p.ref}.\nIhre Wünsche:\n${list}\n` +
      'Dies ist eine Voranmeldung; den Betreuungsvertrag schließen Sie mit der Kita.\n' +
      `\nHello,\n\nyour daycare registration has reached ${p.tenantName}. Reference: ${p.ref}.\nYour wishes are listed above.\n` +
      'This is a pre-registration; the care contract is signed with the Kita.\n\n' +
      follow(p.ref, p.token, p.statusPageUrl) +
      footer(p.tenantName),
  };
}

export function offerMail(p: Base & { facility: string; deadline: string; statusPageUrl: string | null }): Mail {
  return {
    to: p.to,
    ref: `kita:${p.registrationId}`,
    subject: `Platzangebot: ${p.facility} (${p.ref}) · Place offered`,
    text:
      `Guten Tag,\n\nfür Ihre Anmeldung ${p.ref} gibt es ein Platzangebot der Kita ${p.facility}.\n` +
      `Bitte nehmen Sie es bis zum ${p.deadline} an oder lehnen Sie es ab.\n` +
      `\nHello,\n\nthe Kita ${p.facility} offers a place for your registration ${p.ref}.\n` +
      `Please accept or decline it by ${p.deadline}.\n\n` +
      follow(p.ref, null, p.statusPageUrl) +
      footer(p.tenantName),
  };
}

export function reminderMail(p: Base & { facility: string; deadline: string }): Mail {
  return {
    to: p.to,
    ref: `kita:${p.registrationId}`,
    subject: `Erinnerung: Platzangebot bis ${p.deadline} (${p.ref}) · Reminder: offer ends ${p.deadline}`,
    text:
      `Guten Tag,\n\ndas Platzangebot der Kita ${p.facility} für ${p.ref} gilt noch bis zum ${p.deadline}.\n` +
      `\nHello,\n\nthe offer of the Kita ${p.facility} for ${p.ref} is open until ${p.deadline}.\n` +
      footer(p.tenantName),
  };
}

export function withdrawalMail(p: Base): Mail {
  return {
    to: p.to,
    ref: `kita:${p.registrationId}`,
    subject: `Kita-Anmeldung ${p.ref} zurückgezogen · Registration withdrawn`,
    text:
      `Guten Tag,\n\nIhre Kita-Anmeldung ${p.ref} ist zurückgezogen; alle Wünsche sind gelöscht.\n` +
      `\nHello,\n\nyour daycare registration ${p.ref} is withdrawn; all wishes are removed.\n` +
      footer(p.tenantName),
  };
}

/** To a Kita: the child no longer waits for it (placed elsewhere or withdrawn). */
export function wishWithdrawnNotice(p: Base & { facility: string; reason: 'placed' | 'withdrawn' }): Mail {
  const why = p.reason === 'placed' ? 'hat einen Platz in einer anderen Kita angenommen · accepted a place at another Kita' : 'wurde von der Familie zurückgezogen · was withdrawn by the family';
  return {
    to: p.to,
    ref: `kita:${p.registrationId}`,
    subject: `Wunsch entfällt: ${p.ref} (${p.facility}) · Wish withdrawn`,
    text: `Die Anmeldung ${p.ref} ${why}.\nSie steht nicht mehr auf der Liste von ${p.facility}. · It is no longer on the list of ${p.facility}.\n` + footer(p.tenantName),
  };
}
