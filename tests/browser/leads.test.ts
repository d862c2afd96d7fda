/**
 * The public lead form and the staff's notification in Chromium (issue 13 item 9), on the real
 * app with the demo data: a visitor opens a published site, clicks "Je suis intéressé", fills
 * the form and sends it; a staff member of the site's territory logs in, sees the unread badge
 * in the header, opens "Nouvelles demandes", and from there the new project (status lead) with
 * the site in its shortlist. The site panel's PDF sheet link is checked against the API.
 * Screenshots (form, notification; French and English; 1440×900 and 390×844) go to
 * test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  screenshot,
  submitLogin,
  UI_DIST,
} from './browser-harness.ts';

const TEST_TIMEOUT = 600_000;
const STAFF_EMAIL = 'leads.staff@agence.test';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const shot = (page: Page, name: string) => screenshot(page, `leads-${name}`);

async function setLang(page: Page, lang: 'fr' | 'en') {
  await page
    .locator('.lang-switch')
    .getByRole('button', { name: new RegExp(`^${lang.toUpperCase()}`) })
    .click();
}

describe.skipIf(!hasChromium)(`public lead form in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let site: { id: string; name: string; territory: string };

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST, LEAD_MIN_FILL_SECONDS: '1' });
    const row = await app.db
      .knex('sites')
      .where({ published: true })
      .where('site_nom', 'ilike', '%reposoirs%')
      .first('id', 'site_nom', 'site_epci_siren');
    site = { id: String(row.id), name: row.site_nom, territory: row.site_epci_siren };
    await app.login('staff', { email: STAFF_EMAIL, territories: [site.territory], name: 'Léa Martin' });
    // Staff of another territory: must not see the request.
    await app.login('staff', { email: 'other.staff@agence.test', territories: ['246700488'] });
    session = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  it(
    'a visitor sends a request from the site panel; it lands in the staff pipeline with a notification',
    async () => {
      // --- the visitor ------------------------------------------------------------------------
      const visitor = await session.browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
      const page = await visitor.newPage();
      await page.goto(`${app.url}/?site=${site.id}`);
      const panel = page.getByTestId('site-panel');
      await panel.getByRole('heading', { name: site.name }).waitFor({ timeout: 120_000 });

      // The PDF sheet link in the panel answers a one-page PDF (content checked in tests/http).
      const href = await panel.getByTestId('site-sheet-link').getAttribute('href');
      expect(href).toBe(`/api/sites/${site.id}/sheet.pdf?lang=fr`);
      const pdf = await page.request.get(`${app.url}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');

      await panel.getByRole('button', { name: 'Je suis intéressé' }).click();
      const form = page.getByTestId('lead-form');
      await form.waitFor();
      // Sending empty says what is missing, in French, before anything leaves the page.
      await form.getByRole('button', { name: 'Envoyer la demande' }).click();
      await expect.poll(() => form.getByText('Ce champ est obligatoire.').count()).toBeGreaterThan(3);
      await expect.poll(() => form.getByText(/Cochez la case/).count()).toBe(1);
      await form.getByLabel(/^Entreprise/).fill('Helios Modules SAS');
      await form.getByLabel(/^Nom du contact/).fill('Inès Moreau');
      await form.getByLabel(/^E-mail/).fill('ines.moreau@example.fr');
      await form.getByLabel(/^Résumé du projet/).fill('Assemblage de panneaux solaires, 180 emplois, 2027.');
      await form.getByLabel(/^Surface recherchée/).fill('8');
      await form.getByLabel(/^Puissance électrique/).fill('6,5');
      await form.getByLabel(/^Emplois prévus/).fill('180');
      await form.getByLabel(/J’accepte d’être recontacté/).check();
      await shot(page, 'form-fr-1440');
      await page.setViewportSize(PHONE);
      await shot(page, 'form-fr-390');
      await page.setViewportSize(DESKTOP);
      await page.waitForTimeout(1100); // the minimum fill time of this app (LEAD_MIN_FILL_SECONDS=1)
      await form.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.getByTestId('lead-sent').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('lead-sent').textContent()).toContain(
        'Merci, votre demande est envoyée.',
      );
      await shot(page, 'sent-fr-1440');
      await page.getByTestId('lead-sent').getByRole('button', { name: 'Fermer' }).click();

      // The same form in English (not sent).
      await setLang(page, 'en');
      await panel.getByRole('button', { name: 'I’m interested' }).click();
      await page
        .getByTestId('lead-form')
        .getByRole('heading', { name: 'I’m interested in this site' })
        .waitFor();
      expect(await page.getByTestId('lead-form').textContent()).not.toMatch(/Entreprise|obligatoire|Envoyer/);
      await shot(page, 'form-en-1440');
      await page.setViewportSize(PHONE);
      await shot(page, 'form-en-390');
      await visitor.close();

      // --- the staff member of the site's territory --------------------------------------------
      const staffCtx = await session.browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
      const sp = await staffCtx.newPage();
      await sp.goto(`${app.url}/projects`);
      await submitLogin(sp, STAFF_EMAIL, TEST_PASSWORD);
      const bell = sp.getByTestId('lead-bell');
      await bell.waitFor({ timeout: 30_000 });
      await expect.poll(() => sp.getByTestId('lead-badge').textContent(), { timeout: 30_000 }).toBe('1');
      expect(await bell.getAttribute('aria-label')).toBe('Nouvelles demandes – 1 demande non lue');
      // The project is in the pipeline list, as a lead.
      await expect
        .poll(() => sp.getByText('Helios Modules SAS').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await bell.click();
      const inbox = sp.getByTestId('lead-inbox');
      await inbox.waitFor();
      const item = inbox.getByTestId('lead-item');
      await item.first().waitFor({ timeout: 30_000 });
      expect(await item.count()).toBe(1);
      expect(await item.textContent()).toContain('Helios Modules SAS');
      expect(await item.textContent()).toContain(site.name);
      await shot(sp, 'inbox-fr-1440');
      await sp.setViewportSize(PHONE);
      await shot(sp, 'inbox-fr-390');
      await sp.setViewportSize(DESKTOP);
      // The header cannot be reached under the modal list: close it to switch languages.
      await inbox.getByRole('button', { name: 'Fermer' }).click();
      await setLang(sp, 'en');
      await bell.click();
      await inbox.getByRole('heading', { name: 'New requests' }).waitFor();
      expect(await bell.getAttribute('aria-label')).toBe('New requests – 1 unread request');
      await shot(sp, 'inbox-en-1440');
      await sp.setViewportSize(PHONE);
      await shot(sp, 'inbox-en-390');
      await sp.setViewportSize(DESKTOP);
      await inbox.getByRole('button', { name: 'Close' }).click();
      await setLang(sp, 'fr');
      await bell.click();
      await inbox.waitFor();

      // Opening it marks it read and shows the project with the site shortlisted.
      await inbox.getByRole('button', { name: /Helios Modules SAS/ }).click();
      await expect.poll(() => sp.url(), { timeout: 30_000 }).toMatch(/\/projects\?project=/);
      await expect.poll(() => sp.getByTestId('lead-badge').count(), { timeout: 30_000 }).toBe(0);
      await expect
        .poll(() => sp.getByRole('heading', { name: /Helios Modules SAS/ }).count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await shot(sp, 'project-fr-1440');
      const projectId = new URL(sp.url()).searchParams.get('project')!;
      const shortlist = await sp.request.get(`${app.url}/api/projects/${projectId}/shortlist`);
      expect((await shortlist.json()).items.map((i: { siteId: string }) => i.siteId)).toEqual([site.id]);
      await staffCtx.close();

      // --- staff of another territory: no badge, no request ---------------------------------
      const otherCtx = await session.browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
      const op = await otherCtx.newPage();
      await op.goto(`${app.url}/projects`);
      await submitLogin(op, 'other.staff@agence.test', TEST_PASSWORD);
      await op.getByTestId('lead-bell').waitFor({ timeout: 30_000 });
      await op.waitForTimeout(1000);
      expect(await op.getByTestId('lead-badge').count()).toBe(0);
      expect(await op.getByText('Helios Modules SAS').count()).toBe(0);
      await otherCtx.close();
      expect(session.pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
