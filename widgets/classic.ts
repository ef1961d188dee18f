/**
 * Entry of the classic single-file build (`/widgets/buergernah.classic.js`) for CMSs
 * that strip `type="module"`. Everything is inlined, so there is no solver chunk for
 * a worker to import: ALTCHA solves on the main thread in async slices instead.
 */
import './index.ts';
import { disableAltchaWorker } from './core/altcha.ts';
import { setDefaultApiBase } from './core/script-origin.ts';

disableAltchaWorker();
// Still inside the script's synchronous run, so currentScript is this script.
setDefaultApiBase((document.currentScript as HTMLScriptElement | null)?.src);
