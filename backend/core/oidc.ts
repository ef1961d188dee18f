// Single sign-on by OpenID Connect (authorization code flow with PKCE S256, state and nonce)
// against one identity provider per installation, e.g. the county's Keycloak. The provider
// proves who someone is; our accounts say what they may do: nobody gets an account by
// signing in there. See the routes /v1/auth/oidc/* in accounts-routes.ts.
//
//   BN_OIDC_ISSUER         issuer URL (discovery: <issuer>/.well-known/openid-configuration)
//   BN_OIDC_CLIENT_ID      our client at the provider
//   BN_OIDC_CLIENT_SECRET  its secret (client_secret_basic); absent: a public client, PKCE only
//   BN_OIDC_NAME           label of the console's button ("Anmelden mit <name>")
//   BN_OIDC_SCOPES         default "openid email profile"
//   BN_OIDC_TRUST_EMAIL=1  an e-mail claim without `email_verified` counts as verified
// Redirect URI: <BN_PUBLIC_URL or the request's origin>/v1/auth/oidc/callback.
import * as client from 'openid-client';
import { randomBytes } from 'node:crypto';
import type { Sql } from './db.ts';
import type { UserRow } from './accounts.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  name: string;
  scopes: string;
  trustEmail: boolean;
}

/** The provider as configured in the environment, or null when single sign-on is off. */
export function oidcSettings(): OidcSettings | null {
  const issuer = process.env.BN_OIDC_ISSUER;
  const clientId = process.env.BN_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return null;
  return {
    issuer,
    clientId,
    clientSecret: process.env.BN_OIDC_CLIENT_SECRET || null,
    name: process.env.BN_OIDC_NAME || 'Single Sign-on',
    scopes: process.env.BN_OIDC_SCOPES || 'openid email profile',
    trustEmail: process.env.BN_OIDC_TRUST_EMAIL === '1',
  };
}

/** Plain http only for a provider on this machine (tests, local development). */
export function isLocalIssuer(issuer: string): boolean {
  const { protocol, hostname } = new URL(issuer);
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]');
}

// Discovery once per process and settings, on first use (the provider may be down when we
// start); a failure is forgotten so that the next sign-in tries again.
let cached: { key: string; config: Promise<client.Configuration> } | null = null;

export function oidcConfig(s: OidcSettings): Promise<client.Configuration> {
  const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret]);
  if (cached?.key === key) return cached.config;
  const config = client.discovery(new URL(s.issuer), s.clientId, s.clientSecret ?? undefined, s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None(), {
    timeout: 10,
    execute: isLocalIssuer(s.issuer) ? [client.allowInsecureRequests] : [],
  });
  const entry = { key, config };
  cached = entry;
  config.catch(() => {
    if (cached === entry) cached = null;
  });
  return config;
}

/** Forget the discovered provider (tests that switch providers). */
export function forgetOidc(): void {
  cached = null;
}

export const FLOW_MINUTES = 10;
export const RETURN_PATHS = ['/console', '/admin'] as const;
export type ReturnPath = (typeof RETURN_PATHS)[number];
export const returnPath = (raw: string | undefined): ReturnPath => ((RETURN_PATHS as readonly string[]).includes(raw ?? '') ? (raw as ReturnPath) : '/console');

/**
 * Starts a sign-in: state, nonce and PKCE verifier are kept server-side for ten minutes, and
 * the browser is sent to the provider. Returns the provider's URL and the state (the route
 * also binds it to the browser with a cookie).
 */
export async function startFlow(sql: Sql, s: OidcSettings, redirectUri: string, back: ReturnPath, now: Date): Promise<{ url: string; state: string }> {
  const config = await oidcConfig(s);
  const verifier = client.randomPKCECodeVerifier();
  const state = randomBytes(32).toString('base64url');
  const nonce = client.randomNonce();
  await sql`insert into oidc_flows (state, nonce, verifier, return_to, expires_at)
            values (${state}, ${nonce}, ${verifier}, ${back}, ${new Date(now.getTime() + FLOW_MINUTES * 60_000)})`;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: s.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

export interface Flow {
  nonce: string;
  verifier: string;
  returnTo: ReturnPath;
}

/** The flow of a state, used up: a state works once, and only within its ten minutes. */
export async function takeFlow(sql: Sql, state: string, now: Date): Promise<Flow | null> {
  const [row] = await sql<{ nonce: string; verifier: string; return_to: string; expires_at: Date }[]>`
    delete from oidc_flows where state = ${state} returning nonce, verifier, return_to, expires_at`;
  if (!row || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return { nonce: row.nonce, verifier: row.verifier, returnTo: returnPath(row.return_to) };
}

export interface Identity {
  issuer: string;
  subject: string;
  /** Lower-case, and only when the provider vouches for it. */
  verifiedEmail: string | null;
}

/**
 * Redeems the authorization response at the provider's token endpoint. openid-client checks
 * the response's state and `iss`, the PKCE verifier, and the ID token's signature, issuer,
 * audience, expiry and nonce; any failure throws.
 */
export async function finishFlow(s: OidcSettings, redirectUri: string, search: string, state: string, flow: Flow): Promise<Identity> {
  const config = await oidcConfig(s);
  const tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri}${search}`), {
    pkceCodeVerifier: flow.verifier,
    expectedState: state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  // Providers may keep the scope claims out of the ID token (the specification lets them, and
  // oidc-provider does): then they come from the UserInfo endpoint, checked against `sub`.
  let source: { email?: unknown; email_verified?: unknown } = { email: claims.email, email_verified: claims.email_verified };
  if (source.email === undefined && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    source = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  }
  const email = typeof source.email === 'string' ? source.email.trim().toLowerCase() : '';
  const verified = source.email_verified === true || (source.email_verified === undefined && s.trustEmail);
  return { issuer: claims.iss, subject: claims.sub, verifiedEmail: email && verified ? email : null };
}

/**
 * The account of a provider identity: the one linked to it, else — once — the one with its
 * verified e-mail address, which is then linked (later sign-ins go by subject, so a changed
 * address at the provider does not matter). An account linked to another person of the same
 * provider is never taken over by e-mail. Returns null when there is no such account; nobody
 * is created here.
 */
export async function accountFor(sql: Sql, id: Identity): Promise<UserRow | null> {
  const [linked] = await sql<UserRow[]>`select * from users where oidc_issuer = ${id.issuer} and oidc_subject = ${id.subject}`;
  if (linked) return linked;
  if (!id.verifiedEmail) return null;
  const [byEmail] = await sql<UserRow[]>`
    update users set oidc_issuer = ${id.issuer}, oidc_subject = ${id.subject}, updated_at = now()
    where email = ${id.verifiedEmail} and enabled
      and (oidc_subject is null or oidc_issuer is distinct from ${id.issuer})
    returning *`;
  if (byEmail) return byEmail;
  // A disabled account is found (and refused by the caller) but not linked.
  const [disabled] = await sql<UserRow[]>`select * from users where email = ${id.verifiedEmail} and not enabled`;
  return disabled ?? null;
}
