/**
 * Registers every citizen-side tips element (guarded: the script may be pasted twice): for
 * tests and stories. The entry loads each element's own define file instead, so a page with
 * only a tip form does not download the list and the status view.
 */
import './form-define.ts';
import './list-define.ts';
import './status-define.ts';
