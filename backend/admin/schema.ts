// Hosting-office requests: tenants and keys. Shared by the admin API, the CLI and <bn-admin>;
// pure valibot, no server imports.
import * as v from 'valibot';
import { AVAILABLE_MODULES, MODULES, RoleList, TENANT_ROLES } from '../core/roles.ts';
import { OptionalText, Text } from '../core/schema.ts';

export { AVAILABLE_MODULES, MODULES };
export const LANGUAGES = ['de', 'en'] as const;

const trimmed = (max: number, message: string) => Text(max, message);

export const Slug = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Use 1–48 lowercase letters, digits and hyphens (e.g. "beispielstadt").'));

/** A web origin: scheme, host and optional port; nothing else. */
export const Origin = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'An origin is scheme and host only, e.g. https://www.beispielstadt.de'),
  v.transform((s) => new URL(s).origin),
);

const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2000, 'At most 2000 characters.'),
  v.check((s) => /^https?:\/\//.test(s) && URL.canParse(s), 'Enter a full web address starting with https://'),
);

export const Theme = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^--bn-[a-z0-9-]{1,60}$/, 'Theme keys are --bn-* custom property names.')),
    v.pipe(
      v.string(),
      v.maxLength(200, 'At most 200 characters.'),
      // A token value must not break out of its declaration.
      v.regex(/^[^;{}<>\\]*$/, 'Theme values may not contain ; { } < > or backslashes.'),
    ),
  ),
  v.check((t) => Object.keys(t).length <= 60, 'At most 60 theme tokens.'),
);

/**
 * A tile URL template the browser loads map tiles from: https only (a town's page is https, and
 * http tiles would be mixed content), {z}, {x} and {y} present, and no placeholder other than
 * Leaflet's {z} {x} {y} {s} {r}: a template is configuration, never script.
 */
export const TileUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(500, 'At most 500 characters.'),
  v.check((s) => /^https:\/\/[^\s"'<>\\]+$/.test(s) && URL.canParse(s.replace(/\{[a-z]\}/g, '0')), 'A tile URL starts with https:// and has no spaces or quotes.'),
  v.check((s) => s.includes('{z}') && s.includes('{x}') && s.includes('{y}'), 'The tile URL needs {z}, {x} and {y}.'),
  v.check((s) => (s.match(/\{[^}]*\}/g) ?? []).every((p) => /^\{[zxysr]\}$/.test(p)), 'Only {z}, {x}, {y}, {s} and {r} may stand in braces.'),
);

/** Attribution shown on the map as plain text (Leaflet gets it escaped). */
export const Attribution = v.pipe(OptionalText(300), v.regex(/^[^<>]*$/, 'The attribution is plain text: no < or >.'));

/** The address search our backend asks (never the browser): a Photon or Nominatim search endpoint. */
export const GEOCODER_KINDS = ['photon', 'nominatim'] as const;
export const Geocoder = v.object({
  kind: v.picklist(GEOCODER_KINDS, 'The geocoder is photon or nominatim.'),
  // http is allowed: the server calls it (e.g. a Photon in the same private network), not the browser.
  url: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(500, 'At most 500 characters.'),
    v.check((s) => {
      if (!/^https?:\/\//.test(s) || !URL.canParse(s)) return false;
      const u = new URL(s);
      return !u.username && !u.password && !u.hash;
    }, 'Enter the search address of the geocoder, starting with https://, e.g. https://photon.example.de/api'),
  ),
});
export type Geocoder = v.InferOutput<typeof Geocoder>;

export const MapSettings = v.object({
  tileUrl: v.optional(v.nullable(TileUrl)),
  attribution: v.optional(Attribution),
  /** The highest zoom level the tile server offers (basemap.de: 19). */
  maxZoom: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'Max zoom is 1 to 22.'), v.maxValue(22, 'Max zoom is 1 to 22.'))),
  center: v.optional(v.tuple([v.pipe(v.number(), v.minValue(-90), v.maxValue(90)), v.pipe(v.number(), v.minValue(-180), v.maxValue(180))])),
  zoom: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))),
  geocoder: v.optional(v.nullable(Geocoder)),
});
export type MapSettings = v.InferOutput<typeof MapSettings>;

const tenantFields = {
  name: trimmed(200, 'Enter the name of the municipality.'),
  origins: v.pipe(v.array(Origin), v.maxLength(20, 'At most 20 origins.')),
  parent: v.nullable(Slug),
  modules: v.pipe(
    v.array(v.picklist(MODULES)),
    v.transform((m) => [...new Set(m)]),
  ),
  languages: v.pipe(
    v.array(v.picklist(LANGUAGES)),
    v.check((l) => l.includes('de'), 'German (de) is always offered.'),
    v.transform((l) => [...new Set(l)]),
  ),
  theme: Theme,
  map: MapSettings,
  privacyUrl: v.nullable(HttpUrl),
  accessibilityUrl: v.nullable(HttpUrl),
  contactEmail: v.nullable(v.pipe(v.string(), v.trim(), v.email('Enter a valid e-mail address.'), v.maxLength(254))),
  enabled: v.boolean(),
};

export const TenantCreate = v.object({
  slug: Slug,
  name: tenantFields.name,
  origins: v.optional(tenantFields.origins, []),
  parent: v.optional(tenantFields.parent, null),
  /** Without a list: the modules that exist (AVAILABLE_MODULES), not every module name. */
  modules: v.optional(tenantFields.modules, () => [...AVAILABLE_MODULES]),
  languages: v.optional(tenantFields.languages, ['de', 'en']),
  theme: v.optional(tenantFields.theme, {}),
  map: v.optional(tenantFields.map, {}),
  privacyUrl: v.optional(tenantFields.privacyUrl, null),
  accessibilityUrl: v.optional(tenantFields.accessibilityUrl, null),
  contactEmail: v.optional(tenantFields.contactEmail, null),
});
export type TenantCreate = v.InferOutput<typeof TenantCreate>;

export const TenantUpdate = v.partial(v.object(tenantFields));
export type TenantUpdate = v.InferOutput<typeof TenantUpdate>;

export const KeyCreate = v.pipe(
  v.object({
    kind: v.picklist(['publishable', 'staff', 'admin'], 'Kind is publishable, staff or admin.'),
    tenant: v.optional(Slug),
    label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
    /** Staff keys only; without roles a staff key holds every module role of its tenant. */
    roles: v.optional(RoleList),
  }),
  v.forward(
    v.check((k) => (k.kind === 'admin') === (k.tenant === undefined), 'Publishable and staff keys need a tenant; admin keys have none.'),
    ['tenant'],
  ),
  v.forward(
    v.check(
      (k) => k.roles === undefined || (k.kind === 'staff' && k.roles.every((r) => (TENANT_ROLES as string[]).includes(r))),
      "Only staff keys carry roles, and only a town's roles (not host-admin).",
    ),
    ['roles'],
  ),
);
export type KeyCreate = v.InferOutput<typeof KeyCreate>;

/** GET /v1/admin/keys?tenant=slug */
export const KeyListQuery = v.object({ tenant: v.optional(Slug) });

/** Hours an old key keeps working after a rotation. */
export const DEFAULT_GRACE_HOURS = 24;

export const KeyRotate = v.object({
  graceHours: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(24 * 30)), DEFAULT_GRACE_HOURS),
});
