// The tenant's tips settings (tenants.settings.tips) with defaults modelled on FixMyStreet:
// plain categories plus "Sonstiges", an emergency stop for gas, templates per status.
import * as v from 'valibot';
import type { Sql } from '../core/db.ts';
import { recordAudit, type Actor } from '../core/audit.ts';
import type { TenantRow } from '../core/tenants.ts';
import { TipsSettings, type CategoryConfig, type TipsPublicSettings } from './schema.ts';
import { MAX_PHOTOS, PHOTO_TYPES } from './schema.ts';
import { UPLOAD_MAX_BYTES } from '../core/uploads.ts';

const cat = (id: string, de: string, en: string, kinds: CategoryConfig['kinds'], extra: Partial<CategoryConfig> = {}): CategoryConfig => ({
  id,
  label: { de, en },
  hint: null,
  kinds,
  questions: [],
  emergency: null,
  responsible: null,
  ...extra,
});

export const DEFAULT_CATEGORIES: CategoryConfig[] = [
  cat('strasse', 'Straße und Schlaglöcher', 'Roads and potholes', ['schaden', 'beschwerde'], {
    hint: { de: 'Schäden an Fahrbahn, Bordsteinen oder Gullys.', en: 'Damage to the road surface, kerbs or drains.' },
  }),
  cat('beleuchtung', 'Straßenbeleuchtung', 'Street lights', ['schaden'], {
    hint: { de: 'Die Nummer am Mast hilft uns, die Leuchte zu finden.', en: 'The number on the pole helps us find the light.' },
    questions: [{ id: 'mastnummer', label: { de: 'Mastnummer (falls sichtbar)', en: 'Pole number (if visible)' }, type: 'text', required: false, options: [] }],
  }),
  cat('gehweg', 'Geh- und Radwege', 'Footpaths and cycle paths', ['schaden', 'beschwerde', 'idee']),
  cat('muell', 'Müll und wilde Ablagerungen', 'Litter and fly-tipping', ['schaden', 'beschwerde']),
  cat('gruen', 'Grünflächen, Bäume und Spielplätze', 'Parks, trees and playgrounds', ['schaden', 'beschwerde', 'idee']),
  cat('verkehr', 'Verkehrszeichen und Ampeln', 'Traffic signs and lights', ['schaden', 'beschwerde', 'idee']),
  cat('gas', 'Gasgeruch', 'Smell of gas', ['schaden'], {
    emergency: {
      de: 'Bei Gasgeruch sofort den Notruf 112 anrufen und das Gebäude verlassen. Bitte nicht über dieses Formular melden.',
      en: 'If you smell gas, call 112 at once and leave the building. Please do not report it through this form.',
    },
  }),
  cat('verwaltung', 'Verwaltung und Service', 'Administration and service', ['idee', 'beschwerde']),
  cat('sonstiges', 'Sonstiges', 'Other', ['idee', 'beschwerde', 'schaden']),
];

export const DEFAULT_SETTINGS: TipsSettings = {
  kinds: ['idee', 'beschwerde', 'schaden'],
  categories: DEFAULT_CATEGORIES,
  anonymousAllowed: true,
  retentionDays: 365,
  open311: true,
  open311RequireKey: false,
  notifyEmail: null,
  statusPageUrl: null,
  templates: [
    {
      id: 'eingang',
      status: 'acknowledged',
      title: 'Eingang bestätigt',
      text: { de: 'Vielen Dank für Ihre Meldung. Wir haben sie erhalten und kümmern uns darum.', en: 'Thank you for your report. We have received it and are looking into it.' },
    },
    {
      id: 'in-arbeit',
      status: 'in_progress',
      title: 'In Bearbeitung',
      text: { de: 'Der zuständige Bereich ist informiert und bearbeitet Ihre Meldung.', en: 'The department in charge has been informed and is working on it.' },
    },
    {
      id: 'erledigt',
      status: 'resolved',
      title: 'Erledigt',
      text: { de: 'Der Schaden wurde behoben. Vielen Dank für Ihren Hinweis!', en: 'The problem has been fixed. Thank you for letting us know!' },
    },
    {
      id: 'nicht-zustaendig',
      status: 'rejected',
      title: 'Nicht zuständig',
      text: { de: 'Für dieses Anliegen sind wir leider nicht zuständig.', en: 'Unfortunately this is not our responsibility.' },
    },
  ],
};

/**
 * Parsed settings per stored settings object. A tenant row stays cached between requests, so
 * its settings are parsed once, not on every submission and every form load (a valibot parse
 * of all categories); a changed tenant comes as a new row with a new object. The results are
 * frozen: they are shared.
 */
const parsed = new WeakMap<object, TipsSettings>();
const publicOf = new WeakMap<TipsSettings, TipsPublicSettings>();
/** The defaults alone, for tenants without stored tips settings. */
const DEFAULTS_PARSED = parse({});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const value of Object.values(o)) deepFreeze(value);
  }
  return o;
}

/** Stored settings over the defaults; a stored value that no longer validates falls back. */
export function tipsSettings(tenant: Pick<TenantRow, 'settings'>): TipsSettings {
  const stored = tenant.settings?.tips as Record<string, unknown> | undefined;
  if (!stored || typeof stored !== 'object') return DEFAULTS_PARSED;
  let hit = parsed.get(stored);
  if (!hit) {
    hit = parse(stored);
    parsed.set(stored, hit);
  }
  return hit;
}

function parse(stored: Record<string, unknown>): TipsSettings {
  const result = v.safeParse(TipsSettings, { ...DEFAULT_SETTINGS, ...stored });
  return deepFreeze(result.success ? result.output : structuredClone(DEFAULT_SETTINGS));
}

/** What the form needs; the same object for the same settings, so its JSON and ETag are made once. */
export function publicSettings(s: TipsSettings): TipsPublicSettings {
  let out = publicOf.get(s);
  if (!out) {
    out = {
      kinds: s.kinds,
      categories: s.categories.filter((c) => c.kinds.some((k) => s.kinds.includes(k))),
      anonymousAllowed: s.anonymousAllowed,
      maxPhotos: MAX_PHOTOS,
      maxUploadBytes: UPLOAD_MAX_BYTES,
      photoTypes: PHOTO_TYPES,
    };
    publicOf.set(s, out);
  }
  return out;
}

/**
 * Writes the merged settings into the tenant's own row (tenants is not writable by bn_app)
 * and its audit entry, in one transaction.
 */
export async function saveTipsSettings(sql: Sql, tenantId: string, next: TipsSettings, actor: Actor, fields: string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      update tenants set settings = jsonb_set(settings, '{tips}', ${tx.json(next as never)}), updated_at = now()
      where id = ${tenantId}`;
    await recordAudit(tx, tenantId, actor, 'tips.settings', 'tips', { fields });
  });
}

/** A category's name in both languages (the id when the tenant no longer has it). */
export function categoryLabel(s: { categories: { id: string; label: { de: string; en?: string } }[] }, id: string): { de: string; en: string } {
  const c = s.categories.find((x) => x.id === id);
  return c ? { de: c.label.de, en: c.label.en || c.label.de } : { de: id, en: id };
}
