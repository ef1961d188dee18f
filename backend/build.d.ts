// Types of build.js (plain JavaScript: it runs before anything is compiled).
export function outputName(entry: string): string;
export function buildReason(root: string, entry: string): 'missing' | 'stale' | null;
export function ensureBackendBuilt(root: string, opts: { entries: string[]; say?: (line: string) => void }): Promise<boolean>;
export function runEntry(entry: string, opts?: { say?: (line: string) => void }): Promise<unknown>;
