/**
 * The tips module's section in the staff console: registered here, loaded when opened.
 * The bundle entry imports this file next to `<bn-console>`; the console imports no module.
 */
import { registerAuditWording } from '../core/audit-wording.ts';
import { registerConsoleSection } from '../core/console-registry.ts';
import { registerMessages } from '../core/i18n.ts';

/** Only the navigation label: the section's own texts come with its chunk. */
const navMessages = registerMessages('tips-console-nav', {
  de: { section: 'Bürgertipps' },
  en: { section: 'Citizen tips' },
});

registerConsoleSection({
  id: 'tips',
  module: 'tips',
  tag: 'bn-console-tips',
  label: (locale) => navMessages.t(locale, 'section'),
  load: () => import('./console-define.ts'),
});

// The tips' audit entries in words; the wording loads with the audit log.
registerAuditWording({ prefix: 'tip.', load: () => import('./audit-wording.ts') });
registerAuditWording({ prefix: 'tips.', load: () => import('./audit-wording.ts') });
