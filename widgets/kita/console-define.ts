/** Registers the staff's Kita section; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnConsoleKita } from './console-section.ts';
import { BnConsoleKitaFacility, type BnFacilityDoneEvent } from './console-facility.ts';
import { BnConsoleKitaTeam, type BnTeamChangeEvent } from './console-team.ts';
import { BnConsoleKitaSettings, type BnSettingsSavedEvent } from './console-settings.ts';

define('bn-console-kita', BnConsoleKita);
define('bn-console-kita-team', BnConsoleKitaTeam);
define('bn-console-kita-facility', BnConsoleKitaFacility);
define('bn-console-kita-settings', BnConsoleKitaSettings);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-kita': BnConsoleKita;
    'bn-console-kita-team': BnConsoleKitaTeam;
    'bn-console-kita-facility': BnConsoleKitaFacility;
    'bn-console-kita-settings': BnConsoleKitaSettings;
  }
  interface GlobalEventHandlersEventMap {
    'bn-team-change': BnTeamChangeEvent;
    'bn-facility-done': BnFacilityDoneEvent;
    'bn-settings-saved': BnSettingsSavedEvent;
  }
}
