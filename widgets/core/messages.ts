import { registerMessages } from './i18n.ts';

/** Messages of the always-loaded core (`<bn-tenant>`, ALTCHA). Form texts: form-messages.ts. */
export const coreMessages = registerMessages('core', {
  de: {
    loading: 'Wird geladen …',
    unavailableTitle: 'Dieses Formular ist gerade nicht verfügbar.',
    unavailableNetwork: 'Die Verbindung ist fehlgeschlagen. Bitte versuchen Sie es später erneut.',
    unavailableConfig: 'Bitte wenden Sie sich an die Verwaltung, wenn das Problem bestehen bleibt.',
    retry: 'Erneut versuchen',
    altchaWorking: 'Sicherheitsprüfung läuft …',
    altchaFailed: 'Die Sicherheitsprüfung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
  },
  en: {
    loading: 'Loading …',
    unavailableTitle: 'This form is currently unavailable.',
    unavailableNetwork: 'The connection failed. Please try again later.',
    unavailableConfig: 'Please contact the administration if the problem persists.',
    retry: 'Try again',
    altchaWorking: 'Security check in progress …',
    altchaFailed: 'The security check failed. Please try again.',
  },
});

export type CoreMessageKey = Parameters<typeof coreMessages.t>[1];
