/**
 * The ES module entry (`/widgets/buergernah.js`):
 *   <script type="module" src="https://<api-host>/widgets/buergernah.js"></script>
 *   <bn-tenant api-key="bn_pk_…"><bn-tip-form></bn-tip-form></bn-tenant>
 *
 * Defines `<bn-tenant>` at once; the form building blocks and every module element
 * are separate chunks, loaded when their tag shows up on the page. No top-level await:
 * the classic (IIFE) build wraps this same file.
 */
import './core/elements.ts';
import { lazyDefine, type Loader } from './core/lazy.ts';
import { pageLocale } from './core/locale.ts';
import { setDefaultApiBase } from './core/script-origin.ts';

// The form building blocks share one chunk: module widgets import it anyway, and
// keeping it out of the entry holds the entry's gzip budget (Lit + core + bn-tenant).
const formBlocks: Loader = () => import('./core/form-elements.ts');

/**
 * The staff console and the modules' sections in it: each module's registration file is
 * tiny (its section loads when opened). The console element itself imports no module;
 * this list decides which sections the bundle offers. Adding a module's section is one line.
 */
const staffConsole: Loader = () =>
  Promise.all([import('./tips/console-register.ts'), import('./plans/console-register.ts'), import('./kita/console-register.ts'), import('./jobs/console-register.ts'), import('./console/define.ts')]);

/**
 * The tip form's texts come in a chunk per language (tips/messages.ts): fetched beside the form's
 * chunk rather than after it, one round trip less before the form shows. A failure here costs
 * nothing: the form asks for its texts again and offers "try again" when they do not come.
 */
const tipForm: Loader = () => {
  void (pageLocale(document.documentElement) === 'en' ? import('./tips/messages-en.ts') : import('./tips/messages-de.ts')).catch(() => {});
  return import('./tips/form-define.ts');
};

/**
 * Elements loaded on demand. Adding a module is one line:
 *   'bn-tip-form': () => import('./tips/form-define.ts'),
 */
export const modules: Record<string, Loader> = {
  'bn-text-field': formBlocks,
  'bn-textarea': formBlocks,
  'bn-select': formBlocks,
  'bn-radio-group': formBlocks,
  'bn-checkbox': formBlocks,
  'bn-date-field': formBlocks,
  'bn-file-picker': formBlocks,
  'bn-error-summary': formBlocks,
  'bn-admin': () => import('./admin/define.ts'),
  'bn-console': staffConsole,
  'bn-tip-form': tipForm,
  'bn-tip-list': () => import('./tips/list-define.ts'),
  'bn-tip-status': () => import('./tips/status-define.ts'),
  'bn-plan-viewer': () => import('./plans/define.ts'),
  'bn-kita-registration': () => import('./kita/define.ts'),
  'bn-kita-status': () => import('./kita/define.ts'),
  'bn-job-listings': () => import('./jobs/define.ts'),
};

setDefaultApiBase(import.meta.url);
lazyDefine(modules);

export { ApiClient, ApiProblem, NetworkError } from './core/api-client.ts';
export { ensureDefined } from './core/lazy.ts';
