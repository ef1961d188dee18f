import { createContext } from '@lit/context';

/** `GET /v1/staff/me`: the signed-in staff key and its tenant. */
export interface StaffMe {
  tenant: {
    id: string;
    slug: string;
    name: string;
    modules: string[];
    languages?: string[];
    parent: { slug: string; name: string } | null;
  };
  key: { id: string; label: string };
}

/** Provided by `<bn-console>` to every section once signed in. */
export const staffContext = createContext<StaffMe | undefined>('bn-staff-me');
