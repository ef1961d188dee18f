import type { ApiClient } from '../core/api-client.ts';
import { withAltcha } from '../core/altcha.ts';
import type { ApplicationCreate, ApplicationCreated, ApplicationStatusView, JobPage, PublicJob } from '../../backend/jobs/schema.ts';

/** Filters of the public list (GET /v1/jobs). */
export interface JobFilter {
  employer?: string;
  department?: string;
  payScheme?: string;
  payGrade?: string;
  employmentType?: string;
  location?: string;
  q?: string;
  withDeadline?: boolean;
  page?: number;
  pageSize?: number;
}

/** The citizen-side calls of the jobs module, typed; errors are the core client's. */
export class JobsApi {
  constructor(readonly client: ApiClient) {}

  list(filter: JobFilter, signal?: AbortSignal): Promise<JobPage> {
    const query: Record<string, string | number | boolean | undefined> = {};
    for (const [k, val] of Object.entries(filter)) if (val !== undefined && val !== '' && val !== false) query[k] = val;
    return this.client.get<JobPage>('/v1/jobs', { signal, query });
  }

  job(id: string, signal?: AbortSignal): Promise<PublicJob> {
    return this.client.get<PublicJob>(`/v1/jobs/${encodeURIComponent(id)}`, { signal });
  }

  apply(id: string, body: ApplicationCreate, idempotencyKey: string, altcha: string): Promise<ApplicationCreated> {
    return this.client.submit<ApplicationCreated>(`/v1/jobs/${encodeURIComponent(id)}/applications`, body, { idempotencyKey, altcha });
  }

  status(ref: string, token: string, signal?: AbortSignal): Promise<ApplicationStatusView> {
    return this.client.get<ApplicationStatusView>('/v1/jobs/applications/status', { signal, query: { ref, token } });
  }

  withdraw(ref: string, token: string, idempotencyKey: string): Promise<ApplicationStatusView> {
    return this.client.submit<ApplicationStatusView>('/v1/jobs/applications/withdraw', { ref, token }, { idempotencyKey });
  }

  /** A write with an ALTCHA solution (core/altcha.ts). */
  withAltcha<T>(state: { altcha?: string }, send: (altcha: string) => Promise<T>, onStep?: (s: 'checking' | 'sending') => void): Promise<T> {
    return withAltcha(this.client, state, send, onStep);
  }
}
