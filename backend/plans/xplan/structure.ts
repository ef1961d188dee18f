// Structural checks that the XML schema would make on the plan object itself: required
// properties present, no unknown properties, dates that are dates. Messages name the
// element, its line and what was expected, so a clerk can send them to the planning office.
import type { ImportIssue } from './errors.ts';
import { isXPlanNs } from './versions.ts';
import type { XNode } from './xml.ts';

// XP_Plan properties, union over XPlanGML 4.1–6.0.
const XP_PLAN = [
  'name',
  'nummer',
  'internalId',
  'beschreibung',
  'kommentar',
  'technHerstellDatum',
  'genehmigungsDatum',
  'untergangsDatum',
  'aendert',
  'wurdeGeaendertVon',
  'aendertPlan',
  'wurdeGeaendertVonPlan',
  'aendertPlanBereich',
  'wurdeGeaendertVonPlanBereich',
  'erstellungsMassstab',
  'bezugshoehe',
  'hoehenbezug',
  'technischerPlanersteller',
  'raeumlicherGeltungsbereich',
  'verfahrensMerkmale',
  'hatGenerAttribut',
  'externeReferenz',
  'texte',
  'begruendungsTexte',
  'xPlanGMLVersion',
  'refBeschreibung',
  'refBegruendung',
  'refExternalCodeList',
  'refLegende',
  'refRechtsplan',
  'refPlangrundlage',
  'planaufstellendeGemeinde',
  'plangeber',
  'bereich',
  'uuid',
  'gemeinde',
  'planArt',
  'sonstPlanArt',
  'verfahren',
  'rechtsstand',
  'status',
  'aenderungenBisDatum',
  'aufstellungsbeschlussDatum',
  'auslegungsStartDatum',
  'auslegungsEndDatum',
  'traegerbeteiligungsStartDatum',
  'traegerbeteiligungsEndDatum',
  'veroeffentlichungsStartDatum',
  'veroeffentlichungsEndDatum',
  'versionBauNVODatum',
  'versionBauNVOText',
  'versionBauGBDatum',
  'versionBauGBText',
  'versionSonstRechtsgrundlageDatum',
  'versionSonstRechtsgrundlageText',
  'versionBauNVO',
  'versionBauGB',
  'versionSonstRechtsgrundlage',
  'refUmweltbericht',
];
const BP_ONLY = [
  'veraenderungssperre',
  'veraenderungssperreDatum',
  'veraenderungssperreBeschlussDatum',
  'veraenderungssperreEndDatum',
  'verlaengerungVeraenderungssperre',
  'satzungsbeschlussDatum',
  'rechtsverordnungsDatum',
  'inkrafttretensDatum',
  'ausfertigungsDatum',
  'staedtebaulicherVertrag',
  'erschliessungsVertrag',
  'durchfuehrungsVertrag',
  'gruenordnungsplan',
  'refKoordinatenListe',
  'refGrundstuecksverzeichnis',
  'refPflanzliste',
  'refSatzung',
  'refGruenordnungsplan',
];
const FP_ONLY = ['sachgebiet', 'entwurfsbeschlussDatum', 'planbeschlussDatum', 'wirksamkeitsDatum', 'refErlaeuterung'];

export const KNOWN_PROPERTIES: Record<'BP_Plan' | 'FP_Plan', ReadonlySet<string>> = {
  BP_Plan: new Set([...XP_PLAN, ...BP_ONLY]),
  FP_Plan: new Set([...XP_PLAN, ...FP_ONLY]),
};

const REQUIRED: Record<string, string> = {
  name: 'der Name des Plans / the plan name',
  raeumlicherGeltungsbereich: 'der räumliche Geltungsbereich als Fläche / the plan boundary as a surface',
  gemeinde: 'die Gemeinde (XP_Gemeinde mit ags und gemeindeName) / the municipality',
  planArt: 'die Planart als Schlüssel, z. B. 1000 / the plan type code, e.g. 1000',
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;

function distance(a: string, b: string): number {
  // One row of the edit-distance table; every index below stays within 0..b.length.
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(tmp + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function closest(name: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(k.toLowerCase()) ? Math.abs(k.length - name.length) / 2 : distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(3, name.length / 3) ? best : undefined;
}

/** Issues for one BP_Plan / FP_Plan element; empty when it is fine. */
export function checkPlanElement(plan: XNode): ImportIssue[] {
  const type = plan.name as 'BP_Plan' | 'FP_Plan';
  const known = KNOWN_PROPERTIES[type];
  const issues: ImportIssue[] = [];
  const present = new Set<string>();
  for (const c of plan.children) {
    // gml:* (boundedBy, description, identifier …) and application extensions in other
    // namespaces are allowed by the schema; only the XPlanung namespace is closed.
    if (!isXPlanNs(c.ns)) continue;
    present.add(c.name);
    if (!known.has(c.name)) {
      const hint = closest(c.name, known);
      issues.push({
        path: `${type}/${c.name}`,
        line: c.line,
        message:
          `Element „${c.name}“ (Zeile ${c.line}) ist in ${type} nicht erlaubt` +
          (hint ? `; erwartet wird z. B. „${hint}“` : '') +
          `. / Element "${c.name}" is not allowed in ${type}` +
          (hint ? `; expected e.g. "${hint}".` : '.'),
      });
    } else if (c.name.endsWith('Datum') && c.children.length === 0 && !DATE_RE.test(c.text)) {
      issues.push({
        path: `${type}/${c.name}`,
        line: c.line,
        message: `„${c.text}“ in ${c.name} (Zeile ${c.line}) ist kein Datum im Format JJJJ-MM-TT. / "${c.text}" is not a date (YYYY-MM-DD).`,
      });
    }
  }
  for (const [req, what] of Object.entries(REQUIRED)) {
    if (!present.has(req)) {
      issues.push({
        path: `${type}/${req}`,
        line: plan.line,
        message: `Pflichtelement „${req}“ fehlt in ${type} (ab Zeile ${plan.line}); erwartet: ${what}. / Required element "${req}" is missing in ${type}.`,
      });
    }
  }
  return issues;
}
