/**
 * The legend over the map, which is also where layers are switched: site colouring (status
 * or label) and one checkbox per infrastructure layer with the very icon the map draws (same
 * SVG as the sprite, same relative size), and beside it the basemap switcher.
 */

import { SITE_STATUSES } from '@api/modules/sites/site.fields.ts';
import { useId } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  CLUSTER_COLOR,
  LABEL_COLORS,
  MATCH_COLOR,
  NO_LABEL_COLOR,
  OTHER_LABEL_COLOR,
  STATUS_COLORS,
} from '../../map/colors.ts';
import { INFRA_ICON_SCALE, infraIconDataUrl } from '../../map/infrastructure-icons.ts';
import { INFRA_LAYER_KEYS, type InfraLayerKey } from '../../map/layer-ids.ts';
import type { ColorBy } from '../../state/url-state.ts';
import { Segmented } from '../../ui/segmented.tsx';
import { BasemapSwitcher } from './basemap-switcher.tsx';

/** Legend icon side in px at scale 1 (the biggest map symbol, a 400 kV substation). */
const LEGEND_ICON_PX = 22;

interface Props {
  colorBy: ColorBy;
  layers: readonly InfraLayerKey[];
  showMatch: boolean;
  open: boolean;
  onOpen(open: boolean): void;
  onColorBy(c: ColorBy): void;
  onLayers(next: InfraLayerKey[]): void;
}

export function MapLegend({ colorBy, layers, showMatch, open, onOpen, onColorBy, onLayers }: Props) {
  const { t, tx } = useI18n();
  const id = useId();
  const siteItems: Array<[string, string]> =
    colorBy === 'status'
      ? SITE_STATUSES.map((s) => [tx(`status.${s}`, s), STATUS_COLORS[s]])
      : [
          ...LABEL_COLORS.map(([l, c]): [string, string] => [tx(`label.${l}`, l), c]),
          [t('legend.otherLabel'), OTHER_LABEL_COLOR],
          [t('legend.noLabel'), NO_LABEL_COLOR],
        ];

  return (
    <>
      <BasemapSwitcher />
      <section className={`legend ${open ? 'open' : 'closed'}`} aria-labelledby={`${id}-title`}>
        <button
          type="button"
          className="legend-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => onOpen(!open)}
        >
          <span id={`${id}-title`}>{t('legend.title')}</span>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        {open && (
          <div id={`${id}-body`} className="legend-body">
            <Segmented
              legend={t('legend.colorBy')}
              hideLegend
              name={`${id}-color`}
              value={colorBy}
              options={[
                ['status', t('legend.byStatus')],
                ['label', t('legend.byLabel')],
              ]}
              onChange={onColorBy}
            />
            <ul className="legend-items">
              {siteItems.map(([label, color]) => (
                <li key={label}>
                  <span className="swatch swatch-site" style={{ background: color }} aria-hidden="true" />
                  {label}
                </li>
              ))}
              <li>
                <span
                  className="swatch swatch-infra"
                  style={{ borderColor: CLUSTER_COLOR }}
                  aria-hidden="true"
                />
                {t('legend.cluster')}
              </li>
              {showMatch && (
                <li>
                  <span
                    className="swatch swatch-match"
                    style={{ background: MATCH_COLOR }}
                    aria-hidden="true"
                  />
                  {t('legend.matchResult')}
                </li>
              )}
            </ul>
            <details className="legend-infra">
              <summary>
                {t('legend.infrastructureN', { shown: layers.length, total: INFRA_LAYER_KEYS.length })}
              </summary>
              <fieldset>
                <legend className="sr-only">{t('legend.infrastructure')}</legend>
                {INFRA_LAYER_KEYS.map((k) => (
                  <label key={k} className="check legend-infra-item" data-kind={k}>
                    <input
                      type="checkbox"
                      checked={layers.includes(k)}
                      onChange={() =>
                        onLayers(layers.includes(k) ? layers.filter((x) => x !== k) : [...layers, k])
                      }
                    />
                    <span className="legend-icon-box" aria-hidden="true">
                      <img
                        className="legend-icon"
                        src={infraIconDataUrl(k)}
                        alt=""
                        width={Math.round(LEGEND_ICON_PX * INFRA_ICON_SCALE[k])}
                        height={Math.round(LEGEND_ICON_PX * INFRA_ICON_SCALE[k])}
                      />
                    </span>
                    {tx(`infra.layer.${k}`, k)}
                  </label>
                ))}
              </fieldset>
            </details>
          </div>
        )}
      </section>
    </>
  );
}
