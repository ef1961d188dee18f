// The console's sections. Platform sections first; each module adds one line below.
import { registerConsoleSection } from './registry.ts';

registerConsoleSection({
  id: 'audit',
  module: null,
  tag: 'bn-console-audit',
  label: { de: 'Protokoll', en: 'Audit log' },
  load: () => import('./audit-define.ts'),
  order: 1000,
});

registerConsoleSection({
  id: 'tips',
  module: 'tips',
  tag: 'bn-console-tips',
  label: { de: 'Bürgertipps', en: 'Citizen tips' },
  load: () => import('../tips/console-define.ts'),
});
