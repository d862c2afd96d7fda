/**
 * The basemap switcher over the map: a button naming the basemap shown, opening the list of
 * those the server offers (radio buttons, each with its attribution). When the chosen one
 * cannot be loaded the map shows the offline basemap and the switcher says so.
 */
import { useId, useState } from 'react';
import type { BasemapId } from '../../api/config.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { chooseBasemap, useBasemapState } from '../../map/use-basemap.ts';

export function BasemapSwitcher() {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const state = useBasemapState();
  const name = (b: BasemapId) => t(`basemap.name.${b}`);
  const shownId = state.shown?.id ?? 'offline';

  return (
    <section className="basemap-switcher" aria-labelledby={`${id}-title`} data-testid="basemap-switcher">
      <button
        type="button"
        className="basemap-toggle"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        onClick={() => setOpen(!open)}
      >
        <span id={`${id}-title`} className="basemap-title">
          {t('basemap.title')}
        </span>
        <span className="basemap-current">{name(shownId)}</span>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <fieldset id={`${id}-list`} className="basemap-options">
          <legend className="sr-only">{t('basemap.title')}</legend>
          {state.options.map((o) => (
            <label key={o.id} className="basemap-option">
              <input
                type="radio"
                name={`${id}-basemap`}
                value={o.id}
                checked={state.selected === o.id}
                onChange={() => chooseBasemap(o.id)}
              />
              <span>
                <span className="basemap-option-name">{name(o.id)}</span>
                <small className="basemap-attribution">
                  {o.type === 'offline' ? t('basemap.offlineAttribution') : (o.attribution ?? o.url)}
                </small>
              </span>
            </label>
          ))}
          {state.options.length === 1 && <p className="basemap-hint">{t('basemap.onlyOffline')}</p>}
          {state.cadastre && state.selected !== 'offline' && !state.failed && (
            <p className="basemap-hint">{t('basemap.cadastreHint')}</p>
          )}
        </fieldset>
      )}
      {state.loading && state.selected !== shownId && (
        <p className="basemap-status" role="status">
          {t('basemap.loading', { name: name(state.selected) })}
        </p>
      )}
      {state.failed && (
        <div className="basemap-status basemap-failed" role="alert">
          <span>{t('basemap.failed', { name: name(state.failed) })}</span>
          <button type="button" className="btn btn-small btn-ghost" onClick={state.retry}>
            {t('basemap.retry')}
          </button>
        </div>
      )}
    </section>
  );
}
