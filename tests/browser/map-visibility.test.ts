/**
 * Every site a filter or a search keeps is visible, and the map goes to them (issue 13), in
 * Debian's Chromium over the built UI and the real API with the demo data (either engine):
 * - with the Île-de-France filter the map draws all 15 sites, as single points or inside a
 *   cluster's count, at the fitted view and at France and regional zooms;
 * - the site list shows before the map has loaded (its tiles held back by a route), and a
 *   search typed meanwhile ("reposoirs") moves the map to the plot once it can, drawn;
 * - choosing a result in the list flies to it, leaving room for the site panel.
 * Screenshots (1440×900 and 390×844, French and English) go to test-results/screenshots/.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  jumpMap,
  launchBrowser,
  screenshot,
  UI_DIST,
  waitForMapIdle,
} from './browser-harness.ts';

const TEST_TIMEOUT = 300_000;

/**
 * What the map draws of the sites in its view: single sites by id and clusters by position,
 * each once (a feature near a tile edge is returned by both tiles), and how many sites that
 * makes (a cluster counts its `count`).
 */
async function drawnSites(page: Page) {
  return page.evaluate(() => {
    const m = (globalThis as any).__lm.map;
    const layers = ['lm-sites-point', 'lm-sites-cluster', 'lm-sites-fill'].filter((l) => m.getLayer(l));
    const seen = new Map<string, number>();
    const ids: string[] = [];
    let clusters = 0;
    for (const f of m.queryRenderedFeatures({ layers })) {
      const count = Number(f.properties?.count ?? 1);
      const key =
        count > 1
          ? `c:${(f.geometry.coordinates as number[]).map((v) => v.toFixed(4)).join(',')}:${count}`
          : `s:${f.properties?.id}`;
      if (seen.has(key)) continue;
      seen.set(key, count);
      if (count > 1) clusters++;
      else ids.push(String(f.properties?.id));
    }
    return { sites: [...seen.values()].reduce((a, b) => a + b, 0), clusters, ids };
  });
}

const view = (page: Page) =>
  page.evaluate(() => {
    const m = (globalThis as any).__lm.map;
    const c = m.getCenter();
    return { zoom: m.getZoom() as number, lon: c.lng as number, lat: c.lat as number };
  });

describe.skipIf(!hasChromium)(`every filtered site visible (${engineName} engine)`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let idf: { total: number; ids: Set<string> };

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    session = await launchBrowser();
    const { body } = await app.anonymous.get('/api/sites?region=11&limit=100');
    idf = { total: body.numberMatched, ids: new Set(body.features.map((f: { id: string }) => f.id)) };
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  it(
    'with the Île-de-France filter the map draws all 15 sites, as points or counts, and fits to them',
    async () => {
      expect(idf.total).toBe(15);
      const page = await session.context.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${app.url}/`);
      await waitForMapIdle(page);
      const france = await view(page);

      await page.getByText('Filtres', { exact: true }).click();
      await page.getByLabel('Région').selectOption({ label: 'Île-de-France' });
      await expect.poll(() => page.url()).toContain('region=11');
      await expect
        .poll(() => page.getByTestId('site-counts').textContent(), { timeout: 30_000 })
        .toContain('15 au total');
      // The map moves to the région's sites…
      await expect
        .poll(async () => (await view(page)).zoom, { timeout: 30_000 })
        .toBeGreaterThan(france.zoom + 1);
      await waitForMapIdle(page);
      const fitted = await view(page);
      expect(Math.abs(fitted.lon - 2.35)).toBeLessThan(1);
      expect(Math.abs(fitted.lat - 48.8)).toBeLessThan(0.6);
      // …and draws every one of them.
      await expect.poll(async () => (await drawnSites(page)).sites, { timeout: 30_000 }).toBe(15);
      for (const id of (await drawnSites(page)).ids) expect(idf.ids.has(id)).toBe(true);
      // The list follows the map's view after its debounce: polled, like the map.
      await expect
        .poll(() => page.getByTestId('site-counts').textContent(), { timeout: 30_000 })
        .toContain('15 sites dans la vue');
      await screenshot(page, 'visibility-idf-fitted');

      // At France zoom the Paris-area sites share cells: they are there as counts.
      await jumpMap(page, [2.45, 46.6], 5.2);
      await expect.poll(async () => (await drawnSites(page)).sites, { timeout: 30_000 }).toBe(15);
      expect((await drawnSites(page)).clusters).toBeGreaterThan(0);
      await screenshot(page, 'visibility-idf-france');
      await jumpMap(page, [2.4, 48.8], 8);
      await expect.poll(async () => (await drawnSites(page)).sites, { timeout: 30_000 }).toBe(15);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the list shows before the map has loaded, and "reposoirs" typed meanwhile moves the map to the plot, drawn',
    async () => {
      const { body } = await app.anonymous.get('/api/sites?q=reposoirs');
      expect(body.numberMatched).toBe(1);
      const id = String(body.features[0].id);

      const page = await session.context.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      // Tiles held back: the map cannot fire its load event until they are let through.
      const held: Route[] = [];
      let hold = true;
      await page.route('**/tiles/**', (route) => (hold ? held.push(route) : route.continue()));
      await page.goto(`${app.url}/`);

      await expect.poll(() => page.locator('.site-item').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      const mapLoaded = () => page.evaluate(() => Boolean((globalThis as any).__lm?.map?.loaded()));
      expect(await mapLoaded()).toBe(false);
      expect(await page.getByTestId('site-counts').textContent()).toMatch(/\d+ sites dans la vue/);

      await page.getByLabel('Rechercher un site ou une commune').fill('reposoirs');
      await expect
        .poll(
          () =>
            page.locator('.site-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-site-id'))),
          { timeout: 30_000 },
        )
        .toEqual([id]);
      expect(await mapLoaded()).toBe(false);
      expect(held.length).toBeGreaterThan(0);

      hold = false;
      for (const r of held.splice(0)) await r.continue();
      // The camera goes to Limay (it lands in the URL) and the plot is drawn there.
      await expect
        .poll(() => Number(new URL(page.url()).searchParams.get('map')?.split('/')[0] ?? 0), {
          timeout: 60_000,
        })
        .toBeGreaterThanOrEqual(12);
      await waitForMapIdle(page);
      const at = await view(page);
      expect(Math.abs(at.lat - 48.99)).toBeLessThan(0.05);
      expect(Math.abs(at.lon - 1.75)).toBeLessThan(0.1);
      expect(at.zoom).toBeLessThanOrEqual(14.01);
      await expect.poll(async () => (await drawnSites(page)).ids, { timeout: 30_000 }).toEqual([id]);
      await screenshot(page, 'visibility-reposoirs');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'choosing a result in the list flies to the site, clear of the site panel, in English on a phone too',
    async () => {
      for (const [width, height, lang] of [
        [1440, 900, 'fr'],
        [390, 844, 'en'],
      ] as const) {
        const page = await session.context.newPage();
        await page.setViewportSize({ width, height });
        await page.goto(`${app.url}/?region=11${lang === 'en' ? '&lang=en' : ''}`);
        await waitForMapIdle(page);
        // Opened without a view, the filtered link shows its results: all 15.
        await expect.poll(async () => (await drawnSites(page)).sites, { timeout: 30_000 }).toBe(15);
        await screenshot(page, `visibility-idf-${width}-${lang}`);

        const item = page.locator('.site-item').first();
        const target = await item.getAttribute('data-site-id');
        await item.click();
        await expect.poll(() => page.url()).toContain(`site=${target}`);
        await expect.poll(async () => (await view(page)).zoom, { timeout: 30_000 }).toBeGreaterThan(11);
        await waitForMapIdle(page);
        await expect.poll(async () => (await drawnSites(page)).ids, { timeout: 30_000 }).toContain(target);
        if (width > 1000) {
          // Its outline lies left of the panel that opened on the right.
          const box = await page.evaluate((id) => {
            const m = (globalThis as any).__lm.map;
            const fs = m
              .queryRenderedFeatures({ layers: ['lm-sites-fill'] })
              .filter((f: any) => f.properties.id === id);
            const xs = fs.flatMap((f: any) =>
              (f.geometry.type === 'Polygon'
                ? f.geometry.coordinates.flat(1)
                : f.geometry.coordinates.flat(2)
              ).map((c: number[]) => m.project(c).x),
            );
            return { maxX: Math.max(...xs), width: m.getContainer().clientWidth };
          }, target);
          expect(box.maxX).toBeLessThan(box.width - 380);
        }
        await screenshot(page, `visibility-selected-${width}-${lang}`);
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );
});
