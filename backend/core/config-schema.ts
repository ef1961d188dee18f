// The body of GET /v1/config: a tenant's public settings, as the widgets read them. Pure
// valibot, no server imports; the widgets import the type (widgets/core/config.ts), the
// route documents this schema in /v1/openapi.json.
import * as v from 'valibot';
import { ADDRESS_QUERY_MIN } from './address-search.ts';

export const PublicMap = v.object({
  /** Leaflet URL template ({z}/{x}/{y}); null: no tile server, the map says so in words. */
  tileUrl: v.nullable(v.string()),
  /** Plain text the tile provider requires, e.g. "© GeoBasis-DE / BKG (2026) CC BY 4.0". */
  attribution: v.string(),
  maxZoom: v.number(),
  center: v.tuple([v.number(), v.number()]),
  zoom: v.number(),
  /** The tenant has a geocoder: GET /v1/geocode answers (the geocoder's address stays private). */
  addressSearch: v.boolean(),
});

export const PublicConfig = v.object({
  tenant: v.object({
    id: v.string(),
    slug: v.string(),
    name: v.string(),
    parent: v.nullable(v.object({ slug: v.string(), name: v.string() })),
  }),
  modules: v.array(v.string()),
  languages: v.array(v.picklist(['de', 'en'])),
  /** Keys are `--bn-*` custom property names. */
  theme: v.record(v.string(), v.string()),
  map: PublicMap,
  privacyUrl: v.nullable(v.string()),
  accessibilityUrl: v.nullable(v.string()),
  contactEmail: v.nullable(v.string()),
});
export type PublicConfig = v.InferOutput<typeof PublicConfig>;

export { ADDRESS_QUERY_MIN };

/** Query of GET /v1/geocode. */
export const GeocodeQuery = v.object({
  q: v.pipe(v.string(), v.trim(), v.minLength(ADDRESS_QUERY_MIN, `Enter at least ${ADDRESS_QUERY_MIN} characters.`), v.maxLength(200, 'At most 200 characters.')),
  lang: v.optional(v.picklist(['de', 'en'], 'lang is de or en.'), 'de'),
});

/** One hit of the address search, the same whichever geocoder answered. */
export const Place = v.object({ label: v.string(), lat: v.number(), lon: v.number() });
export type Place = v.InferOutput<typeof Place>;
export const PlaceList = v.object({ items: v.array(Place) });
export type PlaceList = v.InferOutput<typeof PlaceList>;
