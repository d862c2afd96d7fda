/**
 * The import review in Debian's Chromium against the real app with the demo data: an editor
 * of GPS&O changes the available power of the Limay demo site by hand; an admin logs in on
 * /imports, uploads a re-import of that site (the demo file's feature, with one other field
 * changed), sees one conflict, keeps the hand-edited value and commits: the site keeps the
 * hand value and takes the file's other change. The same file again, in English on a phone,
 * is then cancelled: nothing changes. Screenshots (1440×900 and 390×844, French and English)
 * go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
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

const GPSO = '200059889';
const SOURCE_ID = 'idf-limay-hauts-reposoirs';
const ADMIN_EMAIL = 'alice.martin@agence.test';
const shot = (page: Page, name: string) => screenshot(page, `imports-${name}`);

/** The demo file's feature of the Limay site, as a one-feature re-import with the delay changed. */
function reimportFile(): Buffer {
  const file = path.join(projectRoot, 'geodata', 'seed', 'sites-ile-de-france.geojson');
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const feature = fc.features.find(
    (f: { properties: { sourceId: string } }) => f.properties.sourceId === SOURCE_ID,
  );
  feature.properties.powerConnectionDelayMonths = 12;
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature] }));
}

/** The small map and the main map are drawn, and the page is scrolled back to its left edge (phones). */
async function settle(page: Page) {
  await page.locator('[data-testid="import-map"][data-drawn="true"]').waitFor({ timeout: 60_000 });
  await waitForMapIdle(page);
  await page.evaluate(() => {
    for (const el of [document.scrollingElement, ...document.querySelectorAll('.app, .app-main')])
      if (el) el.scrollLeft = 0;
  });
}

describe.skipIf(!hasChromium)(`import review in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let editor: Client;
  let session: BrowserSession;
  let siteId: string;

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    await app.login('admin', { email: ADMIN_EMAIL, name: 'Alice Martin' });
    editor = await app.login('editor', { territories: [GPSO], name: 'Éric Lemoine' });
    siteId = String(
      (await app.db.knex('sites').where({ source: 'landmatch-demo', source_id: SOURCE_ID }).first('id')).id,
    );
    const edit = await editor.send('PATCH', `/api/sites/${siteId}`, { properties: { powerAvailableMw: 20 } });
    expect(edit.status).toBe(200);
    session = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  const site = async () => (await editor.get(`/api/sites/${siteId}`)).body.properties;

  it('an admin imports a file with the review step, sees one conflict, keeps the hand-edited value', async () => {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/imports`);
    const panel = page.locator('.imports');
    await panel.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await panel.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await panel.getByRole('button', { name: 'Connexion équipe' }).click();

    // The header's account menu leads here too, for admins and editors.
    await page.getByRole('button', { name: new RegExp(ADMIN_EMAIL) }).click();
    await page.getByRole('menuitem', { name: 'Importer des sites' }).click();

    await panel.getByLabel('Fichier').setInputFiles({
      name: 'limay-reimport.geojson',
      mimeType: 'application/geo+json',
      buffer: reimportFile(),
    });
    await panel.getByRole('button', { name: 'Voir ce qui changerait' }).click();
    await panel.locator('.import-conflicts').waitFor({ timeout: 60_000 });
    expect(await panel.locator('.import-count-conflicts strong').textContent()).toBe('1');
    expect(await panel.locator('.import-count-changed strong').textContent()).toBe('1');
    const conflicts = panel.locator('fieldset.import-conflict');
    expect(await conflicts.count()).toBe(1);
    expect(await conflicts.getAttribute('data-field')).toBe('powerAvailableMw');
    const conflictText = (await conflicts.textContent()) ?? '';
    expect(conflictText).toContain('Éric Lemoine');
    // The row's other change is listed with its line.
    const row = panel.locator('tr[data-line="1"]');
    expect(await row.textContent()).toMatch(/Modifié/);
    expect(await row.textContent()).toMatch(/18.*→.*12/);
    // Committing needs the conflict settled.
    const commit = panel.getByRole('button', { name: "Valider l'import" });
    expect(await commit.isDisabled()).toBe(true);
    await settle(page);
    await shot(page, 'fr-1440-preview');

    await conflicts.getByLabel(/Garder la valeur saisie à la main/).check();
    expect(await commit.isDisabled()).toBe(false);
    await conflicts.scrollIntoViewIfNeeded();
    await shot(page, 'fr-1440-conflict-kept');
    await commit.click();
    await expect
      .poll(() => panel.getByRole('status').textContent(), { timeout: 60_000 })
      .toMatch(/Import validé : 0 nouveau\(x\), 1 modifié\(s\), 0 inchangé\(s\)/);
    await shot(page, 'fr-1440-committed');

    const after = await site();
    expect(after.powerAvailableMw).toBe(20);
    expect(after.powerConnectionDelayMonths).toBe(12);
    const audit = await app.db
      .knex('audit_log')
      .where({ entity: 'site', entity_id: siteId, action: 'import' })
      .first();
    expect(audit.after.properties.powerAvailableMw).toBe(20);

    // The same file again, in English on a phone: still one conflict (the hand value stays
    // hand-edited); cancelled, nothing changes.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/imports?lang=en`);
    await panel.getByLabel('File').setInputFiles({
      name: 'limay-reimport.geojson',
      mimeType: 'application/geo+json',
      buffer: reimportFile(),
    });
    await panel.getByRole('button', { name: 'See what would change' }).click();
    await panel.locator('.import-conflicts').waitFor({ timeout: 60_000 });
    expect(await panel.locator('fieldset.import-conflict').count()).toBe(1);
    expect(await panel.locator('.import-count-changed strong').textContent()).toBe('1');
    await settle(page);
    await shot(page, 'en-390-preview');
    await panel.locator('.import-conflicts').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await settle(page);
    await shot(page, 'en-390-conflict');
    // On a phone the language switch sits in the header's menu; choosing closes the menu.
    await page.locator('.menu-toggle').click();
    await page.getByRole('button', { name: /^FR/ }).click();
    await settle(page);
    await shot(page, 'fr-390-conflict');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: /^EN/ }).click();
    await panel.locator('.import-counts').scrollIntoViewIfNeeded();
    await settle(page);
    await shot(page, 'en-1440-preview');
    const before = await app.db.knex.raw(
      "SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) AS h FROM sites s",
    );
    await panel.getByRole('button', { name: 'Cancel the import' }).click();
    await expect
      .poll(() => panel.getByRole('status').textContent(), { timeout: 30_000 })
      .toBe('Import cancelled: nothing was changed.');
    const afterCancel = await app.db.knex.raw(
      "SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) AS h FROM sites s",
    );
    expect(afterCancel.rows[0].h).toBe(before.rows[0].h);
    expect((await site()).powerAvailableMw).toBe(20);
    expect(session.pageErrors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  }, 600_000);
});
