/**
 * Fixture-driven knock-out tests: fixtures/<key>.json holds, per case, the needs and the site and
 * the expected outcome (`pass`, `fail`, `unknown` or `banned` for a legal ban, `inactive` when
 * the rule does not apply) with the failure's explanation. `REGEN=1 npx vitest run
 * api/src/modules/matching/knockouts` rewrites the expected explanations (never the outcome a
 * case asserts); review the diff before committing. The SQL form of every condition is checked
 * against the same evaluator in ../sql-agreement.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MatchSite } from '../candidate.ts';
import { parseNeeds } from '../needs.schema.ts';
import { conditionGap, evaluateCondition } from './condition.ts';
import { matchRules } from './evaluate.ts';
import { KNOCKOUTS } from './index.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REGEN = process.env.REGEN === '1';

type Outcome = 'pass' | 'fail' | 'unknown' | 'banned' | 'inactive';
interface Expected {
  required?: unknown;
  actual?: unknown;
  unit?: string | null;
  gap?: number | null;
  normalisedGap?: number;
  reason_fr?: string;
  reason_en?: string;
}
interface FixtureCase {
  name: string;
  needs?: Record<string, unknown>;
  site: Omit<MatchSite, 'id' | 'name'> & { name?: string };
  outcome: Outcome;
  expected?: Expected;
}
interface FixtureFile {
  knockout: string;
  about: string;
  needs: Record<string, unknown>;
  cases: FixtureCase[];
}

const fileName = (key: string) =>
  `${key.replace(/[.]/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.json`;

function run(key: string, file: FixtureFile, c: FixtureCase) {
  // A null in a case's needs removes that key of the file's needs.
  const merged: Record<string, unknown> = { ...file.needs, ...c.needs };
  for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
  const needs = parseNeeds(merged);
  const site: MatchSite = { id: 'fixture-site', name: c.site.name ?? c.name, ...c.site };
  const rules = matchRules(needs);
  const active = [...rules.legal, ...rules.needs].find((k) => k.def.key === key);
  if (!active) return { outcome: 'inactive' as Outcome, expected: undefined };
  const r = evaluateCondition(active.condition, site);
  const outcome: Outcome =
    r === true ? 'pass' : active.def.kind === 'legal' ? 'banned' : r === null ? 'unknown' : 'fail';
  if (r === true) return { outcome, expected: undefined };
  const e = active.def.explain(site, rules.context, r === null);
  return {
    outcome,
    expected: {
      required: e.required,
      actual: e.actual,
      unit: e.unit,
      gap: e.gap,
      normalisedGap: Math.round(conditionGap(active.condition, site) * 1e6) / 1e6,
      reason_fr: e.reason.fr,
      reason_en: e.reason.en,
    } satisfies Expected,
  };
}

describe('knock-out fixtures', () => {
  it('has one fixture file per registered knock-out, and no stray file', () => {
    const files = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(KNOCKOUTS.map((k) => fileName(k.key)).sort());
  });

  for (const def of KNOCKOUTS) {
    describe(def.key, () => {
      const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, fileName(def.key)), 'utf8')) as FixtureFile;

      it('states its rule in both languages', () => {
        expect(def.rule.fr.length).toBeGreaterThan(20);
        expect(def.rule.en.length).toBeGreaterThan(20);
        if (def.kind === 'legal') expect(def.source?.url).toMatch(/^https:\/\//);
      });

      it(
        def.kind === 'legal'
          ? 'covers a pass, a ban and unknown data (which passes)'
          : 'covers a pass, a failure and unknown data',
        () => {
          const outcomes = new Set(file.cases.map((c) => c.outcome));
          expect(outcomes.has('pass')).toBe(true);
          if (def.kind === 'legal') expect(outcomes.has('banned')).toBe(true);
          else {
            expect(outcomes.has('fail')).toBe(true);
            expect(outcomes.has('unknown')).toBe(true);
          }
        },
      );

      for (const c of file.cases) {
        it(c.name, () => {
          const got = run(def.key, file, c);
          expect(got.outcome).toBe(c.outcome);
          if (REGEN) c.expected = got.expected;
          else expect(got.expected).toEqual(c.expected);
        });
      }

      if (REGEN) {
        it('regenerates its fixture', () => {
          fs.writeFileSync(path.join(FIXTURES, fileName(def.key)), `${JSON.stringify(file, null, 2)}\n`);
        });
      }
    });
  }
});
