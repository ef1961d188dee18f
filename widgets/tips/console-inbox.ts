// What the tips inbox means by its filters and keys, apart from how it draws them.
import type { TipBulk, TipStatus } from '../../backend/tips/schema.ts';
import type { InboxFilter } from './console-api.ts';
import type { ConsoleTipsKey } from './console-messages.ts';

export const PAGE_SIZE = 20;
export const SORTS = ['-created', 'created', '-updated', 'status', '-support'] as const;
/** The "untouched for more than N days" choices. */
export const IDLE_DAYS = [3, 7, 14, 30] as const;
export const DEFAULT_FILTER: InboxFilter = { sort: '-created' };

/** Keys the inbox answers to; listed in the console (`?`) and never taken while typing. */
export const SHORTCUTS: readonly { keys: string[]; what: ConsoleTipsKey }[] = [
  { keys: ['j'], what: 'sc_next' },
  { keys: ['k'], what: 'sc_prev' },
  { keys: ['Enter'], what: 'sc_open' },
  { keys: ['Esc'], what: 'sc_back' },
  { keys: ['x'], what: 'sc_select' },
  { keys: ['/'], what: 'sc_search' },
  { keys: ['m'], what: 'sc_map' },
  { keys: ['?'], what: 'sc_help' },
];

/** True when a key press belongs to a field being typed in (anywhere in the shadow trees). */
export function typing(e: KeyboardEvent): boolean {
  for (const t of e.composedPath()) {
    if (!(t instanceof HTMLElement)) continue;
    if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
    if (t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(t.type)) return true;
  }
  return false;
}

/** The filter a saved filter or the address means: only its own fields, never paging. */
export function filterOf(q: Record<string, string>): InboxFilter {
  const { page: _p, pageSize: _s, ...rest } = q;
  return { ...DEFAULT_FILTER, ...rest };
}

/** What the bulk bar's selects say: '' is "no change", assignee 'none' is "nobody". */
export interface BulkChoice {
  status: string;
  assignee: string;
  published: string;
  reason: string;
}

/** The bulk request for the selected tips, or the message key of why there is none to send. */
export function bulkBody(b: BulkChoice, refs: Iterable<string>): TipBulk | 'bulkNothing' | 'reasonRequired' {
  const body: TipBulk = { refs: [...refs] };
  if (b.status) body.status = b.status as TipStatus;
  if (b.status && b.reason.trim()) body.reason = b.reason;
  if (b.published) body.published = b.published === 'true';
  if (b.assignee) body.assignee = b.assignee === 'none' ? null : b.assignee;
  if (body.status === undefined && body.published === undefined && body.assignee === undefined) return 'bulkNothing';
  if (body.status === 'rejected' && !body.reason) return 'reasonRequired';
  return body;
}
