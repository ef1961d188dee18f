// The precompiled backend (backend/build.js): built when missing or older than its sources,
// left alone when current, source-relative paths kept, and BN_NO_BUILD respected. On a small
// project of its own in a temp dir, so it neither needs nor touches this checkout's dist/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReason, ensureBackendBuilt, outputName } from '../../backend/build.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-build-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
// build.js counts itself among every bundle's sources.
write('backend/build.js', fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'backend', 'build.js'), 'utf8'));
write('backend/core/where.ts', `import path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nexport const here = path.dirname(fileURLToPath(import.meta.url));\n`);
write('backend/core/greeting.ts', `export const greeting: string = 'Moin';\n`);
write('backend/tool.ts', `import { here } from './core/where.ts';\nimport { greeting } from './core/greeting.ts';\nexport const result = { here, greeting };\n`);

const entry = 'backend/tool.ts';
const bundle = path.join(root, 'dist', 'backend', outputName(entry));
let loads = 0;
/** Imports the bundle as it is now (a copy under a new name: the module cache keys on the file). */
const load = async () => {
  const copy = bundle.replace(/\.js$/, `.load${++loads}.js`);
  fs.copyFileSync(bundle, copy);
  return (await import(pathToFileURL(copy).href)) as { result: { here: string; greeting: string } };
};
const age = (rel: string, seconds: number) => {
  const t = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(path.join(root, rel), t, t);
};

test('missing → built; the bundle keeps source-relative paths', async () => {
  assert.equal(outputName('backend/cli.ts'), 'cli.js');
  assert.equal(outputName('bench/server.ts'), 'bench-server.js');
  assert.equal(buildReason(root, entry), 'missing');
  const lines: string[] = [];
  assert.equal(await ensureBackendBuilt(root, { entries: [entry], say: (l) => lines.push(l) }), true);
  assert.equal(buildReason(root, entry), null);
  assert.match(lines.join('\n'), /Compiling the server/);
  const { result } = await load();
  assert.equal(result.greeting, 'Moin');
  // import.meta.url of a bundled file is still its source file's: paths next to it resolve.
  assert.equal(result.here, path.join(root, 'backend', 'core'));
  const meta = JSON.parse(fs.readFileSync(bundle.replace(/\.js$/, '.meta.json'), 'utf8'));
  assert.deepEqual([...meta.inputs].sort(), ['backend/core/greeting.ts', 'backend/core/where.ts', 'backend/tool.ts']);
});

test('current → not rebuilt; a newer source → rebuilt with the change', async () => {
  const before = fs.statSync(bundle).mtimeMs;
  assert.equal(await ensureBackendBuilt(root, { entries: [entry], say: () => assert.fail('no build when current') }), true);
  assert.equal(fs.statSync(bundle).mtimeMs, before);

  write('backend/core/greeting.ts', `export const greeting: string = 'Servus';\n`);
  age('backend/core/greeting.ts', 5);
  assert.equal(buildReason(root, entry), 'stale');
  assert.equal(await ensureBackendBuilt(root, { entries: [entry] }), true);
  assert.equal((await load()).result.greeting, 'Servus');
  // A removed source (a file moved away) is stale too.
  fs.rmSync(path.join(root, 'backend', 'core', 'greeting.ts'));
  write('backend/core/greeting2.ts', `export const greeting: string = 'Servus';\n`);
  assert.equal(buildReason(root, entry), 'stale');
});

test('BN_NO_BUILD=1 uses a bundle as it is and never builds; a failed build reports false', async () => {
  process.env.BN_NO_BUILD = '1';
  try {
    assert.equal(await ensureBackendBuilt(root, { entries: [entry] }), true, 'the stale bundle is used as it is');
    assert.equal(await ensureBackendBuilt(root, { entries: ['backend/none.ts'] }), false, 'nothing to use, nothing built');
    assert.equal(buildReason(root, 'backend/none.ts'), 'missing');
  } finally {
    delete process.env.BN_NO_BUILD;
  }
  write('backend/broken.ts', `import { nothing } from './does-not-exist.ts';\nexport const x = nothing;\n`);
  const stderr = process.stderr.write;
  let said = '';
  process.stderr.write = ((s: string) => {
    said += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    assert.equal(await ensureBackendBuilt(root, { entries: ['backend/broken.ts'] }), false);
  } finally {
    process.stderr.write = stderr;
  }
  assert.match(said, /Building backend\/broken.ts failed; running it through tsx instead/);
  assert.ok(!fs.readdirSync(path.join(root, 'dist', 'backend')).some((f) => f.endsWith('.tmp')), 'no temp file left');
});
