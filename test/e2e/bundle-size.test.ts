// The tip form's weight, from the real build (dist/widgets, rebuilt here when older than the
// sources) and its module graph (chunks.json), not from a list of file names: what a page with
// <bn-tip-form> downloads until a citizen opens the map. And the classic single-file script
// carries neither the staff consoles nor Leaflet.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWidgetsBuilt } from '../../backend/core/widgets-build.ts';
import { actionFiles, forbiddenInClassic, gzipSizes, readManifest, TIP_FORM_CEILING, tipFormFiles, total, type Manifest } from '../../bench/bundle-size.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist', 'widgets');
let m: Manifest;

before(() => {
  assert.ok(
    ensureWidgetsBuilt(root, dist, () => {}),
    'the widgets build',
  );
  m = readManifest(dist);
});

const modulesOf = (files: string[]) => files.flatMap((f) => m[f]!.modules);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

test('the tip form until the map opens stays under its gzip ceiling, in German and in English', () => {
  for (const locale of ['de', 'en'] as const) {
    const files = tipFormFiles(m, locale);
    const size = total(gzipSizes(dist, files));
    assert.ok(size <= TIP_FORM_CEILING[locale], `${locale}: ${kb(size)} gzip > ${kb(TIP_FORM_CEILING[locale])} (${files.join(' + ')})`);
  }
});

test('the first paint carries no map, no upload, no checks, no confirmation, no address search, no other language’s texts, no console code', () => {
  const modules = modulesOf(tipFormFiles(m, 'de'));
  for (const re of [
    /node_modules\/leaflet\//,
    /widgets\/(core\/map-view|tips\/location-map)\.ts$/,
    /widgets\/core\/(upload|file-list)\.ts$/,
    /messages-en\.ts$/,
    /widgets\/tips\/validate\.ts$/,
    /valibot/,
    /widgets\/(console|admin)\//,
    /widgets\/core\/staff-/,
    /widgets\/tips\/(console-|tip-list|tip-status)/,
    // What loads when the citizen acts: the confirmation and reports nearby, the error summary, the address search.
    /widgets\/tips\/(form-after|view-messages|location-search)\.ts$/,
    /widgets\/core\/error-summary\.ts$/,
    /@lit\/task/,
  ]) {
    assert.deepEqual(
      modules.filter((id) => re.test(id)),
      [],
      String(re),
    );
  }
  assert.ok(modules.includes('widgets/tips/tip-form.ts') && modules.includes('widgets/core/tenant.ts'), 'the set is the tip form’s');
  // Each page loads its own language's texts only: the English page swaps the German texts
  // for the English ones and changes nothing else.
  const de = modules.filter((id) => /messages-de\.ts$/.test(id));
  assert.deepEqual(de.sort(), ['widgets/core/form-messages-de.ts', 'widgets/tips/messages-de.ts']);
  const enModules = modulesOf(tipFormFiles(m, 'en'));
  const en = enModules.filter((id) => !modules.includes(id));
  assert.deepEqual(en.sort(), ['widgets/core/form-messages-en.ts', 'widgets/tips/messages-en.ts'], `English adds: ${en.join(', ')}`);
  assert.deepEqual(modules.filter((id) => !enModules.includes(id)).sort(), de.sort(), 'English leaves out the German texts and nothing else');
  // What waits for an action is there when the action comes.
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'map')).some((id) => /node_modules\/leaflet\//.test(id)));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'map')).includes('widgets/tips/location-map.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'send')).includes('widgets/tips/validate.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'upload')).includes('widgets/core/upload.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'pick')).includes('widgets/core/file-list.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'send')).includes('widgets/core/error-summary.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'send')).includes('widgets/tips/form-after.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'search')).includes('widgets/tips/location-search.ts'));
  assert.ok(modulesOf(actionFiles(m, 'widgets/tips/form-define.ts', 'nearby')).includes('widgets/tips/form-after.ts'));
});

test('the classic script carries neither the consoles nor Leaflet, and loads the map from beside itself', () => {
  assert.deepEqual(forbiddenInClassic(dist), []);
  const code = fs.readFileSync(path.join(dist, 'buergernah.classic.js'), 'utf8');
  assert.ok(!/leaflet-pane|leaflet-zoom-animated/.test(code), 'no Leaflet code or CSS in the classic script');
  assert.ok(code.includes('bn-staff-consoles-need-the-module-script'), 'a console tag fails with a name that says what to use');
  assert.ok(code.includes('buergernah-map.js'), 'the map is loaded from beside the script');
  assert.ok(fs.existsSync(path.join(dist, 'buergernah-map.js')));
});
