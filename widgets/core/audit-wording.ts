/**
 * How a module's audit entries read in the console's audit log: the action in words and its
 * details in words ("Stand: Neu → In Bearbeitung"), never raw codes or key ids. The audit log
 * (widgets/console/audit-log.ts) knows the platform's own actions; a module registers its
 * actions from its small console registration file, with the wording in a chunk that loads
 * only when the audit log opens:
 *
 *   registerAuditWording({ prefix: 'tip.', load: () => import('./audit-wording.ts') });
 *
 * where the chunk's default export is an `AuditWording`.
 */
import type { TemplateResult } from 'lit';
import type { Locale } from './i18n.ts';

export interface AuditWording {
  /** The action in words, or null when this module does not know it. */
  action(locale: Locale, action: string): string | null;
  /** The details in words (values isolated), or null to fall back to the generic rendering. */
  details?(locale: Locale, action: string, details: Record<string, unknown>): TemplateResult | string | null;
}

interface Entry {
  /** Actions starting with this (e.g. `tip.`, `tips.`). */
  prefix: string;
  load: () => Promise<{ default: AuditWording }>;
}

const entries: Entry[] = [];
const loaded = new Map<string, AuditWording>();

export function registerAuditWording(entry: Entry): void {
  if (!entries.some((e) => e.prefix === entry.prefix)) entries.push(entry);
}

/** Loads every registered wording (the audit log awaits this before its first table). */
export async function loadAuditWordings(): Promise<void> {
  await Promise.all(
    entries
      .filter((e) => !loaded.has(e.prefix))
      .map(async (e) => {
        try {
          loaded.set(e.prefix, (await e.load()).default);
        } catch (err) {
          console.warn(`Bürgernah audit log: wording for "${e.prefix}" failed to load`, err);
        }
      }),
  );
}

/** The loaded wording for an action, if a module registered one. */
export function auditWordingFor(action: string): AuditWording | undefined {
  const e = entries.filter((x) => action.startsWith(x.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return e ? loaded.get(e.prefix) : undefined;
}
