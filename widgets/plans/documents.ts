import type { PlanDetail } from '../../backend/plans/schema.ts';

/** A media type as people know it: PDF, PNG, TIFF … */
const typeName = (t: string) => ({ 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/tiff': 'TIFF', 'text/plain': 'Text' })[t] ?? t.split('/').pop()!.toUpperCase();

export interface PlanDocument {
  name: string;
  /** The kind of document (Begründung …) or, for a file, its type (PDF …); '' when neither says more than the name. */
  type: string;
  size?: number;
  href: string;
  /** A link to another site, not a file the plan brought. */
  external: boolean;
}

/**
 * A plan's documents as a reader sees them: its references first (a file of the plan, or an
 * http(s) link elsewhere; other links are dropped), then the plan's files no reference named.
 * `fileUrl` turns a file's API path into an address the browser can open.
 */
export function planDocuments(plan: PlanDetail, fileUrl: (href: string) => string): PlanDocument[] {
  const files = new Map(plan.files.map((f) => [f.id, f]));
  const used = new Set<string>();
  const docs = plan.references.flatMap((r) => {
    const f = r.fileId ? files.get(r.fileId) : undefined;
    if (f) used.add(f.id);
    const href = f ? fileUrl(f.href) : r.url && /^https?:\/\//i.test(r.url) ? r.url : '';
    if (!href) return [];
    const name = r.name || r.typ?.label || f?.name || href;
    const type = r.typ?.label && r.typ.label !== name ? r.typ.label : f ? typeName(f.mediaType) : '';
    return [{ name, type, size: f?.size, href, external: !f }];
  });
  for (const f of plan.files) if (!used.has(f.id)) docs.push({ name: f.name.split('/').pop() ?? f.name, type: typeName(f.mediaType), size: f.size, href: fileUrl(f.href), external: false });
  return docs;
}
