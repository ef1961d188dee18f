/**
 * Registers <bn-job-listings> (guarded: the script may be pasted twice). Loaded lazily by
 * the entry when the tag appears on the page.
 */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnJobListings } from './job-listings.ts';

define('bn-job-listings', BnJobListings);

declare global {
  interface HTMLElementTagNameMap {
    'bn-job-listings': BnJobListings;
  }
}
