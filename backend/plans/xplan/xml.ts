// Safe XML reading for XPlanGML. No DTD, no entities beyond XML's five predefined ones and
// character references: a DOCTYPE is refused before any parser sees the text, and the
// strict parser (saxes) knows no other entities, so XXE and entity expansion cannot happen.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { SizeBudget } from './budget.ts';
import { PlanImportError } from './errors.ts';

export interface XNode {
  /** Namespace URI ('' when none). */
  ns: string;
  /** Local name without prefix. */
  name: string;
  /** Attributes by local name (prefix dropped; xmlns declarations omitted). */
  attrs: Record<string, string>;
  children: XNode[];
  /** Concatenated text content of this element (trimmed, entities decoded). */
  text: string;
  line: number;
}

export const NS = {
  gml32: 'http://www.opengis.net/gml/3.2',
  gml31: 'http://www.opengis.net/gml',
  xlink: 'http://www.w3.org/1999/xlink',
} as const;

export const isGml = (n: XNode) => n.ns === NS.gml32 || n.ns === NS.gml31;

/** Bytes to text, honouring a BOM and the encoding named in the XML declaration. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const enc = /^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (enc && enc !== 'utf-8' && enc !== 'utf8') {
    try {
      return new TextDecoder(enc).decode(bytes);
    } catch {
      throw new PlanImportError('XML_MALFORMED', `Unbekannte Zeichenkodierung „${enc}“. / Unknown character encoding "${enc}".`);
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Refuses any document type declaration (and with it every entity declaration). */
export function assertNoDtd(xml: string): void {
  // Comments may mention "<!DOCTYPE"; strip them before looking (cheap: only when present).
  const probe = /<!(DOCTYPE|ENTITY)/i.test(xml) ? xml.replace(/<!--[\s\S]*?-->/g, '') : '';
  const m = /<!(DOCTYPE|ENTITY)/i.exec(probe);
  if (m) {
    const line = lineOf(probe, m.index);
    throw new PlanImportError(
      'DTD_FORBIDDEN',
      'Die Datei enthält eine Dokumenttyp-Deklaration (DOCTYPE/ENTITY). XPlanGML braucht keine; aus Sicherheitsgründen werden solche Dateien abgelehnt. ' +
        '/ The file contains a document type declaration (DOCTYPE/ENTITY); it is refused for security reasons.',
      [{ path: '<!DOCTYPE>', message: 'DOCTYPE/ENTITY ist nicht erlaubt / not allowed', line }],
    );
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Real files nest about 15 levels; a hostile one could nest deep enough to exhaust the stack later. */
const MAX_DEPTH = 200;

const MEMBERS = new Set(['featureMember', 'featureMembers', 'member']);
const COLLECTIONS = new Set(['FeatureCollection', 'XPlanAuszug']);

/** Whitespace-separated tokens of a string, without splitting it. */
function tokens(s: string): number {
  let n = 0;
  let inside = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ws = c === 32 || c === 10 || c === 13 || c === 9;
    if (!ws && !inside) n++;
    inside = !ws;
  }
  return n;
}

/** Points written in a gml:posList / gml:pos / gml:coordinates element (what the geometry reader will build). */
function pointsIn(node: XNode, stack: XNode[]): number {
  if (node.name === 'pos') return 1;
  if (node.name === 'coordinates') {
    const ts = node.attrs.ts ?? ' ';
    return ts === ' ' ? tokens(node.text) : node.text.split(ts).filter((t) => t.trim()).length;
  }
  const t = tokens(node.text);
  const count = Number(node.attrs.count);
  if (count > 0 && t % count === 0 && t / count >= 2) return count;
  let dim = Number(node.attrs.srsDimension);
  for (let i = stack.length - 1; !(dim >= 2) && i > 0; i--) dim = Number(stack[i]?.attrs.srsDimension);
  // biome-ignore lint/complexity/useMathMinMax: dim may be NaN here, which Math.max would pass on.
  return Math.ceil(t / (dim >= 2 ? dim : 2));
}

/**
 * Parses well-formed XML into a namespace-resolved tree; malformed XML → error with line and
 * column. With a budget, features and points are counted as they are read, and parsing stops
 * at the first element that goes over a limit.
 */
export function parseXml(xml: string, budget?: SizeBudget): XNode {
  assertNoDtd(xml);
  // saxes is strict (XML 1.0 + namespaces): it resolves only the five predefined entities and
  // character references and refuses every other entity, so nothing can expand or be fetched.
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XNode = { ns: '', name: '#document', attrs: {}, children: [], text: '', line: 0 };
  const stack: XNode[] = [root];
  let top = root;
  parser.on('doctype', () => {
    throw new PlanImportError('DTD_FORBIDDEN', 'Die Datei enthält eine Dokumenttyp-Deklaration (DOCTYPE). / The file contains a DOCTYPE.');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.local] = a.value;
    }
    if (stack.length > MAX_DEPTH) {
      throw new PlanImportError(
        'XML_MALFORMED',
        `Die Elemente sind tiefer als ${MAX_DEPTH} Ebenen verschachtelt (Zeile ${parser.line}); so tief ist keine XPlanGML-Datei. / Elements are nested too deeply.`,
        [{ path: `Zeile ${parser.line}`, message: `mehr als ${MAX_DEPTH} Ebenen / more than ${MAX_DEPTH} levels`, line: parser.line }],
      );
    }
    const node: XNode = { ns: tag.uri, name: tag.local, attrs, children: [], text: '', line: parser.line };
    if (budget && MEMBERS.has(top.name) && !COLLECTIONS.has(node.name)) budget.addFeature(parser.line);
    top.children.push(node);
    stack.push(node);
    top = node;
  });
  parser.on('text', (t: string) => {
    top.text += t;
  });
  parser.on('cdata', (t: string) => {
    top.text += t;
  });
  parser.on('closetag', () => {
    top.text = top.text.trim();
    stack.pop();
    if (budget && (top.ns === NS.gml32 || top.ns === NS.gml31) && (top.name === 'posList' || top.name === 'pos' || top.name === 'coordinates')) {
      budget.addPoints(pointsIn(top, stack), parser.line);
    }
    top = stack.at(-1) ?? root;
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof PlanImportError) throw err;
    const line = parser.line;
    const col = parser.column;
    const msg = (err as Error).message.replace(/^.*?\d+:\d+: /, '');
    throw new PlanImportError('XML_MALFORMED', `Die Datei ist kein wohlgeformtes XML (Zeile ${line}, Spalte ${col}): ${msg} / The file is not well-formed XML (line ${line}, column ${col}).`, [
      { path: `Zeile ${line}, Spalte ${col}`, message: msg, line, column: col },
    ]);
  }
  const [only] = root.children;
  if (root.children.length !== 1 || !only) {
    throw new PlanImportError('XML_MALFORMED', 'Die Datei hat kein (eindeutiges) Wurzelelement. / The file has no single root element.');
  }
  return only;
}

/** First child with this local name (any namespace unless given). */
export function child(n: XNode, name: string): XNode | undefined {
  for (const c of n.children) if (c.name === name) return c;
  return undefined;
}

export function childrenNamed(n: XNode, name: string): XNode[] {
  return n.children.filter((c) => c.name === name);
}

export function childText(n: XNode, name: string): string | undefined {
  const c = child(n, name);
  return c && c.text !== '' ? c.text : undefined;
}

/** gml:id of a feature or geometry. */
export const gmlId = (n: XNode) => n.attrs.id;

/** Target id of an xlink:href="#id" reference. */
export function hrefId(n: XNode): string | undefined {
  const h = n.attrs.href;
  if (!h) return undefined;
  const i = h.lastIndexOf('#');
  return i === -1 ? h : h.slice(i + 1);
}
