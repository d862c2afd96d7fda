/**
 * Draws the infrastructure icons of map-ui/src/map/infrastructure-icons.ts into the map's sprite:
 * map-ui/public/sprites/landmatch.{png,json} (1×) and landmatch@2x.{png,json} (2×), the format
 * MapLibre reads for a style's `sprite`. Run after changing an icon and commit the output:
 *
 *   npx tsx scripts/build-sprite.ts
 *
 * The SVGs are rasterized by Debian's Chromium (playwright-core, no network): each one is
 * loaded as an image and drawn side by side on one canvas row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { projectRoot } from '../api/src/config.ts';
import { INFRA_ICON_PX, INFRA_ICONS } from '../map-ui/src/map/infrastructure-icons.ts';

const OUT = path.join(projectRoot, 'map-ui', 'public', 'sprites');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>sprite</title>');
    for (const ratio of [1, 2]) {
      const cell = INFRA_ICON_PX * ratio;
      const png = await page.evaluate(
        async ({ svgs, cell }) => {
          // Runs in the page; the scripts' tsconfig has no DOM types.
          const g = globalThis as any;
          const canvas = g.document.createElement('canvas');
          canvas.width = cell * svgs.length;
          canvas.height = cell;
          const ctx = canvas.getContext('2d');
          for (const [i, svg] of svgs.entries()) {
            const img = new g.Image(cell, cell);
            img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
            await img.decode();
            ctx.drawImage(img, i * cell, 0, cell, cell);
          }
          return (canvas.toDataURL('image/png') as string).split(',')[1];
        },
        { svgs: INFRA_ICONS.map((i) => i.svg), cell },
      );
      const json = Object.fromEntries(
        INFRA_ICONS.map((icon, i) => [
          icon.name,
          { x: i * cell, y: 0, width: cell, height: cell, pixelRatio: ratio },
        ]),
      );
      const base = path.join(OUT, ratio === 1 ? 'landmatch' : 'landmatch@2x');
      fs.writeFileSync(`${base}.png`, Buffer.from(png, 'base64'));
      fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
      console.log(`${path.relative(projectRoot, base)}.png/.json: ${INFRA_ICONS.length} icons at ${ratio}×`);
    }
  } finally {
    await browser.close();
  }
}

await main();
