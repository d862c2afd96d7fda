/**
 * The layout from 360 px to 1440 px in Debian's Chromium (playwright-core), against the real
 * app in-process with the demo data (issue 13 item 4). At 360×740, 390×844, 768×1024 and
 * 1440×900, a person signs in through the header (its menu on phones), then goes through every
 * screen — map and list, site panel, site editor, "Trouver un site", projects and a project,
 * the comparison, the observatory, the import screen, the "to refresh" list — and on each:
 * - nothing scrolls sideways: `scrollWidth <= innerWidth`, and no visible element reaches past
 *   the viewport unless a scrolling or clipping box of its own holds it;
 * - the map is there: its canvas is what a tap hits somewhere on screen (on a phone, above the
 *   bottom sheet; at most one tap away when the sheet is full);
 * - the account menu opens over the stage panels, its items are what a click at their centre
 *   hits, and "log out" from it works.
 * On phones the bottom sheet snaps (buttons, keyboard, drag) and shows the selected site's
 * panel; the header menu keeps focus inside and closes with Escape.
 * Screenshots of every step go to test-results/screenshots/ (CI artifacts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  type BrowserSession,
  hasChromium,
  launchBrowser,
  MAP_TIMEOUT,
  screenshot,
  UI_DIST,
} from './browser-harness.ts';

const TEST_TIMEOUT = 600_000;
const ADMIN_EMAIL = 'responsive.admin@agence.test';
const VIEWPORTS = [
  { width: 360, height: 740, phone: true },
  { width: 390, height: 844, phone: true },
  { width: 768, height: 1024, phone: false },
  { width: 1440, height: 900, phone: false },
] as const;

/**
 * What reaches past the viewport's sides without a box of its own that scrolls or clips it:
 * the elements that would make the page scroll sideways (or be cut off if the page hid it).
 */
function sideOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= vw + 1 && r.left >= -1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      // Visually hidden (a screen reader's table), or held by an ancestor that scrolls or
      // clips, itself within the viewport?
      let held = false;
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.clip !== 'auto' || s.clipPath !== 'none') {
          held = true;
          break;
        }
        if (a !== el && clips(a)) {
          const ar = a.getBoundingClientRect();
          held = ar.right <= vw + 1 && ar.left >= -1;
          break;
        }
      }
      if (!held) {
        const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
        offenders.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: vw,
      offenders: offenders.slice(0, 8),
    };
  });
}

/** The map canvas is what a tap hits at one point at least of a coarse grid over the screen. */
function mapHit(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.querySelector('.maplibregl-canvas');
    if (!canvas) return false;
    for (let y = 0.1; y < 1; y += 0.1)
      for (let x = 0.1; x < 1; x += 0.2) {
        if (document.elementFromPoint(window.innerWidth * x, window.innerHeight * y) === canvas) return true;
      }
    return false;
  });
}

/** The centre of an element hits the element itself (nothing drawn over it). */
function onTop(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && el.contains(hit);
  });
}

describe.skipIf(!hasChromium)(`responsive layout in Chromium (${engineName} engine)`, () => {
  let app: TestApp;
  let session: BrowserSession;
  let browser: Browser;
  let projectId: string;
  let siteName: string;

  beforeAll(async () => {
    app = await startTestApp('demo', { UI_DIST });
    const admin = await app.login('admin', { email: ADMIN_EMAIL, name: 'Admin Responsive' });
    const created = await admin.send('POST', '/api/projects', {
      name: 'Projet Lisière',
      sector: 'battery_cells',
    });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    const { body: sites } = await app.anonymous.get('/api/sites?limit=3');
    siteName = sites.features[0].properties.name;
    for (const f of sites.features) {
      const r = await admin.send('POST', `/api/projects/${projectId}/shortlist/items`, { siteId: f.id });
      expect(r.status).toBe(201);
    }
    session = await launchBrowser();
    browser = session.browser;
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await app?.close();
  });

  for (const vp of VIEWPORTS) {
    it(
      `at ${vp.width}×${vp.height}: no sideways scroll on any screen, the map reachable, menus that work`,
      async () => {
        const context = await browser.newContext({
          viewport: { width: vp.width, height: vp.height },
          locale: 'fr-FR',
        });
        const pageErrors: string[] = [];
        context.on('weberror', (e) => pageErrors.push(e.error().message));
        const page = await context.newPage();
        const size = `${vp.width}x${vp.height}`;
        const shot = (name: string) => screenshot(page, `responsive-${size}-${name}`);
        const check = async (screen: string) => {
          const o = await sideOverflow(page);
          expect(o.offenders, `${screen} at ${size}`).toEqual([]);
          expect(o.scrollWidth, `${screen} at ${size}`).toBeLessThanOrEqual(o.innerWidth);
          await shot(screen);
        };
        const toggle = page.locator('.menu-toggle');
        /** The header's actions: behind the menu button on phones, in the header elsewhere. */
        const openHeader = async () => {
          expect(await toggle.isVisible()).toBe(vp.phone);
          if (vp.phone && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
        };
        const account = page.getByRole('button', { name: new RegExp(ADMIN_EMAIL) });
        /** Opens the account menu (through the header menu on phones). */
        const openAccount = async () => {
          await openHeader();
          if ((await account.getAttribute('aria-expanded')) !== 'true') await account.click();
          await expect.poll(() => page.getByRole('menu').isVisible()).toBe(true);
        };
        const closeMenus = async () => {
          if ((await account.getAttribute('aria-expanded')) === 'true') await account.click();
          if (vp.phone && (await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
        };
        const menuItem = (name: string) => page.getByRole('menuitem', { name });
        /** Every item of the open account menu is what a click at its centre reaches. */
        const accountMenuOnTop = async (over: string) => {
          await openAccount();
          const items = await page.getByRole('menuitem').count();
          expect(items).toBeGreaterThanOrEqual(3);
          for (let i = 0; i < items; i++) {
            const sel = `.account-menu [role="menuitem"] >> nth=${i}`;
            expect(await onTop(page, sel), `account menu item ${i} over ${over} at ${size}`).toBe(true);
          }
          await check(`account-menu-over-${over}`);
          // Escape closes the account menu, then (phones) the header menu, not the view under them.
          await page.keyboard.press('Escape');
          await expect.poll(() => page.getByRole('menu').count()).toBe(0);
          if (vp.phone) {
            await page.keyboard.press('Escape');
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          }
          expect(await page.locator('.stage-panel').count(), `${over} still open`).toBe(1);
        };

        // --- the map and the list, as a visitor ----------------------------------------------
        await page.goto(`${app.url}/`);
        await expect
          .poll(() => page.locator('.site-item').count(), { timeout: MAP_TIMEOUT })
          .toBeGreaterThan(3);
        await expect.poll(() => mapHit(page), { timeout: MAP_TIMEOUT }).toBe(true);
        await check('browse');
        // The filters open: every input and select with its visually hidden label.
        await page.locator('details.filters > summary').click();
        await expect.poll(() => page.locator('details.filters[open]').count()).toBe(1);
        await check('filters');
        await page.locator('details.filters > summary').click();

        // --- the header menu (phones): focus kept inside, Escape closes --------------------------
        if (vp.phone) {
          await toggle.click();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
          const panel = page.locator('#header-actions');
          expect(await panel.getAttribute('role')).toBe('dialog');
          await check('header-menu');
          for (let i = 0; i < 8; i++) {
            await page.keyboard.press('Tab');
            const inside = await page.evaluate(() => {
              const a = document.activeElement;
              return Boolean(a?.closest('#header-actions') || a?.classList.contains('menu-toggle'));
            });
            expect(inside, `Tab ${i + 1} stays in the header menu`).toBe(true);
          }
          await page.keyboard.press('Escape');
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(
            true,
          );
          expect(await panel.isVisible()).toBe(false);
        }

        // --- login from the header ------------------------------------------------------------
        await openHeader();
        await page.getByRole('button', { name: 'Connexion équipe' }).click();
        const dialog = page.locator('dialog[open]');
        await expect.poll(() => dialog.isVisible()).toBe(true);
        await check('login');
        await dialog.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
        await dialog.getByLabel('Mot de passe').fill(TEST_PASSWORD);
        await dialog.getByRole('button', { name: 'Connexion équipe' }).click();
        await expect.poll(() => account.count(), { timeout: 30_000 }).toBe(1);
        await closeMenus();

        // --- the bottom sheet (phones): snaps by button, keyboard and drag ------------------
        const sheet = page.locator('#sidebar');
        const main = page.locator('main.app-main');
        const sheetShare = async () => {
          const [s, m] = await Promise.all([sheet.boundingBox(), main.boundingBox()]);
          return s && m ? s.height / m.height : 0;
        };
        /**
         * Drags the sheet's grip by `dy` pixels, once the sheet has stopped moving: its height
         * transition is over (`getAnimations()` flushes styles, so one that has not started yet
         * counts too) and the grip is what a press at its centre hits. Measuring the grip twice
         * 100 ms apart was not enough: on a loaded machine no frame may run in between, and the
         * press then landed on the map where the grip had been.
         */
        const dragGrip = async (dy: number) => {
          await page.waitForFunction(
            () => {
              const s = document.querySelector('#sidebar');
              const g = document.querySelector('.sheet-grip');
              const main = document.querySelector('main.app-main');
              if (!s || !g || !main) return false;
              const busy = [s, main, ...main.querySelectorAll('.site-panel')].some(
                (el) => el.getAnimations().length > 0,
              );
              if (busy) return false;
              const r = g.getBoundingClientRect();
              return Boolean(
                document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('.sheet-handle'),
              );
            },
            undefined,
            { timeout: 15_000 },
          );
          const box = (await page.locator('.sheet-grip').boundingBox())!;
          const x = box.x + box.width / 2;
          const y = box.y + box.height / 2;
          await page.mouse.move(x, y);
          await page.mouse.down();
          for (let i = 1; i <= 8; i++) await page.mouse.move(x, y + (dy * i) / 8);
          await page.mouse.up();
        };
        if (vp.phone) {
          expect(await sheet.getAttribute('data-snap')).toBe('half');
          await page.getByRole('button', { name: 'Agrandir' }).click();
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('full');
          await expect.poll(sheetShare, { timeout: 10_000 }).toBeGreaterThan(0.95);
          await check('sheet-full');
          // Full: the map is one tap away ("Carte" / "Réduire" brings it back).
          await page.getByRole('button', { name: 'Réduire' }).click();
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('half');
          await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
          const grip = page.getByRole('button', { name: /^Redimensionner le panneau/ });
          await grip.focus();
          await page.keyboard.press('ArrowDown');
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('peek');
          await expect.poll(sheetShare, { timeout: 10_000 }).toBeLessThan(0.25);
          await page.keyboard.press('ArrowUp');
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('half');
          // Dragging the handle down a long way: peek; then up a long way: full.
          await dragGrip(300);
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('peek');
          await expect.poll(sheetShare, { timeout: 10_000 }).toBeLessThan(0.25);
          await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
          await check('sheet-peek');
          await dragGrip(-600);
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('full');
        }

        // --- a site from the list: its panel (in the sheet on phones) -------------------------
        await page.locator('.site-item', { hasText: siteName }).first().click();
        const panel = page.getByTestId('site-panel');
        await expect
          .poll(() => panel.locator('h2').first().textContent(), { timeout: 30_000 })
          .toContain(siteName);
        if (vp.phone) {
          await expect.poll(() => sheet.getAttribute('data-snap')).toBe('half');
          // Under the sheet's handle, to the screen's bottom, over the whole width — once the
          // sheet's move to "half" (a CSS transition, slower on a loaded machine) has ended.
          const placed = async () => {
            const [p, s] = [await panel.boundingBox(), await sheet.boundingBox()];
            if (!p || !s) return 'no box yet';
            if (Math.abs(p.y + p.height - (s.y + s.height)) >= 2)
              return `bottom ${p.y + p.height} vs ${s.y + s.height}`;
            if (p.y <= s.y + 20) return `top ${p.y} vs sheet ${s.y}`;
            if (p.width <= vp.width - 2) return `width ${p.width}`;
            return (await onTop(page, '.sheet-grip')) ? 'ok' : 'grip covered';
          };
          await expect.poll(placed, { timeout: 15_000 }).toBe('ok');
        }
        await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
        await check('site-panel');

        // --- the site editor ------------------------------------------------------------------------
        await panel.getByRole('button', { name: 'Modifier', exact: true }).click();
        await expect.poll(() => page.locator('.site-editor').count(), { timeout: 30_000 }).toBe(1);
        await check('site-editor');
        await page.locator('.site-editor').getByRole('button', { name: 'Annuler' }).first().click();
        await expect.poll(() => page.locator('.site-editor').count(), { timeout: 30_000 }).toBe(0);

        // --- "Trouver un site" from the header ---------------------------------------------------
        await openHeader();
        await page.getByRole('link', { name: 'Trouver un site' }).click();
        await expect.poll(() => page.locator('.match').count(), { timeout: 30_000 }).toBe(1);
        if (vp.phone) expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        const close = page.getByRole('button', { name: 'Fermer la fiche' });
        if (await close.count()) await close.click();
        await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
        await check('match');

        // --- projects and a project, from the account menu --------------------------------------
        await openAccount();
        await menuItem("Projets d'implantation").click();
        await expect
          .poll(() => page.locator('.project-card').count(), { timeout: 30_000 })
          .toBeGreaterThan(0);
        await check('projects');
        await page.locator('.project-card', { hasText: 'Projet Lisière' }).click();
        await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toBe('Projet Lisière');
        await page.getByRole('tab', { name: /Sites retenus \(3\)/ }).click();
        await expect.poll(() => page.locator('.shortlist-item').count(), { timeout: 30_000 }).toBe(3);
        await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
        await check('project');

        // --- the comparison, with the account menu over it ---------------------------------------
        await page.getByRole('button', { name: 'Comparer les sites' }).click();
        await expect
          .poll(() => page.getByTestId('compare-table').locator('thead th.site-col').count(), {
            timeout: 30_000,
          })
          .toBe(3);
        await check('compare');
        await accountMenuOnTop('compare');
        await page.getByRole('button', { name: 'Fermer la comparaison' }).click();

        // --- the observatory, with the account menu over it -------------------------------------
        await page.getByRole('button', { name: 'Tous les projets' }).first().click();
        await page.getByRole('button', { name: 'Observatoire des implantations' }).click();
        await expect.poll(() => page.locator('.observatory').count(), { timeout: 30_000 }).toBe(1);
        await expect
          .poll(() => page.locator('.observatory .kpi').count(), { timeout: 60_000 })
          .toBeGreaterThan(0);
        await check('observatory');
        await accountMenuOnTop('observatory');
        await page.getByRole('button', { name: "Fermer l'observatoire" }).click();

        // --- import review, from the account menu ------------------------------------------------
        await openAccount();
        await menuItem('Importer des sites').click();
        await expect.poll(() => page.locator('.imports').count(), { timeout: 30_000 }).toBe(1);
        await expect.poll(() => mapHit(page), { timeout: 15_000 }).toBe(true);
        await check('imports');

        // --- "to refresh", from the account menu --------------------------------------------------
        await openAccount();
        await menuItem('À actualiser').click();
        await expect.poll(() => page.locator('dialog.to-refresh[open]').count(), { timeout: 30_000 }).toBe(1);
        await check('to-refresh');
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);

        // --- log out from the account menu -----------------------------------------------------------
        await openAccount();
        await menuItem('Se déconnecter').click();
        // The logout answers, then closes the phone menu: wait for it before opening the menu again.
        await expect.poll(() => account.count(), { timeout: 30_000 }).toBe(0);
        await openHeader();
        await expect
          .poll(
            () => page.locator('.app-header').getByRole('button', { name: 'Connexion équipe' }).isVisible(),
            {
              timeout: 30_000,
            },
          )
          .toBe(true);
        expect(await account.count()).toBe(0);
        await check('logged-out');

        expect(pageErrors).toEqual([]);
        await context.close();
      },
      TEST_TIMEOUT,
    );
  }
});
