// The Abwägungstabelle for the council: every statement of a period with its proposed
// response (Abwägungsvorschlag) and the decision, as .xlsx (exceljs: opens in LibreOffice and
// Excel) and as printable HTML. Text goes in as plain strings: exceljs writes them as strings,
// never formulas, so "=…" typed by a citizen stays text.
import ExcelJS from 'exceljs';
import { CHANNEL_LABELS, DECISION_LABELS, type Period, type StaffStatement } from './schema.ts';

export interface ExportInput {
  tenantName: string;
  plan: { title: string; kindLabel: string; nummer: string | null };
  period: Period | null;
  statements: StaffStatement[];
  /** false: submitters appear as "Person 1, 2 …" (for public council papers). */
  names: boolean;
}

const de = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

export const COLUMNS = [
  ['Nr.', 6],
  ['Referenz', 14],
  ['Eingang', 11],
  ['Weg', 12],
  ['Frist', 12],
  ['Absender/in', 24],
  ['Ort', 22],
  ['Stellungnahme', 60],
  ['Schlagworte', 16],
  ['Abwägungsvorschlag', 50],
  ['Beschluss', 22],
] as const;

export function rows(input: ExportInput): string[][] {
  let anon = 0;
  return input.statements.map((s, i) => {
    const who = s.name ? (input.names ? [s.name, s.address].filter(Boolean).join(', ') : `Person ${++anon}`) : 'anonym';
    const where = [s.place, s.point ? `${s.point.lat.toFixed(5)}, ${s.point.lng.toFixed(5)}` : null, s.outsideArea ? '(außerhalb des Geltungsbereichs)' : null].filter(Boolean).join(' ');
    const decision = s.decision ? DECISION_LABELS[s.decision][0] + (s.decisionNote ? `: ${s.decisionNote}` : '') : '';
    return [String(i + 1), s.ref, de(s.receivedOn), CHANNEL_LABELS[s.channel][0], s.late ? 'verspätet' : 'fristgerecht', who, where, s.text, s.tags.join(', '), s.proposal ?? '', decision];
  });
}

const heading = (input: ExportInput) => `Abwägungstabelle ${input.plan.kindLabel}${input.plan.nummer ? ` Nr. ${input.plan.nummer}` : ''} „${input.plan.title}“`;
const periodLine = (input: ExportInput) =>
  input.period ? `Veröffentlichung nach § 3 Abs. 2 BauGB vom ${de(input.period.start)} bis ${de(input.period.end)} (Frist ${input.period.seq})` : 'Alle Fristen';

export async function exportXlsx(input: ExportInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = input.tenantName;
  wb.title = heading(input);
  const ws = wb.addWorksheet('Abwägungstabelle', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 4 }],
  });
  ws.columns = COLUMNS.map(([, width]) => ({ width }));
  ws.getCell('A1').value = heading(input);
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = `${input.tenantName} · ${periodLine(input)}`;
  const header = ws.getRow(4);
  header.values = COLUMNS.map(([name]) => name);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const r of rows(input)) {
    const row = ws.addRow(r);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page for printing (or "save as PDF" in any browser). */
export function exportHtml(input: ExportInput): string {
  const body = rows(input)
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>${esc(heading(input))}</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;margin:1.5cm;color:#111}
h1{font-size:15pt;margin:0 0 .3em}p{margin:0 0 1em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #777;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#e7ecf2}tr{break-inside:avoid}
@page{size:A4 landscape;margin:1cm}@media print{body{margin:0}}
</style></head><body>
<h1>${esc(heading(input))}</h1>
<p>${esc(input.tenantName)} · ${esc(periodLine(input))} · ${input.statements.length} ${input.statements.length === 1 ? 'Stellungnahme' : 'Stellungnahmen'}</p>
<table><thead><tr>${COLUMNS.map(([n]) => `<th scope="col">${esc(n)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></body></html>
`;
}
