/**
 * What every browser test file shares: where Chromium is (and the skip message when it is
 * not), the launch flags that keep WebGL on SwiftShader and the browser off the network, a
 * context that records CSP violations and page errors, the "map is idle" wait, screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { projectRoot } from '../../api/src/config.ts';
import { engineName } from '../helpers/test-db.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');
export const UI_DIST = path.join(projectRoot, 'map-ui', 'dist');
// SwiftShader on a busy CI machine compiles shaders slowly: be patient with the first frame.
export const MAP_TIMEOUT = 90_000;

if (!hasChromium) {
  console.warn(
    `[browser tests] SKIPPED: no Chromium at ${CHROMIUM}. Enable them with \`apt-get install chromium\` ` +
      '(Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium binary.',
  );
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  cspViolations: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** Launches Chromium (fresh throw-away profile) and one 1280×720 French context. */
export async function launchBrowser(opts: { acceptDownloads?: boolean } = {}): Promise<BrowserSession> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    locale: 'fr-FR',
    acceptDownloads: opts.acceptDownloads ?? false,
  });
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  context.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  context.on('weberror', (e) => pageErrors.push(e.error().message));
  return {
    browser,
    context,
    cspViolations,
    pageErrors,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

// The callbacks below run in the page; the repository's Node tsconfig has no DOM types, so
// they reach the page's globals through `globalThis as any`.
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (globalThis as any).__lm?.map;
      return Boolean(m?.loaded() && m.areTilesLoaded() && !m.isMoving());
    },
    null,
    { timeout: MAP_TIMEOUT, polling: 250 },
  );
  await page.evaluate(
    () =>
      new Promise((r) =>
        (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(r)),
      ),
  );
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${engineName}-${name}.png`) });

/** A new page of `context` at `url`, once its map is idle. */
export async function openMap(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitForMapIdle(page);
  return page;
}

/** Moves the map without animation, then waits until it is idle. */
export async function jumpMap(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (globalThis as any).__lm.map.jumpTo({ center: c, zoom: z }), [
    center,
    zoom,
  ] as const);
  await waitForMapIdle(page);
}

/** Fills the French staff login form of `page` and sends it. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  const form = page.locator('.login-card');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Mot de passe').fill(password);
  await form.getByRole('button', { name: 'Connexion équipe' }).click();
}
