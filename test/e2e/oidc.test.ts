// Single sign-on end to end, in Chromium: a town's clerk opens the console, chooses the
// county's sign-in, signs in at the identity provider (a real oidc-provider in this process,
// its development login form) and is back in the console, signed in. Someone the provider
// knows but we do not is told so on the console's sign-in page.
import { startIdp, type Idp } from '../backend/oidc-idp.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, startApi, watch, type ApiServer } from './helpers.ts';

const ENV = ['BN_OIDC_ISSUER', 'BN_OIDC_CLIENT_ID', 'BN_OIDC_CLIENT_SECRET', 'BN_OIDC_NAME'];

describe('single sign-on in the staff console', () => {
  let api: ApiServer;
  let idp: Idp;
  let browser: Browser;

  before(async () => {
    api = await startApi();
    const secret = 'e2e-geheim-0123456789abcdef';
    idp = await startIdp([{ client_id: 'buergernah-e2e', client_secret: secret, redirect_uris: [`${api.origin}/v1/auth/oidc/callback`] }]);
    // The server runs in this process and reads its settings per request.
    Object.assign(process.env, {
      BN_OIDC_ISSUER: idp.issuer,
      BN_OIDC_CLIENT_ID: 'buergernah-e2e',
      BN_OIDC_CLIENT_SECRET: secret,
      BN_OIDC_NAME: 'Landkreis-Anmeldung',
    });
    browser = await launchBrowser();

    // The hosting office sets up the town and its clerk's account (no password: single sign-on only).
    const admin = (path: string, json: unknown) =>
      fetch(`${api.origin}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${api.adminKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
    const t = await admin('/v1/admin/tenants', { slug: 'sso-stadt', name: 'Stadt SSO' });
    assert.equal(t.status, 201, await t.clone().text());
    const u = await admin('/v1/admin/users', { email: 'klara.klein@sso-stadt.example', name: 'Klara Klein', roles: ['tips'], tenant: 'sso-stadt' });
    assert.equal(u.status, 201, await u.clone().text());
    idp.accounts.set('kklein', { email: 'klara.klein@sso-stadt.example', email_verified: true, name: 'Klara Klein' });
    idp.accounts.set('fremd', { email: 'fremd@anderswo.example', email_verified: true, name: 'Fremd' });
  });

  after(async () => {
    for (const k of ENV) delete process.env[k];
    await browser?.close();
    await Promise.all([api?.close(), idp?.close()]);
  });

  /** Console → the single sign-on link → the provider's login (and consent) as `login`. */
  async function signInThroughProvider(login: string) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(`${api.origin}/console`);
    await page.getByRole('link', { name: 'Anmelden mit Landkreis-Anmeldung' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('beliebig');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${api.origin}/console**`);
    return { context, page, seen };
  }

  it("a clerk signs in with the county's sign-in and lands in the console, signed in", async () => {
    const { context, page, seen } = await signInThroughProvider('kklein');
    await page.getByText('Angemeldet als Klara Klein').waitFor();
    assert.equal(new URL(page.url()).pathname, '/console');
    const me = await page.evaluate(async () => (await fetch('/v1/auth/me')).json());
    assert.equal(me.via, 'oidc');
    assert.equal(me.user.email, 'klara.klein@sso-stadt.example');
    // Allowed: the signed-out check before signing in, and the development login page's
    // web font (from the internet, which the test machine does not reach). Nothing else.
    assert.deepEqual(
      seen.problems.filter((p) => !/401 \(Unauthorized\)|fonts\.googleapis\.com/.test(p)),
      [],
    );
    await context.close();
  });

  it('someone the provider knows but this server does not is told so, and stays signed out', async () => {
    const { context, page } = await signInThroughProvider('fremd');
    await page.getByText('Für dieses Konto der zentralen Anmeldung gibt es hier keinen Zugang.').first().waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the console removed the error from the address');
    assert.equal(await page.evaluate(async () => (await fetch('/v1/auth/me')).status), 401);
    await context.close();
  });
});
