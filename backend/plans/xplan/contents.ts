// Plan contents (Planinhalte) as a GeoJSON FeatureCollection for a map with a legend: each
// feature carries its class, a German label ("WA – Allgemeines Wohngebiet") and the key
// attributes a citizen asks about (GRZ, GFZ, Vollgeschosse, Bauweise …).
import * as CL from './codelists.ts';
import type { SizeBudget } from './budget.ts';
import type { Deadline } from './errors.ts';
import { readGeometryProperty } from './geometry.ts';
import type { ContentCollection, ContentFeature, LegendEntry } from './types.ts';
import { child, childText, gmlId, type XNode } from './xml.ts';

const CLASS_LABELS: Record<string, string> = {
  BP_BaugebietsTeilFlaeche: 'Baugebietsteilfläche',
  BP_Baugebiet: 'Baugebiet',
  BP_UeberbaubareGrundstuecksFlaeche: 'Überbaubare Grundstücksfläche',
  BP_BauGrenze: 'Baugrenze',
  BP_BauLinie: 'Baulinie',
  BP_BesondererNutzungszweckFlaeche: 'Fläche mit besonderem Nutzungszweck',
  BP_NebenanlagenFlaeche: 'Fläche für Nebenanlagen',
  BP_GemeinbedarfsFlaeche: 'Fläche für den Gemeinbedarf',
  BP_SpielSportanlagenFlaeche: 'Spiel- und Sportanlagenfläche',
  BP_GruenFlaeche: 'Grünfläche',
  BP_WaldFlaeche: 'Waldfläche',
  BP_LandwirtschaftsFlaeche: 'Fläche für die Landwirtschaft',
  BP_StrassenVerkehrsFlaeche: 'Straßenverkehrsfläche',
  BP_VerkehrsflaecheBesondererZweckbestimmung: 'Verkehrsfläche besonderer Zweckbestimmung',
  BP_StrassenbegrenzungsLinie: 'Straßenbegrenzungslinie',
  BP_BereichOhneEinAusfahrtLinie: 'Bereich ohne Ein- und Ausfahrt',
  BP_EinfahrtsbereichLinie: 'Einfahrtsbereich',
  BP_GewaesserFlaeche: 'Wasserfläche',
  BP_VerEntsorgung: 'Fläche für Ver- und Entsorgung',
  BP_NutzungsartenGrenze: 'Abgrenzung unterschiedlicher Nutzung',
  BP_AnpflanzungBindungErhaltung: 'Anpflanzung, Bindung, Erhaltung',
  BP_SchutzPflegeEntwicklungsFlaeche: 'Fläche für Maßnahmen zum Schutz, zur Pflege und Entwicklung von Natur und Landschaft',
  BP_AusgleichsFlaeche: 'Ausgleichsfläche',
  BP_Immissionsschutz: 'Immissionsschutz',
  BP_FlaecheOhneFestsetzung: 'Fläche ohne Festsetzung',
  BP_GenerischesObjekt: 'Sonstige Festsetzung',
  FP_BebauungsFlaeche: 'Bauflächen',
  FP_Gemeinbedarf: 'Fläche für den Gemeinbedarf',
  FP_Gruen: 'Grünfläche',
  FP_WaldFlaeche: 'Waldfläche',
  FP_LandwirtschaftsFlaeche: 'Fläche für die Landwirtschaft',
  FP_Strassenverkehr: 'Straßenverkehrsfläche',
  FP_Gewaesser: 'Wasserfläche',
  FP_VerEntsorgung: 'Fläche für Ver- und Entsorgung',
  FP_SpielSportanlage: 'Spiel- und Sportanlage',
  SO_Gebiet: 'Gebiet nach Sonderrecht',
  SO_Strassenverkehr: 'Straßenverkehr',
  SO_Schienenverkehrsrecht: 'Bahnanlage (Schienenverkehrsrecht)',
  SO_Denkmalschutzrecht: 'Denkmalschutz',
  SO_Wasserrecht: 'Wasserrecht',
  SO_SchutzgebietNaturschutzrecht: 'Schutzgebiet (Naturschutzrecht)',
  SO_Grenze: 'Grenze',
};

/** Legend order: what a citizen looks for first. */
const CATEGORY_ORDER = ['bebauung', 'gemeinbedarf', 'verkehr', 'gruen', 'wasser', 'versorgung', 'sonstiges', 'grenze'];

/** Category for grouping in a legend; the viewer styles by it. */
function categoryOf(cls: string): string {
  if (/Grenze|Linie$|Grenze$/.test(cls) && !/BauLinie|BauGrenze/.test(cls)) return 'grenze';
  if (/Bau(gebiet|Grenze|Linie)|Bebauung|Ueberbaubare|Nebenanlage|BesondererNutzungszweck|Baugebiet/.test(cls)) return 'bebauung';
  if (/Gemeinbedarf|SpielSport/.test(cls)) return 'gemeinbedarf';
  if (/Verkehr|Strasse|Schiene|Bahn|Ausfahrt|Einfahrt/.test(cls)) return 'verkehr';
  if (/Gewaesser|Wasser/.test(cls)) return 'wasser';
  if (/VerEntsorgung|Leitung|Versorgung/.test(cls)) return 'versorgung';
  if (/Gruen|Wald|Landwirtschaft|Ausgleich|SchutzPflege|Anpflanzung|Naturschutz|Landschaft/.test(cls)) return 'gruen';
  return 'sonstiges';
}

function prettyClass(cls: string): string {
  if (CLASS_LABELS[cls]) return CLASS_LABELS[cls];
  return cls.replace(/^[A-Z]{2}_/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** Code of a simple property or of a complex one's `allgemein` child (6.0 Komplexe Zweckbestimmung). */
function codeOf(f: XNode, prop: string): string | undefined {
  const p = child(f, prop);
  if (!p) return undefined;
  if (p.text) return p.text;
  const inner = p.children[0];
  return inner ? (childText(inner, 'allgemein') ?? inner.text ?? undefined) : undefined;
}

const NUMERIC = [
  'GRZ',
  'GRZmin',
  'GRZmax',
  'GRZ_Ausn',
  'GFZ',
  'GFZmin',
  'GFZmax',
  'GFZ_Ausn',
  'GR',
  'GRmin',
  'GRmax',
  'GF',
  'GFmin',
  'GFmax',
  'BMZ',
  'BM',
  'Z',
  'Zmin',
  'Zmax',
  'Zzwingend',
  'Z_Ausn',
  'ZU',
  'ZUmin',
  'ZUmax',
  'MaxZahlWohnungen',
  'Fmin',
  'Fmax',
  'Bmin',
  'Bmax',
  'Tmin',
  'Tmax',
  'bautiefe',
];

/** A value one data type deeper (e.g. 6.0 keeps some measures in nested data types). */
function nestedText(f: XNode, name: string): string | undefined {
  for (const prop of f.children) {
    const inner = prop.children[0];
    if (!inner || prop.name === 'position' || prop.name === 'hoehenangabe') continue;
    const t = childText(inner, name);
    if (t !== undefined) return t;
  }
  return undefined;
}

interface Described {
  label: string;
  legendCode: string;
  attrs: Record<string, string | number | boolean>;
}

function describe(f: XNode, cls: string, classLabel: string): Described {
  const attrs: Record<string, string | number | boolean> = {};
  for (const n of NUMERIC) {
    const t = childText(f, n) ?? nestedText(f, n);
    if (t !== undefined && Number.isFinite(Number(t))) attrs[n] = Number(t);
  }
  const bauweise = childText(f, 'bauweise');
  if (bauweise) attrs.bauweise = CL.label(CL.BAUWEISE, bauweise)!;
  const nutzungsform = childText(f, 'nutzungsform');
  if (nutzungsform) attrs.nutzungsform = CL.label(CL.NUTZUNGSFORM, nutzungsform)!;
  for (const g of ['gliederung1', 'gliederung2']) {
    const t = childText(f, g);
    if (t) attrs[g] = t;
  }
  const hoehe = child(f, 'hoehenangabe')?.children[0];
  if (hoehe) {
    const h = childText(hoehe, 'h') ?? childText(hoehe, 'hMax') ?? childText(hoehe, 'hZwingend');
    if (h !== undefined && Number.isFinite(Number(h))) attrs.hoehe = Number(h);
  }

  let label = classLabel;
  let legendCode = '';
  const besondere = childText(f, 'besondereArtDerBaulNutzung');
  const allg = childText(f, 'allgArtDerBaulNutzung');
  if (besondere || allg) {
    const [abbr, name] = besondere ? (CL.ART_BAUL_NUTZUNG[besondere] ?? ['', `Schlüssel ${besondere}`]) : (CL.ALLG_ART_BAUL_NUTZUNG[allg!] ?? ['', `Schlüssel ${allg}`]);
    label = abbr ? `${abbr} – ${name}` : name;
    legendCode = besondere ?? allg!;
    attrs.artDerBaulNutzung = label;
  } else {
    const list: [string, CL.CodeList][] = /Gruen/.test(cls)
      ? [['zweckbestimmung', CL.ZWECK_GRUEN]]
      : /verkehr/i.test(cls)
        ? [['zweckbestimmung', CL.ZWECK_VERKEHR]]
        : /Gemeinbedarf/.test(cls)
          ? [['zweckbestimmung', CL.GEMEINBEDARF]]
          : /VerEntsorgung/.test(cls)
            ? [['zweckbestimmung', CL.VER_ENTSORGUNG]]
            : cls === 'SO_Gebiet'
              ? [['gebietsArt', CL.SO_GEBIETSART]]
              : [];
    for (const [prop, codes] of list) {
      const code = codeOf(f, prop);
      if (!code) continue;
      const name = CL.label(codes, code)!;
      label = cls === 'SO_Gebiet' ? name : `${classLabel}: ${name}`;
      legendCode = code;
      attrs.zweckbestimmung = name;
      break;
    }
  }
  return { label, legendCode, attrs };
}

const PRESENTATION = /^XP_(PPO|PTO|LPO|LTO|FPO|TPO|Praesentationsobjekt|Nutzungsschablone|Rasterdarstellung|TextAbschnitt|BegruendungAbschnitt)$|_TextAbschnitt$/;

export const isPresentation = (cls: string) => PRESENTATION.test(cls);

/** Builds the collection for the given content feature nodes (already selected for one plan). */
export function buildContents(nodes: { node: XNode; nachrichtlich: boolean }[], srs: string | undefined, deadline: Deadline, budget?: SizeBudget): ContentCollection {
  const features: ContentFeature[] = [];
  const legend = new Map<string, LegendEntry>();
  for (const { node: f, nachrichtlich } of nodes) {
    deadline.check();
    const cls = f.name;
    const id = gmlId(f) ?? `${cls}-${features.length + 1}`;
    const pos = child(f, 'position');
    const geometry = pos ? readGeometryProperty(pos, { srs, where: `${cls} ${id}`, budget }) : null;
    const classLabel = prettyClass(cls);
    const { label, legendCode, attrs } = describe(f, cls, classLabel);
    const legendKey = legendCode ? `${cls}:${legendCode}` : cls;
    const category = categoryOf(cls);
    const rc = childText(f, 'rechtscharakter');
    features.push({
      type: 'Feature',
      id,
      geometry,
      properties: {
        id,
        class: cls,
        classLabel,
        category,
        label,
        legendKey,
        ...(rc ? { rechtscharakter: CL.label(CL.RECHTSCHARAKTER, rc) } : {}),
        nachrichtlich: nachrichtlich || rc === '2000',
        attrs,
      },
    });
    const entry = legend.get(legendKey);
    if (entry) entry.count++;
    else legend.set(legendKey, { key: legendKey, label, category, count: 1 });
  }
  const order = (c: string) => CATEGORY_ORDER.indexOf(c) + 1 || 99;
  const sorted = [...legend.values()].sort((a, b) => order(a.category) - order(b.category) || a.label.localeCompare(b.label, 'de'));
  return { type: 'FeatureCollection', features, legend: sorted };
}
