// Bürgertipps end to end, in Chromium against the real server: a page on another origin with
// only the snippet (strict CSP, hostile CSS) submits a damage report with a photo; the clerk
// answers and publishes it in <bn-console>; the citizen sees the answer in <bn-tip-status>
// (through the tracking link) and in <bn-tip-list>.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { acceptInvitation, HOSTILE_CSS, launchBrowser, newContext, startApi, startSite, townCsp, townPage, watch, type ApiServer, type PageWatch, type Site } from './helpers.ts';

const ANSWER = 'Die Leuchte wurde heute ausgetauscht. Danke für den Hinweis!';

describe('Bürgertipps, end to end', () => {
  let api: ApiServer;
  let site: Site;
  let browser: Browser;
  let clerkLink = '';
  let ref = '';
  let trackingLink = '';

  const admin = <T>(method: string, path: string, body?: unknown) => api.admin<T>(method, path, body);

  async function citizenPage(url: string): Promise<{ page: Page; seen: PageWatch }> {
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(url);
    return { page, seen };
  }

  before(async () => {
    [api, site, browser] = await Promise.all([startApi(), startSite(), launchBrowser()]);
    await admin('POST', '/v1/admin/tenants', { slug: 'e2e-tipps', name: 'Stadt E2E', origins: [site.origin], contactEmail: 'rathaus@e2e.example' });
    const pk = (await admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'publishable', tenant: 'e2e-tipps', label: 'Website' })).key;
    // The clerk: a person with the tips role, invited by the hosting office.
    clerkLink = (await admin<{ invitationUrl: string }>('POST', '/v1/admin/users', { email: 'erika@e2e.example', name: 'Erika Musterfrau', roles: ['tips'], tenant: 'e2e-tipps' })).invitationUrl;
    // Only what the snippet generator hands a webmaster: one script tag, the elements.
    const snippet = `<script type="module" src="${api.origin}/widgets/buergernah.js"></script>
<bn-tenant api-key="${pk}">
  <bn-tip-form></bn-tip-form>
  <bn-tip-list></bn-tip-list>
  <bn-tip-status></bn-tip-status>
</bn-tenant>`;
    const csp = townCsp(`script-src ${api.origin}\nconnect-src ${api.origin}\nimg-src ${api.origin} data: blob:\nworker-src blob:`, site.origin);
    site.pages.set('/hostile.css', { html: HOSTILE_CSS, type: 'text/css; charset=utf-8' });
    site.pages.set('/anliegen.html', { html: townPage([snippet]), csp });
    site.pages.set('/report.html', { html: townPage([snippet]).replace('<html lang="de">', '<html lang="en">'), csp });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([api?.close(), site?.close()]);
  });

  it('a citizen reports a broken street light with a photo from the town’s own page', async () => {
    const { page, seen } = await citizenPage(`${site.origin}/anliegen.html`);
    const form = page.locator('bn-tip-form');
    await form.getByLabel('Schadensmeldung').check();
    await form.getByLabel('Thema').selectOption('beleuchtung');
    await form.getByLabel('Mastnummer (falls sichtbar)').fill('M-17');
    await form.getByRole('textbox', { name: 'Beschreibung', exact: true }).fill('Die Laterne vor dem Rathaus ist seit drei Tagen dunkel.');
    await form.getByLabel('Adresse oder Ortsbeschreibung').fill('Am Markt 1, vor dem Rathaus');
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#777799' } })
      .jpeg()
      .toBuffer();
    await page.locator('bn-tip-form bn-file-picker input[type=file]').setInputFiles({ name: 'laterne.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByText('laterne.jpg').first().waitFor();
    await form.getByRole('checkbox', { name: /Datenschutz|Verarbeitung/ }).check();
    await form.getByRole('button', { name: 'Anliegen absenden' }).click();

    await form.getByText('Vielen Dank! Ihr Anliegen ist bei uns eingegangen.').waitFor({ timeout: 30_000 });
    ref = (await page.locator('bn-tip-form [part~="reference"]').textContent())!.trim();
    assert.match(ref, /^BT-\d{4}-\d{5,}$/);
    trackingLink = (await form.getByRole('link', { name: 'Stand verfolgen' }).getAttribute('href'))!;
    assert.ok(trackingLink.startsWith(`${site.origin}/anliegen.html#bn-tip=${ref}.`), trackingLink);
    // The draft is gone and held no contact data anyway.
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bn-draft:')).length), 0);
    assert.deepEqual(seen.csp, [], 'no CSP violations');
    assert.deepEqual(seen.problems, [], 'a quiet console');
    await page.context().close();
  });

  it('the clerk answers, resolves and publishes it in the console', async () => {
    assert.ok(ref, 'needs the report of the first test');
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    // A clerk needs no second factor: invitation, password, signed in.
    assert.equal(await acceptInvitation(page, clerkLink, 'Laternenmast vor dem Rathaus 17'), null);
    await page.getByText(/Angemeldet als Erika Musterfrau/).waitFor();
    const nav = page.getByRole('navigation', { name: 'Bereiche' });
    // Only the sections of her role: the tips, not users and audit trail.
    assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Bürgertipps']);
    await nav.getByRole('link', { name: 'Bürgertipps' }).click();
    await page.getByRole('button', { name: ref }).click();
    const detail = page.locator('bn-console-tip-detail');
    await detail.getByRole('heading', { name: ref }).waitFor();
    assert.ok(await detail.getByText('M-17').isVisible(), 'the extra answer is shown');
    await detail.getByAltText('Foto 1').waitFor();
    await detail.getByLabel('Neuer Stand').selectOption('resolved');
    await detail.getByLabel(/^Antwort/).fill(ANSWER);
    await detail.getByRole('button', { name: 'Speichern', exact: true }).click();
    await detail.locator('.badge.resolved').first().waitFor();
    await detail.getByRole('button', { name: 'Veröffentlichen' }).click();
    await detail.getByRole('button', { name: 'Nicht mehr veröffentlichen' }).waitFor();
    assert.deepEqual(seen.csp, []);
    assert.deepEqual(
      seen.problems.filter((p) => p.startsWith('pageerror')),
      [],
    );
    await context.close();
  });

  it('the citizen sees the answer through the tracking link and in the public list', async () => {
    assert.ok(trackingLink, 'needs the tracking link of the first test');
    const { page, seen } = await citizenPage(trackingLink);
    const status = page.locator('bn-tip-status');
    await status.locator('[part~="answer"]').filter({ hasText: ANSWER }).waitFor({ timeout: 15_000 });
    assert.equal((await status.locator('[part~="status"]').textContent())!.trim(), 'Erledigt');
    const item = page.locator('bn-tip-list [part~="item"]').filter({ hasText: ref });
    await item.waitFor();
    assert.ok((await item.locator('[part~="answer"]').textContent())!.includes(ANSWER));
    // Never personal data in public: the list item carries no contact details.
    assert.ok(!(await item.textContent())!.includes('@'));
    await item.getByRole('img').first().waitFor();
    assert.deepEqual(seen.csp, []);
    assert.deepEqual(seen.problems, []);
    await page.context().close();
  });

  /**
   * The form's first paint is small because the rest loads when the citizen acts: the checks,
   * the error summary and the confirmation at the first send, the English texts on an English
   * page. A chunk lost to the network on the way must cost nothing: the form says so, keeps what
   * was typed, and the retry (which fetches the chunk again) goes through.
   */
  it('a lazily loaded part lost to the network: the form says so, keeps everything, and the retry goes through', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const failOnce = (re: RegExp) => {
      let failed = false;
      return page.route(re, (route) => {
        if (failed) return route.continue();
        failed = true;
        return route.fulfill({ status: 503, body: '' });
      });
    };
    await failOnce(/\/widgets\/chunks\/validate-[\w-]+\.js$/);
    await page.goto(`${site.origin}/anliegen.html`);
    const form = page.locator('bn-tip-form');
    const description = form.getByRole('textbox', { name: 'Beschreibung', exact: true });
    await form.getByLabel('Idee').check();
    await form.getByLabel('Thema').selectOption({ index: 1 });
    await description.fill('Eine Bank am Spielplatz wäre schön.');
    await form.getByLabel('Name', { exact: true }).fill('Erika Muster');
    await form.getByRole('checkbox', { name: /Datenschutz|Verarbeitung/ }).check();
    await form.getByRole('button', { name: 'Anliegen absenden' }).click();
    const failure = form.getByRole('alert').filter({ hasText: 'Noch nicht gesendet' });
    await failure.waitFor();
    assert.equal(await description.inputValue(), 'Eine Bank am Spielplatz wäre schön.');
    assert.equal(await form.getByLabel('Name', { exact: true }).inputValue(), 'Erika Muster');
    assert.ok(await form.getByRole('checkbox', { name: /Datenschutz|Verarbeitung/ }).isChecked());
    await failure.getByRole('button', { name: 'Erneut senden' }).click();
    await form.getByText('Vielen Dank! Ihr Anliegen ist bei uns eingegangen.').waitFor({ timeout: 30_000 });

    // An English page whose English texts fail to load offers "try again", then speaks English.
    // Lost until "try again" shows: the entry asks for them beside the form's chunk, the form
    // asks again, and either may be the request the network loses.
    let lost = true;
    await page.route(/\/widgets\/chunks\/messages-en-[\w-]+\.js$/, (route) => (lost ? route.fulfill({ status: 503, body: '' }) : route.continue()));
    await page.goto(`${site.origin}/report.html`);
    const retry = page.locator('bn-tip-form').getByRole('button', { name: 'Try again' });
    await retry.waitFor();
    lost = false;
    await retry.click();
    await page.locator('bn-tip-form').getByRole('button', { name: 'Send', exact: true }).waitFor();
    await context.close();
  });
});
