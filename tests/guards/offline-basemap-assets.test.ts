/**
 * The offline basemap's committed assets agree with the code that uses them: the glyph PBFs
 * (scripts/build-glyphs.ts) cover every label of the seed files, and the sprite
 * (scripts/build-sprite.ts) holds every infrastructure icon at 1× and 2×.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { FONT_BOLD, FONT_REGULAR } from '../../map-ui/src/map/basemap-style.ts';
import { INFRA_ICON_PX, INFRA_ICONS } from '../../map-ui/src/map/infrastructure-icons.ts';

const PUBLIC = path.join(projectRoot, 'map-ui', 'public');
const SEED = path.join(projectRoot, 'geodata', 'seed');

/** Code points of the glyphs in one PBF range file (glyphs.proto: 1 fontstack → 3 glyph → 1 id). */
function glyphIds(file: string): Set<number> {
  const ids = new Set<number>();
  const pbf = new PbfReader(fs.readFileSync(file));
  pbf.readFields((tag, _x, p) => {
    if (tag !== 1) return;
    p.readMessage((t, _y, q) => {
      if (t !== 3) return;
      const glyph = q.readMessage(
        (u, g: { id: number; bitmap: number }, r) => {
          if (u === 1) g.id = r.readVarint();
          else if (u === 2) g.bitmap = r.readBytes().length;
        },
        { id: -1, bitmap: 0 },
      );
      ids.add(glyph.id);
    }, null);
  }, null);
  return ids;
}

describe('offline glyphs', () => {
  const ranges = ['0-255', '256-511', '8192-8447'];

  it('has a PBF per fontstack and range, made from DejaVu', () => {
    for (const font of [...FONT_REGULAR, ...FONT_BOLD])
      for (const r of ranges) {
        const ids = glyphIds(path.join(PUBLIC, 'fonts', font, `${r}.pbf`));
        expect(ids.size, `${font} ${r}`).toBeGreaterThan(150);
      }
  });

  it('covers every character of every offline label (régions, départements, communes)', () => {
    const have = new Set<number>();
    for (const r of ranges)
      for (const id of glyphIds(path.join(PUBLIC, 'fonts', FONT_REGULAR[0], `${r}.pbf`))) have.add(id);
    const names: string[] = [];
    for (const f of ['basemap-admin.geojson', 'basemap-communes.geojson']) {
      const fc = JSON.parse(fs.readFileSync(path.join(SEED, f), 'utf8')) as {
        features: Array<{ properties: { name: string } }>;
      };
      for (const feat of fc.features) names.push(feat.properties.name, feat.properties.name.toUpperCase());
    }
    expect(names.length).toBeGreaterThan(3000);
    const missing = new Set<string>();
    for (const n of names) for (const ch of n) if (!have.has(ch.codePointAt(0)!)) missing.add(ch);
    expect([...missing]).toEqual([]);
  });
});

describe('infrastructure symbols', () => {
  const sprite1 = JSON.parse(fs.readFileSync(path.join(PUBLIC, 'sprites', 'landmatch.json'), 'utf8'));
  const sprite2 = JSON.parse(fs.readFileSync(path.join(PUBLIC, 'sprites', 'landmatch@2x.json'), 'utf8'));

  it('has one sprite icon per layer switch at 1× and 2× (scripts/build-sprite.ts is up to date)', () => {
    expect(Object.keys(sprite1)).toEqual(INFRA_ICONS.map((i) => i.name));
    for (const { name } of INFRA_ICONS) {
      expect(sprite1[name]).toMatchObject({ width: INFRA_ICON_PX, height: INFRA_ICON_PX, pixelRatio: 1 });
      expect(sprite2[name]).toMatchObject({
        width: 2 * INFRA_ICON_PX,
        height: 2 * INFRA_ICON_PX,
        pixelRatio: 2,
      });
    }
  });
});
