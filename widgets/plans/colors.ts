/**
 * Colours of plan contents after the Planzeichenverordnung (PlanZV, Anlage): residential
 * red, mixed brown, commercial grey, special areas orange, community facilities magenta,
 * traffic ochre, green green, water blue, utilities amber; the Geltungsbereich a black dashed
 * line. The hues are darkened so each line and legend swatch has at least 3:1 contrast
 * against the plain map background (WCAG 1.4.11; tested); areas are filled translucently.
 */
export const PLAIN_BACKGROUND = '#f5f5f0';

export const PLAN_COLORS = {
  wohnen: '#c62828',
  misch: '#8d5524',
  gewerbe: '#5f6368',
  sonder: '#b34700',
  gemeinbedarf: '#a3237a',
  verkehr: '#8a6a00',
  gruen: '#2e7d32',
  wasser: '#1565c0',
  versorgung: '#9e5d00',
  sonstiges: '#5e5ca8',
  grenze: '#333333',
  geltungsbereich: '#000000',
} as const;
export type ColorKey = keyof typeof PLAN_COLORS;

/** The colour group of a content feature or legend entry, from its category and label ("WA – …"). */
export function colorKeyOf(category: string, label: string): ColorKey {
  if (category === 'bebauung') {
    const abbr = /^([A-Z]{2,3})\b/.exec(label)?.[1] ?? '';
    if (/^(WR|WA|WS|WB)$/.test(abbr)) return 'wohnen';
    if (/^(MI|MD|MK|MU|MDW)$/.test(abbr)) return 'misch';
    if (/^(GE|GI)$/.test(abbr)) return 'gewerbe';
    if (abbr === 'SO' || /Sondergebiet/.test(label)) return 'sonder';
    // Baugrenzen, Baulinien and the buildable area they enclose: lines, not a use.
    if (/Baugrenze|Baulinie|[Üü]berbaubare|Grundstücksfläche/.test(label)) return 'grenze';
    return /Wohn/.test(label) ? 'wohnen' : 'sonstiges';
  }
  return (category in PLAN_COLORS ? category : 'sonstiges') as ColorKey;
}

/** WCAG relative luminance contrast of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (h: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
