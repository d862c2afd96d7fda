/**
 * Fixture-driven criteria tests (Turf style): fixtures/<criterion>.json holds input site +
 * needs and the expected output. `REGEN=1 npx vitest run api/src/modules/matching/criteria`
 * rewrites the expected outputs; review the diff before committing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MatchSite } from '../candidate.ts';
import { parseNeeds } from '../needs.schema.ts';
import {
  CRITERIA,
  CRITERION_KEYS,
  type CriterionKey,
  type CriterionResult,
  evaluateCriterion,
} from './index.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REGEN = process.env.REGEN === '1';

type Kind = 'good' | 'bad' | 'unknown' | 'other';
interface FixtureCase {
  name: string;
  kind: Kind;
  site: Omit<MatchSite, 'id' | 'name'> & { name?: string };
  needs: unknown;
  expected?: CriterionResult;
}
interface FixtureFile {
  criterion: CriterionKey;
  about: string;
  cases: FixtureCase[];
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const fixturePath = (key: CriterionKey) => path.join(FIXTURES, `${kebab(key)}.json`);

function run(key: CriterionKey, c: FixtureCase): CriterionResult {
  const site: MatchSite = { id: 'fixture-site', name: c.site.name ?? c.name, ...c.site };
  return evaluateCriterion(key, site, parseNeeds(c.needs));
}

describe('criteria fixtures', () => {
  it('has one fixture file per registered criterion, and no stray file', () => {
    const files = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(CRITERION_KEYS.map((k) => `${kebab(k)}.json`).sort());
  });

  for (const key of CRITERION_KEYS) {
    describe(key, () => {
      const file = JSON.parse(fs.readFileSync(fixturePath(key), 'utf8')) as FixtureFile;

      it('covers a known-good, a known-bad and an unknown-data case', () => {
        const kinds = new Set(file.cases.map((c) => c.kind));
        for (const k of ['good', 'bad', 'unknown'] as const)
          expect(kinds, `${key} lacks a ${k} case`).toContain(k);
      });

      for (const c of file.cases) {
        it(`${c.kind}: ${c.name}`, () => {
          const got = run(key, c);
          if (REGEN) {
            c.expected = got;
            return;
          }
          expect(c.expected, 'missing expected output: run with REGEN=1').toBeDefined();
          const exp = c.expected!;
          expect(Math.abs(got.score - exp.score)).toBeLessThan(1e-6);
          expect(Math.abs(got.raw - exp.raw)).toBeLessThan(1e-6);
          expect(got.known).toBe(exp.known);
          expect(got.value).toEqual(exp.value);
          expect(got.reason_fr).toBe(exp.reason_fr);
          expect(got.reason_en).toBe(exp.reason_en);
          // The case's kind is a claim about the score, checked independently of the snapshot.
          if (c.kind === 'good') expect(got.known && got.score >= 0.7).toBe(true);
          if (c.kind === 'bad') expect(got.known && got.score <= 0.3).toBe(true);
          if (c.kind === 'unknown') expect(got.known).toBe(false);
          expect(got.score).toBeGreaterThanOrEqual(0);
          expect(got.score).toBeLessThanOrEqual(1);
          expect(got.reason_fr.length).toBeGreaterThan(0);
          expect(got.reason_en.length).toBeGreaterThan(0);
        });
      }

      if (REGEN) {
        it('rewrites the fixture (REGEN=1)', () => {
          fs.writeFileSync(fixturePath(key), `${JSON.stringify(file, null, 2)}\n`);
        });
      }
    });
  }
});

describe('registry', () => {
  it('has unique keys, positive default weights and bilingual labels', () => {
    expect(new Set(CRITERIA.map((c) => c.key)).size).toBe(CRITERIA.length);
    for (const c of CRITERIA) {
      expect(c.defaultWeight).toBeGreaterThan(0);
      expect(c.label.fr && c.label.en).toBeTruthy();
    }
  });
});
