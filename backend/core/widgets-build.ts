// `npm start` serves the widgets from dist/widgets. A fresh clone has no dist/, and a pulled
// change makes it stale: build then, once, and say so in plain words, so the README's two
// commands are the whole setup.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The files the bundle is built from: widgets/ and the backend modules they import (schemas). */
function sources(root: string): string[] {
  const files = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|js|mjs|css)$/.test(entry.name)) files.add(full);
    }
  };
  if (fs.existsSync(path.join(root, 'widgets'))) visit(path.join(root, 'widgets'));
  // Follow relative imports into backend/ (pure valibot schema modules and what they import).
  const queue = [...files];
  while (queue.length) {
    const file = queue.pop()!;
    if (!file.endsWith('.ts')) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+\.ts)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (!files.has(target) && fs.existsSync(target)) {
        files.add(target);
        queue.push(target);
      }
    }
  }
  for (const file of ['rollup.config.mjs', 'package-lock.json']) if (fs.existsSync(path.join(root, file))) files.add(path.join(root, file));
  return [...files];
}

const newestSource = (root: string): number => Math.max(0, ...sources(root).map((f) => fs.statSync(f).mtimeMs));

/** Why dist/ needs a build, or null when it is current. */
export function buildReason(root: string, distDir: string): 'missing' | 'stale' | null {
  const entry = path.join(distDir, 'buergernah.js');
  if (!fs.existsSync(entry)) return 'missing';
  return fs.statSync(entry).mtimeMs < newestSource(root) ? 'stale' : null;
}

/**
 * Builds the widgets with rollup when dist/ is missing or older than its sources. Returns
 * false (after saying why) when the build failed; the API still starts.
 */
export function ensureWidgetsBuilt(root: string, distDir: string, say: (line: string) => void): boolean {
  const reason = buildReason(root, distDir);
  if (!reason) return true;
  say(
    reason === 'missing'
      ? 'Die Widgets werden einmalig gebaut (etwa 10–30 Sekunden) · Building the widgets once (about 10–30 seconds) …'
      : 'Die Quellen sind neuer als die gebauten Widgets: sie werden neu gebaut · The sources changed: rebuilding the widgets …',
  );
  const rollup = path.join(root, 'node_modules', 'rollup', 'dist', 'bin', 'rollup');
  const started = Date.now();
  const r = spawnSync(process.execPath, [rollup, '-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    say('Der Bau der Widgets ist fehlgeschlagen (siehe oben); `npm run build` zeigt die Fehler · Building the widgets failed (see above); `npm run build` shows why.');
    return false;
  }
  say(`Widgets gebaut · Widgets built (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return true;
}
