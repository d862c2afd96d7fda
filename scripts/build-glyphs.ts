/**
 * Generates the offline map's SDF glyphs: map-ui/public/fonts/<fontstack>/<start>-<end>.pbf, the
 * files a MapLibre style's `glyphs` URL points at, for the code point ranges French text needs
 * (0-255 Latin-1, 256-511 Latin Extended-A/B for Œ œ Ÿ, 8192-8447 for typographic quotes,
 * dashes, ellipsis and the narrow no-break space). Run once, commit the output (a few hundred kB):
 *
 *   npx tsx scripts/build-glyphs.ts
 *
 * How: the DejaVu Sans TTFs (npm `dejavu-fonts-ttf`, SIL-like Bitstream Vera licence) are loaded
 * as FontFaces into Debian's Chromium (playwright-core, no network) where @mapbox/tiny-sdf (the
 * rasterizer + Felzenszwalb-Huttenlocher distance transform MapLibre itself uses for local
 * glyphs, installed with maplibre-gl) draws each glyph at 24 px with a 3 px buffer, the
 * conventions of fontnik/node-fontnik PBFs. fontkit says which code points the font really has,
 * so a missing glyph is left out rather than drawn from a fallback font. Metrics follow
 * MapLibre's glyph_manager.ts (top = ascent − 27, left = ink left edge); the protobuf layout is
 * the glyphs.proto of mapbox/glyph-pbf-composite: glyphs{1: fontstack{1 name, 2 range, 3 glyph
 * {1 id, 2 bitmap, 3 width, 4 height, 5 left (sint32), 6 top (sint32), 7 advance}}}.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PbfWriter as Pbf } from 'pbf';
import { chromium } from 'playwright-core';
import { projectRoot } from '../api/src/config.ts';

const require = createRequire(import.meta.url);
const FONTS = [
  { stack: 'DejaVu Sans Book', file: 'DejaVuSans.ttf', weight: 'normal' },
  { stack: 'DejaVu Sans Bold', file: 'DejaVuSans-Bold.ttf', weight: 'bold' },
] as const;
const RANGES = [0, 256, 8192];
const OUT = path.join(projectRoot, 'map-ui', 'public', 'fonts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface DrawnGlyph {
  id: number;
  data: number[];
  width: number;
  height: number;
  glyphWidth: number;
  glyphHeight: number;
  glyphTop: number;
  glyphLeft: number;
  glyphAdvance: number;
}

function encode(stack: string, start: number, glyphs: DrawnGlyph[]): Uint8Array {
  const pbf = new Pbf();
  pbf.writeMessage(
    1,
    (_: unknown, p: Pbf) => {
      p.writeStringField(1, stack);
      p.writeStringField(2, `${start}-${start + 255}`);
      for (const g of glyphs) {
        p.writeMessage(
          3,
          (_g: unknown, q: Pbf) => {
            q.writeVarintField(1, g.id);
            if (g.glyphWidth > 0 && g.glyphHeight > 0) q.writeBytesField(2, Uint8Array.from(g.data));
            q.writeVarintField(3, g.glyphWidth);
            q.writeVarintField(4, g.glyphHeight);
            q.writeSVarintField(5, g.glyphLeft);
            q.writeSVarintField(6, g.glyphTop - 27);
            q.writeVarintField(7, Math.round(g.glyphAdvance));
          },
          null,
        );
      }
    },
    null,
  );
  return pbf.finish();
}

interface Face {
  hasGlyphForCodePoint(cp: number): boolean;
}

async function main() {
  // fontkit ships without typings (as in api/src/modules/projects/pdf/pdf-draw.ts).
  const fontkitName = 'fontkit';
  const fontkit = (await import(fontkitName)) as { create(data: Uint8Array): Face };
  const tinySdfSource = fs
    .readFileSync(require.resolve('@mapbox/tiny-sdf'), 'utf8')
    .replace('export default class TinySDF', 'globalThis.TinySDF = class TinySDF');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>glyphs</title>');
    await page.addScriptTag({ content: tinySdfSource });
    for (const font of FONTS) {
      const ttf = fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${font.file}`));
      const face = fontkit.create(ttf);
      await page.evaluate(
        async ({ b64, weight }) => {
          // Runs in the page; the scripts' tsconfig has no DOM types.
          const g = globalThis as any;
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const f = new g.FontFace('LMGlyphs', bytes, { weight });
          await f.load();
          g.document.fonts.add(f);
        },
        { b64: ttf.toString('base64'), weight: font.weight },
      );
      const dir = path.join(OUT, font.stack);
      fs.mkdirSync(dir, { recursive: true });
      for (const start of RANGES) {
        const ids: number[] = [];
        for (let cp = start; cp < start + 256; cp++) if (face.hasGlyphForCodePoint(cp)) ids.push(cp);
        const glyphs = await page.evaluate(
          ({ ids, weight }) => {
            const T = (
              globalThis as unknown as { TinySDF: new (o: object) => { draw(c: string): DrawnGlyph } }
            ).TinySDF;
            const sdf = new T({
              fontSize: 24,
              buffer: 3,
              radius: 8,
              cutoff: 0.25,
              fontFamily: 'LMGlyphs',
              fontWeight: weight,
            });
            return ids.map((id) => {
              const g = sdf.draw(String.fromCodePoint(id));
              return { ...g, id, data: Array.from(g.data) };
            });
          },
          { ids, weight: font.weight },
        );
        const file = path.join(dir, `${start}-${start + 255}.pbf`);
        fs.writeFileSync(file, encode(font.stack, start, glyphs));
        console.log(`${path.relative(projectRoot, file)}: ${glyphs.length} glyphs`);
      }
    }
  } finally {
    await browser.close();
  }
}

await main();
