// The size model of an import: how many points (coordinates) and features one file may hold.
// Counted while the XML is parsed, so a file over a limit stops there instead of being built
// whole first; arcs densified into extra points later count against the same budget.
import { PlanImportError } from './errors.ts';

export interface SizeLimits {
  /** Points (coordinate tuples) per import, including points added when arcs are densified. */
  maxPoints: number;
  /** Features (members of the XPlanGML feature collection) per import. */
  maxFeatures: number;
}

const de = (n: number) => n.toLocaleString('de-DE');
const en = (n: number) => n.toLocaleString('en-GB');

export class SizeBudget {
  points = 0;
  features = 0;
  constructor(readonly limits: SizeLimits) {}

  addPoints(n: number, line?: number): void {
    this.points += n;
    if (this.points > this.limits.maxPoints) throw this.tooLarge('points', this.points, this.limits.maxPoints, line);
  }

  addFeature(line?: number): void {
    this.features += 1;
    if (this.features > this.limits.maxFeatures) throw this.tooLarge('features', this.features, this.limits.maxFeatures, line);
  }

  private tooLarge(what: 'points' | 'features', count: number, limit: number, line?: number): PlanImportError {
    const env = what === 'points' ? 'BN_PLAN_MAX_POINTS' : 'BN_PLAN_MAX_FEATURES';
    const [wDe, wEn] = what === 'points' ? ['Punkte (Koordinaten)', 'points (coordinates)'] : ['Objekte (Features)', 'features'];
    const at = line ? ` bis Zeile ${de(line)}` : '';
    const atEn = line ? ` by line ${en(line)}` : '';
    return new PlanImportError(
      'PLAN_TOO_LARGE',
      `Der Plan ist zu groß: ${de(count)} ${wDe} gezählt${at}, erlaubt sind höchstens ${de(limit)} (${env}); ` +
        `der Import wurde dort abgebrochen, nichts wurde gespeichert. ` +
        `/ The plan is too large: ${en(count)} ${wEn} counted${atEn}, the limit is ${en(limit)} (${env}); nothing was saved.`,
      [{ path: env, message: `${count} > ${limit}`, ...(line ? { line } : {}) }],
    );
  }
}
