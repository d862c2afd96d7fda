/**
 * Basemaps and infrastructure symbols in Debian's Chromium (issue 13 items 1-2), with the online
 * basemaps switched on at their default public URLs (IGN Géoplateforme, OpenFreeMap) but the
 * network cut: every request that does not go to the app under test is aborted by a playwright
 * route and recorded, so the test proves both that the offline map needs nothing from outside
 * and that a chosen online basemap that cannot load falls back to it with a visible message.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  jumpMap,
  launchBrowser,
  openMap,
  screenshot,
  UI_DIST,
  waitForMapIdle,
} from './browser-harness.ts';

const TEST_TIMEOUT = 240_000;
const INFRA_KEYS = [
  'motorway_access',
  'rail_freight',
  'rail_station',
  'port',
  'airport',
  'substation_400',
  'substation_225',
  'substation_63',
];

async function renderedNames(page: Page, layerPrefix: string): Promise<string[]> {
  return page.evaluate((prefix) => {
    const m = (globalThis as any).__lm.map;
    const layers = m
      .getStyle()
      .layers.map((l: { id: string }) => l.id)
      .filter((id: string) => id.startsWith(prefix));
    return m.queryRenderedFeatures({ layers }).map((f: any) => String(f.properties.name));
  }, layerPrefix);
}

describe.skipIf(!hasChromium)(
  `basemaps and infrastructure symbols in Chromium (${engineName} engine)`,
  () => {
    let app: TestApp;
    let session: BrowserSession;
    let context: BrowserContext;
    /** Requests that tried to leave the app: aborted, never sent. */
    const blocked: string[] = [];

    beforeAll(async () => {
      app = await startTestApp('demo', { UI_DIST, BASEMAPS: 'offline,plan-ign,ortho-ign,osm' });
      session = await launchBrowser();
      context = session.context;
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(app.url) || url.startsWith('data:') || url.startsWith('blob:'))
          return route.fallback();
        blocked.push(url);
        return route.abort('internetdisconnected');
      });
    }, 600_000);

    afterAll(async () => {
      await session?.close();
      await app?.close();
    });

    const open = (pathAndQuery: string) => openMap(context, app.url + pathAndQuery);

    it(
      'shows the offline basemap by default with département and commune names, fetching nothing outside',
      async () => {
        const page = await open('/?map=9/48.86/2.3');
        expect(await page.evaluate(() => (globalThis as any).__lm.map.getStyle().name)).toBe(
          'Landmatch offline',
        );
        const communes = await renderedNames(page, 'lm-commune-labels');
        expect(communes).toEqual(expect.arrayContaining(['Argenteuil', 'Montreuil']));
        // Paris is named once: by its département label "Paris (75)", which wins the collision.
        expect([...communes, ...(await renderedNames(page, 'lm-departement-labels'))]).toContain('Paris');
        // At z8 the départements around Paris show.
        await jumpMap(page, [2.5, 48.7], 8);
        const departements = await renderedNames(page, 'lm-departement-labels');
        const idf = ['Yvelines', 'Essonne', "Val-d'Oise", 'Seine-et-Marne'];
        expect(
          departements.filter((d) => idf.includes(d)).length,
          departements.join(', '),
        ).toBeGreaterThanOrEqual(3);
        // At France scale, régions.
        await jumpMap(page, [2.5, 46.6], 5.5);
        const regions = await renderedNames(page, 'lm-region-labels');
        expect(regions).toEqual(expect.arrayContaining(['Île-de-France', 'Grand Est', 'Bretagne']));
        expect(blocked).toEqual([]);
        expect(session.pageErrors).toEqual([]);
        expect(session.cspViolations).toEqual([]);
        await screenshot(page, 'basemap-offline-france');
        await page.close();
      },
      TEST_TIMEOUT,
    );

    it(
      'lists the configured basemaps; an online one that cannot load falls back to offline and says so',
      async () => {
        const page = await open('/?map=11/49.0/1.756');
        const switcher = page.getByTestId('basemap-switcher');
        await switcher.getByRole('button', { name: /Fond de carte/ }).click();
        const options = switcher.getByRole('radio');
        await expect.poll(() => options.count()).toBe(4);
        const names = await switcher.locator('.basemap-option-name').allTextContents();
        expect(names).toEqual([
          'Hors ligne (intégré)',
          'Plan IGN',
          'Photographies aériennes (IGN)',
          'OpenStreetMap',
        ]);
        // Attribution beside each online choice.
        expect(await switcher.locator('.basemap-attribution').allTextContents()).toEqual(
          expect.arrayContaining([expect.stringContaining('IGN'), expect.stringContaining('OpenStreetMap')]),
        );

        await switcher.getByLabel('Plan IGN').check();
        const alert = switcher.getByRole('alert');
        await expect
          .poll(() => alert.textContent(), { timeout: 30_000 })
          .toContain('Fond « Plan IGN » indisponible');
        expect(
          blocked.some((u) =>
            u.startsWith('https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN'),
          ),
        ).toBe(true);
        await waitForMapIdle(page);
        expect(await page.evaluate(() => (globalThis as any).__lm.map.getStyle().name)).toBe(
          'Landmatch offline',
        );
        expect(await renderedNames(page, 'lm-commune-labels')).toContain('Limay');

        await switcher.getByLabel('Photographies aériennes (IGN)').check();
        await expect
          .poll(() => alert.textContent(), { timeout: 30_000 })
          .toContain('Fond « Photographies aériennes (IGN) » indisponible');
        expect(blocked.some((u) => u.includes('LAYER=ORTHOIMAGERY.ORTHOPHOTOS'))).toBe(true);
        // The cadastre and the sites never depended on it: the sites still draw.
        await waitForMapIdle(page);
        expect(await page.evaluate(() => (globalThis as any).__lm.map.getSource('lm-sites')?.type)).toBe(
          'vector',
        );
        await screenshot(page, 'basemap-fallback');

        // Back to offline: the message goes.
        await switcher.getByLabel('Hors ligne (intégré)').check();
        await expect.poll(() => alert.count()).toBe(0);
        expect(session.pageErrors).toEqual([]);
        await page.close();
      },
      TEST_TIMEOUT,
    );

    it(
      'draws each infrastructure kind with its own symbol, the legend showing the very same ones',
      async () => {
        const page = await open(`/?map=10/48.98/1.9&lang=en&layers=${INFRA_KEYS.join(',')}`);
        const legend = page.locator('.legend');
        if (await legend.evaluate((e) => e.classList.contains('closed')))
          await legend.locator('.legend-toggle').click();
        await legend.locator('.legend-infra > summary').click();
        const items = legend.locator('.legend-infra-item');
        expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(
          INFRA_KEYS,
        );
        const legendIcons = await items
          .locator('img')
          .evaluateAll((els) => els.map((e) => e.getAttribute('src')));
        expect(new Set(legendIcons).size).toBe(INFRA_KEYS.length);
        // Legend sizes follow the voltage classes.
        const widths = await items
          .locator('img')
          .evaluateAll((els) => els.map((e) => (e as any).width as number));
        expect(widths[5]).toBeGreaterThan(widths[6]);
        expect(widths[6]).toBeGreaterThan(widths[7]);

        const style = await page.evaluate((keys) => {
          const m = (globalThis as any).__lm.map;
          return keys.map((k: string) => {
            const l = m.getStyle().layers.find((x: { id: string }) => x.id === `lm-infra-${k}`);
            return { type: l.type, icon: l.layout['icon-image'], has: m.hasImage(l.layout['icon-image']) };
          });
        }, INFRA_KEYS);
        expect(style.map((s) => s.type)).toEqual(INFRA_KEYS.map(() => 'symbol'));
        expect(style.map((s) => s.icon)).toEqual(INFRA_KEYS.map((k) => `lm:infra-${k}`));
        expect(style.every((s) => s.has)).toBe(true);

        // What is drawn matches the layer it is drawn in (kind and voltage class).
        const drawn: Array<{ layer: string; kind: string; kv: number | null; name: string | null }> =
          await page.evaluate(() => {
            const m = (globalThis as any).__lm.map;
            const layers = m
              .getStyle()
              .layers.map((l: { id: string }) => l.id)
              .filter((id: string) => id.startsWith('lm-infra-'));
            return m.queryRenderedFeatures({ layers }).map((f: any) => ({
              layer: f.layer.id.replace('lm-infra-', ''),
              kind: f.properties.kind,
              kv: f.properties.voltageKv ?? null,
              name: f.properties.name ?? null,
            }));
          });
        expect(drawn.length).toBeGreaterThan(3);
        for (const d of drawn) {
          if (d.layer.startsWith('substation_')) {
            expect(d.kind).toBe('substation');
            const kv = d.kv ?? 0;
            const cls = kv >= 380 ? 'substation_400' : kv >= 200 ? 'substation_225' : 'substation_63';
            expect(d.layer).toBe(cls);
          } else expect(d.kind).toBe(d.layer);
        }
        // Names come with the data at city zoom.
        expect(drawn.some((d) => d.name)).toBe(true);
        expect(session.pageErrors).toEqual([]);
        await screenshot(page, 'basemap-infrastructure-legend');
        await page.close();
      },
      TEST_TIMEOUT,
    );
  },
);
