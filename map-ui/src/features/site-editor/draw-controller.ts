/**
 * terra-draw on the shared MapLibre map (terra-draw-maplibre-gl-adapter): the `polygon` mode
 * draws a part, the `hole` mode (a second polygon mode, styled red and dashed) draws a hole,
 * the `select` mode moves a whole ring, drags its vertices, adds one at a midpoint and deletes
 * one (right click / Delete). The rings go in and out as outline.ts `Ring`s.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type GeoJSONStoreFeatures, TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Ring, RingRole } from './outline.ts';

export type DrawTool = 'polygon' | 'hole' | 'select';

/** Decimals terra-draw keeps (and checks on load): 1e-9° is well under a millimetre. */
const PRECISION = 9;
const round = (v: number) => Math.round(v * 10 ** PRECISION) / 10 ** PRECISION;

const PART = '#1f6feb';
const HOLE = '#d1242f';

const ringFlags = {
  feature: {
    draggable: true,
    coordinates: { draggable: true, midpoints: true, deletable: true },
  },
};

export interface DrawController {
  setTool(tool: DrawTool): void;
  load(rings: Ring[]): void;
  rings(): Ring[];
  /** Deletes the selected ring (select tool). */
  deleteSelected(): boolean;
  clear(): void;
  stop(): void;
}

/** Starts drawing on `map`; `onChange` runs after every finished edit (not on each mouse move). */
export function startDrawing(map: MapLibreMap, onChange: () => void): DrawController {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION }),
    modes: [
      new TerraDrawPolygonMode({
        styles: { fillColor: PART, fillOpacity: 0.2, outlineColor: PART, outlineWidth: 2 },
      }),
      new TerraDrawPolygonMode({
        modeName: 'hole',
        styles: { fillColor: HOLE, fillOpacity: 0.25, outlineColor: HOLE, outlineWidth: 2 },
      }),
      new TerraDrawSelectMode({
        flags: { polygon: ringFlags, hole: ringFlags },
        styles: { selectedPolygonColor: '#f0a000', selectedPolygonOutlineColor: '#f0a000' },
      }),
    ],
  });
  draw.start();
  draw.setMode('select');
  let selected: string | number | null = null;
  // Loading rings (clear + add) is not an edit.
  let loading = false;
  draw.on('finish', () => onChange());
  draw.on('select', (id) => {
    selected = id;
  });
  draw.on('deselect', () => {
    selected = null;
  });
  draw.on('change', (_ids, type) => {
    // Removals (a vertex deleted, a ring deleted) finish nothing: report them here.
    if (type === 'delete' && !loading) onChange();
  });

  const polygons = () =>
    draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon' && !f.properties?.currentlyDrawing);

  return {
    setTool(tool) {
      draw.setMode(tool);
    },
    load(rings) {
      loading = true;
      try {
        draw.clear();
        const features: GeoJSONStoreFeatures[] = rings.map((r) => ({
          type: 'Feature',
          id: crypto.randomUUID(),
          geometry: { type: 'Polygon', coordinates: [r.coordinates.map((p) => [round(p[0]), round(p[1])])] },
          properties: { mode: r.role },
        }));
        const refused = draw.addFeatures(features).filter((v) => !v.valid);
        if (refused.length)
          console.warn('terra-draw refused rings:', refused.map((v) => v.reason).join('; '));
      } finally {
        loading = false;
      }
    },
    rings() {
      return polygons().map((f) => ({
        role: (f.properties.mode === 'hole' ? 'hole' : 'polygon') as RingRole,
        coordinates: (f.geometry.coordinates as number[][][])[0],
      }));
    },
    deleteSelected() {
      if (selected === null) return false;
      const id = selected;
      draw.deselectFeature(id);
      draw.removeFeatures([id]);
      selected = null;
      onChange();
      return true;
    },
    clear() {
      draw.clear();
      onChange();
    },
    stop() {
      draw.stop();
    },
  };
}
