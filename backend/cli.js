#!/usr/bin/env node
// `npx buergernah …`: the hosting office's command line. Runs the CLI precompiled into
// dist/backend/cli.js (built when missing or older than the sources, see build.js); through
// tsx only when that build is not possible.
import { runEntry } from './build.js';
await runEntry('backend/cli.ts');
