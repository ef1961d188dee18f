import type { ApiClient } from '../core/api-client.ts';
import type { TenantCreate, TenantUpdate } from '../../backend/admin/schema.ts';
import type { ApiKey, CreatedKey, RotatedKey, Tenant } from './types.ts';

/** The hosting office's calls, typed; errors arrive as ApiProblem / NetworkError. */
export class AdminApi {
  constructor(readonly client: ApiClient) {}

  async tenants(signal?: AbortSignal): Promise<Tenant[]> {
    return (await this.client.get<{ items: Tenant[] }>('/v1/admin/tenants', { signal })).items;
  }

  tenant(slug: string, signal?: AbortSignal): Promise<Tenant> {
    return this.client.get<Tenant>(`/v1/admin/tenants/${encodeURIComponent(slug)}`, { signal });
  }

  createTenant(body: TenantCreate): Promise<Tenant> {
    return this.client.send<Tenant>('POST', '/v1/admin/tenants', body);
  }

  updateTenant(slug: string, body: TenantUpdate): Promise<Tenant> {
    return this.client.send<Tenant>('PATCH', `/v1/admin/tenants/${encodeURIComponent(slug)}`, body);
  }

  async keys(tenant: string, signal?: AbortSignal): Promise<ApiKey[]> {
    return (await this.client.get<{ items: ApiKey[] }>('/v1/admin/keys', { signal, query: { tenant } })).items;
  }

  createKey(body: { kind: 'publishable' | 'staff'; tenant: string; label: string }): Promise<CreatedKey> {
    return this.client.send<CreatedKey>('POST', '/v1/admin/keys', body);
  }

  revokeKey(id: string): Promise<ApiKey> {
    return this.client.send<ApiKey>('POST', `/v1/admin/keys/${encodeURIComponent(id)}/revoke`);
  }

  rotateKey(id: string, graceHours: number): Promise<RotatedKey> {
    return this.client.send<RotatedKey>('POST', `/v1/admin/keys/${encodeURIComponent(id)}/rotate`, { graceHours });
  }
}
