// Kita-Anmeldung end to end, in Chromium against the real server: the town's page on another
// origin (only the snippet, strict CSP, hostile CSS) registers a child for a Kita of the county;
// the county's staff offer the place; the family accepts it in <bn-kita-status> through the
// tracking link, which withdraws the wish at the town's Kita. In <bn-console>, the office puts
// an account into a Kita's team and changes a setting, and that account sees both read-only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { acceptInvitation, HOSTILE_CSS, launchBrowser, newContext, startApi, startSite, townCsp, townPage, watch, type ApiServer, type Site } from './helpers.ts';
import { berlinToday } from '../../backend/core/time.ts';
import { addMonths } from '../../backend/kita/schema.ts';

describe('Kita-Anmeldung, end to end', () => {
  let api: ApiServer;
  let site: Site;
  let browser: Browser;
  const sk: Record<string, string> = {};
  const kitas: Record<string, string> = {};

  const staff = async <T>(tenant: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api.origin}/v1/staff/kita${path}`, {
      method,
      headers: { authorization: `Bearer ${sk[tenant]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  before(async () => {
    [api, site, browser] = await Promise.all([startApi(), startSite(), launchBrowser()]);
    await api.admin('POST', '/v1/admin/tenants', { slug: 'e2e-kreis', name: 'Landkreis E2E', origins: [site.origin] });
    await api.admin('POST', '/v1/admin/tenants', { slug: 'e2e-stadt', name: 'Stadt E2E', origins: [site.origin], parent: 'e2e-kreis' });
    for (const t of ['e2e-kreis', 'e2e-stadt']) {
      sk[t] = (await api.admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'staff', tenant: t, label: 'Anbindung' })).key;
      const base = { provider: 'Träger', address: 'Hauptstraße 1', ageGroups: ['krippe', 'kindergarten'], careHours: [25, 35] };
      kitas[t] = (await staff<{ id: string }>(t, 'POST', '/facilities', { ...base, name: t === 'e2e-kreis' ? 'Kreis-Kita Moorwiese' : 'Stadt-Kita Lindenhof' })).id;
    }
    const pk = (await api.admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'publishable', tenant: 'e2e-stadt', label: 'Website' })).key;
    const snippet = `<script type="module" src="${api.origin}/widgets/buergernah.js"></script>
<bn-tenant api-key="${pk}">
  <bn-kita-registration status-page="${site.origin}/kita-stand.html"></bn-kita-registration>
</bn-tenant>`;
    const statusSnippet = `<script type="module" src="${api.origin}/widgets/buergernah.js"></script>
<bn-tenant api-key="${pk}"><bn-kita-status></bn-kita-status></bn-tenant>`;
    const csp = townCsp(`script-src ${api.origin}\nconnect-src ${api.origin}\nimg-src ${api.origin} data: blob:\nworker-src blob:`, site.origin);
    site.pages.set('/hostile.css', { html: HOSTILE_CSS, type: 'text/css; charset=utf-8' });
    site.pages.set('/kita.html', { html: townPage([snippet], 'Stadt E2E – Kita'), csp });
    site.pages.set('/kita-stand.html', { html: townPage([statusSnippet], 'Stadt E2E – Stand'), csp });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([api?.close(), site?.close()]);
  });

  it("registers, gets an offer from the county, accepts it; the town's wish is withdrawn", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(`${site.origin}/kita.html`);
    const form = page.locator('bn-kita-registration');
    await form.getByRole('button', { name: /Wünschen.*Stadt-Kita Lindenhof/ }).click();
    await form.getByRole('button', { name: /Wünschen.*Kreis-Kita Moorwiese/ }).click();
    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.getByText('Schritt 2 von 5').waitFor();
    await form.getByRole('button', { name: 'Kreis-Kita Moorwiese nach oben' }).click();
    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.getByRole('textbox', { name: 'Vorname' }).fill('Mia');
    await form.getByRole('textbox', { name: 'Nachname' }).fill('Muster');
    await form.getByLabel('Geburtsdatum oder erwarteter Geburtstermin').fill(addMonths(berlinToday(), -14));
    await form.getByLabel('Gewünschter Betreuungsbeginn').fill(addMonths(berlinToday(), 2));
    await form.getByLabel('Betreuungsstunden pro Woche').fill('35');
    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.getByText('Schritt 4 von 5').waitFor();
    await form.getByRole('textbox', { name: 'Vorname' }).fill('Eva');
    await form.getByRole('textbox', { name: 'Nachname' }).fill('Muster');
    await form.getByLabel('E-Mail-Adresse').fill('eva@e2e.example');
    await form.getByLabel('Anschrift').fill('Hauptstraße 1');
    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.getByText('Schritt 5 von 5').waitFor();
    await form.getByRole('checkbox', { name: /Verarbeitung/ }).check();
    await form.getByRole('button', { name: 'Anmeldung absenden' }).click();
    await form.getByText('Anmeldung eingegangen').waitFor({ timeout: 30_000 });
    const ref = (await page.locator('bn-kita-registration [part~="reference"]').textContent())!.trim();
    assert.match(ref, /^KA-\d{4}-\d{5}$/);
    const tracking = (await form.getByRole('link', { name: 'Stand verfolgen' }).getAttribute('href'))!;
    assert.ok(tracking.startsWith(`${site.origin}/kita-stand.html#bn-kita=${ref}.`), tracking);
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    assert.deepEqual(seen.csp, [], 'no CSP violations');
    assert.deepEqual(seen.problems, [], 'a quiet console');

    // The county's staff see the child, ranked, and offer the place.
    const list = await staff<{ items: { ref: string; registrationId: string }[] }>('e2e-kreis', 'GET', '/registrations');
    const wish = list.items.find((i) => i.ref === ref)!;
    await staff('e2e-kreis', 'POST', '/offers', { registrationId: wish.registrationId, facilityId: kitas['e2e-kreis'] });

    await page.goto(tracking);
    const status = page.locator('bn-kita-status');
    await status.getByText('Platzangebot: Kreis-Kita Moorwiese').waitFor({ timeout: 30_000 });
    await status.getByRole('button', { name: 'Platz annehmen' }).click();
    await status.getByText('Platz angenommen').waitFor();
    await status.getByText('Stadt-Kita Lindenhof (Stadt E2E): Zurückgezogen').waitFor();
    const town = await staff<{ items: { ref: string; state: string }[] }>('e2e-stadt', 'GET', '/registrations');
    assert.equal(town.items.find((i) => i.ref === ref)!.state, 'withdrawn');
    assert.deepEqual(seen.problems, [], 'a quiet console');
    await context.close();
  });

  it("the office assigns a Kita's team in the console; the team sees it read-only", async () => {
    const invite = (name: string, email: string, roles: string[]) => api.admin<{ id: string; invitationUrl: string }>('POST', '/v1/admin/users', { email, name, roles, tenant: 'e2e-stadt' });
    const office = await invite('Olga Amt', 'amt@e2e.example', ['kita']);
    const member = await invite('Tim Team', 'team@e2e.example', ['kita:read']);

    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    await acceptInvitation(page, office.invitationUrl, 'Laternenumzug im Herbst 2026');
    await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('link', { name: 'Kita-Anmeldungen' }).click();
    const team = page.locator('bn-console-kita-team');
    await team.getByRole('heading', { name: 'Team: Stadt-Kita Lindenhof' }).waitFor({ timeout: 30_000 });
    await team.getByRole('combobox', { name: 'Konto' }).selectOption(member.id);
    await team.getByRole('button', { name: 'Zum Team hinzufügen' }).click();
    await team.getByText(/Tim Team.* gehört jetzt zum Team von .*Stadt-Kita Lindenhof/).waitFor();
    const saved = await staff<{ staff: string[] }>('e2e-stadt', 'GET', `/facilities/${kitas['e2e-stadt']}`);
    assert.deepEqual(saved.staff, [member.id]);

    // The office adds a Kita through the console's form: the real API takes the body as typed.
    await page.locator('bn-console-kita button.add-facility').click();
    const editor = page.locator('bn-console-kita-facility');
    await editor.locator('bn-text-field[name="name"] input').fill('Kita Pusteblume');
    await editor.locator('bn-text-field[name="provider"] input').fill('Stadt E2E');
    await editor.locator('bn-text-field[name="address"] input').fill('Wiesenweg 2');
    await editor.locator('bn-checkbox[name="age-kindergarten"] input').check();
    await editor.locator('bn-text-field[name="careHours"] input').fill('30, 45');
    await editor.locator('bn-text-field[name="capacity.kindergarten"] input').fill('40');
    await editor.getByRole('button', { name: 'Kita hinzufügen' }).click();
    await page
      .locator('bn-console-kita')
      .getByText(/Kita Pusteblume.* ist eingetragen/)
      .waitFor();
    const all = await staff<{ items: { name: string; ageGroups: string[]; careHours: number[]; capacity: Record<string, number>; lat: number | null }[] }>('e2e-stadt', 'GET', '/facilities');
    const added = all.items.find((f) => f.name === 'Kita Pusteblume')!;
    assert.deepEqual([added.ageGroups, added.careHours, added.capacity, added.lat], [['kindergarten'], [30, 45], { kindergarten: 40 }, null]);

    // The office changes a setting on the "Einstellungen" tab: the real API takes what changed.
    await page.locator('bn-console-kita').getByRole('tab', { name: 'Einstellungen' }).click();
    const settings = page.locator('bn-console-kita-settings');
    await settings.locator('bn-text-field[name="offerDays"] input').fill('21');
    await settings.locator('bn-text-field[name="weights.hardship"] input').fill('15,5');
    await settings.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await settings.getByText('Die Einstellungen sind gespeichert.').waitFor();
    const stored = await staff<{ offerDays: number; weights: { hardship: number; residence: number }; maxWishes: number }>('e2e-stadt', 'GET', '/settings');
    assert.deepEqual([stored.offerDays, stored.weights.hardship, stored.weights.residence, stored.maxWishes], [21, 15.5, 10, 5]);
    assert.deepEqual(seen.csp, []);
    assert.deepEqual(seen.problems, [], 'a quiet console');
    await context.close();

    const teamContext = await newContext(browser);
    const teamPage = await teamContext.newPage();
    await acceptInvitation(teamPage, member.invitationUrl, 'Sandkasten und Rutsche 2026');
    await teamPage.getByRole('navigation', { name: 'Bereiche' }).getByRole('link', { name: 'Kita-Anmeldungen' }).click();
    const own = teamPage.locator('bn-console-kita-team');
    await own.getByText('Tim Team').waitFor({ timeout: 30_000 });
    assert.equal(await own.getByRole('button').count(), 0, 'read-only: no remove, no add');
    assert.equal(await own.getByRole('combobox').count(), 0);
    assert.equal(await teamPage.locator('bn-console-kita button.add-facility, bn-console-kita button[data-edit]').count(), 0, 'read-only: no add, no change');
    // The settings as the office saved them, read-only, with the reason.
    await teamPage.locator('bn-console-kita').getByRole('tab', { name: 'Einstellungen' }).click();
    const readOnly = teamPage.locator('bn-console-kita-settings');
    await readOnly.getByText('21 Tage').waitFor();
    await readOnly.getByText(/Ihre Rolle erlaubt in der Kita-Anmeldung nur das Lesen/).waitFor();
    assert.equal(await readOnly.locator('form').count(), 0);
    await teamContext.close();
  });
});
