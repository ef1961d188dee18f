import { formatNumber, plural, registerMessages, type Locale, type Params } from '../core/i18n.ts';
import { formatDistance, formatNear } from '../core/units.ts';

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
  // errors by field
  errKind: 'Bitte wählen Sie, was Sie melden möchten.',
  errCategory: 'Bitte wählen Sie ein Thema.',
  errDescription: 'Bitte beschreiben Sie Ihr Anliegen.',
  errLocation: 'Bitte setzen Sie einen Punkt auf der Karte oder geben Sie eine Adresse an.',
  errName: 'Bitte geben Sie Ihren Namen an.',
  errEmail: 'Bitte geben Sie Ihre E-Mail-Adresse an.',
  errEmailNotify: 'Bitte geben Sie Ihre E-Mail-Adresse an, damit wir Sie informieren können.',
  errConsent: 'Bitte stimmen Sie den Datenschutzhinweisen zu.',
  errPhotos: 'Bitte prüfen Sie die Fotos.',
  errEmergency: 'Notfall: Bitte die angegebene Nummer nutzen.',
  // duplicates
  dupTitle: 'Schon gemeldet?',
  dupText: 'In der Nähe gibt es Meldungen zu diesem Thema. Ist Ihre dabei? Dann unterstützen Sie sie.',
  dupDistance: (p: Params, l: Locale) => {
    const d = formatDistance(l, Number(p.m));
    return d ? `etwa ${d} entfernt` : `weniger als ${formatNear(l)} entfernt`;
  },
  dupSupport: 'Unterstützen',
  dupSupportLabel: 'Meldung {ref} unterstützen',
  dupSupported: (p: Params, l: Locale) =>
    `Danke! Meldung ${p.ref} hat jetzt ${plural(l, Number(p.count), { one: '{n} Unterstützung', other: '{n} Unterstützungen' })}.`,
  dupNotMine: 'Nicht dabei – neue Meldung senden',
  // success
  successTitle: 'Vielen Dank! Ihr Anliegen ist bei uns eingegangen.',
  successRef: 'Ihr Aktenzeichen',
  successCode: 'Ihr Code',
  successKeep: 'Bitte notieren Sie Aktenzeichen und Code: Mit beiden sehen Sie den Stand jederzeit, auch ohne den Link.',
  copy: 'Kopieren',
  copyRef: 'Aktenzeichen kopieren',
  copyCode: 'Code kopieren',
  copiedRef: 'Aktenzeichen kopiert.',
  copiedCode: 'Code kopiert.',
  copyFailed: 'Kopieren war nicht möglich. Der Text ist markiert – bitte mit Strg+C (Mac: Cmd+C) kopieren.',
  trackNew: 'Neues Anliegen melden',
  successTo: 'Zuständig: {name}',
  successTrack: 'Stand verfolgen',
  successTrackHint: 'Mit diesem Link sehen Sie jederzeit den Stand – am besten als Lesezeichen speichern.',
  nextTitle: 'So geht es weiter',
  next1: 'Wir prüfen Ihr Anliegen und geben es an die zuständige Stelle.',
  next2Mail: 'Per E-Mail erhalten Sie eine Bestätigung und Nachricht bei Änderungen.',
  next2NoMail: 'Über den Link sehen Sie Stand und Antwort.',
  next3: 'Ist es für andere interessant, veröffentlichen wir es ohne persönliche Daten.',
  another: 'Weiteres Anliegen melden',
  // list
  listFilters: 'Filter',
  filterKind: 'Art',
  filterCategory: 'Thema',
  filterStatus: 'Stand',
  filterAll: 'Alle',
  viewList: 'Liste',
  viewMap: 'Karte',
  viewLabel: 'Ansicht',
  listEmpty: 'Noch nichts veröffentlicht.',
  listEmptyFiltered: 'Nichts passt zu diesen Filtern.',
  listCount: (p: Params, l: Locale) => plural(l, Number(p.n), { one: '{n} Anliegen', other: '{n} Anliegen' }),
  listPage: 'Seite {page} von {pages}',
  prev: 'Zurück',
  next: 'Weiter',
  pagination: 'Seiten',
  answer: 'Antwort der Verwaltung',
  supportCount: (p: Params, l: Locale) => plural(l, Number(p.n), { one: '{n} Unterstützung', other: '{n} Unterstützungen' }),
  reportedOn: 'Gemeldet am {date}',
  photoAlt: 'Foto {n} zu {ref}',
  mapNoLocation: 'Anliegen ohne Ort stehen nur in der Liste.',
  selected: 'Ausgewählt',
  status_new: 'Eingegangen',
  status_acknowledged: 'Bestätigt',
  status_in_progress: 'In Bearbeitung',
  status_resolved: 'Erledigt',
  status_rejected: 'Abgelehnt',
  // status view
  statusTitle: 'Stand Ihres Anliegens',
  refLabel: 'Aktenzeichen',
  refHint: 'Z. B. BT-2026-00042',
  tokenLabel: 'Code',
  tokenHint: 'Aus Ihrer Bestätigung',
  showStatus: 'Stand anzeigen',
  statusNotFound: 'Kein Anliegen mit diesem Aktenzeichen und Code gefunden.',
  statusFailed: 'Stand nicht abrufbar. Bitte erneut versuchen.',
  currentStatus: 'Aktueller Stand',
  handledBy: 'Zuständig: {name}',
  publishedYes: 'Öffentlich sichtbar (ohne persönliche Daten)',
  history: 'Verlauf',
  hist_created: 'Eingegangen',
  hist_status: 'Stand geändert: {status}',
  hist_answer: 'Antwort',
  hist_forwarded: 'Weitergeleitet',
  hist_reopened: 'Wieder geöffnet',
  reopenTitle: 'Noch nicht behoben?',
  reopenLabel: 'Was ist noch nicht in Ordnung?',
  reopenSubmit: 'Anliegen wieder öffnen',
  reopened: 'Wieder geöffnet – wir kümmern uns darum.',
  otherRef: 'Anderes Aktenzeichen',
  // address search and map without tiles
  addressSearch: 'Adresse suchen',
  addressSearchHint: 'Adresse eingeben, dann „Adresse suchen“ oder die Eingabetaste.',
  addressSearching: 'Adressen werden gesucht …',
  addressResults: (p: Params, l: Locale) =>
    plural(l, Number(p.n), { one: '{n} Adresse gefunden. Bitte wählen Sie aus.', other: '{n} Adressen gefunden. Bitte wählen Sie aus.' }),
  addressResultsLabel: 'Gefundene Adressen',
  addressNone: 'Keine passende Adresse gefunden. Beschreiben Sie den Ort oder setzen Sie einen Punkt auf der Karte.',
  addressFailed: 'Die Adresssuche ist gerade nicht verfügbar. Beschreiben Sie den Ort oder setzen Sie einen Punkt auf der Karte.',
  addressTooShort: 'Bitte geben Sie für die Suche mindestens 3 Zeichen ein.',
  addressPicked: 'Ort übernommen: {label}',
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
  english ??= import('./messages-en.ts').then(() => {
    englishReady = true;
  });
  return english;
}

export type TipsMessageKey = Parameters<typeof tipsMessages.t>[1];
