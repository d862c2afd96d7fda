/**
 * The built map UI in Debian's Chromium (playwright-core), served by the real API in-process
 * with the demo data, on whichever engine the run uses (DATABASE_URL set → PostGIS server,
 * else embedded). WebGL runs on SwiftShader, so MapLibre really renders and the tests query
 * what it drew (`window.__lm.map.queryRenderedFeatures`). Screenshots go to
 * test-results/screenshots/ (git-ignored).
 *
 * Without Chromium at /usr/bin/chromium (or CHROMIUM_PATH) the suite is skipped with a
 * message saying how to enable it.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  openMap,
  screenshot,
  UI_DIST,
  waitForMapIdle,
} from './browser-harness.ts';

const TEST_TIMEOUT = 240_000;

const SITE_LAYERS = ['lm-sites-point', 'lm-sites-fill', 'lm-sites-cluster'];

interface RenderedSite {
  id: string | null;
  layer: string;
  name: string | null;
  railSiding: boolean | null;
  lngLat: [number, number] | null;
}

async function renderedSites(page: Page, layers = SITE_LAYERS): Promise<RenderedSite[]> {
  return page.evaluate((layerIds) => {
    const m = (globalThis as any).__lm.map;
    return m.queryRenderedFeatures({ layers: layerIds.filter((l) => m.getLayer(l)) }).map((f: any) => ({
      id: (f.properties?.id as string | undefined) ?? null,
      layer: f.layer.id,
      name: (f.properties?.name as string | undefined) ?? null,
      railSiding: (f.properties?.railSiding as boolean | undefined) ?? null,
      lngLat: f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : null,
    }));
  }, layers);
}

const shot = (page: Page, name: string) => screenshot(page, `${name}`);

describe.skipIf(!hasChromium)(`map UI in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let context: BrowserContext;
  let cspViolations: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    session = await launchBrowser();
    context = session.context;
    cspViolations = session.cspViolations;
    pageErrors = session.pageErrors;
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  const open = (pathAndQuery = '/') => openMap(context, app.url + pathAndQuery);

  it(
    'loads the map and renders the demo sites from the vector tiles, with a working worker under the CSP',
    async () => {
      const page = await open('/');
      const source = await page.evaluate(() => (globalThis as any).__lm.map.getSource('lm-sites')?.type);
      expect(source).toBe('vector');
      // What is drawn is the API's published inventory: each site by its id and name.
      const { body: published } = await app.anonymous.get('/api/sites?limit=10000');
      const nameOf = new Map<string, string>(
        published.features.map((f: { id: string; properties: { name: string } }) => [
          f.id,
          f.properties.name,
        ]),
      );
      const sites = (await renderedSites(page)).filter((s) => s.id !== null);
      expect(sites.length).toBeGreaterThan(0);
      for (const s of sites) expect(s.name, `site ${s.id}`).toBe(nameOf.get(s.id!));
      // The list beside the map counts the same inventory.
      await expect
        .poll(() => page.getByTestId('site-counts').textContent(), { timeout: 30_000 })
        .toMatch(/\d+/);
      const { body } = await app.anonymous.get('/api/sites?limit=1');
      expect(await page.getByTestId('site-counts').textContent()).toContain(String(body.numberMatched));
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
      await shot(page, 'map');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a filter changes the sites drawn on the map and listed beside it',
    async () => {
      const { body: all } = await app.anonymous.get('/api/sites?limit=1000');
      const { body: rail } = await app.anonymous.get('/api/sites?limit=1000&railSiding=true');
      expect(rail.numberMatched).toBeGreaterThan(0);
      expect(rail.numberMatched).toBeLessThan(all.numberMatched);
      const railIds = new Set<string>(rail.features.map((f: { id: string }) => f.id));

      const page = await open('/');
      const before = await renderedSites(page);
      expect(
        before.some((s) => s.id && !railIds.has(s.id)) || before.some((s) => s.layer === 'lm-sites-cluster'),
      ).toBe(true);

      await page.getByText('Filtres', { exact: true }).click();
      await page.getByLabel('Embranchement ferré').check();
      await expect.poll(() => page.url()).toContain('rail=1');
      await expect
        .poll(() => page.getByTestId('site-counts').textContent(), { timeout: 30_000 })
        .toContain(`${rail.numberMatched} au total`);
      await waitForMapIdle(page);

      // The tiles are filtered by the server: every single site drawn is a match, and clusters
      // (id null) hold matches only (tests/browser/map-visibility.test.ts counts them).
      const after = await renderedSites(page);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((s) => s.id === null || railIds.has(s.id))).toBe(true);
      expect(after.some((s) => s.id !== null)).toBe(true);
      const listed = await page
        .locator('.site-item')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-site-id')));
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((id) => id !== null && railIds.has(id))).toBe(true);
      await shot(page, 'filter-rail');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the search box finds a site by commune without its accents and narrows the map to it',
    async () => {
      const { body } = await app.anonymous.get(`/api/sites?limit=5&q=${encodeURIComponent('Béziers')}`);
      expect(body.numberMatched).toBeGreaterThan(0);
      const ids = new Set<string>(body.features.map((f: { id: string }) => f.id));

      const page = await open('/');
      await page.getByLabel('Rechercher un site ou une commune').fill('beziers');
      await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('q=beziers');
      await expect
        .poll(
          () =>
            page.locator('.site-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-site-id'))),
          {
            timeout: 30_000,
          },
        )
        .toEqual([...ids]);
      await waitForMapIdle(page);
      const drawn = await renderedSites(page);
      expect(drawn.length).toBeGreaterThan(0);
      expect(drawn.every((s) => s.id === null || ids.has(s.id))).toBe(true);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'clicking a site on the map opens its panel with the public facts and a shareable link',
    async () => {
      const page = await open('/');
      const target = (await renderedSites(page, ['lm-sites-point'])).find((s) => s.id && s.lngLat);
      expect(target).toBeDefined();
      const point = await page.evaluate((ll) => {
        const m = (globalThis as any).__lm.map;
        const p = m.project(ll);
        const r = m.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      }, target!.lngLat!);
      await page.mouse.click(point.x, point.y);

      const panel = page.getByTestId('site-panel');
      await expect.poll(() => panel.locator('h2').textContent(), { timeout: 30_000 }).toBe(target!.name);
      expect(page.url()).toContain(`site=${target!.id}`);
      await expect.poll(() => panel.getByText('Provenance des données').count()).toBe(1);
      expect(await panel.getByRole('button', { name: 'Copier le lien' }).count()).toBe(1);
      await waitForMapIdle(page);
      await shot(page, 'site-panel');

      // A site with nothing left says so in words in the list and the panel, never a bold "0 ha".
      const { body } = await app.anonymous.get('/api/sites?status=taken&limit=100');
      const taken = body.features.find((f: any) => f.properties.availableAreaHa === 0);
      expect(taken).toBeDefined();
      await page.goto(`${app.url}/?site=${taken.id}&q=${encodeURIComponent(taken.properties.name)}`);
      await expect
        .poll(() => panel.locator('h2').textContent(), { timeout: 30_000 })
        .toBe(taken.properties.name);
      const row = panel
        .locator('dt', { hasText: /^Surface disponible$/ })
        .locator('xpath=following-sibling::dd[1]');
      expect(await row.textContent()).toMatch(/^Plus de surface disponible/);
      const item = page.locator(`.site-item[data-site-id="${taken.id}"] .site-area`);
      await expect.poll(() => item.textContent(), { timeout: 30_000 }).toBe('Plus de surface disponible');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'switching to English changes the interface and the URL',
    async () => {
      const page = await open('/');
      expect(await page.getByRole('link', { name: 'Carte des sites' }).count()).toBe(1);
      await page.getByRole('button', { name: /^EN/ }).click();
      await expect.poll(() => page.getByRole('link', { name: 'Site map' }).count()).toBe(1);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getByPlaceholder('Site name or town…').count()).toBe(1);
      expect(page.url()).toContain('lang=en');
      await expect.poll(() => page.getByTestId('site-counts').textContent()).toMatch(/sites? in view/);
      await shot(page, 'english');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a reload restores the view, the filters, the selected site, the layers and the language',
    async () => {
      const { body } = await app.anonymous.get('/api/sites?limit=1&label=cle_en_main_france_2030');
      const site = body.features[0];
      expect(site).toBeDefined();
      const query = `?map=7.5/48.7/2.6&label=cle_en_main_france_2030&site=${site.id}&layers=port&lang=en`;
      const page = await open(`/${query}`);
      await page.reload();
      await waitForMapIdle(page);

      const state = await page.evaluate(() => {
        const m = (globalThis as any).__lm.map;
        return {
          zoom: m.getZoom(),
          center: m.getCenter(),
          port: m.getLayoutProperty('lm-infra-port', 'visibility'),
          motorway: m.getLayoutProperty('lm-infra-motorway_access', 'visibility'),
        };
      });
      expect(state.zoom).toBeCloseTo(7.5, 1);
      expect(state.center.lat).toBeCloseTo(48.7, 1);
      expect(state.center.lng).toBeCloseTo(2.6, 1);
      expect(state.port).toBe('visible');
      expect(state.motorway).toBe('none');
      await expect
        .poll(() => page.getByTestId('site-panel').locator('h2').textContent(), { timeout: 30_000 })
        .toBe(site.properties.name);
      expect(await page.getByLabel('Turnkey France 2030').isChecked()).toBe(true);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(page.url()).toContain(`site=${site.id}`);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a match from a template shows ranked results on the map and in the list',
    async () => {
      // Pick a template that has results on the demo data (asked to the API directly).
      const { status, body: tpl } = await app.anonymous.get('/api/match/templates');
      expect(status).toBe(200);
      let chosen: { id: string; count: number } | undefined;
      for (const t of tpl.templates as Array<{ id: string; needs: unknown }>) {
        const r = await app.anonymous.send('POST', '/api/match', { needs: t.needs });
        if (r.status === 200 && r.body.results.length > 0) {
          chosen = { id: t.id, count: r.body.results.length };
          break;
        }
      }
      expect(chosen, 'no template has results on the demo data').toBeDefined();

      const page = await open('/match');
      const select = page.getByLabel("Partir d'un modèle de projet");
      await expect.poll(() => select.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
      await select.selectOption(chosen!.id);
      await page.getByRole('button', { name: 'Lancer la recherche' }).click();

      await expect.poll(() => page.locator('.result-card').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      const cards = await page.locator('.result-card').count();
      // Rank labels on the map: one HTML marker per ranked result, numbered from 1.
      await expect.poll(() => page.locator('.rank-marker').count(), { timeout: 60_000 }).toBe(cards);
      expect(await page.locator('.rank-marker').first().textContent()).toBe('1');
      await waitForMapIdle(page);
      const drawn = await renderedSites(page, ['lm-match-point', 'lm-match-fill']);
      expect(drawn.length).toBeGreaterThan(0);
      expect(await page.locator('.criteria-bars .bar-fill').count()).toBeGreaterThan(0);
      await shot(page, 'match');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'staff log in and out from the header menu',
    async () => {
      const page = await open('/');
      await page.getByRole('button', { name: 'Connexion équipe' }).click();
      await page.getByLabel('Adresse e-mail').fill('admin@landmatch.test');
      await page.getByLabel('Mot de passe').fill('demo-admin-2026');
      await page.locator('dialog').getByRole('button', { name: 'Connexion équipe' }).click();
      await expect.poll(() => page.getByText('admin@landmatch.test').count(), { timeout: 30_000 }).toBe(1);
      await page.getByRole('button', { name: /admin@landmatch\.test/ }).click();
      await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Connexion équipe' }).count()).toBe(1);
      // The login dialog stays closed after logging out (it once reopened by itself).
      expect(await page.locator('dialog[open]').count()).toBe(0);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
