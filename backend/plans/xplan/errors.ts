// One error type for everything the importer refuses. Messages are written for a clerk:
// German first, English second, and they name the element, line and what was expected.

export type ImportErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_XPLAN'
  | 'FILE_TOO_LARGE'
  | 'XML_MALFORMED'
  | 'DTD_FORBIDDEN'
  | 'UNSUPPORTED_VERSION'
  | 'UNSUPPORTED_PLAN_TYPE'
  | 'NO_PLAN'
  | 'INVALID_PLAN'
  | 'UNSUPPORTED_CRS'
  | 'INVALID_GEOMETRY'
  | 'ARCHIVE_INVALID'
  | 'ARCHIVE_TOO_LARGE'
  | 'ARCHIVE_PATH_TRAVERSAL'
  | 'TIME_BUDGET_EXCEEDED'
  | 'RESOURCE_LIMIT_EXCEEDED'
  /** More points or features than the import's size limits allow (BN_PLAN_MAX_POINTS / _FEATURES). */
  | 'PLAN_TOO_LARGE'
  /** The importer failed on this input in a way it does not know (a bug to look at: logged). */
  | 'UNREADABLE';

export interface ImportIssue {
  /** Where: element path or archive entry, plus line when known, e.g. `BP_Plan/planArt`. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class PlanImportError extends Error {
  readonly code: ImportErrorCode;
  readonly issues: ImportIssue[];
  constructor(code: ImportErrorCode, message: string, issues: ImportIssue[] = []) {
    super(message);
    this.name = 'PlanImportError';
    this.code = code;
    this.issues = issues;
  }
}

/** Cooperative time budget: long loops call check() so a hostile file cannot hold a worker. */
export class Deadline {
  private readonly end: number;
  constructor(readonly budgetMs: number) {
    this.end = performance.now() + budgetMs;
  }
  check(): void {
    if (performance.now() > this.end) {
      throw new PlanImportError(
        'TIME_BUDGET_EXCEEDED',
        `Der Import hat das Zeitbudget von ${Math.round(this.budgetMs / 1000)} s überschritten und wurde abgebrochen; nichts wurde gespeichert. ` +
          `/ The import exceeded its time budget and was stopped; nothing was saved.`,
      );
    }
  }
}
