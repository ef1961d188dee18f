// The console's own sections, for the municipality's administration. Module sections
// register from their own module (e.g. widgets/tips/console-register.ts).
import { registerConsoleSection } from '../core/console-registry.ts';
import { consoleMessages } from './messages.ts';

registerConsoleSection({
  id: 'users',
  module: null,
  role: 'tenant-admin',
  tag: 'bn-staff-users',
  label: (locale) => consoleMessages.t(locale, 'usersSection'),
  load: () => import('../core/staff-users-define.ts'),
  order: 900,
});

registerConsoleSection({
  id: 'audit',
  module: null,
  role: 'tenant-admin',
  tag: 'bn-console-audit',
  label: (locale) => consoleMessages.t(locale, 'auditSection'),
  load: () => import('./audit-define.ts'),
  order: 1000,
});
