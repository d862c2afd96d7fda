import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/auth.types.ts';
import { parseNeeds } from '../matching/needs.schema.ts';
import type { Project, ShortlistSnapshot } from './projects.schemas.ts';
import {
  buildShortlistDocument,
  pdfCodeName,
  pdfInfrastructure,
  pdfNeeds,
  pdfWarnings,
} from './shortlist.pdf.ts';

describe('PDF document mapping', () => {
  it('drops a leading "Projet" from the code name, since the renderer prints it', () => {
    expect(pdfCodeName('Projet Volta')).toBe('Volta');
    expect(pdfCodeName('project  Nuage')).toBe('Nuage');
    expect(pdfCodeName('Projet')).toBe('Projet');
    expect(pdfCodeName('Volta')).toBe('Volta');
  });

  it('draws a substation that is nearest in several voltage classes once, under its highest class', () => {
    const infra = pdfInfrastructure([
      {
        kind: 'substation_63kv',
        name: 'Poste A',
        distanceM: 900,
        infrastructureId: 'a',
        voltageKv: 225,
        point: [1, 48],
      },
      {
        kind: 'substation_225kv',
        name: 'Poste A',
        distanceM: 900,
        infrastructureId: 'a',
        voltageKv: 225,
        point: [1, 48],
      },
      {
        kind: 'substation_400kv',
        name: 'Poste B',
        distanceM: 9000,
        infrastructureId: 'b',
        voltageKv: 400,
        point: [1.1, 48],
      },
      {
        kind: 'motorway_access',
        name: null,
        distanceM: 1200,
        infrastructureId: 'm',
        voltageKv: null,
        point: null,
      },
    ]);
    expect(infra.map((i) => [i.kind, i.name])).toEqual([
      ['substation_400kv', 'Poste B'],
      ['substation_225kv', 'Poste A'],
      ['motorway_access', 'motorway_access'],
    ]);
  });

  it('names régions and départements instead of their INSEE codes', () => {
    const n = pdfNeeds(
      parseNeeds({ surfaceHa: { min: 5 }, regions: ['44'], departments: ['78'], fibre: 'required' }),
    );
    expect(n.regionNames).toEqual(['Grand Est']);
    expect(n.departmentNames).toEqual(['Yvelines (78)']);
    expect(n.extraLines).toEqual([{ fr: 'Fibre optique exigée', en: 'Optical fibre required' }]);
    expect(pdfNeeds(null)).toEqual({});
  });

  it('turns near-miss failures and unknown weighted criteria into points to confirm', () => {
    const snapshot = {
      failed: [
        {
          key: 'powerMw',
          required: 30,
          actual: 20,
          unit: 'MW',
          gap: 10,
          unknown: false,
          reason_fr: '20 MW',
          reason_en: '20 MW',
        },
        {
          key: 'availableBy',
          required: '2027-01-01',
          actual: null,
          unit: 'months',
          gap: null,
          unknown: true,
        },
      ],
      criteria: [
        { key: 'water', weight: 0.1, score: 0, known: false, reason_fr: 'inconnu', reason_en: 'unknown' },
        { key: 'brownfield', weight: 0, score: 0, known: false },
      ],
    } as unknown as ShortlistSnapshot;
    const w = pdfWarnings(snapshot);
    expect(w.map((x) => [x.key, x.status])).toEqual([
      ['powerMw', 'failing'],
      ['availableBy', 'unknown'],
      ['criterion.water', 'unknown'],
    ]);
    expect(w[0]).toMatchObject({ required: { value: 30, unit: 'MW' }, actual: { value: 20, unit: 'MW' } });
    expect(w[1].required).toEqual({ date: '2027-01-01' });
  });

  it('labels a point to confirm with the knock-out registry’s words, in both languages', () => {
    const w = pdfWarnings({
      failed: [
        { key: 'excludeRisks.ppri_blue', required: 'not blue', actual: 'blue', unknown: false },
        { key: 'maxDistanceKm.motorway', required: 20, actual: 23, unit: 'km', gap: 3, unknown: false },
        { key: 'someOldKey', unknown: true },
      ],
      criteria: [],
    } as unknown as ShortlistSnapshot);
    expect(w.map((x) => x.label)).toEqual([
      { fr: 'Zone PPRI (bleue ou rouge)', en: 'PPRI zone (blue or red)' },
      { fr: 'Distance accès autoroutier', en: 'Distance to motorway access' },
      'someOldKey',
    ]);
  });

  it('hands the renderer the score’s method, the confidence notes and the flags in both languages', () => {
    const snapshot = {
      takenAt: '2026-05-04T10:00:00.000Z',
      source: 'match',
      algorithmVersion: 'landmatch-match/2.0.0',
      score: 0.61,
      scoreKind: 'topsis_closeness',
      confidence: 0.4,
      confidenceNotes: [
        { criterion: 'power', loss: 0.2, text_fr: 'Puissance : à confirmer', text_en: 'Power: to confirm' },
      ],
      flags: [{ code: 'power_to_confirm', text_fr: 'puissance à confirmer', text_en: 'power to confirm' }],
      criteria: [],
      failed: [],
      site: { name: 'Lot A' },
      access: {},
    } as unknown as ShortlistSnapshot;
    const doc = buildShortlistDocument(
      { name: 'Projet Volta', sector: 'battery_cells' } as unknown as Project,
      null,
      [{ rank: 1, note: null, snapshot, live: null, context: null }],
      { email: 'a@b.test', role: 'staff' } as unknown as Actor,
      new Date('2026-05-04T10:00:00Z'),
    );
    expect(doc.items[0]).toMatchObject({
      scoreKind: 'topsis_closeness',
      confidenceNotes: [{ fr: 'Puissance : à confirmer', en: 'Power: to confirm' }],
      flags: [{ fr: 'puissance à confirmer', en: 'power to confirm' }],
    });
  });
});
