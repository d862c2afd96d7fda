/**
 * The staff flow in Debian's Chromium (playwright-core) against the real app in-process with
 * the demo data, on whichever engine the run uses: log in through the form, create a project
 * from the battery-cell template, run the match, shortlist 3 sites, reorder them (keyboard),
 * compare them, export the PDF (captured and read back with pdfjs-dist: cover + overview +
 * one page per site + comparison) and the CSV; then a status change to "lost" with its reason
 * and the relocation observatory. Screenshots go to test-results/screenshots/ (git-ignored).
 *
 * Without Chromium at /usr/bin/chromium (or CHROMIUM_PATH) the suite is skipped with a
 * message saying how to enable it.
 */
import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
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
const STAFF_EMAIL = 'claire.dubois@agence.test';

const shot = (page: Page, name: string) => screenshot(page, `staff-${name}`);

async function readPdf(buf: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  const numPages = pdf.numPages;
  await pdf.destroy();
  return { numPages, pages };
}

/** Text with every kind of space and line break collapsed, for "contains this name" checks. */
const flat = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** The site ids of the shortlist cards, top to bottom. */
const shownOrder = (page: Page) =>
  page.locator('.shortlist-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-site-id')));

describe.skipIf(!hasChromium)(`staff flow in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let staff: Client;
  let session: BrowserSession;
  let context: BrowserContext;
  let pageErrors: string[] = [];
  let cspViolations: string[] = [];

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    staff = await app.login('staff', {
      email: STAFF_EMAIL,
      territories: [GPSO],
      organisation: 'GPS&O',
      name: 'Claire Dubois',
    });
    await seedProjects(app, staff);
    session = await launchBrowser({ acceptDownloads: true });
    context = session.context;
    cspViolations = session.cspViolations;
    pageErrors = session.pageErrors;
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  it(
    'logs in, creates a project from a template, matches, shortlists 3 sites, reorders, compares and exports the PDF',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/projects`);

      // --- login: a real form, and a refusal in plain words ---------------------------------
      const form = page.locator('.login-card');
      await form.getByLabel('Adresse e-mail').fill(STAFF_EMAIL);
      await form.getByLabel('Mot de passe').fill('not the password');
      await form.getByRole('button', { name: 'Connexion équipe' }).click();
      await expect
        .poll(() => form.getByRole('alert').textContent(), { timeout: 30_000 })
        .toBe('Adresse e-mail ou mot de passe incorrect.');
      await waitForMapIdle(page);
      await shot(page, '01-login');
      await form.getByLabel('Mot de passe').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Connexion équipe' }).click();
      await expect
        .poll(() => page.getByTestId('project-count').textContent(), { timeout: 30_000 })
        .toMatch(/^\d+ projets?$/);
      expect(await page.getByRole('button', { name: new RegExp(STAFF_EMAIL) }).count()).toBe(1);
      await shot(page, '02-projects');

      // --- a project from the battery-cell template ----------------------------------------
      await page
        .getByRole('button', { name: /Nouveau projet/ })
        .first()
        .click();
      await page.getByLabel('Nom de code').fill('Projet Volta');
      await page.getByLabel('Entreprise').fill('Voltacell GmbH');
      await page.getByLabel("Pays d'origine").selectOption('DE');
      await page.getByLabel('Emplois prévus').fill('1200');
      await page.getByLabel('Investissement').fill('2000');
      const template = page.getByLabel("Partir d'un modèle de projet");
      await expect.poll(() => template.locator('option[value="battery-cells"]').count()).toBe(1);
      await template.selectOption('battery-cells');
      // The template fills the needs and suggests the sector.
      expect(await page.getByRole('combobox', { name: /^Secteur/ }).inputValue()).toBe('battery_cells');
      expect(await page.getByRole('textbox', { name: /^Surface minimale/ }).inputValue()).toBe('50');
      await shot(page, '03-project-form');
      await page.getByRole('button', { name: 'Créer le projet' }).click();

      // --- the match with the project's needs ----------------------------------------------
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toBe('Projet Volta');
      const projectId = new URL(page.url()).searchParams.get('project');
      expect(projectId).toMatch(/^[0-9a-f-]{36}$/);
      await page.getByRole('button', { name: 'Lancer la recherche' }).click();
      await expect
        .poll(() => page.locator('.result-card').count(), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(3);
      await expect
        .poll(() => page.locator('.rank-marker').count(), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(3);

      // --- shortlist the top 3 --------------------------------------------------------------
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const card = page.locator('.result-card').nth(i);
        names.push(
          (await card.locator('.result-title .link-button').textContent())!.replace(/^Rang \d+ :\s*/, ''),
        );
        await card.getByRole('button', { name: /^Ajouter .* à la liste restreinte$/ }).click();
        await expect
          .poll(() => card.getByText('Dans la liste restreinte').count(), { timeout: 30_000 })
          .toBe(1);
      }
      await waitForMapIdle(page);
      await shot(page, '04-match-results');
      const stored = await staff.get(`/api/projects/${projectId}/shortlist`);
      expect(stored.status).toBe(200);
      expect(stored.body.items).toHaveLength(3);
      // Each item keeps the score it was proposed with (a snapshot from the match).
      for (const it of stored.body.items) {
        expect(it.snapshot.source).toBe('match');
        expect(it.score).toBeGreaterThan(0);
      }
      const ids: string[] = stored.body.items.map((it: { siteId: string }) => it.siteId);

      // --- the shortlist beside the map ------------------------------------------------------
      await page.getByRole('tab', { name: /Sites retenus \(3\)/ }).click();
      await expect.poll(() => shownOrder(page)).toEqual(ids);
      await expect.poll(() => page.locator('.rank-marker').count(), { timeout: 30_000 }).toBe(3);
      await waitForMapIdle(page);
      await shot(page, '05-shortlist');

      // Reorder with the keyboard: the first site goes down one rank, focus stays on it.
      await page.getByRole('button', { name: `Descendre ${names[0]} d'un rang` }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => shownOrder(page)).toEqual([ids[1], ids[0], ids[2]]);
      await expect
        .poll(() =>
          page.evaluate(() => (globalThis as any).document.activeElement?.closest('li')?.dataset.siteId),
        )
        .toBe(ids[0]);
      // …and the last one goes up with a click.
      await page.getByRole('button', { name: `Monter ${names[2]} d'un rang` }).click();
      const reordered = [ids[1], ids[2], ids[0]];
      await expect.poll(() => shownOrder(page)).toEqual(reordered);
      await expect
        .poll(
          async () =>
            (await staff.get(`/api/projects/${projectId}/shortlist`)).body.items.map((i: any) => i.siteId),
          {
            timeout: 30_000,
          },
        )
        .toEqual(reordered);

      // A note on the new first site.
      await page.getByRole('button', { name: `Ajouter une note sur ${names[1]}` }).click();
      await page.keyboard.type('Visite proposée en mars ; délai de cession à confirmer.');
      await page.getByRole('button', { name: 'Enregistrer la note' }).click();
      await expect
        .poll(() => page.locator('.note-text').first().textContent(), { timeout: 30_000 })
        .toContain('Visite proposée en mars');
      await waitForMapIdle(page);
      await shot(page, '06-shortlist-reordered');

      // --- compare -------------------------------------------------------------------------------
      await page.getByRole('button', { name: 'Comparer les sites' }).click();
      const table = page.getByTestId('compare-table');
      await expect.poll(() => table.locator('thead th.site-col').count(), { timeout: 30_000 }).toBe(3);
      expect(await table.locator('thead th.site-col').allTextContents()).toEqual(
        reordered.map((_, i) => expect.stringContaining([names[1], names[2], names[0]][i])),
      );
      // The best score is highlighted in the column of the best-scored site.
      const scoreRow = table.locator('tbody tr', { has: page.locator('th', { hasText: /^Score$/ }) });
      const bestIndex = await scoreRow
        .locator('td')
        .evaluateAll((tds) => tds.findIndex((td) => td.classList.contains('best')));
      const scores = reordered.map(
        (id) => stored.body.items.find((i: any) => i.siteId === id).score as number,
      );
      expect(bestIndex).toBe(scores.indexOf(Math.max(...scores)));
      expect(await table.locator('td.best').count()).toBeGreaterThan(3);
      await shot(page, '07-compare');
      await page.keyboard.press('Escape');
      await expect.poll(() => table.count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe(
        'Comparer les sites',
      );

      // --- exports -----------------------------------------------------------------------------
      const [pdfDownload] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: 'Dossier PDF en français' }).click(),
      ]);
      expect(pdfDownload.suggestedFilename()).toMatch(/^shortlist-projet-volta-fr-\d{4}-\d{2}-\d{2}\.pdf$/);
      const pdf = fs.readFileSync((await pdfDownload.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const { numPages, pages } = await readPdf(pdf);
      // Cover + overview map + the three site sheets (a sheet may take more than a page, the
      // cover's contents say which) + the comparison table.
      expect(numPages).toBeGreaterThanOrEqual(2 + 3 + 1);
      expect(flat(pages[0])).toContain(`Fiches sites p. 3–${numPages - 1}`);
      expect(flat(pages[numPages - 1])).toContain('Comparaison des sites');
      const text = flat(pages.join('\n'));
      for (const name of names) expect(text).toContain(flat(name));
      expect(text).toContain('Projet Volta');

      const [csvDownload] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: /^Tableau de la liste restreinte/ }).click(),
      ]);
      const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
      for (const name of names) expect(csv).toContain(name);

      // --- status: lead → qualified -------------------------------------------------------------
      await page.getByRole('button', { name: 'Changer le statut' }).click();
      await page.getByLabel('Nouveau statut').selectOption('qualified');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect
        .poll(() => page.locator('.detail-title-row .pstatus').textContent(), { timeout: 30_000 })
        .toBe('Qualifié');
      expect((await staff.get(`/api/projects/${projectId}`)).body.status).toBe('qualified');

      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'adds a site picked on the map, marks a project lost only with a reason, and the observatory charts it',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/projects`);
      // The session cookie of the first test is still there.
      await expect
        .poll(() => page.getByTestId('project-count').textContent(), { timeout: 30_000 })
        .toMatch(/projets/);
      await page.getByLabel('Statut').selectOption('visit');
      await expect.poll(() => page.locator('.project-card').count(), { timeout: 30_000 }).toBe(1);
      await page.locator('.project-card').first().click();
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toBe('Projet Ampère');
      const projectId = new URL(page.url()).searchParams.get('project');

      // A site selected on the map (here through its link) can be added to the shortlist.
      const { body: sites } = await app.anonymous.get('/api/sites?limit=1&label=cle_en_main_france_2030');
      const site = sites.features[0];
      await page.goto(`${app.url}/projects?project=${projectId}&site=${site.id}`);
      await page
        .getByRole('button', { name: `Ajouter ${site.properties.name} à la liste restreinte` })
        .click();
      await expect.poll(() => shownOrder(page), { timeout: 30_000 }).toEqual([site.id]);
      const { body: list } = await staff.get(`/api/projects/${projectId}/shortlist`);
      expect(list.items.map((i: { siteId: string }) => i.siteId)).toEqual([site.id]);
      await page.getByRole('button', { name: 'Fermer la fiche' }).click();

      await page.getByRole('button', { name: 'Changer le statut' }).click();
      await page.getByLabel('Nouveau statut').selectOption('lost');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect.poll(() => page.getByText('Indiquez pourquoi le projet est perdu.').count()).toBe(1);
      await page.getByLabel('Raison de la perte').selectOption('power');
      await page.getByLabel('Précisions sur la perte (facultatif)').fill('Raccordement 225 kV trop tardif.');
      await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
      await expect
        .poll(() => page.locator('.detail-title-row .pstatus').textContent(), { timeout: 30_000 })
        .toBe('Perdu');
      expect(await page.locator('.status-line').textContent()).toContain('Électricité');

      await page.getByRole('button', { name: 'Tous les projets' }).first().click();
      await page.getByRole('button', { name: 'Observatoire des implantations' }).click();
      const dashboard = page.locator('.observatory');
      await expect
        .poll(() => dashboard.locator('.recharts-surface').count(), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(5);
      const { body: summary } = await staff.get('/api/observatory');
      expect(await dashboard.locator('.kpi-lost dd').textContent()).toBe(String(summary.outcomes.lost));
      // Territories by name (EPCI names from their SIREN), not a bare code.
      expect(summary.byTerritory.map((r: { territory: string | null }) => r.territory)).toContain(GPSO);
      await expect
        .poll(() => dashboard.locator('.data-table th[scope="row"]').allTextContents(), { timeout: 30_000 })
        .toContain(`CU Grand Paris Seine et Oise (${GPSO})`);
      expect(summary.lossReasons.find((r: { reason: string }) => r.reason === 'power').count).toBeGreaterThan(
        0,
      );
      expect(await dashboard.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toBe(
        '/api/observatory.csv',
      );
      await page.waitForTimeout(300);
      await shot(page, '08-observatory');
      await dashboard.locator('.observatory-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(300);
      await shot(page, '09-observatory-trends');

      // The account menu opens over the observatory, and its last entry is the one a click reaches.
      await page.getByRole('button', { name: new RegExp(STAFF_EMAIL) }).click();
      const logout = page.getByRole('menuitem', { name: 'Se déconnecter' });
      await expect.poll(() => logout.isVisible()).toBe(true);
      const onTop = await logout.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit !== null && el.contains(hit);
      });
      expect(onTop).toBe(true);
      await shot(page, '10-account-menu-over-observatory');
      await page.keyboard.press('Escape');
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'saves a search from the match screen to a new project, with its needs and its first 3 results',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/match`);
      const select = page.getByLabel("Partir d'un modèle de projet");
      await expect
        .poll(() => select.locator('option[value="battery-cells"]').count(), { timeout: 30_000 })
        .toBe(1);
      await select.selectOption('battery-cells');
      await page.getByRole('button', { name: 'Lancer la recherche' }).click();
      await expect.poll(() => page.locator('.result-card').count(), { timeout: 60_000 }).toBeGreaterThan(2);
      const shown = await page
        .locator('.result-card')
        .evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-site-id')));

      const save = page.getByRole('region', { name: 'Enregistrer dans un projet' });
      await save.getByLabel(/^Nom de code/).fill('Projet Écluse');
      await save.getByLabel(/^Secteur/).selectOption('battery_cells');
      expect(
        await save.getByLabel('Ajouter les 3 premiers résultats à la liste restreinte').isChecked(),
      ).toBe(true);
      await save.getByRole('button', { name: 'Enregistrer' }).click();
      await expect
        .poll(() => save.getByRole('status').textContent(), { timeout: 30_000 })
        .toContain('Enregistré dans « Projet Écluse » (3 sites ajoutés à la liste restreinte).');
      await shot(page, '11-match-saved-to-project');

      const href = await save.getByRole('link', { name: 'Ouvrir le projet' }).getAttribute('href');
      const projectId = new URL(href!, app.url).searchParams.get('project')!;
      const { body: project } = await staff.get(`/api/projects/${projectId}`);
      expect(project).toMatchObject({ name: 'Projet Écluse', sector: 'battery_cells', status: 'lead' });
      expect(project.needs.surfaceHa.min).toBeGreaterThan(0);
      const { body: list } = await staff.get(`/api/projects/${projectId}/shortlist`);
      expect(list.items.map((i: { siteId: string }) => i.siteId)).toEqual(shown);
      expect(list.items[0].score).not.toBeNull();
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'offers each country once in the project form, and keeps a negative filter visible with a message',
    async () => {
      const page = await context.newPage();
      await page.goto(`${app.url}/projects`);
      await page
        .getByRole('button', { name: /Nouveau projet/ })
        .first()
        .click();
      const country = page.getByLabel("Pays d'origine");
      await expect.poll(() => country.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(200);
      const names = await country.locator('option').evaluateAll((os) => os.map((o) => o.textContent ?? ''));
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((n) => n === 'Allemagne')).toHaveLength(1);
      expect(names.some((n) => /pseudo/i.test(n))).toBe(false);

      await page.goto(`${app.url}/`);
      await page.getByText('Filtres', { exact: true }).click();
      const min = page.getByRole('textbox', { name: 'Surface disponible minimale (ha)' });
      await min.fill('-5');
      expect(await min.inputValue()).toBe('-5');
      expect(await page.getByRole('alert').filter({ hasText: 'Un nombre positif ou nul' }).count()).toBe(1);
      // Nothing was applied: the URL carries no minimum.
      expect(new URL(page.url()).searchParams.get('minArea')).toBeNull();
      await min.fill('12,5');
      await expect.poll(() => new URL(page.url()).searchParams.get('minArea')).toBe('12.5');
      expect(await page.getByRole('alert').filter({ hasText: 'Un nombre positif ou nul' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});

/**
 * A few projects of the same territory at different stages, dated over the last months, so
 * the observatory has something to chart; "Projet Ampère" stays at "visit" for the loss test.
 */
async function seedProjects(app: TestApp, staff: Client): Promise<void> {
  const plan: Array<{ name: string; sector: string; path: string[]; loss?: string; monthsAgo: number }> = [
    {
      name: 'Projet Ampère',
      sector: 'electric_motors',
      path: ['qualified', 'sites_proposed', 'visit'],
      monthsAgo: 5,
    },
    {
      name: 'Projet Silice',
      sector: 'data_centre',
      path: ['qualified', 'sites_proposed', 'visit', 'decision', 'landed'],
      monthsAgo: 8,
    },
    {
      name: 'Projet Orge',
      sector: 'food_processing',
      path: ['qualified', 'lost'],
      loss: 'land',
      monthsAgo: 7,
    },
    {
      name: 'Projet Acier',
      sector: 'metallurgy',
      path: ['qualified', 'sites_proposed', 'lost'],
      loss: 'price',
      monthsAgo: 4,
    },
    { name: 'Projet Nova', sector: 'medical_devices', path: ['qualified'], monthsAgo: 2 },
    { name: 'Projet Kelvin', sector: 'battery_cells', path: [], monthsAgo: 1 },
  ];
  for (const p of plan) {
    const created = await staff.send('POST', '/api/projects', { name: p.name, sector: p.sector });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const status of p.path) {
      const body = status === 'lost' ? { status, lossReason: p.loss } : { status };
      const r = await staff.send('PATCH', `/api/projects/${created.body.id}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Backdate, so the monthly chart has a history (the API always stamps "now").
    const at = new Date();
    at.setUTCMonth(at.getUTCMonth() - p.monthsAgo);
    const decided = new Date(at);
    decided.setUTCMonth(decided.getUTCMonth() + Math.min(p.path.length, p.monthsAgo - 1));
    await app.db
      .knex('projects')
      .where('id', created.body.id)
      .update({ created_at: at.toISOString(), status_changed_at: decided.toISOString() });
  }
}
