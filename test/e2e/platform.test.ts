// The platform end to end, in Chromium against the real server: a person of the hosting office
// accepts an invitation (password, second factor) and, in <bn-admin>, creates a tenant and a
// publishable key, copies the snippet and invites the town's first administrator; the
// snippet, pasted twice into a page of another origin with a strict CSP and hostile CSS,
// works; after the key is revoked in <bn-admin>, the page says so instead of failing
// silently. The town's administrator then walks the whole local sign-in: invitation, password,
// second factor, audit trail, sign-out, sign-in with password and code, forgotten password
// (the link read from the outbox), new password — and no secret is left in browser storage.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { acceptInvitation, HOSTILE_CSS, launchBrowser, newContext, startApi, startSite, townCsp, townPage, watch, type ApiServer, type Site } from './helpers.ts';

describe('hosting office → town website, end to end', () => {
  let api: ApiServer;
  let site: Site;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: Page;
  let snippet = '';
  let classicSnippet = '';
  let csp = '';
  let keyHint = '';
  let staffKey = '';
  let townAdminLink = '';
  const HOST_PASSWORD = 'Serverraum im Kreishaus, Keller links';

  before(async () => {
    // One after the other, so a failure leaves nothing half-started behind.
    api = await startApi();
    site = await startSite();
    browser = await launchBrowser();
    site.pages.set('/hostile.css', { html: HOSTILE_CSS, type: 'text/css; charset=utf-8' });
    adminContext = await newContext(browser);
    admin = await adminContext.newPage();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([api?.close(), site?.close()]);
  });

  it('a person of the hosting office accepts the invitation, sets up the second factor and creates a tenant, a key and the snippet in <bn-admin>', async () => {
    const seen = await watch(admin);
    const hanna = await api.admin<{ invitationUrl: string }>('POST', '/v1/admin/users', {
      email: 'hanna@hosting.example',
      name: 'Hanna Hosting',
      roles: ['host-admin'],
      tenant: null,
    });
    assert.ok(hanna.invitationUrl.startsWith(`${api.origin}/admin#invite=`), hanna.invitationUrl);
    const res = await admin.goto(`${api.origin}/admin`);
    assert.match(res!.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    const app = await acceptInvitation(admin, hanna.invitationUrl, HOST_PASSWORD);
    assert.ok(app, 'host-admin must set up a second factor');
    await admin.getByRole('heading', { name: 'Mandanten', exact: true }).waitFor();
    await admin.getByText(/Angemeldet als Hanna Hosting/).waitFor();
    assert.ok(!admin.url().includes('invite='), 'the token left the address bar');

    await admin.getByRole('button', { name: 'Neuen Mandanten anlegen' }).click();
    await admin.getByLabel('Kürzel').fill('e2e-stadt');
    await admin.getByLabel('Name', { exact: true }).fill('Stadt E2E');
    await admin.getByLabel('Erlaubte Origins').fill(site.origin);
    await admin.getByLabel('Kontakt-E-Mail').fill('rathaus@e2e-stadt.example');
    await admin.getByRole('button', { name: 'Mandanten anlegen' }).click();
    await admin.getByRole('heading', { name: /Stadt E2E/ }).waitFor();
    await admin.getByText(/Der Mandant „\u2068?Stadt E2E\u2069?“ wurde angelegt\./).waitFor();

    await admin.getByLabel('Art des Schlüssels').selectOption('publishable');
    await admin.getByLabel('Bezeichnung').fill('Website');
    await admin.getByRole('button', { name: 'Schlüssel erzeugen' }).click();
    await admin.getByRole('heading', { name: 'Neuer Schlüssel – nur jetzt sichtbar' }).waitFor();
    const secret = (await admin.locator('bn-admin-copy-block.secret pre').textContent())!.trim();
    assert.match(secret, /^bn_pk_[0-9A-Za-z]{28}$/);
    keyHint = `${secret.slice(0, 6)}…${secret.slice(-4)}`;

    // Copy, as a person would: the button puts the snippet on the clipboard.
    await admin.getByRole('button', { name: 'Einbettungscode kopieren' }).click();
    await admin.getByText('In die Zwischenablage kopiert.').waitFor();
    snippet = await admin.evaluate(() => navigator.clipboard.readText());
    assert.equal(snippet, `<script type="module" src="${api.origin}/widgets/buergernah.js"></script>\n<bn-tenant api-key="${secret}">\n  <bn-tip-form></bn-tip-form>\n</bn-tenant>`);
    await admin.getByRole('button', { name: 'CSP-Ergänzung kopieren' }).click();
    csp = await admin.evaluate(() => navigator.clipboard.readText());
    assert.match(csp, new RegExp(`^script-src ${api.origin};$`, 'm'));

    await admin.getByLabel('Klassisches Skript').check();
    classicSnippet = (await admin.locator('bn-admin-copy-block.snippet pre').textContent())!;
    assert.match(classicSnippet, /buergernah\.classic\.js" defer><\/script>/);

    // A staff key for an integration (people sign in with accounts): a secret, shown once.
    await admin.getByLabel('Art des Schlüssels').selectOption('staff');
    await admin.getByLabel('Bezeichnung').fill('Fachverfahren');
    await admin.getByRole('button', { name: 'Schlüssel erzeugen' }).click();
    await admin.locator('bn-admin-copy-block.secret pre', { hasText: 'bn_sk_' }).waitFor();
    staffKey = (await admin.locator('bn-admin-copy-block.secret pre').textContent())!.trim();
    assert.match(staffKey, /^bn_sk_[0-9A-Za-z]{28}$/);
    await admin.getByRole('button', { name: 'Ich habe den Schlüssel gesichert' }).click();

    // The town's first administrator: invited here, the link handed over.
    const users = admin.locator('bn-staff-users');
    await users.getByRole('button', { name: 'Person einladen' }).click();
    await users.getByLabel('Name', { exact: true }).fill('Erika Musterfrau');
    await users.getByLabel('E-Mail-Adresse').fill('erika@e2e-stadt.example');
    await users.getByRole('checkbox', { name: /^Verwaltung der Gemeinde/ }).check();
    await users.getByRole('button', { name: 'Einladung erzeugen' }).click();
    await users.getByRole('heading', { name: 'Einladungslink für Erika Musterfrau' }).waitFor();
    townAdminLink = await users.getByRole('textbox', { name: 'Einladungslink' }).inputValue();
    assert.ok(townAdminLink.startsWith(`${api.origin}/console#invite=`), townAdminLink);
    await users.getByRole('button', { name: 'Fertig' }).click();

    assert.deepEqual(seen.problems, []);
  });

  it('the snippet, pasted twice into a page of another origin with a strict CSP and hostile CSS, works', async () => {
    const pageCsp = townCsp(csp, site.origin);
    site.pages.set('/anliegen.html', { html: townPage([snippet, snippet]), csp: pageCsp });
    site.pages.set('/classic.html', { html: townPage([classicSnippet, classicSnippet], 'Klassisch'), csp: pageCsp });

    for (const path of ['/anliegen.html', '/classic.html']) {
      const context = await newContext(browser);
      const page = await context.newPage();
      const seen = await watch(page);
      await page.addInitScript(() => {
        const w = window as unknown as { __bnReady: number };
        w.__bnReady = 0;
        document.addEventListener('bn-ready', () => w.__bnReady++);
      });
      await page.goto(site.origin + path);
      await page.waitForFunction(
        () => {
          const tenants = [...document.querySelectorAll('bn-tenant')] as (Element & { state?: { status: string } })[];
          return tenants.length === 2 && tenants.every((t) => t.state?.status === 'ready');
        },
        undefined,
        { timeout: 15_000 },
      );
      assert.equal(await page.evaluate(() => (window as unknown as { __bnReady: number }).__bnReady), 2, `${path}: both providers report ready`);
      // The hostile sheet really applies to the page (style-src allows the page's own origin).
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily), 'fantasy');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('bn-tenant')!).display), 'inline');
      const shadows = await page.evaluate(() =>
        [...document.querySelectorAll('bn-tenant')].map((t) => ({
          slot: !!t.shadowRoot?.querySelector('slot'),
          unavailable: !!t.shadowRoot?.querySelector('[part~=unavailable]'),
        })),
      );
      assert.deepEqual(shadows, [
        { slot: true, unavailable: false },
        { slot: true, unavailable: false },
      ]);
      assert.deepEqual(seen.csp, [], `${path}: no CSP violations`);
      assert.deepEqual(seen.problems, [], `${path}: a quiet console`);
      await context.close();
    }
  });

  it('after the key is revoked in <bn-admin>, the page shows a clear message', async () => {
    await admin.getByRole('button', { name: `Schlüssel ${keyHint} widerrufen` }).click();
    const dialog = admin.getByRole('dialog', { name: 'Schlüssel widerrufen?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Ja, widerrufen' }).click();
    await admin.getByText(`Der Schlüssel ${keyHint} wurde widerrufen.`).waitFor();
    await admin.locator('bn-admin-keys .badge', { hasText: 'widerrufen' }).waitFor();
    await admin.locator('bn-admin-snippet').getByText('braucht der Mandant einen aktiven öffentlichen Schlüssel').waitFor();

    // A visitor (fresh browser cache) loads the town's page again.
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(`${site.origin}/anliegen.html`);
    const alerts = page.getByRole('alert');
    await alerts.first().waitFor({ timeout: 15_000 });
    assert.equal(await alerts.count(), 2);
    for (const alert of await alerts.all()) {
      assert.match((await alert.textContent()) ?? '', /Dieses Formular ist gerade nicht verfügbar\./);
      assert.ok(await alert.isVisible(), 'the message is visible despite the hostile CSS');
      const box = await alert.boundingBox();
      assert.ok(box && box.height > 20 && box.width > 100, `visible size, got ${JSON.stringify(box)}`);
    }
    // The webmaster finds the reason in the console; nothing else went wrong.
    const unexpected = seen.problems.filter((p) => !/Bürgernah <bn-tenant>.*KEY_REVOKED/.test(p) && !/Failed to load resource: the server responded with a status of 401/.test(p));
    assert.deepEqual(unexpected, []);
    assert.ok(
      seen.problems.some((p) => /KEY_REVOKED/.test(p)),
      'the console names the reason',
    );
    assert.deepEqual(seen.csp, []);
    await context.close();
  });

  it("the town's administrator signs in by invitation, password and second factor, reads the audit trail, signs out and in again, and resets a forgotten password", async () => {
    assert.ok(townAdminLink, 'needs the invitation of the first test');
    const EMAIL = 'erika@e2e-stadt.example';
    const FIRST = 'Apfelbaum hinter der Stadtbücherei';
    const SECOND = 'Brunnen auf dem Marktplatz plätschert';
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    const res = await page.goto(`${api.origin}/console`);
    assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self'/);

    // Invitation → password → second factor (required for tenant-admin) → signed in.
    const app = await acceptInvitation(page, townAdminLink, FIRST);
    assert.ok(app, 'tenant-admin must set up a second factor');
    assert.ok(!page.url().includes('invite='), 'the token left the address bar');
    await page.getByRole('heading', { level: 1, name: 'Stadt E2E' }).waitFor();
    await page.getByText(/Angemeldet als Erika Musterfrau/).waitFor();
    const [cookie] = (await context.cookies(api.origin)).filter((c) => c.name === 'bn_session');
    assert.ok(cookie, 'a session cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');

    // The audit trail: what the hosting office did, by name.
    const nav = page.getByRole('navigation', { name: 'Bereiche' });
    await nav.getByRole('link', { name: 'Protokoll' }).click();
    const log = page.getByRole('region', { name: 'Protokolleinträge' });
    await log.waitFor();
    for (const action of ['Mandant angelegt', 'Schlüssel erzeugt', 'Schlüssel widerrufen']) {
      assert.ok(await log.getByRole('cell', { name: action }).first().isVisible(), `audit shows "${action}"`);
    }
    assert.ok(await log.getByRole('cell', { name: 'Hanna Hosting' }).first().isVisible(), 'the audit names the person of the hosting office');
    assert.ok(!(await log.textContent())!.includes(api.adminKey), 'never a key in the trail');

    // Sign out, then in again with password and code.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByText('Sie wurden abgemeldet.').waitFor();
    assert.equal((await context.cookies(api.origin)).filter((c) => c.name === 'bn_session').length, 0, 'the cookie is gone');
    await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
    await page.getByLabel('Passwort', { exact: true }).fill(FIRST);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('textbox', { name: 'Einmalcode' }).fill(await app());
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(/Angemeldet als Erika Musterfrau/).waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByText('Sie wurden abgemeldet.').waitFor();

    // Forgotten password: the link comes by mail (here: from the outbox, no mail worker runs).
    await page.getByRole('button', { name: 'Passwort vergessen?' }).click();
    await page.getByRole('heading', { name: 'Passwort zurücksetzen' }).waitFor();
    await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await page.getByText('Wenn es ein Konto mit dieser Adresse gibt, ist ein Link unterwegs.', { exact: false }).waitFor();
    const [mail] = await api.sql<{ body_text: string }[]>`
      select body_text from outbox where to_addr = ${EMAIL} and subject like 'Passwort zurücksetzen%' order by created_at desc limit 1`;
    assert.ok(mail, 'a reset mail in the outbox');
    const resetLink = mail.body_text.match(/https?:\/\/\S+#reset=[\w-]+/)?.[0] ?? '';
    assert.ok(resetLink.startsWith(`${api.origin}/console#reset=`), mail.body_text);
    // A reset link alone does not open an account with a second factor: the code is asked too.
    const again = await acceptInvitation(page, resetLink, SECOND, app);
    assert.equal(again, null, 'the second factor stays set up');
    await page.getByRole('heading', { level: 1, name: 'Stadt E2E' }).waitFor();
    await page.getByText(/Angemeldet als Erika Musterfrau/).waitFor();

    // The old password is gone; nothing secret is left in the browser's storage.
    const stored = await page.evaluate(() => [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)));
    const secrets = [FIRST, SECOND, townAdminLink.split('#invite=')[1]!, resetLink.split('#reset=')[1]!, cookie.value, 'bn_sk_', 'bn_ak_'];
    for (const entry of stored) {
      for (const secret of secrets) assert.ok(!entry.includes(secret), `storage holds no secret: ${entry}`);
      assert.ok(!/key|token|secret|password|totp|session/i.test(entry.split('=')[0]!), `no credential-like storage entry: ${entry}`);
    }
    const relogin = await fetch(`${api.origin}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: FIRST, totp: await app() }),
    });
    assert.equal(relogin.status, 401, 'the old password no longer works');

    assert.deepEqual(seen.csp, []);
    assert.deepEqual(
      seen.problems.filter((p) => p.startsWith('pageerror')),
      [],
    );
    await context.close();
  });
});
