// Synthetic XPlanGML documents for tests and the benchmark: any size, any CRS spelling,
// curves and holes, so behaviour does not hinge on the few real fixtures.

export interface SyntheticOptions {
  version?: string;
  planType?: 'BP_Plan' | 'FP_Plan' | 'RP_Plan' | 'LP_Plan';
  srsName?: string;
  /** Geltungsbereich geometry element (GML), in the file's CRS. Default: a 1 km square with a hole. */
  geltungsbereich?: string;
  /** Number of content features (squares of 4 m side in a grid). */
  features?: number;
  origin?: [number, number];
  name?: string;
  nummer?: string;
  gmlId?: string;
  rechtsstand?: string;
  extraPlanXml?: string;
}

const square = (x: number, y: number, s: number) => `${x} ${y} ${x + s} ${y} ${x + s} ${y + s} ${x} ${y + s} ${x} ${y}`;

export function squareWithHole(x: number, y: number, srs: string): string {
  return (
    `<gml:Polygon srsName="${srs}"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">${square(x, y, 1000)}</gml:posList></gml:LinearRing></gml:exterior>` +
    `<gml:interior><gml:LinearRing><gml:posList>${square(x + 250, y + 250, 500)}</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>`
  );
}

export function syntheticPlan(o: SyntheticOptions = {}): string {
  const v = (o.version ?? '5.4').replace('.', '/');
  const type = o.planType ?? 'BP_Plan';
  const prefix = type.slice(0, 2);
  const srs = o.srsName ?? 'EPSG:25832';
  const [x0, y0] = o.origin ?? [565000, 5935000];
  const n = o.features ?? 0;
  const pid = o.gmlId ?? 'GML_plan1';
  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>
<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/${v}" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="GML_root">
<gml:boundedBy><gml:Envelope srsName="${srs}"><gml:lowerCorner>${x0} ${y0}</gml:lowerCorner><gml:upperCorner>${x0 + 1000} ${y0 + 1000}</gml:upperCorner></gml:Envelope></gml:boundedBy>
<gml:featureMember><xplan:${type} gml:id="${pid}">
<xplan:name>${o.name ?? 'Synthetischer Plan'}</xplan:name>
${o.nummer ? `<xplan:nummer>${o.nummer}</xplan:nummer>` : ''}
<xplan:raeumlicherGeltungsbereich>${o.geltungsbereich ?? squareWithHole(x0, y0, srs)}</xplan:raeumlicherGeltungsbereich>
<xplan:gemeinde><xplan:XP_Gemeinde><xplan:ags>02000000</xplan:ags><xplan:gemeindeName>Hamburg</xplan:gemeindeName></xplan:XP_Gemeinde></xplan:gemeinde>
<xplan:planArt>1000</xplan:planArt>
<xplan:rechtsstand>${o.rechtsstand ?? '2400'}</xplan:rechtsstand>
<xplan:aufstellungsbeschlussDatum>2024-01-15</xplan:aufstellungsbeschlussDatum>
<xplan:auslegungsStartDatum>2024-03-01</xplan:auslegungsStartDatum>
<xplan:auslegungsStartDatum>2024-09-01</xplan:auslegungsStartDatum>
<xplan:auslegungsEndDatum>2024-04-02</xplan:auslegungsEndDatum>
<xplan:auslegungsEndDatum>2024-10-02</xplan:auslegungsEndDatum>
${o.extraPlanXml ?? ''}
<xplan:bereich xlink:href="#GML_bereich1"/>
</xplan:${type}></gml:featureMember>
<gml:featureMember><xplan:${prefix}_Bereich gml:id="GML_bereich1"><xplan:nummer>0</xplan:nummer><xplan:gehoertZuPlan xlink:href="#${pid}"/></xplan:${prefix}_Bereich></gml:featureMember>
`);
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  for (let i = 0; i < n; i++) {
    const x = x0 + (i % cols) * 5;
    const y = y0 + Math.floor(i / cols) * 5;
    parts.push(
      `<gml:featureMember><xplan:BP_BaugebietsTeilFlaeche gml:id="GML_f${i}"><xplan:gehoertZuBereich xlink:href="#GML_bereich1"/>` +
        `<xplan:rechtscharakter>1000</xplan:rechtscharakter><xplan:position><gml:Polygon srsName="${srs}" gml:id="GML_g${i}"><gml:exterior><gml:LinearRing>` +
        `<gml:posList srsDimension="2" count="5">${square(x, y, 4)}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></xplan:position>` +
        `<xplan:flaechenschluss>true</xplan:flaechenschluss><xplan:GRZ>0.4</xplan:GRZ><xplan:GFZ>0.8</xplan:GFZ><xplan:Z>2</xplan:Z>` +
        `<xplan:besondereArtDerBaulNutzung>1200</xplan:besondereArtDerBaulNutzung><xplan:bauweise>1000</xplan:bauweise></xplan:BP_BaugebietsTeilFlaeche></gml:featureMember>\n`,
    );
  }
  parts.push('</xplan:XPlanAuszug>\n');
  return parts.join('');
}
