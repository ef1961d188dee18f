// A real OpenID provider for tests: oidc-provider 8 in this process on 127.0.0.1 and a random
// port, with its development login form (any login name that is an account here, any
// password) and consent page, PKCE S256 required. Also a small browser without a browser
// (fetch with a cookie jar, redirects followed by hand) to walk the code flow.
import http from 'node:http';
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

// oidc-provider announces its development shortcuts (dev keys, in-memory adapter, dev
// interactions) on the console when they are first used; a test run stays quiet.
for (const method of ['warn', 'info'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
    original(...args);
  };
}
// Our logger reads this once, on import.
process.env.NODE_ENV ??= 'test';

export interface IdpAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface IdpClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export interface Idp {
  issuer: string;
  /** Accounts by login name (= subject); change them between sign-ins. */
  accounts: Map<string, IdpAccount>;
  /** When set, the token endpoint answers with this ID token instead of its own (tests of our checks). */
  swapIdToken: string | null;
  /** While true, every request is answered 503 (the provider is down). */
  down: boolean;
  close(): Promise<void>;
}

export async function startIdp(clients: IdpClient[]): Promise<Idp> {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, IdpAccount>();
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      ...c,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none',
    })),
    jwks: { keys: [{ ...jwk, kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { methods: ['S256'], required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      if (!accounts.has(sub)) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
    },
  });
  const idp: Idp = {
    issuer,
    accounts,
    swapIdToken: null,
    down: false,
    close: () => new Promise((r) => server.close(() => r())),
  };
  provider.use(async (ctx, next) => {
    await next();
    if (idp.swapIdToken && ctx.path === '/token' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      ctx.body = { ...(ctx.body as object), id_token: idp.swapIdToken };
    }
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (idp.down) res.writeHead(503).end();
    else handle(req, res);
  });
  const close = idp.close;
  idp.close = () => {
    server.closeAllConnections();
    return close();
  };
  return idp;
}

/** Cookies per origin, as a browser would keep them (paths ignored: enough for these flows). */
export class CookieJar {
  private jar = new Map<string, Map<string, string>>();

  header(url: string): string {
    const m = this.jar.get(new URL(url).origin);
    return m ? [...m].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  get(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    if (!this.jar.has(origin)) this.jar.set(origin, new Map());
    this.jar.get(origin)!.set(name, value);
  }

  store(url: string, res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = !value || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      const origin = new URL(url).origin;
      if (!this.jar.has(origin)) this.jar.set(origin, new Map());
      if (gone) this.jar.get(origin)!.delete(name);
      else this.jar.get(origin)!.set(name, value);
    }
  }
}

export interface WalkOptions {
  /** The login name typed into the provider's form (when it asks). */
  login?: string;
  /** Press "Cancel" at the provider instead of signing in. */
  cancel?: boolean;
  /** Stop at the first redirect to a URL starting with one of these, before requesting it. */
  stopAt: string | string[];
}

/**
 * Follows redirects and fills the provider's forms until the next URL starts with `stopAt`
 * (e.g. our callback or our console); returns that URL without requesting it.
 */
export async function walk(jar: CookieJar, start: string, opts: WalkOptions): Promise<string> {
  let url = start;
  let init: RequestInit = {};
  for (let hops = 0; hops < 20; hops++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: jar.header(url) } });
    jar.store(url, res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('Location')!, url).href;
      if ([opts.stopAt].flat().some((p) => url.startsWith(p))) return url;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} at ${url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    if (opts.cancel) {
      url = new URL(/<a href="([^"]+)">\[ Cancel \]/.exec(html)![1]!.replace(/&amp;/g, '&'), url).href;
      continue;
    }
    const body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', opts.login ?? '');
      body.set('password', 'any');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many redirects');
}

/** PKCE pair for flows the test drives itself. */
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * An ID token straight from a provider for any of its clients and a chosen nonce: the test
 * walks the provider's login itself and redeems the code (what an attacker could hold).
 */
export async function idTokenFrom(idp: Idp, client: Required<IdpClient>, login: string, nonce: string): Promise<string> {
  const { verifier, challenge } = pkce();
  const auth = new URL(`${idp.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0]!,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'x',
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const back = await walk(new CookieJar(), auth.href, { login, stopAt: client.redirect_uris[0]! });
  const code = new URL(back).searchParams.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  const res = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uris[0]!, code_verifier: verifier }),
  });
  const json = (await res.json()) as { id_token?: string };
  if (!json.id_token) throw new Error(`no id_token: ${JSON.stringify(json)}`);
  return json.id_token;
}
