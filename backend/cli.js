#!/usr/bin/env node
// `npx buergernah …`: the hosting office's command line. Runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('./cli.ts');
