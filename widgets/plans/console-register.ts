/**
 * The plans module's section in the staff console: registered here, loaded when opened.
 * The bundle entry imports this file next to `<bn-console>`.
 */
import { registerConsoleSection } from '../core/console-registry.ts';
import { registerMessages } from '../core/i18n.ts';

const navMessages = registerMessages('plans-console-nav', {
  de: { section: 'Bauleitplanung' },
  en: { section: 'Land-use plans' },
});

registerConsoleSection({
  id: 'plans',
  module: 'plans',
  tag: 'bn-console-plans',
  label: (locale) => navMessages.t(locale, 'section'),
  load: () => import('./console-define.ts'),
});
