/** The filters of the public map; every change goes to the URL state, the list and the map at once. */

import { KNOWN_LABELS, SITE_STATUSES, type SiteStatus } from '@api/modules/sites/site.fields.ts';
import { useId, useMemo, useState } from 'react';
import { DEPARTMENTS, REGIONS } from '../../api/shared-geo.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { STATUS_COLORS } from '../../map/colors.ts';
import { countActiveFilters, EMPTY_FILTERS, type SiteFilters } from '../../state/filters.ts';
import { QuantityInput } from '../../ui/quantity-input.tsx';
import { labelColor } from '../../ui/site-badges.tsx';

interface Props {
  filters: SiteFilters;
  /** Sites matching the filters in all of France (null while unknown). */
  total: number | null;
  /** `total` is a lower bound (the API's count cap). */
  totalCapped?: boolean;
  onChange(next: SiteFilters): void;
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function FiltersPanel({ filters, total, totalCapped, onChange }: Props) {
  const { t, tx, tp } = useI18n();
  const id = useId();
  const set = (patch: Partial<SiteFilters>) => onChange({ ...filters, ...patch });
  const active = countActiveFilters(filters);
  const region = filters.regions[0] ?? '';
  const departments = useMemo(
    () =>
      DEPARTMENTS.filter((d) => !region || d.regionCode === region)
        .slice()
        .sort((a, b) => a.code.localeCompare(b.code)),
    [region],
  );
  const regions = useMemo(
    () =>
      REGIONS.slice().sort(
        (a, b) => Number(a.overseas) - Number(b.overseas) || a.name.localeCompare(b.name, 'fr'),
      ),
    [],
  );

  // Closed by default so the list shows at 1280×720; open when a link brings filters.
  const [open, setOpen] = useState(() => countActiveFilters(filters) > 0);

  return (
    <details className="filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span>{t('filters.title')}</span>
        {active > 0 && (
          <span className="badge">
            <span aria-hidden="true">{active}</span>
            <span className="sr-only">{t('filters.activeCount', { count: active })}</span>
          </span>
        )}
        {active > 0 && total !== null && (
          <span className="summary-count muted">
            {tp(totalCapped ? 'filters.matchingMore' : 'filters.matching', total)}
          </span>
        )}
      </summary>
      <div className="filters-body">
        <fieldset className="field-row">
          <legend>{t('filters.area')}</legend>
          <label htmlFor={`${id}-min`} className="sr-only">
            {t('filters.areaMin')}
          </label>
          <QuantityInput
            id={`${id}-min`}
            name="minAreaHa"
            placeholder={t('filters.min')}
            value={filters.minAreaHa}
            invalid={t('filters.notNegative')}
            onValue={(v) => set({ minAreaHa: v })}
          />
          <span aria-hidden="true">–</span>
          <label htmlFor={`${id}-max`} className="sr-only">
            {t('filters.areaMax')}
          </label>
          <QuantityInput
            id={`${id}-max`}
            name="maxAreaHa"
            placeholder={t('filters.max')}
            value={filters.maxAreaHa}
            invalid={t('filters.notNegative')}
            onValue={(v) => set({ maxAreaHa: v })}
          />
          <span className="unit">ha</span>
        </fieldset>
        {filters.minAreaHa !== null &&
          filters.maxAreaHa !== null &&
          filters.minAreaHa > filters.maxAreaHa && (
            <p className="field-error" role="alert">
              {t('filters.areaOrder')}
            </p>
          )}

        <div className="field-row">
          <label htmlFor={`${id}-power`}>{t('filters.power')}</label>
          <QuantityInput
            id={`${id}-power`}
            name="minPowerMw"
            placeholder="0"
            value={filters.minPowerMw}
            invalid={t('filters.notNegative')}
            onValue={(v) => set({ minPowerMw: v })}
          />
          <span className="unit">MW</span>
        </div>

        <fieldset className="checks">
          <legend>{t('filters.labels')}</legend>
          {KNOWN_LABELS.map((l) => (
            <label key={l} className="check">
              <input
                type="checkbox"
                checked={filters.labels.includes(l)}
                onChange={() => set({ labels: toggle(filters.labels, l) })}
              />
              <span className="dot" style={{ background: labelColor(l) }} aria-hidden="true" />
              {tx(`label.${l}`, l)}
            </label>
          ))}
        </fieldset>

        <fieldset className="checks">
          <legend>{t('filters.status')}</legend>
          {SITE_STATUSES.map((s: SiteStatus) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={filters.statuses.includes(s)}
                onChange={() => set({ statuses: toggle(filters.statuses, s) })}
              />
              <span className="dot" style={{ background: STATUS_COLORS[s] }} aria-hidden="true" />
              {tx(`status.${s}`, s)}
            </label>
          ))}
        </fieldset>

        <div className="field-stack">
          <label htmlFor={`${id}-region`}>{t('filters.region')}</label>
          <select
            id={`${id}-region`}
            value={region}
            onChange={(e) => set({ regions: e.target.value ? [e.target.value] : [], departments: [] })}
          >
            <option value="">{t('filters.allFeminine')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-stack">
          <label htmlFor={`${id}-dept`}>{t('filters.department')}</label>
          <select
            id={`${id}-dept`}
            value={filters.departments[0] ?? ''}
            onChange={(e) => set({ departments: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('filters.allMasculine')}</option>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} – {d.name}
              </option>
            ))}
          </select>
        </div>

        <fieldset className="checks">
          <legend>{t('filters.equipment')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.railSiding}
              onChange={(e) => set({ railSiding: e.target.checked })}
            />
            {t('filters.railSiding')}
          </label>
          <label className="check">
            <input type="checkbox" checked={filters.quay} onChange={(e) => set({ quay: e.target.checked })} />
            {t('filters.quay')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.brownfield}
              onChange={(e) => set({ brownfield: e.target.checked })}
            />
            {t('filters.brownfield')}
          </label>
        </fieldset>

        <button
          type="button"
          className="btn btn-link"
          disabled={active === 0}
          onClick={() => onChange({ ...EMPTY_FILTERS, q: filters.q })}
        >
          {t('filters.reset')}
        </button>
      </div>
    </details>
  );
}
