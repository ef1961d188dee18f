/**
 * A fake API client for stories: the real ApiClient over a fetch that answers from
 * memory, so `<bn-tenant .client=…>` shows each state without a server.
 */
import { ApiClient } from '../widgets/core/api-client.ts';

export const demoConfig = {
  tenant: { id: '00000000-0000-4000-8000-000000000001', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: { slug: 'musterkreis', name: 'Landkreis Musterkreis' } },
  modules: ['tips'],
  languages: ['de', 'en'],
  theme: { '--bn-color-primary': '#0b6e4f', '--bn-radius': '6px' },
  map: { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap', center: [51.1, 10.4], zoom: 13 },
  privacyUrl: 'https://beispielstadt.example/datenschutz',
  accessibilityUrl: 'https://beispielstadt.example/barrierefreiheit',
  contactEmail: 'rathaus@beispielstadt.example',
};

export type FakeMode = 'ready' | 'loading' | 'revoked' | 'origin' | 'network';

export function fakeClient(mode: FakeMode): ApiClient {
  const fetchFn = (async () => {
    switch (mode) {
      case 'loading':
        return new Promise<Response>(() => {});
      case 'network':
        throw new TypeError('Failed to fetch');
      case 'revoked':
      case 'origin': {
        const status = mode === 'revoked' ? 401 : 403;
        const code = mode === 'revoked' ? 'KEY_REVOKED' : 'ORIGIN_NOT_ALLOWED';
        return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: 'Story', requestId: 'story' }), {
          status,
          headers: { 'content-type': 'application/problem+json' },
        });
      }
      default:
        return new Response(JSON.stringify(demoConfig), { headers: { 'content-type': 'application/json' } });
    }
  }) as typeof fetch;
  return new ApiClient({ baseUrl: 'https://api.invalid', apiKey: 'bn_pk_storybook', fetch: fetchFn, retries: 0 });
}
