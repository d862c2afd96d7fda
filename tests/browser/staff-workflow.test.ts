/**
 * The staff workflow in Debian's Chromium (issue 13 items 7 and 8), against the real app with
 * the demo data on whichever engine the run uses: a lead moved straight to "visit" with a date
 * three days back, then back to "qualified", refused without a reason and accepted with one,
 * both moves in the history; readiness reads the same ("n/6 prêts") on the site panel and in
 * the comparison. Screenshots (FR/EN, 1440×900 and 390×844) go to test-results/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import { type BrowserSession, hasChromium, launchBrowser, screenshot, UI_DIST } from './browser-harness.ts';

const TEST_TIMEOUT = 300_000;
const GPSO = '200059889';
const EMAIL = 'workflow.staff@agence.test';
const SIZES = [
  ['desktop', 1440, 900],
  ['phone', 390, 844],
] as const;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Screenshots of the page as it is, at both sizes, back to desktop after. */
async function shots(page: Page, name: string) {
  for (const [size, width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await screenshot(page, `workflow-${name}-${size}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe.skipIf(!hasChromium)(`staff workflow in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let staff: Client;
  let session: BrowserSession;
  let context: BrowserContext;
  let projectId: string;
  let siteIds: string[];

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    staff = await app.login('staff', { email: EMAIL, territories: [GPSO], organisation: 'GPS&O' });
    const created = await staff.send('POST', '/api/projects', {
      name: 'Projet Jalon',
      sector: 'battery_cells',
      needs: { surfaceHa: { min: 5, max: 80 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = created.body.id;
    // Two published sites with a readiness list, shortlisted for the comparison.
    const { body: sites } = await app.anonymous.get('/api/sites?limit=50');
    siteIds = sites.features
      .filter((f: any) => Array.isArray(f.properties.readiness) && f.properties.readiness.length > 0)
      .slice(0, 2)
      .map((f: any) => f.id);
    if (siteIds.length < 2) siteIds = sites.features.slice(0, 2).map((f: any) => f.id);
    for (const siteId of siteIds) {
      const r = await staff.send('POST', `/api/projects/${projectId}/shortlist/items`, { siteId });
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
    }
    session = await launchBrowser();
    context = session.context;
    const login = await context.request.post(`${app.url}/api/auth/login`, {
      data: { email: EMAIL, password: TEST_PASSWORD },
    });
    expect(login.status()).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  it(
    'moves a lead straight to a later step with a date, and back only with a reason',
    async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${app.url}/projects?project=${projectId}`);
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 60_000 }).toBe('Projet Jalon');

      // Forward, skipping two steps, dated three days back.
      await page.getByRole('button', { name: 'Changer le statut' }).click();
      await page.getByLabel('Nouveau statut').selectOption('visit');
      const date = page.getByLabel('Date du changement');
      expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await date.fill(daysAgo(3));
      await shots(page, 'fr-status-forward');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect
        .poll(() => page.locator('.detail-title-row .pstatus').textContent(), { timeout: 30_000 })
        .toBe('Visite');
      let p = (await staff.get(`/api/projects/${projectId}`)).body;
      expect(p.statusHistory.at(-1)).toMatchObject({ from: 'lead', to: 'visit', effectiveOn: daysAgo(3) });

      // Back: refused in the form without a reason, then saved with one.
      await page.getByRole('button', { name: 'Changer le statut' }).click();
      await page.getByLabel('Nouveau statut').selectOption('qualified');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect
        .poll(() => page.getByText('Indiquez pourquoi le projet revient à une étape antérieure.').count())
        .toBe(1);
      await shots(page, 'fr-status-back-refused');
      await page.getByLabel(/Pourquoi revenir en arrière/).fill('Visite reportée : dossier incomplet.');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect
        .poll(() => page.locator('.detail-title-row .pstatus').textContent(), { timeout: 30_000 })
        .toBe('Qualifié');
      p = (await staff.get(`/api/projects/${projectId}`)).body;
      expect(p.statusHistory.map((h: any) => [h.from, h.to])).toEqual([
        [null, 'lead'],
        ['lead', 'visit'],
        ['visit', 'qualified'],
      ]);
      expect(p.statusHistory[2].note).toBe('Visite reportée : dossier incomplet.');

      // The same screen in English.
      await page.goto(`${app.url}/projects?project=${projectId}&lang=en`);
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 60_000 }).toBe('Projet Jalon');
      await page.getByRole('button', { name: 'Change the status' }).click();
      await page.getByLabel('New status').selectOption('sites_proposed');
      expect(await page.getByLabel('Date of the change').count()).toBe(1);
      await shots(page, 'en-status-forward');
      expect(session.pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows readiness the same way on the site panel and in the comparison',
    async () => {
      for (const lang of ['fr', 'en'] as const) {
        const page = await context.newPage();
        await page.setViewportSize({ width: 1440, height: 900 });
        const q = lang === 'en' ? '&lang=en' : '';
        await page.goto(`${app.url}/projects?project=${projectId}${q}`);
        await expect
          .poll(() => page.locator('h1', { hasText: 'Projet Jalon' }).count(), { timeout: 60_000 })
          .toBe(1);
        // The shortlist tab (a lead opens on the search tab).
        await page.getByRole('tab', { name: lang === 'fr' ? /^Sites retenus/ : /^Shortlist/ }).click();
        await page
          .getByRole('button', { name: lang === 'fr' ? 'Comparer les sites' : 'Compare the sites' })
          .click();
        const table = page.getByTestId('compare-table');
        await expect.poll(() => table.locator('thead th.site-col').count(), { timeout: 30_000 }).toBe(2);
        // The fact row (the criterion row of the same name gives a score in %).
        const row = table.locator('tbody tr').filter({ hasText: lang === 'fr' ? /\/6 prêts?/ : /\/6 ready/ });
        expect(await row.count()).toBe(1);
        const compared = (await row.locator('td').allTextContents()).map((s) =>
          s.replace(/[★☆]/g, '').trim(),
        );
        expect(compared[0]).toMatch(lang === 'fr' ? /^\d\/6 prêts?$|^—$/ : /^\d\/6 ready$|^—$/);
        await shots(page, `${lang}-compare`);
        await page.keyboard.press('Escape');

        await page.goto(`${app.url}/projects?project=${projectId}&site=${siteIds[0]}${q}`);
        const count = page.getByTestId('readiness-count');
        await expect.poll(() => count.count(), { timeout: 60_000 }).toBe(1);
        expect((await count.textContent())?.trim()).toBe(compared[0]);
        await count.scrollIntoViewIfNeeded();
        await shots(page, `${lang}-panel-readiness`);
        await page.getByTestId('quality-badge').first().scrollIntoViewIfNeeded();
        await shots(page, `${lang}-panel-provenance`);
        await page.close();
      }
      expect(session.pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
