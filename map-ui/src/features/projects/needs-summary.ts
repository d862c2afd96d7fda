/**
 * A project's needs in a few words, for the project header and the match tab:
 * "50–150 ha", "150 MW", "Eau 3 000 m³/jour", "ICPE : Autorisation"…
 */
import type { I18n } from '../../i18n/i18n.tsx';

type Words = Pick<I18n, 't' | 'tx' | 'fmt'>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `needsSummary({ surfaceHa: { min: 50, max: 150 }, powerMw: 150 }, i18n)` → ['50–150 ha', '150 MW']. */
export function needsSummary(needs: Record<string, unknown> | null, { t, tx, fmt }: Words): string[] {
  if (!needs) return [];
  const out: string[] = [];
  const s = (needs.surfaceHa ?? {}) as Record<string, unknown>;
  const min = num(s.min);
  const max = num(s.max);
  if (min !== null && max !== null) out.push(`${fmt.number(min)}–${fmt.hectares(max)}`);
  else if (min !== null) out.push(t('needsSummary.atLeast', { value: fmt.hectares(min) }));
  const power = num(needs.powerMw);
  if (power !== null) out.push(fmt.megawatts(power));
  const water = num(needs.waterM3PerDay);
  if (water !== null) out.push(t('needsSummary.water', { value: fmt.number(water, 0) }));
  const gas = needs.gas as { required?: boolean } | undefined;
  if (gas?.required) out.push(t('needsSummary.gas'));
  if (needs.railSiding === 'required' || needs.railSiding === 'preferred')
    out.push(t('needsSummary.rail', { pref: tx(`pref.${needs.railSiding}`, String(needs.railSiding)) }));
  if (needs.quay === 'required' || needs.quay === 'preferred')
    out.push(t('needsSummary.quay', { pref: tx(`pref.${needs.quay}`, String(needs.quay)) }));
  if (typeof needs.icpeRegime === 'string')
    out.push(t('needsSummary.icpe', { regime: tx(`icpe.${needs.icpeRegime}`, needs.icpeRegime) }));
  const regions = Array.isArray(needs.regions) ? needs.regions.length : 0;
  const departments = Array.isArray(needs.departments) ? needs.departments.length : 0;
  if (regions + departments === 0) out.push(t('needsSummary.allFrance'));
  else out.push(t('needsSummary.areas', { count: regions + departments }));
  return out;
}
