import { LitElement, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import { localeContext } from './context.ts';
import { normalizeLocale, type Catalog, type Locale, type Messages, type Params } from './i18n.ts';
import { onLangChange, pageLocale } from './locale.ts';
import { coreMessages, type CoreMessageKey } from './messages.ts';
import { tokens } from './styles.ts';

/**
 * The base of every Bürgernah element: shared tokens and reset styles, and the
 * effective language — the element's own `lang`, else the one `<bn-tenant>`
 * provides, else the closest `[lang]` / `<html lang>`, else German.
 */
export class BnElement extends LitElement {
  static override styles = [tokens];
  // Declared without decorators: this class is in the always-loaded entry, and the
  // decorator runtime would add to its size budget. Subclasses use decorators freely.
  static override properties: PropertyDeclarations = {
    lang: {},
    contextLocale: { state: true },
  };

  private _stopLangWatch?: () => void;

  /** The language `<bn-tenant>` provides, if inside one. */
  protected contextLocale?: Locale;

  /**
   * Overrides the page language for this element (`de` or `en`). Not reflected and
   * not defaulted: an empty `lang=""` on the host would mark its subtree as unknown.
   */
  declare lang: string;

  constructor() {
    super();
    new ContextConsumer(this, {
      context: localeContext,
      subscribe: true,
      callback: (locale) => {
        this.contextLocale = locale;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._stopLangWatch = onLangChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLangWatch?.();
  }

  /** The language this element renders in. */
  get locale(): Locale {
    return normalizeLocale(this.lang) ?? this.contextLocale ?? pageLocale(this);
  }

  /** A core message (loading, unavailable, retry …) in this element's language. */
  protected t(key: CoreMessageKey, params?: Params): string {
    return coreMessages.t(this.locale, key, params);
  }

  /** A message of any catalog in this element's language. */
  protected localize<C extends Catalog>(messages: Messages<C>, key: keyof C & string, params?: Params): string {
    return messages.t(this.locale, key, params);
  }
}
