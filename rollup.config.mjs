// Builds widgets/ into dist/widgets/:
//   buergernah.js          ES module entry; modules load lazily from chunks/<name>-<hash>.js
//   buergernah.classic.js  one classic script (IIFE) for CMSs that strip type="module"
// esbuild compiles TypeScript (decorators per tsconfig) and minifies. terser squeezes a few
// more bytes out of the ES build, whose entry has a gzip budget (see bench/run.ts); the
// classic script skips it: it takes terser ten seconds there to save 1 %.
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
];

/** terser on the entry and the chunk behind it only: on Leaflet's chunk it costs seconds for nothing. */
function terserForEntry() {
  const t = terser({ ecma: 2021, compress: { passes: 2 }, format: { comments: false } });
  return {
    ...t,
    name: 'bn-terser-entry',
    renderChunk(code, chunk, options, meta) {
      if (!chunk.isEntry && !/^chunks\/core-/.test(chunk.fileName)) return null;
      return t.renderChunk.call(this, code, chunk, options, meta);
    },
  };
}

/**
 * Old hashed chunks would pile up in dist/ across builds: after writing, remove the chunks
 * this build did not produce. Done afterwards, not before, so a server (or a test run)
 * reading dist/ during a rebuild never finds it empty.
 */
function removeStaleChunks() {
  return {
    name: 'bn-remove-stale-chunks',
    writeBundle(options, bundle) {
      const dir = `${options.dir}/chunks`;
      if (!fs.existsSync(dir)) return;
      for (const f of fs.readdirSync(dir)) {
        if (!(`chunks/${f}` in bundle)) fs.rmSync(`${dir}/${f}`, { force: true });
      }
    },
  };
}

/** `widgets/tips/define.ts` → `chunks/tips-<hash>.js`: readable names in the network panel and bench. */
function chunkFileNames(chunk) {
  const defineOf = (id) => /widgets[\\/]([\w-]+)[\\/]define\.ts$/.exec(id ?? '')?.[1];
  // A dynamic entry that other chunks also import has no facade; its define.ts is still inside.
  const mod = defineOf(chunk.facadeModuleId) ?? (chunk.isDynamicEntry ? chunk.moduleIds.map(defineOf).find(Boolean) : undefined);
  if (mod) return `chunks/${mod}-[hash].js`;
  // The chunk behind the thin entry: Lit, the core and <bn-tenant>.
  if (chunk.moduleIds.some((id) => /widgets[\\/]core[\\/]tenant\.ts$/.test(id))) return 'chunks/core-[hash].js';
  return 'chunks/[name]-[hash].js';
}

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
    plugins: [...plugins(), removeStaleChunks()],
    onwarn,
    // Never let a lazy chunk import from the entry: CMSs append `?ver=…` to script URLs, and a
    // chunk's `../buergernah.js` would then load a second copy of Lit and the core. With
    // 'strict' the shared code lands in a hashed chunk and the entry stays a thin facade.
    preserveEntrySignatures: 'strict',
    output: {
      dir: outDir,
      format: 'es',
      entryFileNames: 'buergernah.js',
      chunkFileNames,
      plugins: [terserForEntry()],
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
