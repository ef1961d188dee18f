import { createContext } from '@lit/context';
import type { ApiClient } from './api-client.ts';
import type { PublicConfig } from './config.ts';
import type { Locale } from './i18n.ts';

/**
 * What `<bn-tenant>` provides to every widget inside it. String keys (not symbols)
 * so two copies of the bundle on one page still find each other's providers.
 */
export type TenantStatus = 'loading' | 'ready' | 'error';

export interface TenantState {
  status: TenantStatus;
  config?: PublicConfig;
  /** ApiProblem, NetworkError or any other Error that stopped loading. */
  error?: Error;
}

export const apiClientContext = createContext<ApiClient | undefined>('bn-api-client');
export const localeContext = createContext<Locale | undefined>('bn-locale');
export const tenantContext = createContext<TenantState | undefined>('bn-tenant-state');
