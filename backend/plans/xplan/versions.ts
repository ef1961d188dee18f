// The namespace tells the XPlanGML version.
import { PlanImportError } from './errors.ts';

export const SUPPORTED_VERSIONS = ['4.0', '4.1', '5.0', '5.1', '5.2', '5.3', '5.4', '6.0'] as const;
export type XPlanVersion = (typeof SUPPORTED_VERSIONS)[number];

const NS_RE = /^http:\/\/www\.xplanung\.de\/xplangml\/(\d+)\/(\d+)$/;

export const isXPlanNs = (ns: string) => NS_RE.test(ns) || ns === 'http://www.xplanung.de/xplangml';

/** Version from a namespace URI; throws a clerk-readable error for unknown or old versions. */
export function versionOf(ns: string): XPlanVersion {
  const m = NS_RE.exec(ns);
  const v = m ? `${m[1]}.${m[2]}` : ns === 'http://www.xplanung.de/xplangml' ? '3.0' : undefined;
  if (!v) {
    throw new PlanImportError('NOT_XPLAN', `Die Datei ist keine XPlanGML-Datei (Namensraum „${ns || 'keiner'}“). / The file is not XPlanGML (namespace "${ns}").`);
  }
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(v)) {
    throw new PlanImportError('UNSUPPORTED_VERSION', `XPlanGML ${v} wird nicht unterstützt; unterstützt sind 4.1, 5.0–5.4 und 6.0. / XPlanGML ${v} is not supported (supported: 4.1, 5.0–5.4, 6.0).`);
  }
  return v as XPlanVersion;
}
