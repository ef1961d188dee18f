import { createContext } from '@lit/context';
import { ApiProblem } from './api-errors.ts';

// Shapes of the accounts API live in the backend's schema module (one source of truth).
import type { Me } from '../../backend/core/accounts-schema.ts';
export type { Me, Providers, TokenInfo, TotpSetup, UserJson as StaffUser } from '../../backend/core/accounts-schema.ts';
export type { Role } from '../../backend/core/roles.ts';

/** The signed-in person, provided by `<bn-console>` and `<bn-admin>` to their sections. */
export const staffContext = createContext<Me | undefined>('bn-staff-me');

/** A section's call was refused with 401: the session is over, the console returns to sign-in. */
export class SessionEndEvent extends Event {
  constructor() {
    super('bn-session-end', { bubbles: true, composed: true });
  }
}

/**
 * When a call was refused with 401, tells the console (from `host`) that the session is over and
 * returns true: the console then shows the sign-in. For sections that do not extend a console
 * base class (ConsoleElement, AdminElement carry the same rule).
 */
export function endSessionOn401(host: EventTarget, err: unknown): boolean {
  const ended = err instanceof ApiProblem && err.status === 401;
  if (ended) host.dispatchEvent(new SessionEndEvent());
  return ended;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-session-end': SessionEndEvent;
  }
}
