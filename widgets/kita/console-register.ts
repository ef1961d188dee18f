/**
 * The Kita module's section in the staff console: registered here, loaded when opened.
 * The bundle entry imports this file next to `<bn-console>`; the console imports no module.
 */
import { registerConsoleSection } from '../core/console-registry.ts';
import { registerMessages } from '../core/i18n.ts';

const navMessages = registerMessages('kita-console-nav', {
  de: { section: 'Kita-Anmeldungen' },
  en: { section: 'Daycare registrations' },
});

registerConsoleSection({
  id: 'kita',
  module: 'kita',
  tag: 'bn-console-kita',
  label: (locale) => navMessages.t(locale, 'section'),
  load: () => import('./console-define.ts'),
});
