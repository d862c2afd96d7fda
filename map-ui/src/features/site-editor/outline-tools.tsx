/**
 * The outline toolbar: draw a part, draw a hole, edit (move, drag vertices, add at a midpoint,
 * delete with a right click), delete the selected ring, import a GeoJSON file; and the live
 * area of the outline beside the declared surfaces.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { DrawTool } from './draw-controller.ts';
import { outlineFromGeoJson, toRings } from './outline.ts';
import type { OutlineState } from './use-outline.ts';

const TOOLS: DrawTool[] = ['polygon', 'hole', 'select'];

interface Props {
  outline: OutlineState;
  errors: string[];
  /** Brings an imported outline into view. */
  onImported?(geometry: Polygon | MultiPolygon): void;
}

export function OutlineTools({ outline, errors, onImported }: Props) {
  const { t, tp } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const parts = outline.rings.filter((r) => r.role === 'polygon').length;
  const holes = outline.rings.length - parts;

  const importFile = async (f: File) => {
    setImportError(null);
    try {
      const text = await f.text();
      const geometry = outlineFromGeoJson(text);
      outline.replace(toRings(geometry));
      onImported?.(geometry);
    } catch (e) {
      setImportError(t((e as Error).message === 'empty' ? 'editor.import.empty' : 'editor.import.json'));
    }
  };

  return (
    <section className="outline-tools" aria-label={t('editor.outline')}>
      <h3>{t('editor.outline')}</h3>
      <div className="tool-row" role="toolbar" aria-label={t('editor.outlineTools')}>
        {TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            className={`btn btn-small ${outline.tool === tool ? 'btn-toggle-on' : 'btn-ghost'}`}
            aria-pressed={outline.tool === tool}
            onClick={() => outline.setTool(tool)}
          >
            {t(`editor.tool.${tool}`)}
          </button>
        ))}
        <button type="button" className="btn btn-small btn-ghost" onClick={outline.deleteSelected}>
          {t('editor.tool.deleteRing')}
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => file.current?.click()}>
          {t('editor.tool.import')}
        </button>
        <input
          ref={file}
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          className="sr-only"
          data-testid="outline-file"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }}
        />
      </div>
      <p className="small muted">{t(`editor.help.${outline.tool}`)}</p>
      <p className="small" data-testid="outline-summary">
        {tp('editor.parts', parts)}
        {holes > 0 ? ` · ${tp('editor.holes', holes)}` : ''}
      </p>
      {outline.strayHoles > 0 && <p className="field-error">{t('editor.strayHoles')}</p>}
      {importError && (
        <p className="field-error" role="alert">
          {importError}
        </p>
      )}
      {errors.length > 0 && (
        <p className="field-error" role="alert">
          {errors.join(' ')}
        </p>
      )}
    </section>
  );
}

/** "Outline 12.4 ha · declared: gross 12 ha, available 10 ha" (surfaces group). */
export function AreaSummary({
  areaHa,
  declared,
}: {
  areaHa: number | null;
  declared: Record<string, string>;
}) {
  const { t, fmt } = useI18n();
  const num = (s: string | undefined) => {
    const n = Number((s ?? '').replace(',', '.'));
    return s && Number.isFinite(n) ? n : null;
  };
  const rows: Array<[string, number | null]> = [
    [t('field.grossAreaHa'), num(declared.grossAreaHa)],
    [t('field.availableAreaHa'), num(declared.availableAreaHa)],
  ];
  return (
    <div className="area-summary" aria-live="polite">
      <p>
        <strong>{t('editor.liveArea')}</strong>{' '}
        <span data-testid="live-area">{areaHa === null ? '—' : fmt.hectares(areaHa)}</span>
      </p>
      {rows.map(([label, v]) =>
        v === null ? null : (
          <p key={label} className="small muted">
            {t('editor.declared', { label, area: fmt.hectares(v) })}
            {areaHa !== null && v > areaHa * 1.001 ? ` — ${t('editor.declaredAbove')}` : ''}
          </p>
        ),
      )}
    </div>
  );
}
