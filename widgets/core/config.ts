import type { Locale } from './i18n.ts';

/** Body of `GET /v1/config`: a tenant's public settings (see the HTTP contract). */
export interface PublicConfig {
  tenant: { id: string; slug: string; name: string; parent: { slug: string; name: string } | null };
  modules: string[];
  languages: Locale[];
  /** Keys are `--bn-*` custom property names. */
  theme: Record<string, string>;
  map: { tileUrl: string; attribution: string; center: [number, number]; zoom: number };
  privacyUrl: string | null;
  accessibilityUrl: string | null;
  contactEmail: string | null;
}
