/**
 * The small map of an import preview: the file's outlines of the new and changed rows,
 * coloured by status (conflicts apart), fitted to them. Same MapLibre and basemap as the main map.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { useState } from 'react';
import MapGL, { Layer, NavigationControl, Source } from 'react-map-gl/maplibre';
import type { ImportPreview } from '../../api/imports.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { maplibreReady } from '../../map/maplibre.ts';
import { useBasemap } from '../../map/use-basemap.ts';
import { previewBounds } from './import-logic.ts';

export const PREVIEW_COLORS = { new: '#15803d', changed: '#1d4ed8', conflict: '#c2410c' } as const;

const FILL_COLOR = [
  'case',
  ['get', 'conflict'],
  PREVIEW_COLORS.conflict,
  ['==', ['get', 'status'], 'new'],
  PREVIEW_COLORS.new,
  PREVIEW_COLORS.changed,
] as const;

export function PreviewMap({ preview }: { preview: ImportPreview }) {
  const { t } = useI18n();
  const basemap = useBasemap();
  // Drawn once MapLibre is idle (browser tests wait for it before a screenshot).
  const [drawn, setDrawn] = useState<string | null>(null);
  const bounds = previewBounds(preview.geojson);
  if (!bounds || !basemap) return null;
  return (
    <figure className="import-map">
      <div className="import-map-canvas" data-testid="import-map" data-drawn={drawn === preview.id}>
        <MapGL
          key={preview.id}
          mapLib={maplibreReady}
          mapStyle={basemap.style}
          initialViewState={{ bounds, fitBoundsOptions: { padding: 36, maxZoom: 15 } }}
          attributionControl={false}
          dragRotate={false}
          touchPitch={false}
          style={{ position: 'absolute', inset: 0 }}
          onIdle={() => setDrawn(preview.id)}
        >
          <NavigationControl position="top-left" showCompass={false} />
          <Source id="import-preview" type="geojson" data={preview.geojson as GeoJSON.FeatureCollection}>
            <Layer
              id="import-preview-fill"
              type="fill"
              paint={{ 'fill-color': FILL_COLOR as never, 'fill-opacity': 0.45 }}
            />
            <Layer
              id="import-preview-line"
              type="line"
              paint={{ 'line-color': FILL_COLOR as never, 'line-width': 2 }}
            />
          </Source>
        </MapGL>
      </div>
      <figcaption className="import-legend">
        {(['new', 'changed', 'conflict'] as const).map((k) => (
          <span key={k}>
            <i style={{ background: PREVIEW_COLORS[k] }} aria-hidden="true" /> {t(`imports.legend.${k}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
