// @ts-check
// The backend precompiled: `npm start` (backend/start.js) and the CLI (backend/cli.js) run
// JavaScript bundled by esbuild into dist/backend/, built when it is missing or older than the
// sources it was built from (the same idea as core/widgets-build.ts for the widgets), so no
// TypeScript is transpiled at every start. tsx remains the fallback (a failed build, a
// read-only checkout without dist/) and the way tests and development run the sources.
//
// Plain JavaScript on purpose: it runs before anything is compiled.
//
// One bundle per entry (node_modules stay external; no shared chunks, so each bundle is
// written to a temp file and renamed: two processes building at once cannot see half a file).
// Beside each bundle, <name>.meta.json lists the source files it was built from and when; the
// freshness check stats only those (a few ms) and never loads esbuild.
//
// Bundled code keeps the paths it had as source: every `import.meta.url` in our files is
// rewritten to the source file's own URL (relative to the bundle), so migrations, the demo
// site, dist/widgets and the plans import worker are found where they were.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join('dist', 'backend');

/** dist/backend/<name>.js for a source entry: backend/main.ts → main.js, bench/server.ts → bench-server.js. */
export function outputName(entry) {
  return (
    entry
      .replace(/^backend\//, '')
      .replace(/\.ts$/, '')
      .replace(/[\\/]/g, '-') + '.js'
  );
}

/**
 * Why an entry needs a build, or null when its bundle is current.
 * @param {string} root
 * @param {string} entry
 * @returns {'missing' | 'stale' | null}
 */
export function buildReason(root, entry) {
  const out = path.join(root, OUT, outputName(entry));
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(out.replace(/\.js$/, '.meta.json'), 'utf8'));
    fs.statSync(out);
  } catch {
    return 'missing';
  }
  for (const input of [...meta.inputs, 'backend/build.js']) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, input)).mtimeMs;
    } catch {
      return 'stale';
    }
    if (mtime > meta.builtAt) return 'stale';
  }
  return null;
}

/**
 * Builds the entries whose bundle is missing or stale. Resolves true when every bundle is
 * current afterwards, false when a build failed (the caller falls back to tsx).
 * @param {string} root
 * @param {{ entries: string[], say?: (line: string) => void }} opts
 */
export async function ensureBackendBuilt(root, { entries, say = () => {} }) {
  const todo = entries.filter((e) => buildReason(root, e));
  if (!todo.length) return true;
  // BN_NO_BUILD=1 (e.g. a read-only image built beforehand): bundles are used as they are.
  if (process.env.BN_NO_BUILD === '1') return todo.every((e) => buildReason(root, e) === 'stale');
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  const started = Date.now();
  say('Der Server wird übersetzt · Compiling the server …');
  const outdir = path.join(root, OUT);
  try {
    fs.mkdirSync(outdir, { recursive: true });
  } catch {
    return false; // a read-only installation: tsx then
  }
  const ok = await Promise.all(
    todo.map(async (entry) => {
      const name = outputName(entry);
      const tmp = path.join(outdir, `.${name}.${process.pid}.tmp`);
      const builtAt = Date.now();
      try {
        const result = await esbuild.build({
          absWorkingDir: root,
          entryPoints: [entry],
          outfile: tmp,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          packages: 'external',
          sourcemap: 'inline',
          metafile: true,
          logLevel: 'silent',
          plugins: [sourceUrls(path.join(root, OUT))],
        });
        const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
        fs.renameSync(tmp, path.join(outdir, name));
        const metaTmp = `${tmp}.meta`;
        fs.writeFileSync(metaTmp, JSON.stringify({ entry, builtAt, inputs }));
        fs.renameSync(metaTmp, path.join(outdir, name.replace(/\.js$/, '.meta.json')));
        return true;
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        process.stderr.write(`Building ${entry} failed; running it through tsx instead.\n${err instanceof Error ? err.message : err}\n`);
        return false;
      }
    }),
  );
  say(`Server übersetzt · Server compiled (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return ok.every(Boolean);
}

/**
 * esbuild plugin: `import.meta.url` in our sources becomes the source file's URL, computed from
 * the bundle's own location, so relative paths resolve as they did in the source tree.
 * @param {string} outdir
 * @returns {import('esbuild').Plugin}
 */
function sourceUrls(outdir) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const code = await fs.promises.readFile(args.path, 'utf8');
        if (!code.includes('import.meta.url')) return { contents: code, loader: 'ts', resolveDir: path.dirname(args.path) };
        const rel = path.relative(outdir, args.path).split(path.sep).join('/');
        return {
          contents: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
          loader: 'ts',
          resolveDir: path.dirname(args.path),
        };
      });
    },
  };
}

/**
 * Runs an entry: its bundle when it is (or can be made) current, else the TypeScript source
 * through tsx.
 * @param {string} entry e.g. 'backend/cli.ts'
 * @param {{ say?: (line: string) => void }} [opts]
 */
export async function runEntry(entry, opts = {}) {
  if (await ensureBackendBuilt(ROOT, { entries: [entry], say: opts.say })) {
    return import(pathToFileURL(path.join(ROOT, OUT, outputName(entry))).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(ROOT, entry)).href);
}
