import { html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';
import { ADDRESS_QUERY_MIN } from '../../backend/core/address-search.ts';
import type { Place } from '../core/geocode.ts';
import { addLateStyles } from '../core/late-styles.ts';
import { plural, registerMessages, type Locale, type Params } from '../core/i18n.ts';
import { tipsResultsStyles, tipsViewStyles } from './view-styles.ts';

/**
 * The address search of `<bn-tip-location>`: asks the tenant's geocoder through our backend,
 * lists the places found as buttons (arrow keys, Home and End move, Escape closes), and a
 * choice sets address and pin. Loaded at the first search, not with the form (its first paint
 * is on a gzip budget: bench/bundle-size.ts); its texts come along in both languages.
 */
const texts = registerMessages('tips-search', {
  de: {
    addressSearching: 'Adressen werden gesucht …',
    addressResults: (p: Params, l: Locale) => plural(l, Number(p.n), { one: '{n} Adresse gefunden. Bitte wählen Sie aus.', other: '{n} Adressen gefunden. Bitte wählen Sie aus.' }),
    addressResultsLabel: 'Gefundene Adressen',
    addressNone: 'Keine passende Adresse gefunden. Beschreiben Sie den Ort oder setzen Sie einen Punkt auf der Karte.',
    addressTooShort: 'Bitte geben Sie für die Suche mindestens 3 Zeichen ein.',
    addressPicked: 'Ort übernommen: {label}',
  },
  en: {
    addressSearching: 'Searching addresses …',
    addressResults: (p, l) => plural(l, Number(p.n), { one: '{n} address found. Please choose.', other: '{n} addresses found. Please choose one.' }),
    addressResultsLabel: 'Addresses found',
    addressNone: 'No matching address found. Describe the place or place a pin on the map.',
    addressTooShort: 'Please type at least 3 characters to search.',
    addressPicked: 'Place taken: {label}',
  },
});

/** The element the finder works for (its results render in the element's shadow root). */
export type FinderHost = ReactiveElement & { readonly locale: Locale };

export interface FinderOptions {
  /** Says something in the host's live region. */
  say: (text: string) => void;
  /** The host's text for "the search is not available". */
  failed: () => string;
  /** A place was chosen: the host sets address and pin. */
  pick: (place: Place) => void;
  /** Focus back to the address field. */
  back: () => void;
}

export class AddressFinder implements ReactiveController {
  results: Place[] = [];
  searching = false;
  private abort?: AbortController;

  constructor(
    private readonly host: FinderHost,
    private readonly opts: FinderOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  private t(key: Parameters<typeof texts.t>[1], params?: Params): string {
    return texts.t(this.host.locale, key, params);
  }

  async find(search: (q: string, signal: AbortSignal) => Promise<Place[]>, query: string): Promise<void> {
    const q = query.trim();
    if (q.length < ADDRESS_QUERY_MIN) {
      this.opts.say(this.t('addressTooShort'));
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.searching = true;
    this.results = [];
    this.opts.say(this.t('addressSearching'));
    try {
      const found = await search(q, abort.signal);
      if (abort.signal.aborted) return;
      this.results = found;
      this.opts.say(found.length ? this.t('addressResults', { n: found.length }) : this.t('addressNone'));
      if (found.length) {
        this.host.requestUpdate();
        await this.host.updateComplete;
        this.buttons()[0]?.focus();
      }
    } catch {
      if (!abort.signal.aborted) this.opts.say(this.opts.failed());
    } finally {
      if (this.abort === abort) this.searching = false;
      this.host.requestUpdate();
    }
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.host.renderRoot.querySelectorAll<HTMLButtonElement>('[part~=results] button')];
  }

  private choose(place: Place): void {
    this.results = [];
    this.opts.pick(place);
    this.opts.say(this.t('addressPicked', { label: place.label }));
  }

  private close(): void {
    this.results = [];
    this.opts.say('');
    this.host.requestUpdate();
    this.opts.back();
  }

  /** Up and down move through the results, Home and End to the ends, Escape closes the list. */
  private onKey(e: KeyboardEvent): void {
    const buttons = this.buttons();
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    } else if (to !== undefined) {
      e.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
    }
  }

  render(): TemplateResult | typeof nothing {
    if (!this.results.length) return nothing;
    addLateStyles(this.host, tipsViewStyles);
    addLateStyles(this.host, tipsResultsStyles);
    return html`<ul class="plain results" part="results" aria-label=${this.t('addressResultsLabel')} @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      ${this.results.map((p) => html`<li><button type="button" class="result" @click=${() => this.choose(p)}>${p.label}</button></li>`)}
    </ul>`;
  }
}
