/**
 * The staff console's navigation, filled by the modules. A section is a custom element
 * loaded on first use; it finds the staff API client through core's `apiClientContext`
 * and the signed-in person through `staffContext` (staff-context.ts), both provided by
 * `<bn-console>`. A module registers its section from its own small file, e.g.
 * `widgets/tips/console-register.ts`:
 *
 *   registerConsoleSection({
 *     id: 'tips', module: 'tips', tag: 'bn-console-tips',
 *     label: (locale) => (locale === 'de' ? 'Bürgertipps' : 'Citizen tips'),
 *     load: () => import('./console-define.ts'),
 *   });
 *
 * The console element imports no module; the bundle entry (widgets/index.ts) decides
 * which modules' registration files come with it.
 */
import type { Locale } from './i18n.ts';

export interface ConsoleSection {
  /** Stable id, used in the address (`#tips`). */
  id: string;
  /** The module the section belongs to (shown only when the tenant has it enabled); `null` = platform. */
  module: string | null;
  /**
   * The role that opens it. Omitted for a module section: the module's clerk or read-only
   * role (`tips` or `tips:read`). Platform sections name theirs (e.g. `tenant-admin`).
   */
  role?: string;
  label: (locale: Locale) => string;
  /** The element that renders the section; defined by `load()`. */
  tag: string;
  /** Loads the chunk that defines `tag` (a dynamic import, so sections load lazily). */
  load: () => Promise<unknown>;
  /** Lower comes first; platform sections use 1000+. Default 100. */
  order?: number;
}

/** Who is looking: the tenant's enabled modules and the person's roles. */
export interface SectionViewer {
  modules: readonly string[];
  roles: readonly string[];
}

const TAG = /^[a-z][a-z0-9]*-[a-z0-9-]+$/;
const sections = new Map<string, ConsoleSection>();
const listeners = new Set<() => void>();

export function registerConsoleSection(section: ConsoleSection): void {
  if (!TAG.test(section.tag)) throw new Error(`Console section ${section.id}: "${section.tag}" is not a custom element name`);
  // The same bundle twice on a page registers twice; the first one stays.
  if (sections.has(section.id)) return;
  sections.set(section.id, section);
  for (const l of listeners) l();
}

/** May this person use this section? Module sections: `M` or `M:read`; others: their role. */
export function mayOpen(section: ConsoleSection, viewer: SectionViewer): boolean {
  if (section.module !== null && !viewer.modules.includes(section.module)) return false;
  if (section.role) return viewer.roles.includes(section.role);
  if (section.module === null) return true;
  return viewer.roles.includes(section.module) || viewer.roles.includes(`${section.module}:read`);
}

/** The sections this person may use, in navigation order. */
export function consoleSections(viewer: SectionViewer): ConsoleSection[] {
  return [...sections.values()].filter((s) => mayOpen(s, viewer)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.id.localeCompare(b.id));
}

/** Called when a section registers later than the console rendered (registration files load separately). */
export function onSectionsChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** For tests: forget a section again. */
export function unregisterConsoleSection(id: string): void {
  sections.delete(id);
}
