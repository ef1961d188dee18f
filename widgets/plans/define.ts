/**
 * Registers <bn-plan-viewer> (guarded: the script may be pasted twice). Loaded lazily by the
 * entry when the tag appears on the page; Leaflet comes later, when a plan is opened.
 */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnPlanViewer } from './plan-viewer.ts';

define('bn-plan-viewer', BnPlanViewer);

declare global {
  interface HTMLElementTagNameMap {
    'bn-plan-viewer': BnPlanViewer;
  }
}
