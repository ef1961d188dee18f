/**
 * The staff console's navigation, filled by the modules. A section is a custom element
 * loaded on first use; it finds the staff API client through core's `apiClientContext`
 * and the signed-in tenant through `staffContext` (context.ts), both provided by
 * `<bn-console>`. A module adds ONE call in sections.ts:
 *
 *   registerConsoleSection({
 *     id: 'tips', module: 'tips', tag: 'bn-console-tips',
 *     label: { de: 'Bürgertipps', en: 'Citizen tips' },
 *     load: () => import('../tips/console-define.ts'),
 *   });
 */
export interface ConsoleSection {
  /** Stable id, used in the address (`#tips`). */
  id: string;
  /** Shown only when the tenant has this module enabled; `null` = always (platform sections). */
  module: string | null;
  label: { de: string; en: string };
  /** The element that renders the section; defined by `load()`. */
  tag: string;
  /** Loads the chunk that defines `tag` (a dynamic import, so sections load lazily). */
  load: () => Promise<unknown>;
  /** Lower comes first; platform sections use 1000+. Default 100. */
  order?: number;
}

const TAG = /^[a-z][a-z0-9]*-[a-z0-9-]+$/;
const sections = new Map<string, ConsoleSection>();

export function registerConsoleSection(section: ConsoleSection): void {
  if (!TAG.test(section.tag)) throw new Error(`Console section ${section.id}: "${section.tag}" is not a custom element name`);
  // The same bundle twice on a page registers twice; the first one stays.
  if (!sections.has(section.id)) sections.set(section.id, section);
}

/** Sections for a tenant's modules, in navigation order. */
export function consoleSections(modules: readonly string[]): ConsoleSection[] {
  return [...sections.values()]
    .filter((s) => s.module === null || modules.includes(s.module))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.id.localeCompare(b.id));
}

/** For tests: forget a section again. */
export function unregisterConsoleSection(id: string): void {
  sections.delete(id);
}
