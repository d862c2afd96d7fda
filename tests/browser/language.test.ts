/**
 * One language at a time (issue 13 item 5), in Chromium on the built UI and the demo data:
 * a refused request (minimum area above the maximum, straight from the URL) is said in the
 * UI's language with the field's label, never with the server's English, and offers to fix
 * the field instead of a retry that cannot work; a server failure still offers the retry;
 * site texts written in one language only carry a mark in the other. Screenshots at 1440×900
 * and 390×844 in French and English go to test-results/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textLanguage } from '../../api/src/shared/text-language.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import { type BrowserSession, hasChromium, launchBrowser, screenshot, UI_DIST } from './browser-harness.ts';

const TEST_TIMEOUT = 240_000;
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const TEXTS = {
  fr: {
    summary: 'La demande a été refusée : une valeur est à corriger.',
    field: 'Surface disponible minimale (ha)',
    detail: 'le minimum dépasse « Surface disponible maximale (ha) ».',
    fix: 'Corriger « Surface disponible minimale (ha) »',
    retry: 'Réessayer',
    server: 'La base de données est momentanément indisponible',
    markEn: '(texte en anglais)',
  },
  en: {
    summary: 'The request was refused: a value needs correcting.',
    field: 'Minimum available area (ha)',
    detail: 'the minimum exceeds “Maximum available area (ha)”.',
    fix: 'Fix “Minimum available area (ha)”',
    retry: 'Try again',
    server: 'The database is unavailable for a moment',
    markFr: '(French text)',
  },
} as const;

describe.skipIf(!hasChromium)(`one language at a time in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let context: BrowserContext;

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    session = await launchBrowser();
    context = session.context;
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  async function open(query: string, size: (typeof SIZES)[number]): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`${app.url}/${query}`);
    return page;
  }

  for (const lang of ['fr', 'en'] as const) {
    it(
      `a refused filter is said in ${lang === 'fr' ? 'French' : 'English'}, with the field, and no retry`,
      async () => {
        const t = TEXTS[lang];
        for (const size of SIZES) {
          const page = await open(`?minArea=50&maxArea=10${lang === 'en' ? '&lang=en' : ''}`, size);
          const notice = page.locator('.notice-error[data-error-code="invalid_input"]');
          await notice.waitFor({ timeout: 120_000 });
          const text = (await notice.innerText()).replace(/\s+/g, ' ');
          expect(text).toContain(t.summary);
          expect(text).toContain(`${t.field}${lang === 'fr' ? ' : ' : ': '}${t.detail}`);
          // Never the server's English sentence nor its field code.
          expect(text).not.toMatch(/Invalid query|must not exceed|minAreaHa/);
          // A 400 comes back the same however often it is sent: no retry, the fix instead.
          await expect.poll(() => notice.getByRole('button').allInnerTexts()).toEqual([t.fix]);
          expect(await notice.getByRole('button', { name: t.retry }).count()).toBe(0);
          await notice.scrollIntoViewIfNeeded();
          await screenshot(page, `language-error-${lang}-${size.name}`);
          // The fix button takes the user to the field (its filter panel opens if closed).
          await notice.getByRole('button', { name: t.fix }).click();
          await expect
            .poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name')))
            .toBe('minAreaHa');
          await page.close();
        }
      },
      TEST_TIMEOUT,
    );
  }

  it(
    'a server failure keeps its retry, in the UI language (a real 503 body from the API)',
    async () => {
      for (const lang of ['fr', 'en'] as const) {
        const page = await context.newPage();
        await page.route(/\/api\/sites\?/, (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'unavailable', message: 'The database is unavailable; try again shortly.' },
            }),
          }),
        );
        await page.goto(`${app.url}/${lang === 'en' ? '?lang=en' : ''}`);
        const notice = page.locator('.notice-error[data-error-code="unavailable"]');
        await notice.waitFor({ timeout: 120_000 });
        expect(await notice.innerText()).toContain(TEXTS[lang].server);
        expect(await notice.innerText()).not.toContain('try again shortly');
        expect(await notice.getByRole('button', { name: TEXTS[lang].retry }).count()).toBe(1);
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'a site text in one language only is marked in the other, with its lang',
    async () => {
      // A demo site whose description is French and whose provenance notes are English.
      const { body: list } = await app.anonymous.get('/api/sites?limit=60');
      let site: { id: string; properties: Record<string, unknown> } | undefined;
      for (const f of list.features as { id: string }[]) {
        const { body } = await app.anonymous.get(`/api/sites/${f.id}`);
        const p = body.properties;
        if (textLanguage(p.description) === 'fr' && textLanguage(p.provenanceNotes) === 'en') {
          site = body;
          break;
        }
      }
      expect(site).toBeDefined();
      for (const size of SIZES) {
        // French UI: the English provenance notes are marked, the French description is not.
        const fr = await open(`?site=${site!.id}`, size);
        const notes = fr.locator('.provenance [data-text-lang="en"]');
        await notes.waitFor({ timeout: 120_000 });
        expect(await notes.getAttribute('lang')).toBe('en');
        const mark = notes.locator('.lang-mark');
        expect(await mark.innerText()).toBe(TEXTS.fr.markEn);
        expect(await mark.getAttribute('lang')).toBe('fr');
        expect(await fr.locator('.description .lang-mark').count()).toBe(0);
        await notes.scrollIntoViewIfNeeded();
        await screenshot(fr, `language-mark-fr-${size.name}`);
        await fr.close();
        // English UI: the French description is marked, the English notes are not.
        const en = await open(`?site=${site!.id}&lang=en`, size);
        const description = en.locator('.description[data-text-lang="fr"]');
        await description.waitFor({ timeout: 120_000 });
        expect(await description.getAttribute('lang')).toBe('fr');
        expect(await description.locator('.lang-mark').innerText()).toBe(TEXTS.en.markFr);
        expect(await en.locator('.provenance .lang-mark').count()).toBe(0);
        await screenshot(en, `language-mark-en-${size.name}`);
        await en.close();
      }
      expect(session.pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
