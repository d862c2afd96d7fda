/**
 * Pins what version 1 computes, so that sharing code with version 2 cannot change it: the
 * snapshot was written from the engine as frozen (before any of its files imported version 2's
 * code). Inputs: every site and needs of the criteria fixtures (modules/matching/criteria/fixtures)
 * and the project templates. A difference here is a change to version 1: never update the
 * snapshot to make it pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MatchSite } from '../../candidate.ts';
import { loadProjectTemplates } from '../../project-templates.ts';
import {
  CRITERION_KEYS,
  type CriterionKey,
  evaluateCriterion,
  listCriteria,
  resolveWeights,
} from './criteria/index.ts';
import { evaluateHardConstraints, hardConstraintSpecs } from './hard-constraints.ts';
import { toV1Request } from './index.ts';
import { compileStage } from './matching.store.pg.ts';
import {
  defaultHardKeys,
  effectiveHardKeys,
  matchRequestSchema,
  needsSchema,
  requestAhp,
  requestWeights,
} from './needs.schema.ts';
import { matchSites } from './rank.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'criteria', 'fixtures');

interface FixtureCase {
  criterion: string;
  name: string;
  site: Omit<MatchSite, 'id' | 'name'>;
  needs: unknown;
}

const cases: FixtureCase[] = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => {
    const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as {
      criterion: string;
      cases: FixtureCase[];
    };
    return file.cases.map((c) => ({ ...c, criterion: file.criterion }));
  });

const sites: MatchSite[] = cases.map((c, i) => ({
  ...c.site,
  id: `site-${String(i).padStart(3, '0')}`,
  name: c.name,
}));

/** Needs the fixtures and templates use (as version 1 reads them), plus the hard-key, risk and preference variants. */
const needsInputs: unknown[] = [
  ...new Map(
    [
      ...cases.map((c) => c.needs),
      ...loadProjectTemplates().map((t) => t.needs),
      { surfaceHa: { min: 5, max: 50 }, excludeRisks: ['ppri_red', 'pprt', 'natura2000'] },
      {
        surfaceHa: { min: 5, max: 50 },
        railSiding: 'required',
        maxDistanceKm: { railFreight: 10, motorway: 20 },
        hard: ['maxDistanceKm.railFreight', 'railSiding', 'surfaceHa'],
      },
      {
        surfaceHa: { min: 5 },
        powerMw: 30,
        gas: { required: true, capacityMwhPerDay: 50 },
        waterM3PerDay: 300,
        wastewaterM3PerDay: 200,
        fibre: 'required',
        allowAssembly: true,
      },
      {
        surfaceHa: { min: 2, max: 8 },
        availableBy: '2026-06-30',
        icpeRegime: 'A',
        sevesoTier: 'upper',
        maxPriceEurM2: 40,
        brownfield: 'preferred',
        regions: ['44'],
        hard: [],
      },
    ]
      .map((n) => toV1Request({ needs: n }).needs)
      .map((n) => [JSON.stringify(n), n]),
  ).values(),
];

function parsed(
  schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown; error?: { issues: unknown } } },
  v: unknown,
) {
  const r = schema.safeParse(v);
  return r.success ? { ok: r.data } : { issues: r.error?.issues };
}

/** One JSON line per item: a compact snapshot, and key order is pinned too (it is the HTTP body's). */
const lines = (items: readonly unknown[]) => `\n${items.map((x) => JSON.stringify(x)).join('\n')}\n`;

const validNeeds = needsInputs.filter((n) => needsSchema.safeParse(n).success);

describe('version 1 as frozen', () => {
  it('parses needs and requests the same way', () => {
    const out = needsInputs.map((n) => ({
      needs: parsed(needsSchema, n),
      request: parsed(
        matchRequestSchema,
        toV1Request({ needs: n, method: 'topsis', weights: { surface: 3 } }),
      ),
    }));
    const bad = [
      { surfaceHa: { min: 30, max: 10 } },
      { surfaceHa: { min: 5 }, hard: ['nonsense'] },
      { surfaceHa: { min: 5 }, powerMw: -1 },
      { surfaceHa: { min: 5 }, motorway: { preference: 'maybe' } },
      { surfaceHa: { min: 5 }, availableBy: '2026-13-40' },
    ].map((n) => parsed(needsSchema, n));
    const requests = [
      { needs: { surfaceHa: { min: 5 } }, weights: { nope: 1 } },
      { needs: { surfaceHa: { min: 5 } }, method: 'ahp' },
      { needs: { surfaceHa: { min: 5 } }, limit: 0 },
    ].map((r) => {
      const p = parsed(matchRequestSchema, r);
      return {
        p,
        weights: 'ok' in p ? requestWeights(p.ok as never) : null,
        ahp: 'ok' in p ? requestAhp(p.ok as never) : null,
      };
    });
    expect(lines([...out, ...bad, ...requests])).toMatchSnapshot();
  });

  it('derives the same hard keys, specs and stage SQL', () => {
    const out = validNeeds.map((n) => {
      const needs = needsSchema.parse(n);
      const specs = hardConstraintSpecs(needs);
      return {
        defaultHardKeys: defaultHardKeys(needs),
        effectiveHardKeys: effectiveHardKeys(needs),
        specs,
        stage: compileStage(specs, { publishedOnly: true, candidateLimit: 2000, nearMissLimit: 100 }),
      };
    });
    expect(lines(out)).toMatchSnapshot();
  });

  it('scores every criterion and evaluates every hard constraint the same way', () => {
    const out = cases.map((c, i) => {
      const needs = needsSchema.parse(toV1Request({ needs: c.needs }).needs);
      return {
        // Each case's own criterion (matchSites below reports every criterion of the ranked sites).
        criterion: CRITERION_KEYS.includes(c.criterion as CriterionKey)
          ? evaluateCriterion(c.criterion as CriterionKey, sites[i], needs)
          : null,
        hard: evaluateHardConstraints(sites[i], needs),
        weights: resolveWeights(needs, { surface: 2, power: 0 }),
      };
    });
    expect(lines([...out, listCriteria()])).toMatchSnapshot();
  });

  it('matches and ranks the same way, under both methods and languages', () => {
    expect(validNeeds.length).toBe(needsInputs.length);
    const out = validNeeds.flatMap((n) => {
      const needs = needsSchema.parse(n);
      return [
        matchSites(sites, needs),
        matchSites(sites, needs, { method: 'topsis', lang: 'en', limit: 15, nearMissLimit: 5 }),
        matchSites(sites, needs, { weights: { surface: 5, motorway: 0 }, lang: 'en' }),
      ];
    });
    expect(lines(out)).toMatchSnapshot();
  });
});
