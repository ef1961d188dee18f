// Builds widgets/ into dist/widgets/:
//   buergernah.js          ES module entry; modules load lazily from chunks/<name>-<hash>.js
//   buergernah.classic.js  one classic script (IIFE) for CMSs that strip type="module"
// esbuild compiles TypeScript (decorators per tsconfig) and minifies; terser squeezes the
// last bytes out of the entry, which has a gzip budget (see bench/run.ts).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import fs from 'node:fs';

const input = 'widgets/index.ts';
// The classic script may need its own entry (no import.meta, API base from currentScript).
const classicInput = fs.existsSync('widgets/classic.ts') ? 'widgets/classic.ts' : input;
const outDir = 'dist/widgets';

const plugins = () => [
  // 'production' picks Lit's production build (no dev-mode warnings in a town's console).
  nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
  esbuild({
    tsconfig: 'tsconfig.json',
    target: 'es2021',
    minify: true,
    legalComments: 'none',
    // Lit's dev-mode branches disappear with the production condition; this covers
    // libraries that still check NODE_ENV.
    define: { 'process.env.NODE_ENV': '"production"' },
  }),
  terser({ ecma: 2021, format: { comments: false } }),
];

/** A missing import must fail the build (a bundle with a bare `lit` import breaks every page);
 * rollup's circular-dependency notes about node_modules are noise. */
function onwarn(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
}

export default [
  {
    input,
    plugins: plugins(),
    onwarn,
    // Never let a lazy chunk import from the entry: CMSs append `?ver=…` to script URLs, and a
    // chunk's `../buergernah.js` would then load a second copy of Lit and the core. With
    // 'strict' the shared code lands in a hashed chunk and the entry stays a thin facade.
    preserveEntrySignatures: 'strict',
    output: {
      dir: outDir,
      format: 'es',
      entryFileNames: 'buergernah.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      sourcemap: false,
    },
  },
  {
    input: classicInput,
    plugins: plugins(),
    onwarn,
    output: {
      file: `${outDir}/buergernah.classic.js`,
      format: 'iife',
      name: 'Buergernah',
      inlineDynamicImports: true,
      sourcemap: false,
    },
  },
];
