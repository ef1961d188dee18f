import type { Module } from '../../backend/core/roles.ts';

/**
 * The citizen-facing elements the bundle really has, ONE list for the snippet generator of the
 * admin console (and a test that checks each is a lazily loaded element of widgets/index.ts,
 * named in the README and used on the demo site). A module adds its elements here, one line
 * each, in the same change that adds them to `modules` in widgets/index.ts — never before
 * they exist:
 *
 *   { tag: 'bn-kita-registration', module: 'kita', label: { de: 'Kita-Anmeldung', en: 'Childcare registration' } },
 *
 * `hint` is shown under the generated snippet (what else the webmaster may want to know).
 */
export interface CatalogueEntry {
  tag: `bn-${string}`;
  module: Module;
  label: { de: string; en: string };
  hint?: { de: string; en: string };
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    tag: 'bn-tip-form',
    module: 'tips',
    label: { de: 'Bürgertipp melden', en: 'Report a citizen tip' },
    hint: {
      de: 'Der Link zum Stand in der Bestätigung führt auf diese Seite zurück: Dort zeigt das Formular den Stand selbst. Soll er auf eine eigene Seite führen, setzen Sie dort <bn-tip-status> ein und hier status-page="https://…/stand" an <bn-tip-form>.',
      en: 'The status link in the confirmation leads back to this page, where the form shows the status itself. To send it to a page of its own, place <bn-tip-status> there and add status-page="https://…/status" to <bn-tip-form> here.',
    },
  },
  { tag: 'bn-tip-list', module: 'tips', label: { de: 'Bürgertipps anzeigen', en: 'List of citizen tips' } },
  { tag: 'bn-tip-status', module: 'tips', label: { de: 'Bearbeitungsstand eines Tipps', en: 'Status of a tip' } },
  { tag: 'bn-plan-viewer', module: 'plans', label: { de: 'Bauleitpläne und Beteiligung', en: 'Development plans and participation' } },
  { tag: 'bn-kita-registration', module: 'kita', label: { de: 'Kita-Anmeldung', en: 'Childcare registration' } },
  { tag: 'bn-kita-status', module: 'kita', label: { de: 'Stand einer Kita-Anmeldung', en: 'Status of a daycare registration' } },
  { tag: 'bn-job-listings', module: 'jobs', label: { de: 'Stellenangebote', en: 'Job listings' } },
];

/** The entries a tenant with these modules can use, in catalogue order. */
export function catalogueFor(modules: readonly string[]): CatalogueEntry[] {
  return CATALOGUE.filter((e) => modules.includes(e.module));
}
