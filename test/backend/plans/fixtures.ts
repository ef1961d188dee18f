// The shared XPlanGML fixtures are read in place (never copied into the repository).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = (process.env.BN_XPLAN_FIXTURES ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'fixtures', 'xplan')) + '/';
