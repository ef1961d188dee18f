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
import path from 'node:path';

// buergernah-map.js: the map (Leaflet), an entry of its own with a stable name, so the classic
// script, which carries no Leaflet, loads it from beside itself when a map is opened.
const input = { buergernah: 'widgets/index.ts', 'buergernah-map': 'widgets/core/map-view.ts' };
// The classic script may need its own entry (no import.meta, API base from currentScript).
const classicInput = 'widgets/classic.ts';
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
  minifyLitTemplates(),
];

/**
 * Squeezes the static text of Lit's `css` and `html` templates in our own modules (after
 * esbuild, which leaves template text as written): CSS loses comments and the blanks around
 * `{ } ; , :`, HTML's indentation shrinks to one line break. What a browser renders stays the
 * same: a run of blanks with a line break renders as one in normal flow and stays a break
 * where `pre-line` keeps it; templates holding `<pre>` are left alone. Interpolations are
 * never touched (only the template's static parts). Every widget chunk is gzipped on a budget
 * (bench/bundle-size.ts), and indentation is a few percent of it.
 */
export function minifyLitTemplates() {
  const squeezeCss = (s) =>
    s
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/[ \t\r\n]+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}');
  const squeezeHtml = (s) => s.replace(/[ \t\r]*\n[ \t\r\n]*/g, '\n');
  const walk = (node, visit) => {
    visit(node);
    for (const key in node) {
      const v = node[key];
      if (Array.isArray(v)) for (const c of v) c && typeof c.type === 'string' && walk(c, visit);
      else if (v && typeof v.type === 'string') walk(v, visit);
    }
  };
  return {
    name: 'bn-minify-lit-templates',
    transform(code, id) {
      if (!/[\\/]widgets[\\/].*\.ts$/.test(id) || !code.includes('"lit"')) return null;
      const ast = this.parse(code);
      const tags = new Map();
      for (const n of ast.body) {
        if (n.type !== 'ImportDeclaration' || n.source.value !== 'lit') continue;
        for (const s of n.specifiers) if (s.type === 'ImportSpecifier' && (s.imported.name === 'css' || s.imported.name === 'html')) tags.set(s.local.name, s.imported.name);
      }
      if (!tags.size) return null;
      const edits = [];
      walk(ast, (n) => {
        if (n.type !== 'TaggedTemplateExpression' || n.tag.type !== 'Identifier' || !tags.has(n.tag.name)) return;
        const quasis = n.quasi.quasis;
        const squeeze = tags.get(n.tag.name) === 'css' ? squeezeCss : squeezeHtml;
        if (quasis.some((q) => /<pre[\s>]/i.test(q.value.raw))) return;
        for (const q of quasis) {
          const raw = code.slice(q.start, q.end);
          const out = squeeze(raw);
          if (out !== raw) edits.push([q.start, q.end, out]);
        }
      });
      if (!edits.length) return null;
      edits.sort((a, b) => b[0] - a[0]);
      let out = code;
      for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}

/**
 * terser on every chunk but Leaflet's: there it costs seconds for nothing. The rest is on a
 * gzip budget (bench/bundle-size.ts), and terser's second pass saves a few percent there.
 */
function terserForEntry() {
  const t = terser({ ecma: 2021, compress: { passes: 2 }, format: { comments: false } });
  return {
    ...t,
    name: 'bn-terser-entry',
    renderChunk(code, chunk, options, meta) {
      if (chunk.moduleIds.some((id) => /node_modules[\\/]leaflet[\\/]/.test(id))) return null;
      return t.renderChunk.call(this, code, chunk, options, meta);
    },
  };
}

/**
 * The classic script is everything in one file, except what a citizen's page never needs
 * before a click: no staff consoles (they run on our own console page, which uses the module
 * script) and no Leaflet (core/map-loader.ts loads buergernah-map.js from beside the script; the
 * plan viewer shows its text alternative there, the map needs the module script).
 */
function classicOnly() {
  const staff = /widgets[\\/](admin[\\/]define|console[\\/]define|(?:tips|plans|kita|jobs)[\\/]console-register|plans[\\/]plan-map)\.ts$/;
  return {
    name: 'bn-classic-only',
    async resolveDynamicImport(specifier, importer) {
      if (typeof specifier !== 'string') return null;
      const r = await this.resolve(specifier, importer);
      // Left as a bare import that fails only when a console tag is used; the lazy loader then
      // logs "could not load <bn-console>" with this name as the reason.
      return r && staff.test(r.id) ? { id: 'bn-staff-consoles-need-the-module-script-buergernah.js', external: true } : null;
    },
    load(id) {
      if (/widgets[\\/]core[\\/]map-loader\.ts$/.test(id)) {
        return `import { scriptUrl } from './script-origin.ts';
export const loadMapView = () => import(new URL('buergernah-map.js', scriptUrl()).href);`;
      }
      return null;
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

/**
 * `widgets/tips/define.ts` → `chunks/tips-<hash>.js`, `widgets/tips/form-define.ts` →
 * `chunks/tips-form-<hash>.js`: readable names in the network panel and bench.
 */
function chunkFileNames(chunk) {
  const defineOf = (id) => {
    const m = /widgets[\\/]([\w-]+)[\\/](?:([\w-]+)-)?define\.ts$/.exec(id ?? '');
    return m && (m[2] ? `${m[1]}-${m[2]}` : m[1]);
  };
  // A dynamic entry that other chunks also import has no facade; its define.ts is still inside.
  const mod = defineOf(chunk.facadeModuleId) ?? (chunk.isDynamicEntry ? chunk.moduleIds.map(defineOf).find(Boolean) : undefined);
  if (mod) return `chunks/${mod}-[hash].js`;
  // The chunk behind the thin entry: Lit, the core and <bn-tenant>.
  if (chunk.moduleIds.some((id) => /widgets[\\/]core[\\/]tenant\.ts$/.test(id))) return 'chunks/core-[hash].js';
  return 'chunks/[name]-[hash].js';
}

/**
 * A manifest beside the build: every chunk with its static and dynamic imports and the source
 * modules inside (paths relative to the repository). The bundle-size check (bench/bundle-size.ts)
 * walks this graph to find what a page loads, instead of a list of file names kept by hand.
 */
function chunkManifest(fileName = 'chunks.json') {
  const rel = (id) => path.relative(process.cwd(), id).split(path.sep).join('/');
  return {
    name: 'bn-chunk-manifest',
    generateBundle(_options, bundle) {
      const chunks = {};
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk') continue;
        chunks[c.fileName] = {
          isEntry: c.isEntry,
          imports: c.imports,
          dynamicImports: c.dynamicImports,
          modules: Object.keys(c.modules)
            .filter((id) => !id.startsWith('\0'))
            .map(rel),
        };
      }
      this.emitFile({ type: 'asset', fileName, source: JSON.stringify(chunks, null, 1) });
    },
  };
}

/**
 * The modules the tip form needs beyond the entry's chunk go into two chunks instead of about
 * ten: `form-shared` (what the list, the status view or the consoles use too: form blocks, Lit
 * helpers, tips texts and styles) and the tip form's own. Each chunk is gzipped on its own, so
 * fewer, larger chunks compress better: the tip form's first paint is on a gzip budget.
 */
let groups;
function manualChunks(id, { getModuleIds, getModuleInfo }) {
  if (groups?.key !== getModuleInfo) {
    const closure = (re) => {
      const start = [...getModuleIds()].find((m) => re.test(m));
      const seen = new Set();
      const walk = (m) => {
        if (seen.has(m)) return;
        seen.add(m);
        for (const dep of getModuleInfo(m)?.importedIds ?? []) walk(dep);
      };
      if (start) walk(start);
      return seen;
    };
    groups = { key: getModuleInfo, core: closure(/widgets[\\/]index\.ts$/), form: closure(/widgets[\\/]tips[\\/]form-define\.ts$/) };
  }
  // @lit/context's decorators are in the entry's import graph only through the package's index
  // (the core uses its controllers); in 'core' they would ride along for the consoles that use them.
  if (/[\\/]@lit[\\/]context[\\/]lib[\\/]decorators[\\/]/.test(id)) return 'context-decorators';
  // Named, or the entry's modules would be pulled into the form's chunk as its dependencies.
  if (groups.core.has(id)) return 'core';
  // Byte and percent formats: only the per-language texts (loaded beside the form) and the file
  // list (at the first pick) import them; alone they would be one more small chunk to fetch.
  if (/widgets[\\/]core[\\/]units\.ts$/.test(id)) return 'form-shared';
  if (!groups.form.has(id)) return undefined;
  const info = getModuleInfo(id);
  const outside = [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])].some((imp) => !groups.form.has(imp));
  return outside ? 'form-shared' : undefined;
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
      entryFileNames: '[name].js',
      chunkFileNames,
      manualChunks,
      plugins: [terserForEntry(), chunkManifest()],
      assetFileNames: 'assets/[name]-[hash][extname]',
      sourcemap: false,
    },
  },
  {
    input: classicInput,
    plugins: [classicOnly(), ...plugins()],
    onwarn,
    output: {
      dir: outDir,
      entryFileNames: 'buergernah.classic.js',
      format: 'iife',
      name: 'Buergernah',
      inlineDynamicImports: true,
      sourcemap: false,
      plugins: [chunkManifest('classic.json')],
    },
  },
];
