/**
 * Our own events: `bn-<verb>`, bubbling and composed so a host page can listen on
 * `document` even though the widgets live in shadow roots. Values still travel as
 * native `input`/`change` events.
 */

export class BnEvent<D = undefined> extends Event {
  readonly detail: D;
  constructor(type: string, detail: D, init: EventInit = {}) {
    super(type, { bubbles: true, composed: true, ...init });
    this.detail = detail;
  }
}

/** `<bn-tenant>` (or a standalone widget) has loaded its public config. */
export class BnReadyEvent extends BnEvent<{ tenant: string }> {
  constructor(tenant: string) {
    super('bn-ready', { tenant });
  }
}

/** Config could not be loaded (bad key, origin not allowed, network). */
export class BnErrorEvent extends BnEvent<{ code: string; status: number }> {
  constructor(code: string, status: number) {
    super('bn-error', { code, status });
  }
}

/** A file picker changed its file list (added or removed). */
export class BnFilesChangeEvent extends BnEvent<{ files: File[] }> {
  constructor(files: File[]) {
    super('bn-files-change', { files });
  }
}

/** A citizen submission succeeded; module widgets fire it with their reference. */
export class BnSubmittedEvent<R = unknown> extends BnEvent<R> {
  constructor(result: R) {
    super('bn-submitted', result);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-ready': BnReadyEvent;
    'bn-error': BnErrorEvent;
    'bn-files-change': BnFilesChangeEvent;
    'bn-submitted': BnSubmittedEvent;
  }
}
