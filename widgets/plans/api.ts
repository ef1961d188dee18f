import type { ApiClient } from '../core/api-client.ts';
import type { PlanDetail, PlanSummary, StatementCreate, StatementReceipt } from '../../backend/plans/schema.ts';

export interface PlanPage {
  items: PlanSummary[];
  page: number;
  pageSize: number;
  total: number;
}

/** The citizen-side calls of the plans module. */
export class PlansApi {
  constructor(readonly client: ApiClient) {}

  list(q: { stage?: string; type?: string; text?: string }, signal?: AbortSignal): Promise<PlanPage> {
    const query: Record<string, string> = { pageSize: '100' };
    for (const [k, v] of Object.entries(q)) if (v) query[k] = v;
    return this.client.get<PlanPage>('/v1/plans', { signal, query });
  }

  get(id: string, signal?: AbortSignal): Promise<PlanDetail> {
    return this.client.get<PlanDetail>(`/v1/plans/${encodeURIComponent(id)}`, { signal });
  }

  statement(id: string, body: StatementCreate, idempotencyKey: string, altcha: string): Promise<StatementReceipt> {
    return this.client.submit<StatementReceipt>(`/v1/plans/${encodeURIComponent(id)}/statements`, body, { idempotencyKey, altcha });
  }

  /** A document link usable in `<a href>` (the publishable key rides in the query: public anyway). */
  fileUrl(path: string): string {
    const url = this.client.url(path);
    if (this.client.isPublishable) url.searchParams.set('key', this.client.apiKey);
    return url.toString();
  }
}
