// Independent reference values straight from the GML text, to check the importer against.
import { inflateRawSync } from 'node:zlib';

/** Planar area of the Geltungsbereich from the GML's own (UTM) coordinates: exterior minus interiors. */
export function gmlPlanarArea(xml: string): number {
  const gb = /<xplan:raeumlicherGeltungsbereich>([\s\S]*?)<\/xplan:raeumlicherGeltungsbereich>/.exec(xml)![1];
  if (!gb) throw new Error('gb missing');
  let total = 0;
  for (const m of gb.matchAll(/<gml:(exterior|interior)>[\s\S]*?<gml:posList[^>]*>([^<]*)</g)) {
    const n = m[2]!.trim().split(/\s+/).map(Number);
    let s = 0;
    for (let i = 0; i + 3 < n.length; i += 2) s += n[i]! * n[i + 3]! - n[i + 2]! * n[i + 1]!;
    total += (m[1] === 'exterior' ? 1 : -1) * Math.abs(s / 2);
  }
  return total;
}

/** The XML of a fixture: the file itself, or the first (deflated) entry of an archive. */
export function fixtureXml(bytes: Buffer, name: string): string {
  if (!name.endsWith('.zip')) return bytes.toString('utf8');
  const nameLen = bytes.readUInt16LE(26);
  const extra = bytes.readUInt16LE(28);
  const size = bytes.readUInt32LE(18);
  const start = 30 + nameLen + extra;
  return inflateRawSync(bytes.subarray(start, start + size)).toString('utf8');
}

export function assertInHamburg(bbox: number[]): void {
  const [w = NaN, s = NaN, e = NaN, n = NaN] = bbox;
  if (!(w > 9.7 && e < 10.3 && s > 53.4 && n < 53.7)) {
    throw new Error(`bbox ${bbox.join(', ')} is not in Hamburg (9.7–10.3 E, 53.4–53.7 N)`);
  }
}
