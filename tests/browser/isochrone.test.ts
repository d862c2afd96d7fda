/**
 * The site panel's "30 min" toggle in Chromium: on a site covered by an imported road graph
 * (OSM Andorra) it draws the road isochrone and says so; on a site no graph covers it draws
 * the estimate circle and labels it an estimate. Screenshots at 1440×900 and 390×844 in
 * test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { runGraphImport } from '../../api/src/modules/roads/roads.service.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  screenshot,
  UI_DIST,
  waitForMapIdle,
} from './browser-harness.ts';

const TEST_TIMEOUT = 240_000;
const ANDORRA = path.join(projectRoot, '..', 'shared', 'data', 'osm', 'andorra-latest.osm.pbf');

describe.skipIf(!hasChromium || !fs.existsSync(ANDORRA))(
  `isochrone toggle in Chromium (${engineName} engine)`,
  () => {
    let app: TestApp;
    let session: BrowserSession;
    let andorraSite: string;
    let limaySite: string;

    beforeAll(async () => {
      app = await startTestApp('empty', { UI_DIST });
      await runGraphImport(app.db.knex, 'roads', ANDORRA);
      const admin = await app.tokenClient('admin');
      andorraSite = (
        await admin.send(
          'POST',
          '/api/sites',
          siteBody({ name: 'Parcelle test Andorra la Vella' }, rect(1.5218, 42.5063, 0.002, 0.0015)),
        )
      ).body.id;
      limaySite = (await admin.send('POST', '/api/sites', siteBody())).body.id;
      session = await launchBrowser();
    }, 600_000);

    afterAll(async () => {
      await session?.close();
      await app?.close();
    });

    /** Properties of the isochrone features drawn on the map. */
    const drawnIsochrone = (page: Page) =>
      page.evaluate(() =>
        (globalThis as any).__lm.map
          .queryRenderedFeatures({ layers: ['lm-isochrone-fill'] })
          .map((f: { properties: Record<string, unknown> }) => f.properties),
      ) as Promise<Array<Record<string, unknown>>>;

    async function toggle(page: Page, siteId: string) {
      await page.goto(`${app.url}/?site=${siteId}`);
      await waitForMapIdle(page);
      const panel = page.getByTestId('site-panel');
      await expect.poll(() => panel.locator('h2').count(), { timeout: 30_000 }).toBe(1);
      await panel.getByTestId('isochrone-toggle').click();
      await expect
        .poll(() => page.evaluate(() => Boolean((globalThis as any).__lm.map.getSource('lm-isochrone'))), {
          timeout: 30_000,
        })
        .toBe(true);
      await waitForMapIdle(page);
      return panel;
    }

    it(
      'draws the road isochrone of a site on the graph, and takes it away again',
      async () => {
        const page = await session.context.newPage();
        await page.setViewportSize({ width: 1440, height: 900 });
        const panel = await toggle(page, andorraSite);
        expect(await panel.getByTestId('isochrone-toggle').getAttribute('aria-pressed')).toBe('true');
        await expect.poll(() => panel.getByTestId('isochrone-note').textContent()).toMatch(/réseau routier/);
        // What is drawn is the road isochrone of the minutes the note states, by car.
        const minutes = Number(
          /(\d+) min/.exec((await panel.getByTestId('isochrone-note').textContent())!)?.[1],
        );
        const drawn = await drawnIsochrone(page);
        expect(drawn.length).toBeGreaterThan(0);
        for (const p of drawn) expect(p).toMatchObject({ method: 'road', minutes, profile: 'car' });
        await screenshot(page, 'isochrone-road-1440');
        await page.setViewportSize({ width: 390, height: 844 });
        await waitForMapIdle(page);
        await screenshot(page, 'isochrone-road-390');
        await panel.getByTestId('isochrone-toggle').click();
        await expect
          .poll(() => page.evaluate(() => Boolean((globalThis as any).__lm.map.getSource('lm-isochrone'))))
          .toBe(false);
        await page.close();
      },
      TEST_TIMEOUT,
    );

    it(
      'labels the circle drawn for a site no road graph covers as an estimate',
      async () => {
        const page = await session.context.newPage();
        await page.setViewportSize({ width: 1440, height: 900 });
        const panel = await toggle(page, limaySite);
        await expect.poll(() => panel.getByTestId('isochrone-note').textContent()).toMatch(/Estimation/);
        const drawn = await drawnIsochrone(page);
        expect(drawn.length).toBeGreaterThan(0);
        for (const p of drawn) expect(p).toMatchObject({ method: 'estimate', profile: 'car' });
        const dashed = await page.evaluate(() =>
          (globalThis as any).__lm.map.getPaintProperty('lm-isochrone-line', 'line-dasharray'),
        );
        expect(dashed).toBeTruthy();
        await screenshot(page, 'isochrone-estimate-1440');
        await page.close();
      },
      TEST_TIMEOUT,
    );
  },
);
