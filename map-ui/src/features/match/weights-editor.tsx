/**
 * How the criteria are weighed: one slider per criterion (the needs decide which criteria
 * are active), or AHP pairwise judgements whose consistency ratio is computed live with the
 * API's own AHP code (mcda.ts), so an inconsistent matrix is caught before sending.
 */

import type { CriterionInfo } from '@api/modules/matching/matching.schemas.ts';
import { useId, useMemo } from 'react';
import { AHP_MAX_CR, AHP_MAX_SIZE, ahp } from '../../api/shared-matching.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Segmented } from '../../ui/segmented.tsx';
import { type AhpState, ahpMatrix, type WeightMode } from './use-match.ts';

interface Props {
  criteria: CriterionInfo[];
  /** Criteria the current needs activate (null: unknown, the form is not valid yet). */
  active: string[] | null;
  weights: Record<string, number>;
  method: 'weighted' | 'topsis';
  mode: WeightMode;
  ahp: AhpState;
  onWeight(key: string, w: number): void;
  onResetWeights(): void;
  onMethod(m: 'weighted' | 'topsis'): void;
  onMode(m: WeightMode): void;
  onAhp(a: AhpState): void;
}

/** Saaty's scale as offered in the pairwise selects, from "left much more" to "right much more". */
const SAATY = [9, 7, 5, 3, 1, 1 / 3, 1 / 5, 1 / 7, 1 / 9];
const SAATY_KEYS = ['9', '7', '5', '3', '1', '3', '5', '7', '9'];

export interface AhpSummary {
  weights: number[];
  cr: number;
  consistent: boolean;
}

/** Weights and consistency of an AHP state, or null below 2 criteria. */
export function summarizeAhp(a: AhpState): AhpSummary | null {
  if (a.criteria.length < 2) return null;
  const r = ahp(ahpMatrix(a));
  return { weights: r.weights, cr: r.cr, consistent: r.cr <= AHP_MAX_CR };
}

export function WeightsEditor(p: Props) {
  const { t, tx, lang, fmt } = useI18n();
  const id = useId();
  const labelOf = (key: string) => {
    const c = p.criteria.find((x) => x.key === key);
    return c ? (c.label[lang] ?? c.label.fr) : key;
  };
  const isActive = (key: string) => p.active === null || p.active.includes(key);
  const summary = useMemo(() => summarizeAhp(p.ahp), [p.ahp]);

  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < p.ahp.criteria.length; i++)
    for (let j = i + 1; j < p.ahp.criteria.length; j++) pairs.push([p.ahp.criteria[i], p.ahp.criteria[j]]);

  return (
    <div className="weights">
      <div className="grid-2">
        <Segmented
          legend={t('weights.method')}
          name={`${id}-method`}
          value={p.method}
          options={[
            ['weighted', t('weights.weighted')],
            ['topsis', t('weights.topsis')],
          ]}
          onChange={p.onMethod}
        />
        <Segmented
          legend={t('weights.mode')}
          name={`${id}-mode`}
          value={p.mode}
          options={[
            ['sliders', t('weights.sliders')],
            ['ahp', t('weights.ahp')],
          ]}
          onChange={p.onMode}
        />
      </div>

      {p.mode === 'sliders' ? (
        <>
          <ul className="sliders">
            {p.criteria.map((c) => {
              const active = isActive(c.key);
              const w = p.weights[c.key] ?? c.defaultWeight;
              return (
                <li key={c.key} className={active ? '' : 'inactive'}>
                  <label htmlFor={`${id}-w-${c.key}`}>{labelOf(c.key)}</label>
                  <input
                    id={`${id}-w-${c.key}`}
                    type="range"
                    min={0}
                    max={10}
                    step={1}
                    value={w}
                    disabled={!active}
                    aria-valuetext={active ? String(w) : t('weights.inactive')}
                    onChange={(e) => p.onWeight(c.key, Number(e.target.value))}
                  />
                  <output htmlFor={`${id}-w-${c.key}`}>{active ? w : '–'}</output>
                </li>
              );
            })}
          </ul>
          <p className="hint">{t('weights.inactiveHint')}</p>
          <button type="button" className="btn btn-link" onClick={p.onResetWeights}>
            {t('weights.reset')}
          </button>
        </>
      ) : (
        <div className="ahp">
          <fieldset className="checks chips-select">
            <legend>{t('weights.ahpCriteria', { max: AHP_MAX_SIZE })}</legend>
            {p.criteria
              .filter((c) => isActive(c.key))
              .map((c) => {
                const on = p.ahp.criteria.includes(c.key);
                return (
                  <label key={c.key} className={`chip-check ${on ? 'on' : ''}`}>
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={!on && p.ahp.criteria.length >= AHP_MAX_SIZE}
                      onChange={() =>
                        p.onAhp({
                          ...p.ahp,
                          criteria: on
                            ? p.ahp.criteria.filter((x) => x !== c.key)
                            : [...p.ahp.criteria, c.key],
                        })
                      }
                    />
                    {labelOf(c.key)}
                  </label>
                );
              })}
          </fieldset>
          {pairs.length === 0 ? (
            <p className="hint">{t('weights.ahpPick')}</p>
          ) : (
            <ul className="pairs">
              {pairs.map(([a, b]) => {
                const key = `${a}|${b}`;
                const value = p.ahp.judgements[key] ?? 1;
                const idx = SAATY.findIndex((s) => Math.abs(s - value) < 1e-9);
                return (
                  <li key={key}>
                    <label htmlFor={`${id}-pair-${key}`} className="pair-label">
                      <span>{labelOf(a)}</span>
                      <span aria-hidden="true"> ⇄ </span>
                      <span>{labelOf(b)}</span>
                    </label>
                    <select
                      id={`${id}-pair-${key}`}
                      value={String(idx < 0 ? 4 : idx)}
                      onChange={(e) =>
                        p.onAhp({
                          ...p.ahp,
                          judgements: { ...p.ahp.judgements, [key]: SAATY[Number(e.target.value)] },
                        })
                      }
                    >
                      {SAATY.map((_, i) => (
                        <option key={SAATY_KEYS[i] + String(i)} value={String(i)}>
                          {i < 4
                            ? t('weights.ahpMore', {
                                name: labelOf(a),
                                level: tx(`weights.saaty${SAATY_KEYS[i]}`),
                              })
                            : i === 4
                              ? t('weights.ahpEqual')
                              : t('weights.ahpMore', {
                                  name: labelOf(b),
                                  level: tx(`weights.saaty${SAATY_KEYS[i]}`),
                                })}
                        </option>
                      ))}
                    </select>
                  </li>
                );
              })}
            </ul>
          )}
          {summary && (
            <div className={`ahp-summary ${summary.consistent ? '' : 'bad'}`} role="status">
              <p>
                {t('weights.ahpCr', { cr: fmt.number(summary.cr, 3), max: fmt.number(AHP_MAX_CR, 2) })}{' '}
                {summary.consistent ? t('weights.ahpConsistent') : t('weights.ahpInconsistent')}
              </p>
              <ul className="ahp-weights">
                {p.ahp.criteria.map((c, i) => (
                  <li key={c}>
                    <span>{labelOf(c)}</span>
                    <span className="bar" aria-hidden="true">
                      <span
                        className="bar-fill"
                        style={{ width: `${Math.round(summary.weights[i] * 100)}%` }}
                      />
                    </span>
                    <span>{fmt.percent(summary.weights[i])}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
