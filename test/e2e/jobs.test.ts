// Stellenangebote end to end, in Chromium against the real server: a town's page on another
// origin (only the snippet, strict CSP, hostile CSS) lists the postings; the detail writes its
// JobPosting JSON-LD into the host page's <head>; an applicant applies with a real PDF, gets
// the reference and the status link, and sees the status there; the clerk finds the
// application in <bn-console>.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { addDays, berlinToday } from '../../backend/core/time.ts';
import { posting } from '../backend/jobs-posting.ts';
import { acceptInvitation, HOSTILE_CSS, launchBrowser, newContext, startApi, startSite, townCsp, townPage, watch, type ApiServer, type Site } from './helpers.ts';

const TITLE = 'Sachbearbeitung Bauordnung (m/w/d)';

/** A real, small PDF: one page with a line of text. */
async function curriculumVitae(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Lebenslauf Erika Beispiel', { x: 50, y: 780, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

describe('Stellenangebote, end to end', () => {
  let api: ApiServer;
  let site: Site;
  let browser: Browser;
  let clerkLink = '';
  let ref = '';

  before(async () => {
    [api, site, browser] = await Promise.all([startApi(), startSite(), launchBrowser()]);
    await api.admin('POST', '/v1/admin/tenants', { slug: 'e2e-jobs', name: 'Stadt E2E', origins: [site.origin], contactEmail: 'rathaus@e2e.example' });
    const sk = (await api.admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'staff', tenant: 'e2e-jobs', label: 'Personalverwaltung' })).key;
    const pk = (await api.admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'publishable', tenant: 'e2e-jobs', label: 'Website' })).key;
    clerkLink = (await api.admin<{ invitationUrl: string }>('POST', '/v1/admin/users', { email: 'personal@e2e.example', name: 'Petra Personal', roles: ['jobs'], tenant: 'e2e-jobs' })).invitationUrl;
    const deadline = addDays(berlinToday(), 30);
    const res = await fetch(`${api.origin}/v1/staff/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sk}`, 'content-type': 'application/json' },
      body: JSON.stringify(posting({ title: TITLE, descriptionHtml: '<h2>Ihre Aufgaben</h2><p>Prüfung von <strong>Bauanträgen</strong>.</p><script>alert(1)</script>', deadline })),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const snippet = `<script type="module" src="${api.origin}/widgets/buergernah.js"></script>
<bn-tenant api-key="${pk}">
  <bn-job-listings></bn-job-listings>
</bn-tenant>`;
    const csp = townCsp(`script-src ${api.origin}\nconnect-src ${api.origin}\nimg-src ${api.origin} data: blob:\nworker-src blob:`, site.origin);
    site.pages.set('/hostile.css', { html: HOSTILE_CSS, type: 'text/css; charset=utf-8' });
    site.pages.set('/stellen.html', { html: townPage([snippet], 'Stadt E2E – Stellenangebote'), csp });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([api?.close(), site?.close()]);
  });

  it('list → detail with JSON-LD in the head → application with a PDF → reference → status link', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(`${site.origin}/stellen.html`);
    const jobs = page.locator('bn-job-listings');
    await jobs.getByText('1 offene Stelle').waitFor({ timeout: 30_000 });
    await jobs.getByRole('link', { name: TITLE }).click();
    await jobs.getByRole('heading', { name: TITLE }).waitFor();
    assert.match(new URL(page.url()).search, /bn-job=[0-9a-f-]{36}/);
    // The description arrives sanitised: the script is gone, the heading moved under the title.
    assert.equal(await jobs.locator('.description script').count(), 0);
    const ld = await page.evaluate(() => [...document.head.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent!)));
    assert.equal(ld.length, 1);
    const posting = ld[0] as Record<string, unknown>;
    assert.equal(posting['@type'], 'JobPosting');
    assert.equal(posting.title, TITLE);
    for (const p of ['description', 'datePosted', 'hiringOrganization', 'jobLocation', 'validThrough', 'employmentType', 'baseSalary', 'identifier', 'directApply'])
      assert.ok(posting[p] !== undefined, p);
    assert.doesNotMatch(String(posting.description), /<script/);

    await jobs.getByRole('button', { name: 'Jetzt online bewerben' }).click();
    await jobs.getByRole('heading', { name: 'Ihre Bewerbung' }).waitFor();
    await jobs.getByRole('textbox', { name: 'Vorname' }).fill('Erika');
    await jobs.getByRole('textbox', { name: 'Nachname' }).fill('Beispiel');
    await jobs.getByRole('textbox', { name: /E-Mail-Adresse/ }).fill('erika@e2e.example');
    await jobs.getByRole('textbox', { name: /Anschreiben/ }).fill('Ich bewerbe mich <b>gern</b> auf die Stelle.');
    await jobs.locator('input[type="file"]').setInputFiles({ name: 'Lebenslauf.pdf', mimeType: 'application/pdf', buffer: await curriculumVitae() });
    await jobs.getByText('Lebenslauf.pdf').first().waitFor();
    await jobs.getByRole('radio', { name: 'Ich bin schwerbehindert.' }).check();
    await jobs.getByRole('checkbox', { name: /einverstanden/ }).check();
    await jobs.getByRole('button', { name: 'Bewerbung absenden' }).click();
    await jobs.getByText('Vielen Dank, Ihre Bewerbung ist eingegangen.').waitFor({ timeout: 30_000 });
    ref = (await jobs.locator('[part~="reference"]').textContent())!.trim();
    assert.match(ref, /^BW-\d{4}-\d{5}$/);
    const link = (await jobs.getByRole('link', { name: 'Stand meiner Bewerbung' }).getAttribute('href'))!;
    assert.ok(link.startsWith(`${site.origin}/stellen.html#bn-job-status=${ref}.`), link);
    assert.deepEqual(seen.csp, [], 'no CSP violations');
    assert.deepEqual(seen.problems, [], 'a quiet console');

    // The status link, as from the receipt mail: a fresh load of the town's page.
    await page.goto('about:blank');
    await page.goto(link);
    await jobs.getByRole('heading', { name: `Stand Ihrer Bewerbung ${ref}` }).waitFor({ timeout: 30_000 });
    await jobs.getByText('Eingegangen').first().waitFor();
    // Leaving the detail removed its JSON-LD; the status view writes none.
    assert.equal(await page.evaluate(() => document.head.querySelectorAll('script[type="application/ld+json"]').length), 0);
    assert.deepEqual(seen.problems, [], 'a quiet console');
    await context.close();
  });

  it('the clerk sees the application in the console', async () => {
    assert.ok(ref, 'needs the application of the first test');
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await acceptInvitation(page, clerkLink, 'Stellenbesetzung im Bauamt 2026');
    await page.getByText(/Angemeldet als Petra Personal/).waitFor();
    const nav = page.getByRole('navigation', { name: 'Bereiche' });
    await nav.getByRole('link', { name: 'Stellen und Bewerbungen' }).click();
    const section = page.locator('bn-console-jobs');
    await section.getByRole('button', { name: /^Bewerbungen ansehen\s*:\s*Sachbearbeitung Bauordnung/ }).click();
    const apps = page.locator('bn-jobs-applications');
    await apps.getByRole('cell', { name: ref }).or(apps.getByText(ref)).first().waitFor({ timeout: 30_000 });
    assert.ok(await apps.getByText('schwerbehindert / gleichgestellt').isVisible(), 'flagged for §165 SGB IX');
    assert.ok(await apps.getByRole('button', { name: 'Lebenslauf.pdf' }).isVisible());
    await apps.getByRole('button', { name: new RegExp(`^Details\\s*:\\s*${ref}$`) }).click();
    await apps.getByText('Ich bewerbe mich <b>gern</b> auf die Stelle.').waitFor();
    assert.deepEqual(seen.csp, []);
    assert.deepEqual(
      seen.problems.filter((p) => p.startsWith('pageerror')),
      [],
    );
    await context.close();
  });
});
