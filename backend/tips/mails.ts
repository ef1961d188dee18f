// The tips e-mails, German first, English second. Written to the outbox by the store in the
// same transaction as the change; sent by the core mail worker.
import type { Mail } from '../core/mail.ts';
import { trackingLink, type TipStatus } from './schema.ts';

const STATUS: Record<TipStatus, [string, string]> = {
  new: ['Neu', 'New'],
  acknowledged: ['Eingegangen', 'Acknowledged'],
  in_progress: ['In Bearbeitung', 'In progress'],
  resolved: ['Erledigt', 'Resolved'],
  rejected: ['Abgelehnt', 'Rejected'],
};

const footer = (tenantName: string) => `\n-- \n${tenantName}\nDiese Nachricht wurde automatisch erstellt. · This message was sent automatically.\n`;

function follow(ref: string, token: string, statusPageUrl: string | null): string {
  if (statusPageUrl) {
    const link = trackingLink(statusPageUrl, ref, token);
    return `Stand verfolgen: ${link}\nFollow its progress: ${link}\n`;
  }
  return `Stand abfragen mit Referenz ${ref} und Zugangscode ${token}.\nCheck its progress with reference ${ref} and access code ${token}.\n`;
}

export function confirmationMail(p: { to: string; tipId: string; ref: string; token: string; tenantName: string; statusPageUrl: string | null; notify: boolean }): Mail {
  return {
    to: p.to,
    ref: `tip:${p.tipId}`,
    subject: `Ihre Meldung ${p.ref} · Your report ${p.ref}`,
    text:
      `Guten Tag,\n\nvielen Dank für Ihre Meldung an ${p.tenantName}. Sie hat die Referenz ${p.ref}.\n` +
      (p.notify ? 'Wir informieren Sie, wenn sich ihr Stand ändert.\n' : '') +
      `\nHello,\n\nthank you for your report to ${p.tenantName}. Its reference is ${p.ref}.\n` +
      (p.notify ? 'We will let you know when its status changes.\n' : '') +
      '\n' +
      follow(p.ref, p.token, p.statusPageUrl) +
      footer(p.tenantName),
  };
}

const KIND: Record<string, [string, string]> = {
  idee: ['Idee', 'idea'],
  beschwerde: ['Beschwerde', 'complaint'],
  schaden: ['Schadensmeldung', 'damage report'],
};

/** The console's address for one tip: `<console>#tips/BT-2026-00042` opens it after sign-in. */
export const consoleLink = (publicUrl: string, ref: string) => `${publicUrl.replace(/\/$/, '')}/console#tips/${encodeURIComponent(ref)}`;

/**
 * The town's notice of a new (or forwarded) tip: what, where and a link into the console, in
 * words (the category's name, not its id). No personal data of the citizen: the console has it.
 */
export function newTipNotice(p: {
  to: string;
  tipId: string;
  ref: string;
  kind: string;
  category: { de: string; en: string };
  address: string | null;
  lat: number | null;
  lng: number | null;
  description: string;
  tenantName: string;
  forwardedFrom?: string;
  consoleUrl?: string;
}): Mail {
  const excerpt = p.description.length > 500 ? p.description.slice(0, 500) + ' …' : p.description;
  const how = p.forwardedFrom ? `weitergeleitet von ${p.forwardedFrom} · forwarded by ${p.forwardedFrom}` : 'neu eingegangen · new';
  const [kindDe, kindEn] = KIND[p.kind] ?? [p.kind, p.kind];
  const cat = p.category.de === p.category.en ? p.category.de : `${p.category.de} · ${p.category.en}`;
  const coords = p.lat !== null && p.lng !== null ? `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}` : null;
  const place = [p.address, coords && (p.address ? `(${coords})` : coords)].filter(Boolean).join(' ') || 'kein Ort angegeben · no place given';
  const link = p.consoleUrl ? consoleLink(p.consoleUrl, p.ref) : null;
  return {
    to: p.to,
    ref: `tip:${p.tipId}`,
    subject: `Neuer Bürgertipp ${p.ref}: ${p.category.de} · New tip`,
    text:
      `${p.ref} — ${how}\n` +
      `Art · kind: ${kindDe} · ${kindEn}\n` +
      `Kategorie · category: ${cat}\n` +
      `Ort · place: ${place}\n\n${excerpt}\n\n` +
      (link ? `In der Konsole öffnen · open in the console:\n${link}\n` : 'Bitte in der Konsole bearbeiten. · Please handle it in the console.\n') +
      footer(p.tenantName),
  };
}

export function statusMail(p: { to: string; tipId: string; ref: string; status: TipStatus; text: string | null; tenantName: string; statusPageUrl: string | null }): Mail {
  const [de, en] = STATUS[p.status];
  const said = p.text ? `\n${p.text}\n` : '';
  return {
    to: p.to,
    ref: `tip:${p.tipId}`,
    subject: `Ihre Meldung ${p.ref}: ${de} · Your report: ${en}`,
    text:
      `Guten Tag,\n\nIhre Meldung ${p.ref} hat einen neuen Stand: ${de}.\n${said}` +
      `\nHello,\n\nyour report ${p.ref} has a new status: ${en}.\n` +
      (p.statusPageUrl ? `\nStand ansehen · see it: ${p.statusPageUrl}\n` : '') +
      footer(p.tenantName),
  };
}

export function reopenedNotice(p: { to: string; tipId: string; ref: string; reason: string; tenantName: string; consoleUrl?: string }): Mail {
  return {
    to: p.to,
    ref: `tip:${p.tipId}`,
    subject: `Bürgertipp ${p.ref} wieder geöffnet · Tip re-opened`,
    text:
      `${p.ref} wurde von der meldenden Person wieder geöffnet. · The citizen re-opened ${p.ref}.\n\n${p.reason}\n\n` +
      (p.consoleUrl ? `In der Konsole öffnen · open in the console:\n${consoleLink(p.consoleUrl, p.ref)}\n` : 'Bitte in der Konsole bearbeiten. · Please handle it in the console.\n') +
      footer(p.tenantName),
  };
}
