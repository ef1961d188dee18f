import { registerMessages } from './i18n.ts';

/** Messages of the always-loaded core (`<bn-tenant>`, loading and failure). Form texts: form-messages.ts. */
export const coreMessages = registerMessages('core', {
  de: {
    loading: 'Wird geladen …',
    unavailableTitle: 'Dieses Formular ist gerade nicht verfügbar.',
    unavailableNetwork: 'Die Verbindung ist fehlgeschlagen. Bitte versuchen Sie es später erneut.',
    unavailableConfig: 'Bitte wenden Sie sich an die Verwaltung, wenn das Problem bestehen bleibt.',
    retry: 'Erneut versuchen',
  },
  en: {
    loading: 'Loading …',
    unavailableTitle: 'This form is currently unavailable.',
    unavailableNetwork: 'The connection failed. Please try again later.',
    unavailableConfig: 'Please contact the administration if the problem persists.',
    retry: 'Try again',
  },
});

export type CoreMessageKey = Parameters<typeof coreMessages.t>[1];
