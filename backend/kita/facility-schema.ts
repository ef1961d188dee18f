// Kita-Anmeldung: the Kitas themselves (what the office enters, what families and staff see of
// them, who is on a Kita's team), apart from the registrations in schema.ts. Shared by the
// widgets and the backend. Pure valibot, no server imports.
import * as v from 'valibot';
import { OptionalText, safeTree, Text } from '../core/schema.ts';
import { AGE_GROUPS, Email, KITA_MESSAGES as M, LIGHTS, Slug, Uuid, type AgeGroup, type Light } from './schema.ts';

const ShortList = (max: number, each = 60) => v.pipe(v.array(Text(each, M.required)), v.maxLength(max));

const Capacity = v.object({
  krippe: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  kindergarten: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  hort: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
});

const FacilityFields = {
  name: Text(200, M.required),
  provider: Text(200, M.required),
  address: Text(300, M.required),
  lat: v.optional(v.nullable(v.pipe(v.number(), v.minValue(-90), v.maxValue(90)))),
  lng: v.optional(v.nullable(v.pipe(v.number(), v.minValue(-180), v.maxValue(180)))),
  ageGroups: v.pipe(v.array(v.picklist(AGE_GROUPS)), v.minLength(1, 'Mindestens eine Altersgruppe. · At least one age group.'), v.maxLength(3)),
  careHours: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(10, M.careHours), v.maxValue(60, M.careHours))), v.minLength(1), v.maxLength(8)),
  openingHours: v.optional(OptionalText(300), ''),
  concepts: v.optional(ShortList(20), []),
  languages: v.optional(ShortList(20), []),
  accessible: v.optional(v.boolean(), false),
  accessibility: v.optional(OptionalText(1000), ''),
  photo: v.optional(v.nullable(Uuid('Kein Foto. · Not a photo id.'))),
  capacity: v.optional(Capacity, {}),
  light: v.optional(v.picklist(LIGHTS), 'green'),
  email: v.optional(v.nullable(Email)),
  active: v.optional(v.boolean(), true),
  /** The Kita's own staff: account ids (users of the tenant with a kita role). See scope.ts. */
  staff: v.optional(
    v.pipe(
      v.array(Uuid('Kein Konto. · Not an account id.')),
      v.maxLength(50, 'Höchstens 50 Konten. · At most 50 accounts.'),
      v.check((ids) => new Set(ids).size === ids.length, 'Ein Konto steht doppelt in der Liste. · An account is listed twice.'),
    ),
  ),
};
export const FacilityCreate = v.pipe(v.object(FacilityFields), safeTree());
export type FacilityCreate = v.InferInput<typeof FacilityCreate>;
export const FacilityUpdate = v.pipe(v.partial(v.object(FacilityFields)), safeTree());

export const FacilityQuery = v.object({
  town: v.optional(Slug),
  age: v.optional(v.picklist(AGE_GROUPS, 'krippe, kindergarten oder hort. · krippe, kindergarten or hort.')),
});

/** A Kita as everyone sees it (GET /v1/kita/facilities). */
export interface PublicFacility {
  id: string;
  town: { slug: string; name: string };
  name: string;
  provider: string;
  address: string;
  lat: number | null;
  lng: number | null;
  ageGroups: AgeGroup[];
  careHours: number[];
  openingHours: string;
  concepts: string[];
  languages: string[];
  accessible: boolean;
  accessibility: string;
  /** Relative to the API base; append ?key=… for <img>. */
  photo: string | null;
  capacity: Partial<Record<AgeGroup, number>>;
  light: Light;
  /** Whether a family registering on this page may wish this Kita. */
  takesWishes: boolean;
}

/** A Kita as its staff see it. */
export interface StaffFacility extends Omit<PublicFacility, 'photo' | 'takesWishes'> {
  photo: string | null;
  /** Accounts of the Kita's own staff (empty: only the office acts for it). */
  staff: string[];
  email: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An account that may belong to a Kita's team (GET /v1/staff/kita/accounts). */
export interface KitaAccount {
  id: string;
  name: string;
  email: string;
  /** `kita`: clerk; `kita:read`: read-only. */
  role: 'kita' | 'kita:read';
  enabled: boolean;
}
