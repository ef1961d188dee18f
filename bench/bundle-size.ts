// What a page with <bn-tip-form> downloads until the map opens, from the built module graph
// (dist/widgets/chunks.json, written by rollup.config.mjs), and the budget it must keep.
// Used by `npm run bench` and by test/backend/widgets-size.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The goal for the tip form's JavaScript until the map opens, gzip (issue 13, item 9). */
export const TIP_FORM_BUDGET = 25 * 1024;
/**
 * What it may weigh today: the size test fails above this. Lower it as the form gets lighter,
 * until it reaches TIP_FORM_BUDGET. Set at 25.93 KB (German) and 25.73 KB (English) measured,
 * after the texts became one chunk per language (an English page no longer loads the German
 * ones), and the send and support flows, the file list, the location field's map part (with
 * "use my location"), the views' styles and words beyond the first paint moved to the chunks
 * that load with them (before: 28.3 and 30.5 KB). Then 26.15 / 25.95 KB: +0.2 KB for Enter in a
 * single-line field submitting its form (core form-element.ts), which every form lacked.
 */
export const TIP_FORM_CEILING = { de: 26.2 * 1024, en: 26.0 * 1024 };

export interface ChunkInfo {
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  /** Source modules inside, relative to the repository. */
  modules: string[];
}
export type Manifest = Record<string, ChunkInfo>;

/**
 * Loaded on a citizen's action, after the form is on screen: the map (with the location
 * field's map part) when it is opened; at the
 * first send the checks (valibot, the shared schema), the send itself, the error summary, the
 * confirmation and the ALTCHA solver; the file list at the first pick of a photo, the upload
 * when one is sent; the address search at the first search;
 * reports nearby when the pin of a damage report has some. The texts load at once, in the
 * page's language only (TEXTS).
 */
export const ON_ACTION = {
  map: /^widgets\/(core\/map-view|tips\/location-map)\.ts$/,
  send: /^widgets\/(tips\/validate|core\/altcha-worker)\.ts$/,
  upload: /^widgets\/core\/upload\.ts$/,
  pick: /^widgets\/core\/file-list\.ts$/,
  search: /^widgets\/tips\/location-search\.ts$/,
  nearby: /^widgets\/tips\/form-after\.ts$/,
};
/** The texts of one language: chunks of their own, so a page downloads only its language's. */
export const TEXTS = { de: /^widgets\/.*messages-de\.ts$/, en: /^widgets\/.*messages-en\.ts$/ } as const;

export function readManifest(dist: string, name = 'chunks.json'): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dist, name), 'utf8')) as Manifest;
}

function chunk(m: Manifest, file: string): ChunkInfo {
  const c = m[file];
  if (!c) throw new Error(`chunks.json names ${file}, which is not in it`);
  return c;
}

/** A chunk and everything it imports statically (what the browser fetches with it). */
export function staticClosure(m: Manifest, file: string, into = new Set<string>()): Set<string> {
  if (into.has(file)) return into;
  into.add(file);
  for (const dep of chunk(m, file).imports) staticClosure(m, dep, into);
  return into;
}

const holds = (c: ChunkInfo, re: RegExp) => c.modules.some((id) => re.test(id));

function entryOf(m: Manifest): string {
  // The entry file is a thin facade; widgets/index.ts sits in the chunk behind it.
  const entry = Object.keys(m).find((f) => m[f]!.isEntry && [...staticClosure(m, f)].some((g) => m[g]!.modules.includes('widgets/index.ts')));
  if (!entry) throw new Error('no entry whose imports hold widgets/index.ts in chunks.json');
  return entry;
}

/** The chunk the entry loads for an element: the entry's dynamic import holding `defineModule`. */
function loaderOf(m: Manifest, entry: string, defineModule: string): string {
  const loaders = [...staticClosure(m, entry)].flatMap((f) => chunk(m, f).dynamicImports);
  const own = loaders.find((f) => chunk(m, f).modules.includes(defineModule));
  if (!own) throw new Error(`the entry loads no chunk holding ${defineModule}`);
  return own;
}

/** Chunks reachable from `from` through dynamic imports whose target holds a module matching `re`. */
function dynamicClosure(m: Manifest, from: Set<string>, re: RegExp, except: Set<string>): Set<string> {
  const out = new Set<string>();
  const queue = [...from];
  const seen = new Set(queue);
  while (queue.length) {
    const f = queue.shift()!;
    for (const dyn of except.has(f) ? [] : chunk(m, f).dynamicImports) {
      if (!holds(chunk(m, dyn), re)) continue;
      for (const g of staticClosure(m, dyn)) {
        if (!from.has(g)) out.add(g);
        if (!seen.has(g)) {
          seen.add(g);
          queue.push(g);
        }
      }
    }
  }
  return out;
}

/**
 * What a page with one element downloads to show it: the entry with its static imports, the
 * element's chunk (the entry's dynamic import holding `defineModule`) with its static imports,
 * and the texts in the page's language that those chunks load at once. Everything else they
 * import dynamically waits for a citizen's action (see ON_ACTION).
 */
export function pageFiles(m: Manifest, defineModule: string, locale: 'de' | 'en' = 'de'): string[] {
  const entry = entryOf(m);
  const base = staticClosure(m, entry);
  const files = new Set([...base, ...staticClosure(m, loaderOf(m, entry, defineModule))]);
  for (const f of dynamicClosure(m, files, TEXTS[locale], base)) files.add(f);
  return [...files].sort();
}

/** The files an action adds to a page that shows `defineModule` (e.g. opening the map). */
export function actionFiles(m: Manifest, defineModule: string, action: keyof typeof ON_ACTION): string[] {
  const page = new Set(pageFiles(m, defineModule));
  return [...dynamicClosure(m, page, ON_ACTION[action], staticClosure(m, entryOf(m)))].sort();
}

/** The tip form until the map opens, in German or in English. */
export const tipFormFiles = (m: Manifest, locale: 'de' | 'en') => pageFiles(m, 'widgets/tips/form-define.ts', locale);

export function gzipSizes(dist: string, files: string[]): Map<string, number> {
  return new Map(files.map((f) => [f, gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length]));
}

export const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);

/** Source modules of the classic script that it must not carry (consoles, Leaflet). */
export function forbiddenInClassic(dist: string): string[] {
  const m = readManifest(dist, 'classic.json');
  const modules = Object.values(m).flatMap((c) => c.modules);
  return modules.filter(
    (id) =>
      /node_modules\/leaflet\//.test(id) ||
      /^widgets\/(console|admin)\//.test(id) ||
      /^widgets\/core\/staff-/.test(id) ||
      /^widgets\/[\w-]+\/console-/.test(id) ||
      /^widgets\/core\/map-view\.ts$/.test(id),
  );
}
