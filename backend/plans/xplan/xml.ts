// Safe XML reading for XPlanGML. No DTD, no entities beyond XML's five predefined ones and
// character references: a DOCTYPE is refused before any parser sees the text, and the
// parser runs with entity processing off, so XXE and entity expansion cannot happen.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

const ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
    }
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Parses well-formed XML into a namespace-resolved tree; malformed XML → error with line and column. */
export function parseXml(xml: string): XNode {
  assertNoDtd(xml);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new PlanImportError(
      'XML_MALFORMED',
      `Die Datei ist kein wohlgeformtes XML (Zeile ${line}, Spalte ${col}): ${msg} / The file is not well-formed XML (line ${line}, column ${col}).`,
      [{ path: `Zeile ${line}, Spalte ${col}`, message: msg, line, column: col }],
    );
  }
  const lines = newlineIndex(xml);
  const top = parser.parse(xml) as FxpNode[];
  const roots = top.filter((n) => !('#text' in n) && !('#comment' in n));
  if (roots.length !== 1) {
    throw new PlanImportError('XML_MALFORMED', 'Die Datei hat kein (eindeutiges) Wurzelelement. / The file has no single root element.');
  }
  return convert(roots[0], new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), lines);
}

function newlineIndex(text: string): Uint32Array {
  const out: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i);
  return Uint32Array.from(out);
}

function lineAt(lines: Uint32Array, index: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

function convert(node: FxpNode, scope: Map<string, string>, lines: Uint32Array): XNode {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = node[':@'] ?? {};
  let local = scope;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      local.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v));
    }
  }
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const i = k.indexOf(':');
    attrs[i === -1 ? k : k.slice(i + 1)] = decodeEntities(v);
  }
  const i = qname.indexOf(':');
  const prefix = i === -1 ? '' : qname.slice(0, i);
  const meta = (node as Record<symbol, { startIndex?: number }>)[META];
  const out: XNode = {
    ns: local.get(prefix) ?? '',
    name: i === -1 ? qname : qname.slice(i + 1),
    attrs,
    children: [],
    text: '',
    line: meta?.startIndex !== undefined ? lineAt(lines, meta.startIndex) : 0,
  };
  const kids = node[qname] as FxpNode[];
  let text = '';
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k];
    // Drop the parser's node once converted, so both trees are never fully alive together.
    (kids as unknown[])[k] = null;
    if ('#text' in kid) text += String(kid['#text']);
    else if ('#comment' in kid || '#cdata' in kid) continue;
    else out.children.push(convert(kid, local, lines));
  }
  out.text = decodeEntities(text);
  return out;
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
