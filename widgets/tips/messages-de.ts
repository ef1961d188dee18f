import { addMessages } from '../core/i18n.ts';
import { pinSet } from './messages.ts';
// The form blocks' German texts come with the tips' (the tip form does not load form-elements.ts).
import '../core/form-messages-de.ts';

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
  locateFailed: 'Standort nicht ermittelbar. Bitte beschreiben Sie den Ort.',
  showMap: 'Ort auf der Karte wählen',
  hideMap: 'Karte ausblenden',
  mapLoading: 'Karte wird geladen …',
  mapFailed: 'Karte nicht verfügbar. Bitte beschreiben Sie den Ort.',
  pinSet,
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
  draftRestored: 'Entwurf wiederhergestellt (ohne Kontaktdaten und Fotos).',
  draftDiscard: 'Entwurf verwerfen',
  requiredNote: 'Pflichtfelder sind mit * markiert.',
  offlineTitle: 'Noch nicht gesendet',
  offlineText: 'Keine Verbindung. Ihre Angaben bleiben erhalten – bitte erneut senden.',
  retrySend: 'Erneut senden',
  // tracking link opened on the form
  trackNew: 'Neues Anliegen melden',
  statusTitle: 'Stand Ihres Anliegens',
  // address search and map without tiles
  addressSearch: 'Adresse suchen',
  addressSearchHint: 'Adresse eingeben, dann „Adresse suchen“ oder die Eingabetaste.',
  addressFailed: 'Die Adresssuche ist gerade nicht verfügbar. Beschreiben Sie den Ort oder setzen Sie einen Punkt auf der Karte.',
};

addMessages('tips', 'de', de);
