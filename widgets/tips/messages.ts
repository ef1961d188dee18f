import { formatNumber, registerMessages, type Locale, type Params } from '../core/i18n.ts';

/** Citizen-facing texts of the tips widgets (form, list, status). The console has its own. */
export const de = {
  // form
  formTitle: 'Anliegen melden',
  kindLabel: 'Was möchten Sie melden?',
  kind_idee: 'Idee',
  kind_beschwerde: 'Beschwerde',
  kind_schaden: 'Schadensmeldung',
  kindHint_idee: 'Ein Vorschlag zur Verbesserung.',
  kindHint_beschwerde: 'Etwas, das Sie stört.',
  kindHint_schaden: 'Ein Schaden an einem Ort, z. B. eine defekte Laterne.',
  categoryLabel: 'Thema',
  descriptionLabel: 'Beschreibung',
  descriptionHint: 'Was ist passiert, was schlagen Sie vor? Bitte keine Namen anderer Personen.',
  emergencyTitle: 'Bitte nicht über dieses Formular melden',
  emergencyBack: 'Anderes Thema wählen',
  questionsTitle: 'Weitere Angaben',
  yes: 'Ja',
  no: 'Nein',
  locationLegend: 'Ort',
  locationHintRequired: 'Punkt auf der Karte setzen oder Ort beschreiben.',
  locationHintOptional: 'Falls es um einen bestimmten Ort geht.',
  addressLabel: 'Adresse oder Ortsbeschreibung',
  addressHint: 'Z. B. Hauptstraße 12, gegenüber der Bäckerei',
  useMyLocation: 'Meinen Standort verwenden',
  locating: 'Standort wird ermittelt …',
  locateFailed: 'Standort nicht ermittelbar. Bitte beschreiben Sie den Ort.',
  showMap: 'Ort auf der Karte wählen',
  hideMap: 'Karte ausblenden',
  mapLoading: 'Karte wird geladen …',
  mapFailed: 'Karte nicht verfügbar. Bitte beschreiben Sie den Ort.',
  mapLabel: 'Karte: Ort antippen; Pfeiltasten verschieben die Karte',
  pinCenter: 'Punkt in die Kartenmitte setzen',
  pinRemove: 'Punkt entfernen',
  pinSet: (p: Params, l: Locale) => `${l === 'de' ? 'Punkt gesetzt' : 'Pin placed'}: ${coord(l, p.lat)}, ${coord(l, p.lng)}`,
  pinLabel: 'Gemeldeter Ort',
  photosLabel: 'Fotos',
  photosHint: 'Personen sollten nicht zu erkennen sein.',
  contactLegend: 'Ihre Kontaktdaten',
  contactHintAnonymous: 'Freiwillig – ohne Kontaktdaten können wir nicht antworten.',
  contactHintRequired: 'Für die Bearbeitung brauchen wir Name und E-Mail-Adresse.',
  nameLabel: 'Name',
  emailLabel: 'E-Mail-Adresse',
  notifyLabel: 'Bei Änderungen per E-Mail informieren',
  consentBefore: 'Ich habe die ',
  consentLink: 'Datenschutzhinweise',
  consentAfter: ' gelesen und willige in die Verarbeitung ein.',
  consentNoLink: 'Ich willige in die Verarbeitung meiner Angaben ein.',
  newWindow: '(öffnet in neuem Fenster)',
  submit: 'Anliegen absenden',
  submitting: 'Wird gesendet …',
  stepChecking: 'Sicherheitsprüfung läuft …',
  stepUploading: 'Fotos werden hochgeladen …',
  stepSending: 'Ihr Anliegen wird gesendet …',
  draftRestored: 'Entwurf wiederhergestellt (ohne Kontaktdaten und Fotos).',
  draftDiscard: 'Entwurf verwerfen',
  requiredNote: 'Pflichtfelder sind mit * markiert.',
  offlineTitle: 'Noch nicht gesendet',
  offlineText: 'Keine Verbindung. Ihre Angaben bleiben erhalten – bitte erneut senden.',
  retrySend: 'Erneut senden',
  serverError: 'Senden fehlgeschlagen. Ihre Angaben bleiben erhalten – bitte später erneut senden.',
  rateLimited: 'Gerade zu viele Meldungen. Bitte gleich erneut senden.',
  uploadFailed: 'Ein Foto ließ sich nicht hochladen. Entfernen oder erneut senden.',
  // tracking link opened on the form
  trackNew: 'Neues Anliegen melden',
  statusTitle: 'Stand Ihres Anliegens',
  // address search and map without tiles
  addressSearch: 'Adresse suchen',
  addressSearchHint: 'Adresse eingeben, dann „Adresse suchen“ oder die Eingabetaste.',
  addressFailed: 'Die Adresssuche ist gerade nicht verfügbar. Beschreiben Sie den Ort oder setzen Sie einen Punkt auf der Karte.',
  mapNoTiles: 'Für diese Karte ist kein Kartendienst eingerichtet: Sie sehen nur ein Raster ohne Straßen. Einen Punkt setzen können Sie trotzdem – oder Sie beschreiben den Ort oben.',
};

function coord(l: Locale, v: unknown): string {
  return formatNumber(l, Number(v), { maximumFractionDigits: 5, minimumFractionDigits: 5 });
}

/**
 * German is always here; English is a separate chunk, fetched only when a widget renders in
 * English (`ensureTipsLocale`), so German pages do not download it. Until then English keys
 * fall back to German.
 */
export const tipsMessages = registerMessages('tips', { de, en: de });

let english: Promise<void> | undefined;
let englishReady = false;

/** Null when `locale` can render now; else a promise that resolves once it can. */
export function ensureTipsLocale(locale: Locale): Promise<void> | null {
  if (locale !== 'en' || englishReady) return null;
  english ??= import('./messages-en.ts').then(
    () => {
      englishReady = true;
    },
    (err: unknown) => {
      english = undefined; // the next render tries again
      throw err;
    },
  );
  return english;
}

export type TipsMessageKey = Parameters<typeof tipsMessages.t>[1];
