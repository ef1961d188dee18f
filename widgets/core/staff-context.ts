import { createContext } from '@lit/context';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-session-end': SessionEndEvent;
  }
}
