/**
 * The tips module's section in the staff console: registered here, loaded when opened.
 * The bundle entry imports this file next to `<bn-console>`; the console imports no module.
 */
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
