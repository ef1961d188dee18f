// The address search and the map from a town's page, through the real server and the built
// classic script: the geocoder (a fake Photon) is asked by our backend only, never by the
// browser; the classic script loads the map from buergernah-map.js; without tiles the map
// says so in words.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, startApi, startSite, townCsp, townPage, watch, type ApiServer, type Site } from './helpers.ts';

describe('maps and address search', () => {
  let api: ApiServer;
  let site: Site;
  let browser: Browser;
  let photon: http.Server;
  let photonHits = 0;

  before(async () => {
    photon = http.createServer((_req, res) => {
      photonHits++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          features: [
            { geometry: { coordinates: [10.5268, 52.2647] }, properties: { street: 'Hauptstraße', housenumber: '12', postcode: '38100', city: 'Braunschweig' } },
            { geometry: { coordinates: [10.78, 52.42] }, properties: { street: 'Hauptstraße', housenumber: '12', postcode: '38442', city: 'Wolfsburg' } },
          ],
        }),
      );
    });
    await new Promise<void>((r) => photon.listen(0, '127.0.0.1', r));
    const geocoder = { kind: 'photon', url: `http://127.0.0.1:${(photon.address() as AddressInfo).port}/api` };
    [api, site, browser] = await Promise.all([startApi(), startSite(), launchBrowser()]);
    await api.admin('POST', '/v1/admin/tenants', { slug: 'e2e-karte', name: 'Stadt Karte', origins: [site.origin], map: { geocoder, center: [52.26, 10.52], zoom: 13 } });
    const pk = (await api.admin<{ key: string }>('POST', '/v1/admin/keys', { kind: 'publishable', tenant: 'e2e-karte', label: 'Website' })).key;
    const snippet = `<script src="${api.origin}/widgets/buergernah.classic.js" defer></script>
<bn-tenant api-key="${pk}"><bn-tip-form></bn-tip-form></bn-tenant>`;
    const csp = townCsp(`script-src ${api.origin}\nconnect-src ${api.origin}\nimg-src ${api.origin} data: blob:\nworker-src blob:`, site.origin);
    site.pages.set('/hostile.css', { html: '', type: 'text/css; charset=utf-8' });
    site.pages.set('/karte.html', { html: townPage([snippet]), csp });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([api?.close(), site?.close(), new Promise((r) => photon?.close(r))]);
  });

  it('searches an address through our API, sets address and pin, and opens a map without tiles that says so', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = await watch(page);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${site.origin}/karte.html`);
    const form = page.locator('bn-tip-form');
    await form.getByLabel('Adresse oder Ortsbeschreibung').fill('Hauptstraße 12');
    await form.getByRole('button', { name: 'Adresse suchen' }).click();
    const results = form.getByRole('list', { name: 'Gefundene Adressen' });
    await results.waitFor();
    assert.equal(await results.getByRole('button').count(), 2);
    if (process.env.BN_SHOTS) await page.screenshot({ path: `${process.env.BN_SHOTS}/search-375.png`, fullPage: true });
    await results.getByRole('button', { name: /Braunschweig/ }).click();
    await form.getByText('Punkt gesetzt: 52,26470, 10,52680').first().waitFor();
    assert.equal(await form.getByLabel('Adresse oder Ortsbeschreibung').inputValue(), 'Hauptstraße 12, 38100 Braunschweig');

    await form.getByRole('button', { name: 'Ort auf der Karte wählen' }).click();
    await form.getByText('Für diese Karte ist kein Kartendienst eingerichtet').waitFor();
    await page.locator('bn-tip-form bn-tip-location .leaflet-container').waitFor({ timeout: 20_000 });
    if (process.env.BN_SHOTS) await page.screenshot({ path: `${process.env.BN_SHOTS}/map-375.png`, fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll');

    assert.equal(photonHits, 1, 'our backend asked the geocoder once');
    const geocoderPort = String((photon.address() as AddressInfo).port);
    assert.deepEqual(
      urls.filter((u) => u.includes(`:${geocoderPort}`)),
      [],
      'the browser never calls the geocoder',
    );
    assert.ok(
      urls.some((u) => u.endsWith('/widgets/buergernah-map.js')),
      'the classic script loads the map from beside itself',
    );
    assert.deepEqual(seen.problems, []);
    await context.close();
  });
});
