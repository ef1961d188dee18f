import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { solveAltcha } from '../core/altcha.ts';
import type { DraftData, KitaPublicSettings, RegistrationCreate, RegistrationCreated, RegistrationStatus } from '../../backend/kita/schema.ts';
import type { PublicFacility } from '../../backend/kita/facility-schema.ts';

/** The family-side calls of the Kita module, typed. */
export class KitaApi {
  constructor(readonly client: ApiClient) {}

  settings(signal?: AbortSignal): Promise<KitaPublicSettings> {
    return this.client.get<KitaPublicSettings>('/v1/kita/settings', { signal });
  }

  async facilities(filter: { town?: string; age?: string }, signal?: AbortSignal): Promise<PublicFacility[]> {
    const query = { town: filter.town || undefined, age: filter.age || undefined };
    return (await this.client.get<{ items: PublicFacility[] }>('/v1/kita/facilities', { signal, query })).items;
  }

  register(body: RegistrationCreate, idempotencyKey: string, altcha: string): Promise<RegistrationCreated> {
    return this.client.submit<RegistrationCreated>('/v1/kita/registrations', body, { idempotencyKey, altcha });
  }

  saveDraft(body: { email: string; data: DraftData; pageUrl: string; lang: string; replaces?: { id: string; token: string } }, idempotencyKey: string, altcha: string) {
    return this.client.submit<{ id: string; expiresAt: string }>('/v1/kita/drafts', body, { idempotencyKey, altcha });
  }

  resume(id: string, token: string, signal?: AbortSignal): Promise<{ data: DraftData; expiresAt: string }> {
    return this.client.get('/v1/kita/drafts/resume', { signal, query: { id, token } });
  }

  status(ref: string, token: string, signal?: AbortSignal): Promise<RegistrationStatus> {
    return this.client.get<RegistrationStatus>('/v1/kita/registrations/status', { signal, query: { ref, token } });
  }

  act(path: string, body: unknown): Promise<RegistrationStatus> {
    return this.client.send<RegistrationStatus>('POST', path, body);
  }

  /** A citizen write with ALTCHA; a consumed or stale solution is renewed once. */
  async withAltcha<T>(state: { altcha?: string }, send: (altcha: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      state.altcha ??= await solveAltcha(this.client);
      try {
        return await send(state.altcha);
      } catch (err) {
        if (attempt || !(err instanceof ApiProblem && err.code === 'ALTCHA_FAILED')) throw err;
        state.altcha = undefined;
      }
    }
  }
}
