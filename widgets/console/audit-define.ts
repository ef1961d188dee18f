import { define } from '../core/define.ts';
import { BnConsoleAudit } from './audit-log.ts';

define('bn-console-audit', BnConsoleAudit);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-audit': BnConsoleAudit;
  }
}
