/**
 * Issue 12 in Chromium: the site panel shows the parcels, the photo (a thumbnail that really
 * loads) and the PDF link, and the age of the facts; an editor's "To refresh" dialog lists the
 * site with old facts and opens it on the map. Screenshots at 1440×900 and 390×844, FR and EN,
 * go to test-results/screenshots/ (git-ignored).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import { type BrowserSession, hasChromium, launchBrowser, screenshot, UI_DIST } from './browser-harness.ts';

const EDITOR = 'editeur.gpso@agence.test';
// A real 1×1 PNG and a minimal PDF.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe.skipIf(!hasChromium)(`site parcels, documents and freshness in Chromium (${engineName})`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let cookie: string;
  let fresh: string;
  let old: string;

  beforeAll(async () => {
    app = await startTestApp('empty', { UI_DIST });
    const editor = await app.login('editor', { email: EDITOR, territories: ['200059889'] });
    const created = await editor.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Parcelle documentée', parcels: ['78335000AB0123', '78335000AB0124'] }),
    );
    fresh = created.body.id;
    for (const [body, type, q] of [
      [PNG, 'image/png', 'name=vue.png&title=Vue%20a%C3%A9rienne'],
      [PDF, 'application/pdf', 'name=plu.pdf&title=Extrait%20du%20PLU'],
    ] as const) {
      const r = await editor.fetch(`/api/sites/${fresh}/documents?${q}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(body),
      });
      expect(r.status).toBe(201);
    }
    old = (
      await editor.send(
        'POST',
        '/api/sites',
        siteBody({ name: 'Réserve ancienne', factsAsOf: { power: '2020-01-15' } }, rect(1.75, 48.99)),
      )
    ).body.id;
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EDITOR, password: TEST_PASSWORD }),
    });
    cookie = login.headers.get('set-cookie')!.split(';')[0];
    session = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  async function open(lang: 'fr' | 'en', width: number, height: number): Promise<Page> {
    const page = await session.context.newPage();
    await page.setViewportSize({ width, height });
    const [name, value] = cookie.split('=');
    await session.context.addCookies([{ name, value, url: app.url }]);
    await page.goto(`${app.url}/?site=${fresh}${lang === 'en' ? '&lang=en' : ''}`);
    await page.getByTestId('panel-documents').waitFor({ timeout: 60_000 });
    return page;
  }

  for (const lang of ['fr', 'en'] as const) {
    it(`shows parcels, the photo, the PDF link and the facts' age (${lang})`, async () => {
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ]) {
        const page = await open(lang, w, h);
        const img = page.getByTestId('panel-documents').locator('img');
        await expect
          .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
          .toBe(1);
        const pdf = page.getByTestId('panel-documents').getByRole('link', { name: 'Extrait du PLU' });
        expect(await pdf.getAttribute('href')).toMatch(
          new RegExp(`^/api/sites/${fresh}/documents/[0-9a-f-]{36}$`),
        );
        expect(await page.getByTestId('panel-parcels').textContent()).toContain('78335 AB 0124');
        const freshness = page.getByTestId('panel-freshness');
        await freshness.scrollIntoViewIfNeeded();
        expect(await freshness.textContent()).toContain(lang === 'fr' ? 'ce mois-ci' : 'this month');
        await page.getByTestId('panel-documents').scrollIntoViewIfNeeded();
        await screenshot(page, `site-records-${lang}-${w}`);
        await page.close();
      }
    }, 300_000);
  }

  it('lists the site with old facts in the editor’s "To refresh" dialog and opens it', async () => {
    const page = await open('fr', 1440, 900);
    await page.locator('.account > button').click();
    await page.getByRole('menuitem', { name: 'À actualiser' }).click();
    const dialog = page.getByTestId('to-refresh');
    await expect.poll(() => dialog.locator('.to-refresh-list > li').count(), { timeout: 30_000 }).toBe(1);
    expect(await dialog.textContent()).toMatch(/Réserve ancienne.*Puissance électrique\s*il y a \d+ mois/);
    await screenshot(page, 'site-records-to-refresh-fr');
    await dialog.getByRole('button', { name: /Réserve ancienne/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('site')).toBe(old);
    await page.close();
  }, 300_000);

  it('lets the editor add a photo from the panel, refuses a text file before sending, and remove it', async () => {
    const page = await open('fr', 1440, 900);
    const panel = page.getByTestId('site-panel');
    await panel.getByText('Gérer les photos et documents').click();
    const box = panel.getByTestId('document-upload');
    const before = await page.getByTestId('panel-documents').locator('img').count();
    // The wrong type is said at the field and nothing is sent.
    await box.getByLabel(/^Ajouter une photo ou un document/).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a photo'),
    });
    expect(await box.getByRole('alert').textContent()).toContain('JPEG, PNG, WebP ou PDF');
    expect(await box.getByRole('button', { name: 'Envoyer' }).isDisabled()).toBe(true);
    // A real 1×1 PNG goes up with its title and shows in the panel.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    await box.getByLabel(/^Ajouter une photo ou un document/).setInputFiles({
      name: 'vue-du-quai.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await box.getByPlaceholder('Titre (facultatif)').fill('Vue du quai');
    await box.getByRole('button', { name: 'Envoyer' }).click();
    await expect
      .poll(() => page.getByTestId('panel-documents').locator('img').count(), { timeout: 30_000 })
      .toBe(before + 1);
    expect(await page.getByTestId('panel-documents').textContent()).toContain('Vue du quai');
    // …and comes off again.
    page.once('dialog', (d) => void d.accept());
    await box.locator('li', { hasText: 'Vue du quai' }).getByRole('button', { name: 'Retirer' }).click();
    await expect
      .poll(() => page.getByTestId('panel-documents').locator('img').count(), { timeout: 30_000 })
      .toBe(before);
    await page.close();
  }, 300_000);
});
