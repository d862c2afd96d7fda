/**
 * The site editor (issue 12) in Debian's Chromium against the real app with the demo data, on
 * whichever engine the run uses (DATABASE_URL set: PostGIS server; unset: embedded PGlite).
 * An editor of GPS&O draws a new site with terra-draw (mouse clicks on the map canvas), fills
 * the form (a field message in French first), publishes it and an anonymous visitor finds it;
 * the editor drags a vertex and the area changes; a stale save gets the conflict screen
 * instead of overwriting; a deleted site comes back with its id and its shortlist entry.
 * Screenshots (1440×900 and 390×844, French and English) go to test-results/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  screenshot,
  UI_DIST,
  waitForMapIdle,
} from './browser-harness.ts';

const TEST_TIMEOUT = 300_000;
const GPSO = '200059889';
const EDITOR = { email: 'elise.martin@gpso.test', name: 'Élise Martin' };
const OTHER = { email: 'paul.roche@gpso.test', name: 'Paul Roche' };
/** Mantes-la-Ville, zoom 15: GPS&O, away from the demo sites. */
const VIEW = '15/48.9700/1.7150';
const NAME = 'Parc test de l’éditeur';

const shot = (page: Page, name: string) => screenshot(page, `editor-${name}`);

/** The outline area the editor shows, in hectares (French number format). */
async function liveArea(page: Page): Promise<number> {
  const text = (await page.getByTestId('live-area').textContent()) ?? '';
  return Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
}

/** Signs the browser context in (cookie), like the login form does. */
async function signIn(context: BrowserContext, app: TestApp, email: string): Promise<void> {
  const r = await context.request.post(`${app.url}/api/auth/login`, {
    data: { email, password: TEST_PASSWORD },
  });
  expect(r.status()).toBe(200);
}

/** Page coordinates of a position on the map. */
async function toScreen(page: Page, lngLat: number[]): Promise<{ x: number; y: number }> {
  const canvas = await page.locator('.maplibregl-canvas').boundingBox();
  const p = await page.evaluate((ll) => (globalThis as any).__lm.map.project(ll), lngLat);
  return { x: canvas!.x + p.x, y: canvas!.y + p.y };
}

describe.skipIf(!hasChromium)(`site editor in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let other: Client;
  let staff: Client;
  let session: BrowserSession;
  let context: BrowserContext;
  let siteId = '';

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    await app.login('editor', { ...EDITOR, territories: [GPSO], organisation: 'GPS&O' });
    other = await app.login('editor', { ...OTHER, territories: [GPSO], organisation: 'GPS&O' });
    staff = await app.login('staff', { email: 'claire.dubois@agence.test', territories: [GPSO] });
    session = await launchBrowser();
    context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    context.on('weberror', (e) => session.pageErrors.push(e.error().message));
    await signIn(context, app, EDITOR.email);
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await session?.close();
    await app?.close();
  });

  it(
    'draws a new site on the map, checks a field in French, publishes it and the public finds it',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/?map=${VIEW}`);
      await waitForMapIdle(page);
      await page.getByRole('button', { name: 'Nouveau site' }).click();
      const editor = page.getByTestId('site-editor');
      await expect.poll(() => editor.getByRole('button', { name: 'Dessiner une partie' }).count()).toBe(1);
      expect(
        await editor.getByRole('button', { name: 'Dessiner une partie' }).getAttribute('aria-pressed'),
      ).toBe('true');

      // Four clicks on the canvas, then the first vertex again to close the ring.
      const corners = [
        { x: 700, y: 350 },
        { x: 900, y: 350 },
        { x: 900, y: 550 },
        { x: 700, y: 550 },
      ];
      for (const c of corners) {
        await page.mouse.click(c.x, c.y);
        await page.waitForTimeout(150);
      }
      await page.mouse.click(corners[0].x, corners[0].y);
      await expect.poll(() => page.getByTestId('outline-summary').textContent()).toBe('1 partie');
      const drawn = await liveArea(page);
      // 200 px at zoom 15 (512-px tiles) and 49° N ≈ 314 m: about 9.8 ha.
      expect(drawn).toBeGreaterThan(8);
      expect(drawn).toBeLessThan(12);

      // The API's schema, in French, next to the field.
      await editor.getByLabel(/^Nom du site/).fill(NAME);
      await editor.getByLabel(/^Code INSEE de la commune/).fill('7835');
      await editor.getByRole('button', { name: 'Créer le site' }).click();
      await expect
        .poll(() => editor.locator('#site-communeInsee-err').textContent())
        .toBe('Code INSEE à 5 caractères attendu (ex. 78440, 2A004).');
      await shot(page, '01-new-site-fr-1440');

      await editor.getByLabel(/^Code INSEE de la commune/).fill('78362');
      await editor.getByLabel(/^Commune$/).fill('Mantes-la-Ville');
      expect(await editor.getByLabel(/^SIREN de l'EPCI/).inputValue()).toBe(GPSO);
      await editor.getByLabel(/^Surface commercialisable disponible/).fill('8,5');
      await editor.getByLabel(/^Puissance disponible/).fill('12');
      await editor.getByLabel(/^Embranchement ferré/).selectOption('true');
      await editor.getByRole('button', { name: 'Ajouter une étape' }).click();
      await editor.getByLabel('Date', { exact: true }).first().fill('2026-06-30');
      await editor.getByLabel('Publié (visible du public)').check();
      await editor.getByRole('button', { name: 'Créer le site' }).click();

      const panel = page.getByTestId('site-panel');
      await expect.poll(() => panel.locator('h2').textContent(), { timeout: 30_000 }).toBe(NAME);
      siteId = new URL(page.url()).searchParams.get('site') ?? '';
      expect(siteId).toMatch(/^[0-9a-f-]{36}$/);
      const { body: saved } = await app.anonymous.get(`/api/sites/${siteId}`);
      expect(saved.properties).toMatchObject({
        name: NAME,
        communeInsee: '78362',
        territorySiren: GPSO,
        availableAreaHa: 8.5,
        powerAvailableMw: 12,
        railSiding: true,
        published: true,
      });
      expect(saved.properties.areaHa).toBeCloseTo(drawn, 0);

      // The public list and map have it (a fresh anonymous browser).
      const { body: list } = await app.anonymous.get(`/api/sites?q=${encodeURIComponent('Parc test')}`);
      expect(list.features.map((f: { id: string }) => f.id)).toContain(siteId);
      const visitor = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const pub = await visitor.newPage();
      await pub.goto(`${app.url}/?map=${VIEW}`);
      await waitForMapIdle(pub);
      const rendered = await pub.evaluate(
        (id) =>
          (globalThis as any).__lm.map
            .querySourceFeatures('lm-sites', { sourceLayer: 'sites' })
            .some((f: any) => f.id === id || f.properties.id === id),
        siteId,
      );
      expect(rendered).toBe(true);
      expect(await pub.getByRole('button', { name: 'Nouveau site' }).count()).toBe(0);
      await visitor.close();
      expect(session.pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'drags a vertex of the outline: the live area and the saved area change',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/?map=${VIEW}&site=${siteId}`);
      await waitForMapIdle(page);
      await page.getByRole('button', { name: 'Modifier' }).click();
      const editor = page.getByTestId('site-editor');
      await expect.poll(() => editor.getByTestId('outline-summary').textContent()).toBe('1 partie');
      const before = await liveArea(page);
      const { body: site } = await app.anonymous.get(`/api/sites/${siteId}`);
      // The API stores outlines as MultiPolygons: the first part's outer ring.
      const polygon =
        site.geometry.type === 'MultiPolygon' ? site.geometry.coordinates[0] : site.geometry.coordinates;
      const ring: number[][] = polygon[0];
      // The vertex furthest south-east.
      const corner = ring.reduce((a, b) => (b[0] - b[1] > a[0] - a[1] ? b : a));
      const from = await toScreen(page, corner);
      const centre = await toScreen(page, [
        ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1),
        ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1),
      ]);
      await page.mouse.click(centre.x, centre.y); // select the ring
      await page.waitForTimeout(200);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 40, from.y + 40, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => liveArea(page)).toBeGreaterThan(before + 1);
      const after = await liveArea(page);
      await shot(page, '02-vertex-dragged-fr-1440');
      await editor.getByRole('button', { name: 'Enregistrer' }).click();
      await expect.poll(() => page.getByTestId('site-editor').count(), { timeout: 30_000 }).toBe(0);
      const { body: changed } = await app.anonymous.get(`/api/sites/${siteId}`);
      expect(changed.properties.areaHa).toBeCloseTo(after, 0);
      expect(changed.properties.areaHa).toBeGreaterThan(site.properties.areaHa + 1);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the conflict screen when another editor saved first, and never overwrites their value',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/?map=${VIEW}&site=${siteId}`);
      await page.getByRole('button', { name: 'Modifier' }).click();
      const editor = page.getByTestId('site-editor');
      const price = editor.getByLabel(/^Prix indicatif/);
      await expect.poll(() => price.count(), { timeout: 30_000 }).toBe(1);

      // Meanwhile, a second session saves the price (with the then current ETag).
      const current = await other.get(`/api/sites/${siteId}`);
      const theirs = await other.fetch(`/api/sites/${siteId}`, {
        method: 'PATCH',
        json: { properties: { priceEurM2: 40 } },
        headers: { 'if-match': current.res.headers.get('etag') ?? '' },
      });
      expect(theirs.status).toBe(200);

      await price.fill('55');
      await editor.getByRole('button', { name: 'Enregistrer' }).click();
      const conflict = page.getByTestId('conflict');
      await expect
        .poll(() => conflict.textContent(), { timeout: 30_000 })
        .toContain('Modifié par Paul Roche le');
      await conflict.getByRole('button', { name: 'Comparer' }).click();
      await page.waitForTimeout(500);
      await shot(page, '03-conflict-fr-1440');
      const row = conflict.locator('tbody tr', { hasText: 'Prix indicatif' });
      await expect.poll(() => row.locator('td').allTextContents(), { timeout: 30_000 }).toEqual(['55', '40']);
      expect((await other.get(`/api/sites/${siteId}`)).body.properties.priceEurM2).toBe(40);

      await conflict.getByRole('button', { name: 'Recharger' }).click();
      await expect
        .poll(() => editor.getByLabel(/^Prix indicatif/).inputValue(), { timeout: 30_000 })
        .toBe('40');
      expect(await page.getByTestId('conflict').count()).toBe(0);
      await editor.getByRole('button', { name: 'Annuler' }).click();

      // The history tab says who changed what.
      await page.getByRole('tab', { name: 'Historique' }).click();
      const history = page.getByTestId('site-history');
      await expect
        .poll(() => history.locator('li').first().textContent(), { timeout: 30_000 })
        .toContain('Paul Roche');
      await shot(page, '04-history-fr-1440');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'deletes a site and restores it with its id; its shortlist entry comes back',
    async () => {
      const project = await staff.send('POST', '/api/projects', {
        name: 'Projet Restauration',
        sector: 'other',
      });
      expect(project.status, JSON.stringify(project.body)).toBe(201);
      const put = await staff.send('PUT', `/api/projects/${project.body.id}/shortlist`, {
        items: [{ siteId, note: 'à visiter' }],
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);

      const page = await context.newPage();
      await page.goto(`${app.url}/?map=${VIEW}&site=${siteId}`);
      await page.getByRole('button', { name: 'Modifier' }).click();
      const editor = page.getByTestId('site-editor');
      await editor.getByRole('button', { name: 'Supprimer le site' }).click();
      await editor.getByRole('button', { name: 'Confirmer la suppression' }).click();
      await expect.poll(() => page.getByTestId('site-editor').count(), { timeout: 30_000 }).toBe(0);
      expect((await app.anonymous.get(`/api/sites/${siteId}`)).status).toBe(404);

      await page.getByRole('button', { name: 'Sites supprimés' }).click();
      const deleted = page.getByTestId('deleted-sites');
      await expect
        .poll(() => deleted.locator(`li[data-site-id="${siteId}"]`).count(), { timeout: 30_000 })
        .toBe(1);
      await shot(page, '05-deleted-fr-1440');
      await deleted.getByRole('button', { name: `Restaurer ${NAME}` }).click();
      await expect
        .poll(() => page.getByTestId('site-panel').locator('h2').textContent(), { timeout: 30_000 })
        .toBe(NAME);
      expect(new URL(page.url()).searchParams.get('site')).toBe(siteId);
      expect((await app.anonymous.get(`/api/sites/${siteId}`)).status).toBe(200);
      const { body: shortlist } = await staff.get(`/api/projects/${project.body.id}/shortlist`);
      expect(shortlist.items.map((i: { siteId: string }) => i.siteId)).toEqual([siteId]);
      expect(session.pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'imports an outline from a GeoJSON file: two parts and a hole, with its live area',
    async () => {
      const square = (x: number, y: number, d: number) => [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ];
      const file = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'Polygon',
              coordinates: [square(1.71, 48.965, 0.004), square(1.711, 48.966, 0.001)],
            },
          },
          {
            type: 'Feature',
            properties: {},
            geometry: { type: 'Polygon', coordinates: [square(1.72, 48.965, 0.002)] },
          },
        ],
      };
      const page = await context.newPage();
      await page.goto(`${app.url}/?map=${VIEW}`);
      await page.getByRole('button', { name: 'Nouveau site' }).click();
      await page.getByTestId('outline-file').setInputFiles({
        name: 'parcelle.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(file)),
      });
      const summary = page.getByTestId('outline-summary');
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toBe('2 parties · 1 trou');
      // A 0.004° square (292 m × 445 m at 48.97° N ≈ 13.0 ha) minus a 0.001° hole (≈ 0.8 ha),
      // plus a 0.002° square (≈ 3.3 ha): ≈ 15.4 ha.
      const area = await liveArea(page);
      expect(area).toBeGreaterThan(14.5);
      expect(area).toBeLessThan(16.5);
      // Not JSON: said in words, nothing replaced.
      await page.getByTestId('outline-file').setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('pas du GeoJSON'),
      });
      await expect
        .poll(() => page.getByTestId('site-editor').getByRole('alert').first().textContent())
        .toBe("Ce fichier n'est pas un GeoJSON lisible.");
      expect(await summary.textContent()).toBe('2 parties · 1 trou');
      await shot(page, '10-import-fr-1440');
      await page.getByRole('button', { name: 'Annuler' }).click();
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'looks right at 1440×900 and 390×844, in French and English',
    async () => {
      for (const lang of ['fr', 'en'] as const) {
        for (const [w, h] of [
          [1440, 900],
          [390, 844],
        ]) {
          const page = await context.newPage();
          await page.setViewportSize({ width: w, height: h });
          await page.goto(`${app.url}/?map=${VIEW}&site=${siteId}&lang=${lang}`);
          await page.getByRole('button', { name: lang === 'fr' ? 'Modifier' : 'Edit' }).click();
          const editor = page.getByTestId('site-editor');
          await expect.poll(() => editor.locator('input').count(), { timeout: 30_000 }).toBeGreaterThan(20);
          await editor.locator('#site-communeInsee').fill('123');
          await editor.getByRole('button', { name: lang === 'fr' ? 'Enregistrer' : 'Save' }).click();
          await expect
            .poll(() => editor.locator('#site-communeInsee-err').textContent())
            .toBe(
              lang === 'fr'
                ? 'Code INSEE à 5 caractères attendu (ex. 78440, 2A004).'
                : 'A 5-character INSEE code is expected (e.g. 78440, 2A004).',
            );
          // The first field in error is focused.
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-communeInsee');
          await page.waitForTimeout(300);
          await shot(page, `06-form-${lang}-${w}`);
          await editor.locator('#group-networks').scrollIntoViewIfNeeded();
          await shot(page, `07-networks-${lang}-${w}`);
          // The history tab and the deleted list, in the same size and language.
          await editor.getByRole('button', { name: lang === 'fr' ? 'Annuler' : 'Cancel' }).click();
          await page.getByRole('tab', { name: lang === 'fr' ? 'Historique' : 'History' }).click();
          await expect.poll(() => page.getByTestId('site-history').count(), { timeout: 30_000 }).toBe(1);
          await shot(page, `08-history-${lang}-${w}`);
          await page.locator('.panel-close').click();
          await page
            .getByRole('button', { name: lang === 'fr' ? 'Sites supprimés' : 'Deleted sites' })
            .click();
          await expect.poll(() => page.getByTestId('deleted-sites').locator('h2').count()).toBe(1);
          await shot(page, `09-deleted-${lang}-${w}`);
          await page.close();
        }
      }
    },
    TEST_TIMEOUT,
  );
});
