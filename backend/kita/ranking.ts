// Ranking by the tenant's rules: weighted criteria, each child's points explained line by
// line, registration date as the tie-break. Pure: the staff list and its tests share it.
import { monthsBetween, type PointLine, type Weights } from './schema.ts';

export interface RankInput {
  registrationId: string;
  facilityId: string;
  /** The facility's tenant slug, and whether that tenant is the community's root (county). */
  facilityTown: string;
  facilityIsCounty: boolean;
  residence: string | null;
  /** Any town of the community (residence counts for the county's Kitas). */
  communityTowns: ReadonlySet<string>;
  siblings: readonly string[];
  bothWorking: boolean;
  hardship: boolean;
  birthDate: string | null;
  birthYear: number;
  startDate: string;
  createdAt: Date;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function explain(r: RankInput, w: Weights): { points: number; lines: PointLine[] } {
  const lines: PointLine[] = [];
  const residenceHere = !!r.residence && (r.residence === r.facilityTown || (r.facilityIsCounty && r.communityTowns.has(r.residence)));
  lines.push(
    residenceHere
      ? { criterion: 'residence', points: w.residence, text: `Wohnort im Einzugsgebiet: +${w.residence} · Lives in the catchment area: +${w.residence}` }
      : { criterion: 'residence', points: 0, text: 'Wohnort außerhalb: 0 · Lives outside: 0' },
  );
  if (r.siblings.includes(r.facilityId)) {
    lines.push({ criterion: 'sibling', points: w.sibling, text: `Geschwisterkind in dieser Kita: +${w.sibling} · Sibling at this Kita: +${w.sibling}` });
  }
  if (r.bothWorking) {
    lines.push({ criterion: 'bothWorking', points: w.bothWorking, text: `Alle Sorgeberechtigten berufstätig: +${w.bothWorking} · All guardians work: +${w.bothWorking}` });
  }
  if (r.hardship) {
    lines.push({ criterion: 'hardship', points: w.hardship, text: `Härtefall: +${w.hardship} · Hardship: +${w.hardship}` });
  }
  const birth = r.birthDate ?? `${r.birthYear}-07-01`;
  const years = Math.max(0, Math.floor(monthsBetween(birth, r.startDate) / 12));
  const age = round(years * w.agePerYear);
  lines.push({ criterion: 'age', points: age, text: `Alter bei Beginn ${years} J. × ${w.agePerYear}: +${age} · Age at start ${years} y × ${w.agePerYear}: +${age}` });
  const day = r.createdAt.toISOString().slice(0, 10);
  lines.push({ criterion: 'registered', points: 0, text: `Angemeldet am ${day} (bei Gleichstand früher zuerst) · Registered on ${day} (earlier first on a tie)` });
  return { points: round(lines.reduce((s, l) => s + l.points, 0)), lines };
}

/** Highest points first; on a tie the earlier registration, then the id (stable). */
export function rank<T extends { points: number; createdAt: Date; registrationId: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.points - a.points || a.createdAt.getTime() - b.createdAt.getTime() || a.registrationId.localeCompare(b.registrationId));
}
