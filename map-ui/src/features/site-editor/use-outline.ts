/**
 * The outline under edit: terra-draw started on the map while the editor is open, the current
 * rings, the geometry they make and its live area. `replace` loads an imported or reloaded
 * outline; `dirty` says whether the outline changed since it was loaded.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DrawController, type DrawTool, startDrawing } from './draw-controller.ts';
import { areaHa, fromRings, type Ring } from './outline.ts';

export interface OutlineState {
  tool: DrawTool;
  setTool(tool: DrawTool): void;
  rings: Ring[];
  geometry: Polygon | MultiPolygon | null;
  strayHoles: number;
  areaHa: number | null;
  dirty: boolean;
  replace(rings: Ring[], opts?: { dirty?: boolean }): void;
  deleteSelected(): void;
  clear(): void;
}

export function useOutline(map: MapLibreMap | null, initial: Ring[]): OutlineState {
  const controller = useRef<DrawController | null>(null);
  const [rings, setRings] = useState<Ring[]>(initial);
  const [tool, setToolState] = useState<DrawTool>(initial.length ? 'select' : 'polygon');
  const [dirty, setDirty] = useState(false);
  const initialRef = useRef(initial);
  const toolRef = useRef(tool);
  toolRef.current = tool;

  useEffect(() => {
    if (!map) return;
    const c = startDrawing(map, () => {
      setRings(c.rings());
      setDirty(true);
    });
    c.load(initialRef.current);
    c.setTool(toolRef.current);
    setRings(c.rings());
    controller.current = c;
    // Test and debugging hook, like window.__lm: the rings terra-draw holds.
    (window as unknown as { __lmDraw?: DrawController }).__lmDraw = c;
    return () => {
      controller.current = null;
      try {
        c.stop();
      } catch {
        // The map's style may already have been replaced (its layers gone): nothing to undo.
      }
    };
  }, [map]);

  const setTool = useCallback((t: DrawTool) => {
    setToolState(t);
    controller.current?.setTool(t);
  }, []);

  const replace = useCallback((next: Ring[], opts: { dirty?: boolean } = {}) => {
    initialRef.current = next;
    controller.current?.load(next);
    controller.current?.setTool('select');
    setToolState('select');
    setRings(controller.current ? controller.current.rings() : next);
    setDirty(opts.dirty ?? true);
  }, []);

  const { geometry, strayHoles } = useMemo(() => fromRings(rings), [rings]);
  return {
    tool,
    setTool,
    rings,
    geometry,
    strayHoles,
    areaHa: useMemo(() => areaHa(geometry), [geometry]),
    dirty,
    replace,
    deleteSelected: () => controller.current?.deleteSelected(),
    clear: () => controller.current?.clear(),
  };
}
