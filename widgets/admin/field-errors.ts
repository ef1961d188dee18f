import * as v from 'valibot';
import type { FieldError } from '../core/api-errors.ts';
import type { Locale } from '../core/i18n.ts';
import { adminMessages } from './messages.ts';

/** Field name → message, in the console's language. */
export type FieldErrors = Record<string, string>;

/**
 * Turns valibot issues or a server's 422 `errors[]` into one message per field. The shared
 * schema words its messages in English for the API; the console speaks German first, so
 * each field gets its own localised message here, keyed by the issue's path.
 */
export function fieldErrors(locale: Locale, issues: ReadonlyArray<v.BaseIssue<unknown> | FieldError>): FieldErrors {
  const t = adminMessages.t;
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = 'kind' in issue ? (v.getDotPath(issue) ?? '') : issue.path;
    const [first, index, sub] = path.split('.');
    // The map's fields are one level down: map.tileUrl → tileUrl, map.geocoder.url → geocoderUrl.
    const field = first === 'map' ? (index === 'geocoder' ? (sub === 'kind' ? 'geocoderKind' : 'geocoderUrl') : index) : first;
    if (!field || out[field]) continue;
    switch (field) {
      case 'tileUrl':
        out.tileUrl = t(locale, 'errTileUrl');
        break;
      case 'attribution':
        out.attribution = t(locale, 'errAttribution');
        break;
      case 'maxZoom':
        out.maxZoom = t(locale, 'errMaxZoom');
        break;
      case 'geocoderUrl':
        out.geocoderUrl = t(locale, 'errGeocoderUrl');
        break;
      case 'slug':
        out.slug = t(locale, 'errSlug');
        break;
      case 'name':
        out.name = t(locale, 'errName');
        break;
      case 'origins':
        out.origins = index !== undefined ? t(locale, 'errOrigin', { line: String(Number(index) + 1) }) : t(locale, 'errOrigins');
        break;
      case 'parent':
        out.parent = t(locale, 'errParent');
        break;
      case 'languages':
        out.languages = t(locale, 'errLanguages');
        break;
      case 'contactEmail':
        out.contactEmail = t(locale, 'errEmail');
        break;
      case 'privacyUrl':
      case 'accessibilityUrl':
        out[field] = t(locale, 'errUrl');
        break;
      default:
        out[field] = t(locale, 'errGeneric');
    }
  }
  return out;
}
