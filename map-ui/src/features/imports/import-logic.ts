/**
 * The import screen's pure logic (unit-tested): the conflicts still to settle and the extent
 * of the preview's outlines.
 */
import type { ImportPreview, Resolutions } from '../../api/imports.ts';
import type { Bounds } from '../../map/map-view.tsx';

/** Conflicts still without a choice. */
export function unresolvedCount(preview: ImportPreview, choices: Resolutions): number {
  let n = 0;
  for (const r of preview.rows)
    for (const c of r.conflicts ?? []) if (!r.siteId || !choices[r.siteId]?.[c.field]) n++;
  return n;
}

/** The extent of the preview's outlines, or null when it has none. */
export function previewBounds(geojson: ImportPreview['geojson']): Bounds | null {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const f of geojson.features) walk(f.geometry.coordinates);
  return Number.isFinite(b[0]) ? b : null;
}
