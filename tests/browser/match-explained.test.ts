/**
 * What the 2.0 matching engine says, as staff read it in Chromium (playwright-core), against the
 * real app in-process with the demo data, on whichever engine the run uses: the match screen
 * names the score's method, shows the flags, the confidence with the facts that lower it, the
 * counts with the legal exclusions and the rules behind them, the near-misses with their gaps;
 * switching to English re-words all of it without a new request; a knock-out relaxed in the
 * needs form brings a site back into the ranking; a project compares its ranking under both
 * engine versions. Every expectation is read from the API's own answer to the same request.
 * Screenshots (1440×900 and 390×844) go to test-results/screenshots/ (git-ignored).
 *
 * Without Chromium at /usr/bin/chromium (or CHROMIUM_PATH) the suite is skipped with a message.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import type { MatchResponse, MatchVersions } from '../../map-ui/src/api/types.ts';
import { type Client, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  screenshot,
  submitLogin,
  UI_DIST,
} from './browser-harness.ts';

const TEST_TIMEOUT = 300_000;
const STAFF_EMAIL = 'camille.martin@agence.test';
const templates = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'geodata/templates/project-templates.json'), 'utf8'),
).templates as Array<{ id: string; needs: Record<string, unknown> }>;
const battery = templates.find((t) => t.id === 'battery-cells')!;
const dataCentre = templates.find((t) => t.id === 'data-centre')!;

/** Visible text with typographic spaces folded and runs of space collapsed. */
const norm = (s: string | null | undefined) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const texts = async (page: Page, selector: string) =>
  (await page.locator(selector).allTextContents()).map(norm);
const percentFr = (share: number) => `${Math.round(share * 100)} %`;
const percentEn = (share: number) => `${Math.round(share * 100)}%`;
const isoDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Desktop and phone screenshots of the current state. */
async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForTimeout(300);
  await screenshot(page, `explained-${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await screenshot(page, `explained-${name}-phone`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe.skipIf(!hasChromium)(
  `match explanations and engine versions in Chromium (${engineName} engine)`,
  () => {
    let app: TestApp;
    let staff: Client;
    let session: BrowserSession;
    let context: BrowserContext;
    /** The first battery-cell result, made "committed" until `reservedUntil`. */
    let committed: { siteId: string; name: string };
    const availableBy = isoDays(200);
    const reservedUntil = isoDays(200 + 89);

    beforeAll(async () => {
      app = await startTestApp('demo', { UI_DIST });
      staff = await app.login('staff', {
        email: STAFF_EMAIL,
        organisation: 'AD Centre',
        name: 'Camille Martin',
      });
      const admin = await app.login('admin');
      const first = (await staff.send('POST', '/api/match', { needs: battery.needs })).body.results[0];
      const patched = await admin.send('PATCH', `/api/sites/${first.siteId}`, {
        properties: { status: 'committed', reservedUntil },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      committed = { siteId: first.siteId, name: first.name };
      session = await launchBrowser();
      context = session.context;
      // Log in once through the staff form; the session cookie serves every page of the context.
      const page = await context.newPage();
      await page.goto(`${app.url}/projects`);
      await submitLogin(page, STAFF_EMAIL, TEST_PASSWORD);
      await page.getByTestId('project-count').waitFor({ timeout: 30_000 });
      await page.close();
    }, 600_000);

    afterAll(async () => {
      await session?.close();
      await app?.close();
    });

    /** What the API answers to the match the screen sends (same needs, same limit). */
    async function apiMatch(needs: Record<string, unknown>): Promise<MatchResponse> {
      const r = await staff.send('POST', '/api/match', { needs, limit: 20 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    }

    async function runTemplate(page: Page, id: string) {
      await page.goto(`${app.url}/match`);
      const select = page.getByLabel("Partir d'un modèle de projet");
      await expect.poll(() => select.locator(`option[value="${id}"]`).count(), { timeout: 30_000 }).toBe(1);
      await select.selectOption(id);
    }

    it(
      'names the method and shows flags, confidence notes, counts with legal exclusions, rules and near-miss gaps; English needs no new request',
      async () => {
        const expected = await apiMatch(battery.needs);
        const top = expected.results[0];
        expect(top.siteId).toBe(committed.siteId);
        expect(expected.counts.legallyExcluded).toBeGreaterThan(0);
        const miss = expected.nearMisses[0];
        expect(miss.failed[0]).toMatchObject({ unit: 'ha', unknown: false });

        const page = await context.newPage();
        let matchRequests = 0;
        page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/match') matchRequests++;
        });
        await runTemplate(page, 'battery-cells');
        await page.getByRole('button', { name: 'Lancer la recherche' }).click();
        await expect
          .poll(() => page.locator('.result-card').count(), { timeout: 60_000 })
          .toBe(expected.results.length);

        // Counts: in scope, excluded by law, passing, near-missing, as the API counted them.
        expect(await texts(page, '[data-testid="match-counts"] dd')).toEqual(
          [
            expected.counts.considered,
            expected.counts.legallyExcluded,
            expected.counts.candidates + expected.counts.assemblies,
            expected.counts.nearMisses,
          ].map(String),
        );
        expect(await texts(page, '[data-testid="match-counts"] dt')).toEqual([
          'sites dans le périmètre',
          'exclus par la loi',
          'remplissent toutes les conditions',
          'presque compatibles',
        ]);
        // The rules behind them: the legal bans (always on), then the project's knock-outs.
        await page.getByText('Voir les règles appliquées').click();
        const legal = expected.knockouts.filter((k) => k.kind === 'legal');
        const legalShown = await texts(page, '[data-testid="rules-legal"] li');
        expect(legalShown).toHaveLength(legal.length);
        for (const [i, k] of legal.entries())
          expect(legalShown[i]).toContain(norm(`${k.label.fr} : ${k.rule.fr}`));
        await expect
          .poll(() => page.locator('[data-testid="rules-legal"] a').count(), { timeout: 30_000 })
          .toBe(legal.length);

        // The method, named once for the list and on every score.
        expect(norm(await page.getByTestId('score-method').textContent())).toBe(
          'Score : somme pondérée des critères, de 0 à 100 %.',
        );
        expect(await texts(page, '.result-card .score-label')).toEqual(
          expected.results.map(() => expected.scoreLabel.fr),
        );
        const card = page.locator('.result-card').first();
        expect(norm(await card.locator('.score-value').textContent())).toBe(percentFr(top.score));
        // Flags, with the commitment's end date, and the confidence with what lowers it.
        expect(await card.locator('.result-flags li').allTextContents()).toEqual(
          top.flags.map((f) => `⚑ ${f.text_fr}`),
        );
        const [y, m, d] = reservedUntil.split('-');
        expect(top.flags.map((f) => f.text_fr)).toContain(`engagé (accord signé) jusqu'au ${d}/${m}/${y}`);
        expect(norm(await card.locator('.confidence p').first().textContent())).toContain(
          `Confiance : ${percentFr(top.confidence)}`,
        );
        const notes = await texts(page, '.result-card:first-child .confidence-notes li');
        expect(notes).toHaveLength(top.confidenceNotes.length);
        for (const [i, n] of top.confidenceNotes.entries())
          expect(notes[i]).toBe(norm(`${n.text_fr} (−${Math.round(n.loss * 100)} points)`));
        // Each weighted criterion with its reason in French.
        const weighted = top.criteria.filter((c) => c.weight > 0).sort((a, b) => b.weight - a.weight);
        expect(
          await texts(page, '.result-card:first-child .criteria-bars li[data-criterion] .reason'),
        ).toEqual(weighted.map((c) => norm(c.reason_fr)));
        // Near-misses: what they fail, by how much, in its unit; no score.
        const firstMiss = page.locator('.near-miss').first();
        expect(norm(await firstMiss.locator('.link-button').textContent())).toBe(norm(miss.name));
        expect(norm(await firstMiss.locator('.failed li').first().textContent())).toBe(
          norm(`✗ ${miss.failed[0].reason_fr}écart : ${String(miss.failed[0].gap).replace('.', ',')} ha`),
        );
        expect(await page.locator('.near-miss .score-value').count()).toBe(0);
        expect(await page.getByText(/échantillon|sample/).count()).toBe(0);
        await page.getByTestId('match-counts').scrollIntoViewIfNeeded();
        await shots(page, 'results-fr');

        // English: every explanation re-worded from the same response.
        const before = matchRequests;
        await page.locator('.lang-switch button[lang="en"]').click();
        await expect
          .poll(() => page.getByTestId('score-method').textContent())
          .toBe('Score: weighted sum of the criteria, from 0 to 100%.');
        expect(await texts(page, '.result-card .score-label')).toEqual(
          expected.results.map(() => expected.scoreLabel.en),
        );
        expect(norm(await card.locator('.score-value').textContent())).toBe(percentEn(top.score));
        expect(await card.locator('.result-flags li').allTextContents()).toEqual(
          top.flags.map((f) => `⚑ ${f.text_en}`),
        );
        expect(
          await texts(page, '.result-card:first-child .criteria-bars li[data-criterion] .reason'),
        ).toEqual(weighted.map((c) => norm(c.reason_en)));
        expect(norm(await firstMiss.locator('.failed li').first().textContent())).toBe(
          norm(`✗ ${miss.failed[0].reason_en}gap: ${miss.failed[0].gap} ha`),
        );
        expect(await texts(page, '[data-testid="match-counts"] dt')).toEqual([
          'sites in scope',
          'excluded by law',
          'meet every condition',
          'near-misses',
        ]);
        const legalEn = await texts(page, '[data-testid="rules-legal"] li');
        for (const [i, k] of legal.entries())
          expect(legalEn[i]).toContain(norm(`${k.label.en}: ${k.rule.en}`));
        expect(matchRequests).toBe(before);
        await shots(page, 'results-en');
        await page.close();
      },
      TEST_TIMEOUT,
    );

    it(
      'lists the legal bans as always on and relaxes a knock-out into a preference',
      async () => {
        const needs = { ...battery.needs, availableBy };
        const strict = await apiMatch(needs);
        const relaxed = await apiMatch({ ...needs, relax: ['availableBy'] });
        // The committed site misses the date by 89 days, then ranks again once availability is a preference.
        expect(strict.results.map((r) => r.siteId)).not.toContain(committed.siteId);
        const asMiss = strict.nearMisses.find((n) => n.siteId === committed.siteId);
        expect(asMiss?.failed.map((f) => [f.key, f.gap, f.unit])).toEqual([['availableBy', 89, 'days']]);
        expect(relaxed.results.map((r) => r.siteId)).toContain(committed.siteId);

        const page = await context.newPage();
        const bodies: any[] = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/match')
            bodies.push(r.postDataJSON());
        });
        await runTemplate(page, 'battery-cells');
        await page.getByLabel('Disponible au plus tard le').fill(availableBy);
        // The law's bans are listed, locked: no control can turn them off.
        const bans = page.getByTestId('legal-bans');
        await expect.poll(() => bans.locator('li').count(), { timeout: 30_000 }).toBe(5);
        expect(await bans.locator('input').count()).toBe(0);
        expect(await texts(page, '[data-testid="legal-bans"] li')).toEqual(
          strict.knockouts
            .filter((k) => k.kind === 'legal')
            .map((k) => `${k.label.fr} (toujours appliquée, non modifiable)`),
        );
        // The new risk exclusions are offered, in French.
        for (const label of [
          'en zone inondable bleue ou rouge (PPRI)',
          'en zone bleue ou rouge de PPRT',
          "dans ou aux abords d'un site Natura 2000",
          "voisins d'un site Seveso",
          'à la pollution des sols avérée',
        ])
          expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
        await page.getByRole('button', { name: 'Lancer la recherche' }).click();
        await expect
          .poll(() => page.getByTestId('match-count').textContent(), { timeout: 60_000 })
          .toMatch(new RegExp(`^${strict.results.length} sites? classés?$`));
        const missItem = page.locator(`.near-miss[data-site-id="${committed.siteId}"]`);
        expect(norm(await missItem.locator('.gap').textContent())).toBe('écart : 2,9 mois');
        expect(norm(await missItem.locator('.failed li').textContent())).toContain(
          norm(asMiss!.failed[0].reason_fr),
        );
        await shots(page, 'near-miss-availability');

        // Untick availability: a preference now, and the committed site is ranked again.
        await page.getByRole('tab', { name: 'Besoins' }).click();
        const tick = page.locator('.need-knockouts').getByLabel('Disponibilité', { exact: true });
        expect(await tick.isChecked()).toBe(true);
        await tick.uncheck();
        await page.locator('.knockouts-group').scrollIntoViewIfNeeded();
        await shots(page, 'needs-relaxed');
        await page.getByRole('button', { name: 'Lancer la recherche' }).click();
        await expect
          .poll(() => page.locator(`.result-card[data-site-id="${committed.siteId}"]`).count(), {
            timeout: 60_000,
          })
          .toBe(1);
        expect(bodies.at(-1).needs.relax).toEqual(['availableBy']);
        expect(await page.locator('.result-card').count()).toBe(relaxed.results.length);
        await page.close();
      },
      TEST_TIMEOUT,
    );

    it(
      'compares a project under both engine versions: new, dropped with the rule that drops them, moved — in French and English',
      async () => {
        const created = await staff.send('POST', '/api/projects', {
          name: 'Projet Nuage',
          sector: 'data_centre',
          needs: dataCentre.needs,
        });
        expect(created.status).toBe(201);
        const { body: expected } = (await staff.get(`/api/projects/${created.body.id}/match-versions`)) as {
          body: MatchVersions;
        };
        const of = (kind: string) => expected.changes.filter((c) => c.change === kind);
        expect(of('new').length).toBeGreaterThan(0);
        expect(of('dropped').length).toBeGreaterThan(0);

        const page = await context.newPage();
        await page.goto(`${app.url}/projects?project=${created.body.id}`);
        await page.getByRole('tab', { name: 'Recherche' }).click();
        await page.getByRole('button', { name: 'Comparer les versions du moteur' }).click();
        const summary = page.getByTestId('versions-summary');
        await expect.poll(() => summary.locator('li').count(), { timeout: 60_000 }).toBe(5);
        const plural = (n: number, one: string, other: string) => `${n} ${n > 1 ? other : one}`;
        expect(await texts(page, '[data-testid="versions-summary"] li')).toEqual([
          plural(of('new').length, 'nouveau', 'nouveaux'),
          plural(of('dropped').length, 'sorti', 'sortis'),
          plural(of('up').length, 'monte', 'montent'),
          plural(of('down').length, 'descend', 'descendent'),
          plural(of('same').length, 'inchangé', 'inchangés'),
        ]);
        const byRank = (a: { before: any; after: any }, b: { before: any; after: any }) =>
          (a.after?.rank ?? a.before.rank) - (b.after?.rank ?? b.before.rank);
        const dropped = [...of('dropped')].sort(byRank);
        const droppedItems = page.locator('[data-testid="versions-dropped"] .version-change');
        expect(await droppedItems.count()).toBe(dropped.length);
        for (const [i, c] of dropped.entries()) {
          const item = droppedItems.nth(i);
          expect(norm(await item.locator('.version-name').textContent())).toBe(norm(c.name));
          expect(norm(await item.locator('.version-rank').textContent())).toBe(
            `était rang ${c.before!.rank}`,
          );
          expect((await item.locator('.failed li').allTextContents()).map(norm)).toEqual(
            c.reasons_fr.map((r) => norm(`✗ ${r}`)),
          );
        }
        const fresh = [...of('new')].sort(byRank);
        expect(await texts(page, '[data-testid="versions-new"] .version-rank')).toEqual(
          fresh.map((c) => `rang ${c.after!.rank}, absent avant`),
        );
        expect(await texts(page, '[data-testid="versions-up"] .version-rank')).toEqual(
          [...of('up')].sort(byRank).map((c) => `rang ${c.before!.rank} → ${c.after!.rank}`),
        );
        await shots(page, 'versions-fr');

        await page.locator('.lang-switch button[lang="en"]').click();
        await expect
          .poll(() => page.locator('#versions-title').textContent())
          .toBe('Matching engine versions');
        for (const [i, c] of dropped.entries()) {
          expect((await droppedItems.nth(i).locator('.failed li').allTextContents()).map(norm)).toEqual(
            c.reasons_en.map((r) => norm(`✗ ${r}`)),
          );
          expect(norm(await droppedItems.nth(i).locator('.version-rank').textContent())).toBe(
            `was rank ${c.before!.rank}`,
          );
        }
        expect(await texts(page, '[data-testid="versions-summary"] li')).toContain(`${of('new').length} new`);
        await page.getByTestId('versions-dropped').scrollIntoViewIfNeeded();
        await shots(page, 'versions-en');
        expect(session.pageErrors).toEqual([]);
        expect(session.cspViolations).toEqual([]);
        await page.close();
      },
      TEST_TIMEOUT,
    );
  },
);
