import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../../api/projects.ts';
import { makeFormatters, translate } from '../../i18n/i18n.tsx';
import { changeLabel, describeChange } from './change-format.ts';
import { needsSummary } from './needs-summary.ts';

/** A `changedSince` entry; the API calls the old value `then`. */
function change(field: string, before: unknown, after: unknown): FieldChange {
  // biome-ignore lint/suspicious/noThenProperty: the shortlist API's field name, not a thenable.
  return { field, then: before, now: after };
}

const words = (lang: 'fr' | 'en') => ({
  t: (k: string, p?: Record<string, string | number>) => translate(lang, k, p),
  tx: (k: string, f?: string) => {
    const v = translate(lang, k);
    return v === k ? (f ?? k) : v;
  },
  fmt: makeFormatters(lang),
});

describe('changes since a site was shortlisted, in words', () => {
  it('says what changed with units and translated values', () => {
    const en = words('en');
    expect(describeChange(change('powerAvailableMw', 12, 20), en)).toBe(
      'Available power: 12\u00a0MW → 20\u00a0MW',
    );
    expect(describeChange(change('status', 'available', 'under_option'), en)).toBe(
      'Availability: Available → Under option',
    );
    expect(describeChange(change('access.port', null, 12000), words('fr'))).toBe(
      'Port : non renseigné → 12\u00a0km',
    );
  });

  it('only says "updated" for lists such as the readiness steps', () => {
    expect(describeChange(change('readiness', [], [{ item: 'icpe' }]), words('en'))).toBe(
      'Readiness (turnkey): updated',
    );
  });

  it('falls back to the field name when it has no label', () => {
    expect(changeLabel('mysteryField', words('en'))).toBe('mysteryField');
  });
});

describe('needs in a few words', () => {
  it('summarises area, power, water, rail and ICPE, and the search area', () => {
    const fr = needsSummary(
      {
        surfaceHa: { min: 50, max: 150 },
        powerMw: 150,
        waterM3PerDay: 3000,
        railSiding: 'preferred',
        icpeRegime: 'A',
      },
      words('fr'),
    );
    expect(fr).toEqual([
      '50–150\u00a0ha',
      '150\u00a0MW',
      'eau 3\u202f000 m³/jour',
      'fer : Souhaité',
      'ICPE : Autorisation',
      'toute la France',
    ]);
    expect(needsSummary(null, words('fr'))).toEqual([]);
  });
});
