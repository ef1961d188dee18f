// The plans e-mails, German first, English second. Written to the outbox in the same
// transaction as the change; sent by the core mail worker.
import type { Mail } from '../core/mail.ts';
import { DECISION_LABELS, type Decision } from './schema.ts';

const footer = (tenantName: string) => `\n-- \n${tenantName}\nDiese Nachricht wurde automatisch erstellt. · This message was sent automatically.\n`;
const de = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

export function receiptMail(p: { to: string; statementId: string; ref: string; planTitle: string; tenantName: string; end: string; named: boolean }): Mail {
  return {
    to: p.to,
    ref: `plan-statement:${p.statementId}`,
    subject: `Ihre Stellungnahme ${p.ref} · Your statement ${p.ref}`,
    text:
      `Guten Tag,\n\nIhre Stellungnahme zum Plan „${p.planTitle}“ ist bei ${p.tenantName} eingegangen. Sie hat die Referenz ${p.ref}.\n` +
      `Die Frist für Stellungnahmen läuft bis einschließlich ${de(p.end)}.\n` +
      (p.named
        ? 'Nach der Abwägung durch den Rat teilen wir Ihnen das Ergebnis mit.\n'
        : 'Sie haben ohne Namen Stellung genommen; das Ergebnis der Abwägung können wir Ihnen daher nicht mitteilen.\n') +
      `\nHello,\n\nyour statement on the plan "${p.planTitle}" has reached ${p.tenantName}. Its reference is ${p.ref}.\n` +
      `Statements can be made until ${p.end} (inclusive).\n` +
      (p.named ? 'Once the council has weighed the statements, we will tell you the result.\n' : 'You gave no name, so we cannot tell you the result.\n') +
      footer(p.tenantName),
  };
}

export function resultMail(p: {
  to: string;
  statementId: string;
  ref: string;
  planTitle: string;
  tenantName: string;
  name: string;
  decision: Decision;
  proposal: string | null;
  decisionNote: string | null;
}): Mail {
  const [deLabel, enLabel] = DECISION_LABELS[p.decision];
  const reasons = [p.proposal, p.decisionNote].filter(Boolean).join('\n\n');
  return {
    to: p.to,
    ref: `plan-statement:${p.statementId}`,
    subject: `Ergebnis der Prüfung Ihrer Stellungnahme ${p.ref} · Result for your statement`,
    text:
      `Guten Tag ${p.name},\n\nder Rat hat die Stellungnahmen zum Plan „${p.planTitle}“ geprüft (§ 3 Abs. 2 Satz 6 BauGB). ` +
      `Ihre Stellungnahme ${p.ref} ${deLabel}.\n` +
      (reasons ? `\nBegründung:\n${reasons}\n` : '') +
      `\nHello ${p.name},\n\nthe council has weighed the statements on the plan "${p.planTitle}". Your statement ${p.ref}: ${enLabel}.\n` +
      (reasons ? '(The reasons above are in German.)\n' : '') +
      footer(p.tenantName),
  };
}
