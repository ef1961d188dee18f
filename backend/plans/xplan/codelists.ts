// German labels from the XPlanung code lists (enumerations of XPlanGML 4.1–6.0) for the
// codes a plan's metadata and its legend show. Codes are kept alongside their labels.

export type CodeList = Readonly<Record<string, string>>;

export const BP_PLANART: CodeList = {
  '1000': 'Bebauungsplan',
  '10000': 'Einfacher Bebauungsplan',
  '10001': 'Qualifizierter Bebauungsplan',
  '10002': 'Bebauungsplan zur Wohnraumversorgung',
  '3000': 'Vorhabenbezogener Bebauungsplan',
  '3100': 'Vorhaben- und Erschließungsplan',
  '4000': 'Innenbereichssatzung',
  '40000': 'Klarstellungssatzung',
  '40001': 'Entwicklungssatzung',
  '40002': 'Ergänzungssatzung',
  '5000': 'Außenbereichssatzung',
  '7000': 'Örtliche Bauvorschrift',
  '9999': 'Sonstige Planart',
};

export const FP_PLANART: CodeList = {
  '1000': 'Flächennutzungsplan',
  '2000': 'Gemeinsamer Flächennutzungsplan',
  '3000': 'Regionaler Flächennutzungsplan',
  '4000': 'Flächennutzungsplan mit Regionalplan',
  '5000': 'Sachlicher Teilflächennutzungsplan',
  '9999': 'Sonstige Planart',
};

export const BP_RECHTSSTAND: CodeList = {
  '1000': 'Aufstellungsbeschluss',
  '2000': 'Im Verfahren',
  '2100': 'Frühzeitige Behördenbeteiligung',
  '2200': 'Frühzeitige Öffentlichkeitsbeteiligung',
  '2250': 'Entwurfsbeschluss',
  '2300': 'Behördenbeteiligung',
  '2400': 'Öffentliche Auslegung',
  '3000': 'Satzung',
  '4000': 'In Kraft getreten',
  '4500': 'Teilweise untergegangen',
  '45000': 'Teilweise aufgehoben',
  '45001': 'Teilweise außer Kraft',
  '5000': 'Untergegangen',
  '50000': 'Aufgehoben',
  '50001': 'Außer Kraft',
};

export const FP_RECHTSSTAND: CodeList = {
  '1000': 'Aufstellungsbeschluss',
  '2000': 'Im Verfahren',
  '2100': 'Frühzeitige Behördenbeteiligung',
  '2200': 'Frühzeitige Öffentlichkeitsbeteiligung',
  '2250': 'Entwurfsbeschluss',
  '2300': 'Behördenbeteiligung',
  '2400': 'Öffentliche Auslegung',
  '3000': 'Plan',
  '4000': 'Wirksam',
  '5000': 'Untergegangen',
  '50000': 'Aufgehoben',
  '50001': 'Außer Kraft',
};

export const BP_VERFAHREN: CodeList = {
  '1000': 'Normalverfahren',
  '2000': 'Vereinfachtes Verfahren (§ 13 BauGB)',
  '3000': 'Beschleunigtes Verfahren (§ 13a BauGB)',
  '4000': 'Beschleunigtes Verfahren im Außenbereich (§ 13b BauGB)',
};

export const FP_VERFAHREN: CodeList = {
  '1000': 'Normalverfahren',
  '2000': 'Vereinfachtes Verfahren (§ 13 BauGB)',
};

export const EXTERNE_REFERENZ_TYP: CodeList = {
  '1000': 'Beschreibung',
  '1010': 'Begründung',
  '1020': 'Legende',
  '1030': 'Rechtsplan',
  '1040': 'Plangrundlage',
  '1050': 'Umweltbericht',
  '1060': 'Satzung',
  '1065': 'Verordnung',
  '1070': 'Karte',
  '1080': 'Erläuterung',
  '1090': 'Zusammenfassende Erklärung',
  '2000': 'Koordinatenliste',
  '2100': 'Grundstücksverzeichnis',
  '2200': 'Pflanzliste',
  '2300': 'Grünordnungsplan',
  '2400': 'Erschließungsvertrag',
  '2500': 'Durchführungsvertrag',
  '2600': 'Städtebaulicher Vertrag',
  '2700': 'Umweltbezogene Stellungnahmen',
  '2800': 'Beschluss',
  '2900': 'Vorhaben- und Erschließungsplan',
  '3000': 'Metadaten des Plans',
  '3100': 'Städtebauliches Entwicklungskonzept Innenentwicklung',
  '4000': 'Genehmigung',
  '5000': 'Bekanntmachung',
  '6000': 'Schutzgebietsverordnung',
  '9998': 'Rechtsverbindliches Dokument',
  '9999': 'Informelles Dokument',
};

/** 4.x plans name their references by property instead of a `typ` code. */
export const REF_PROPERTY_TYP: Readonly<Record<string, string>> = {
  refBeschreibung: '1000',
  refBegruendung: '1010',
  refLegende: '1020',
  refRechtsplan: '1030',
  refPlangrundlage: '1040',
  refUmweltbericht: '1050',
  refSatzung: '1060',
  refKoordinatenListe: '2000',
  refGrundstuecksverzeichnis: '2100',
  refPflanzliste: '2200',
  refGruenordnungsplan: '2300',
  refErlaeuterung: '1080',
};

export const ART_BAUL_NUTZUNG: Readonly<Record<string, [string, string]>> = {
  '1000': ['WS', 'Kleinsiedlungsgebiet'],
  '1100': ['WR', 'Reines Wohngebiet'],
  '1200': ['WA', 'Allgemeines Wohngebiet'],
  '1300': ['WB', 'Besonderes Wohngebiet'],
  '1400': ['MD', 'Dorfgebiet'],
  '1450': ['MDW', 'Dörfliches Wohngebiet'],
  '1500': ['MI', 'Mischgebiet'],
  '1550': ['MU', 'Urbanes Gebiet'],
  '1600': ['MK', 'Kerngebiet'],
  '1700': ['GE', 'Gewerbegebiet'],
  '1800': ['GI', 'Industriegebiet'],
  '2000': ['SO', 'Sondergebiet, das der Erholung dient'],
  '2100': ['SO', 'Sonstiges Sondergebiet'],
  '3000': ['SO', 'Wochenendhausgebiet'],
  '4000': ['SO', 'Sondergebiet'],
  '9999': ['', 'Sonstiges Gebiet'],
};

export const ALLG_ART_BAUL_NUTZUNG: Readonly<Record<string, [string, string]>> = {
  '1000': ['W', 'Wohnbaufläche'],
  '2000': ['M', 'Gemischte Baufläche'],
  '3000': ['G', 'Gewerbliche Baufläche'],
  '4000': ['S', 'Sonderbaufläche'],
  '9999': ['', 'Sonstige Baufläche'],
};

export const BAUWEISE: CodeList = {
  '1000': 'offene Bauweise',
  '2000': 'geschlossene Bauweise',
  '3000': 'abweichende Bauweise',
  '9999': 'sonstige Bauweise',
};

export const RECHTSCHARAKTER: CodeList = {
  '1000': 'Festsetzung',
  '2000': 'Nachrichtliche Übernahme',
  '3000': 'Hinweis',
  '4000': 'Vermerk',
  '5000': 'Kennzeichnung',
  '9998': 'Unbekannt',
};

export const NUTZUNGSFORM: CodeList = { '1000': 'privat', '2000': 'öffentlich' };

export const ZWECK_GRUEN: CodeList = {
  '1000': 'Parkanlage',
  '1200': 'Dauerkleingärten',
  '1400': 'Sportplatz',
  '1600': 'Spielplatz',
  '1800': 'Zeltplatz',
  '2000': 'Badeplatz',
  '2200': 'Freizeit und Erholung',
  '2400': 'Spezielle Gartennutzung',
  '2600': 'Gartenanlage',
  '2700': 'Naturnahe Grünfläche',
  '3000': 'Straßenbegleitgrün',
  '3200': 'Friedhof',
  '9999': 'Sonstige Grünfläche',
};

export const ZWECK_VERKEHR: CodeList = {
  '1000': 'Parkierungsfläche',
  '1100': 'Fußgängerbereich',
  '1200': 'Verkehrsberuhigter Bereich',
  '1300': 'Rad- und Gehweg',
  '1400': 'Radweg',
  '1500': 'Gehweg',
  '1550': 'Wanderweg',
  '1560': 'Reit- und Kutschweg',
  '1580': 'Wirtschaftsweg',
  '1600': 'Fahrradabstellplatz',
  '1700': 'Überführender Verkehrsweg',
  '1800': 'Unterführender Verkehrsweg',
  '2000': 'Park-and-Ride-Anlage',
  '2100': 'Platz',
  '2200': 'Anschlussfläche',
  '2300': 'Landwirtschaftlicher Verkehr',
  '2400': 'Verkehrsgrün',
  '2500': 'Rastanlage',
  '2600': 'Busbahnhof',
  '3000': 'Carsharing',
  '3100': 'Bikesharing',
  '3200': 'Bike-and-Ride-Anlage',
  '3300': 'Parkhaus',
  '3400': 'Mischverkehrsfläche',
  '3500': 'Ladestation',
  '9999': 'Sonstige Zweckbestimmung',
};

export const SO_GEBIETSART: CodeList = {
  '1000': 'Umlegungsgebiet',
  '1100': 'Städtebauliches Sanierungsgebiet',
  '1200': 'Städtebaulicher Entwicklungsbereich',
  '1300': 'Stadtumbaugebiet',
  '1400': 'Gebiet der Sozialen Stadt',
  '1500': 'Business Improvement District',
  '1600': 'Housing Improvement District',
  '1999': 'Erhaltungsverordnung',
  '2000': 'Erhaltungsverordnung (städtebauliche Gestalt)',
  '2100': 'Erhaltungsverordnung (Wohnbevölkerung)',
  '2200': 'Erhaltungsverordnung (Umstrukturierung)',
  '2300': 'Städtebauliches Entwicklungskonzept zur Innenentwicklung',
  '2400': 'Gebiet mit angespanntem Wohnungsmarkt',
  '9999': 'Sonstiges Gebiet',
};

export const GEMEINBEDARF: CodeList = {
  '1000': 'Öffentliche Verwaltung',
  '1200': 'Bildung und Forschung',
  '1400': 'Kirchliche Einrichtung',
  '1600': 'Soziale Einrichtung',
  '1800': 'Gesundheit',
  '2000': 'Kultur',
  '2200': 'Sport',
  '2400': 'Sicherheit und Ordnung',
  '2600': 'Infrastruktur',
  '9999': 'Sonstiges',
};

export const VER_ENTSORGUNG: CodeList = {
  '1000': 'Elektrizität',
  '1200': 'Gas',
  '1300': 'Erdöl',
  '1400': 'Wärmeversorgung',
  '1600': 'Wasser',
  '1800': 'Abwasser',
  '2000': 'Regenwasser',
  '2200': 'Abfallentsorgung',
  '2400': 'Ablagerung',
  '2600': 'Telekommunikation',
  '2800': 'Erneuerbare Energien',
  '3000': 'Kraft-Wärme-Kopplung',
  '9999': 'Sonstige Ver- oder Entsorgung',
};

export function label(list: CodeList, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return list[code] ?? `Schlüssel ${code}`;
}
