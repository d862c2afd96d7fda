import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { foldText } from '../../shared/text.ts';
import {
  DEPARTMENTS,
  departmentOfCommune,
  isDepartmentCode,
  isRegionCode,
  REGION_BY_CODE,
  REGIONS,
} from './geo-codes.ts';

const SHARED = path.resolve(projectRoot, '../shared/data/admin');

function readFeatures(file: string): { code: string; nom: string }[] | undefined {
  const p = path.join(SHARED, file);
  if (!fs.existsSync(p)) return undefined;
  const fc = JSON.parse(fs.readFileSync(p, 'utf8')) as {
    features: { properties: { code: string; nom: string } }[];
  };
  return fc.features.map((f) => f.properties);
}

describe('geo codes', () => {
  it('lists the 18 régions and 101 départements, each in a known région', () => {
    expect(REGIONS).toHaveLength(18);
    expect(DEPARTMENTS).toHaveLength(101);
    expect(new Set(DEPARTMENTS.map((d) => d.code)).size).toBe(101);
    for (const d of DEPARTMENTS) expect(REGION_BY_CODE.has(d.regionCode), d.code).toBe(true);
    expect(REGIONS.filter((r) => r.overseas)).toHaveLength(5);
  });

  it('validates codes strictly', () => {
    expect(isRegionCode('44')).toBe(true);
    expect(isRegionCode('4')).toBe(false);
    expect(isDepartmentCode('2B')).toBe(true);
    expect(isDepartmentCode('20')).toBe(false);
    expect(isDepartmentCode('975')).toBe(false);
  });

  it('derives the département of a commune code', () => {
    expect(departmentOfCommune('78361')).toBe('78');
    expect(departmentOfCommune('2A004')).toBe('2A');
    expect(departmentOfCommune('97411')).toBe('974');
    expect(departmentOfCommune('97501')).toBeUndefined();
  });

  const regions = readFeatures('regions-version-simplifiee.geojson');
  const departments = readFeatures('departements-version-simplifiee.geojson');

  it.skipIf(!regions)(
    'matches the metropolitan régions of the IGN/INSEE boundaries in ../shared/data',
    () => {
      const metro = REGIONS.filter((r) => !r.overseas);
      expect(regions!.map((r) => r.code).sort()).toEqual(metro.map((r) => r.code).sort());
      for (const r of regions!)
        expect(foldText(REGION_BY_CODE.get(r.code)!.name), r.code).toBe(foldText(r.nom));
    },
  );

  it.skipIf(!departments)(
    'matches the metropolitan départements of the IGN/INSEE boundaries in ../shared/data',
    () => {
      const metro = DEPARTMENTS.filter((d) => d.code.length === 2);
      expect(departments!.map((d) => d.code).sort()).toEqual(metro.map((d) => d.code).sort());
      const byCode = new Map(DEPARTMENTS.map((d) => [d.code, d.name]));
      for (const d of departments!) expect(foldText(byCode.get(d.code)!), d.code).toBe(foldText(d.nom));
    },
  );

  if (!regions || !departments) {
    it('skips the boundary comparison: ../shared/data/admin is absent', () => {
      console.warn(`geo-codes: ${SHARED} not found; reference comparison skipped`);
    });
  }
});
