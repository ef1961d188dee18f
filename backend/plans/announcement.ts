// The text of the announcement (Bekanntmachung) of a publication under § 3(2) BauGB with its
// mandatory hints: the period, the web address, the other easy access, the kinds of
// environmental information available, how statements may be made, and that late ones may be
// disregarded. Staff paste it into the official gazette; the law's text is German, an English
// rendering follows for the console.
import type { Period } from './schema.ts';

const de = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

export function announcement(p: { tenantName: string; plan: { title: string; kindLabel: string; nummer: string | null; kind: 'BP' | 'FP' }; period: Period; permalink: string | null }): {
  subject: string;
  text: string;
  textEn: string;
  missing: string[];
} {
  const { period } = p;
  const missing: string[] = [];
  const or = (value: string | null, field: string, placeholder: string) => {
    if (value) return value;
    missing.push(field);
    return placeholder;
  };
  const web = or(period.webAddress ?? p.permalink, 'webAddress', '[Internetadresse]');
  const other = or(period.otherAccess, 'otherAccess', '[weitere leicht zu erreichende Zugangsmöglichkeit, z. B. öffentlich zugängliches Lesegerät im Rathaus]');
  const name = `${p.plan.kindLabel}${p.plan.nummer ? ` Nr. ${p.plan.nummer}` : ''} „${p.plan.title}“`;
  const env = or(period.environmental.map((e) => `– ${e}`).join('\n'), 'environmental', '– [Arten der verfügbaren umweltbezogenen Informationen]');
  const subject = `Bekanntmachung: Veröffentlichung des Entwurfs ${name} im Internet (§ 3 Abs. 2 BauGB)`;
  const text =
    `${p.tenantName}\n\n${subject}\n\n` +
    `Der Entwurf des ${name} mit Begründung` +
    (p.plan.kind === 'BP' || period.environmental.length ? ' und den nach Einschätzung der Gemeinde wesentlichen, bereits vorliegenden umweltbezogenen Stellungnahmen' : '') +
    ` wird in der Zeit vom ${de(period.start)} bis einschließlich ${de(period.end)} im Internet veröffentlicht unter:\n${web}\n\n` +
    `Zusätzlich ist er in dieser Zeit wie folgt zugänglich: ${other}\n` +
    `Die Unterlagen sind außerdem über das zentrale Internetportal des Landes zugänglich.\n\n` +
    `Folgende Arten umweltbezogener Informationen sind verfügbar:\n${env}\n\n` +
    `Während der Veröffentlichungsfrist kann jedermann Stellungnahmen abgeben. Stellungnahmen sollen elektronisch über die oben ` +
    `genannte Internetadresse übermittelt werden; bei Bedarf können sie auch auf anderem Weg abgegeben werden, etwa schriftlich ` +
    `oder zur Niederschrift bei ${p.tenantName}.\n\n` +
    `Nicht fristgerecht abgegebene Stellungnahmen können bei der Beschlussfassung über den Bauleitplan unberücksichtigt bleiben.\n\n` +
    `Wer eine Stellungnahme ohne Namen abgibt, kann über das Ergebnis ihrer Prüfung nicht unterrichtet werden.\n`;
  const textEn =
    `${p.tenantName}\n\nAnnouncement: online publication of the draft ${name} (§ 3(2) BauGB)\n\n` +
    `The draft with its explanatory statement and the essential environmental statements is published online from ${period.start} ` +
    `to ${period.end} (inclusive) at ${web}. It is also available: ${other}. Available kinds of environmental information are listed above. ` +
    `Anyone may make a statement during this period, preferably online, otherwise in writing or in person. Late statements may be disregarded. ` +
    `Anonymous submitters cannot be told the result.\n`;
  return { subject, text, textEn, missing };
}
