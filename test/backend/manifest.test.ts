// The custom elements manifest (`npm run analyze`) as documentation readers and Storybook see
// it: every element we define under its tag, and each element's events as documented with
// `@fires` — not the analyzer's guesses from `dispatchEvent(new XEvent(arg))`, which it names
// after the constructor's argument ("saved", "message") or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Decl {
  name: string;
  customElement?: boolean;
  tagName?: string;
  events?: { name?: string; description?: string }[];
}

test('the manifest names every element by its tag and lists only documented events', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-cem-'));
  try {
    const cli = path.join(root, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
    // The analyzer writes below its working directory: a relative path to the temp dir.
    const run = spawnSync(process.execPath, [cli, 'analyze', '--litelement', '--globs', 'widgets/**/*.ts', '--exclude', 'widgets/**/*.test.ts', '--outdir', path.relative(root, out)], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Decl[] }[] };
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);

    // Every tag the widgets define is in it, and nothing without a tag.
    const defined = new Set<string>();
    for (const file of fs.readdirSync(path.join(root, 'widgets'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      for (const m of fs.readFileSync(path.join(root, 'widgets', file), 'utf8').matchAll(/\bdefine\('(bn-[a-z-]+)'/g)) defined.add(m[1]!);
    }
    assert.deepEqual(elements.map((d) => d.tagName).sort(), [...defined].sort());

    for (const d of elements) {
      for (const e of d.events ?? []) {
        assert.match(e.name ?? '(no name)', /^(bn-[a-z-]+|input|change)$/, `${d.tagName}: event ${JSON.stringify(e)}`);
        if (e.name?.startsWith('bn-')) assert.ok(e.description, `${d.tagName}: ${e.name} is described`);
      }
      const names = (d.events ?? []).map((e) => e.name);
      assert.equal(new Set(names).size, names.length, `${d.tagName}: each event once`);
    }
    const events = (tag: string) => elements.find((d) => d.tagName === tag)?.events?.map((e) => e.name);
    assert.deepEqual(events('bn-console-kita-settings'), ['bn-settings-saved', 'bn-session-end']);
    assert.ok(events('bn-admin-keys')?.includes('bn-admin-announce'), 'an event documented on a base class reaches its elements');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
