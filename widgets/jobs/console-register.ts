/**
 * The jobs module's sections in the staff console: registered here, loaded when opened. The
 * clerk (`jobs`, `jobs:read`) and each representation (`jobs-representative`,
 * `staff-council`) open the same element; it shows each what their role allows.
 */
import { registerConsoleSection } from '../core/console-registry.ts';
import { registerMessages } from '../core/i18n.ts';

const navMessages = registerMessages('jobs-console-nav', {
  de: { section: 'Stellen und Bewerbungen' },
  en: { section: 'Jobs and applications' },
});

const base = { module: 'jobs', tag: 'bn-console-jobs', label: (l: 'de' | 'en') => navMessages.t(l, 'section'), load: () => import('./console-define.ts'), order: 30 };
registerConsoleSection({ id: 'jobs', ...base });
registerConsoleSection({ id: 'jobs-representative', role: 'jobs-representative', ...base });
registerConsoleSection({ id: 'jobs-staff-council', role: 'staff-council', ...base });
