import { describe, expect, it } from 'vitest';
import { EMPTY_NEEDS_FORM, formToNeeds, needsToForm } from './needs-form-state.ts';
import { knockoutsOfForm, validateNeedsForm } from './needs-validation.ts';

describe('needs form', () => {
  it('turns a filled form into contract needs, leaving out what was not stated', () => {
    const needs = formToNeeds({
      ...EMPTY_NEEDS_FORM,
      surfaceMin: '10',
      surfaceMax: '40,5',
      powerMw: '25',
      railSiding: 'required',
      distMotorway: '15',
      regions: ['44'],
      excludeRisks: ['ppri_red'],
    });
    expect(needs).toEqual({
      surfaceHa: { min: 10, max: 40.5 },
      powerMw: 25,
      railSiding: 'required',
      maxDistanceKm: { motorway: 15 },
      regions: ['44'],
      excludeRisks: ['ppri_red'],
    });
  });

  it('round-trips a template through the form', () => {
    const tpl = {
      surfaceHa: { min: 20 },
      powerMw: 40,
      rampUpMonths: 30,
      wastewaterM3PerDay: 900,
      hard: ['surfaceHa', 'powerMw'],
      gas: { required: true, capacityMwhPerDay: 300 },
      quay: 'preferred',
      maxDistanceKm: { port: 50 },
      icpeRegime: 'A',
      availableBy: '2027-06-30',
      departments: ['57', '67'],
    };
    expect(formToNeeds(needsToForm(tpl))).toEqual(tpl);
  });

  it('states drive times and a labour pool, and maps their errors back to their fields', () => {
    const form = {
      ...EMPTY_NEEDS_FORM,
      surfaceMin: '20',
      driveMotorway: '15',
      drivePort: '45',
      poolMinutes: '45' as const,
      poolMinActive: '50 000',
    };
    const needs = formToNeeds(form);
    expect(needs).toMatchObject({
      maxDriveMinutes: { motorway: 15, port: 45 },
      labourPool: { minutes: 45, minActive: 50_000 },
    });
    expect(needsToForm(needs as unknown as Record<string, unknown>)).toMatchObject({
      driveMotorway: '15',
      poolMinutes: '45',
      poolMinActive: '50000',
    });
    const bad = validateNeedsForm({ ...form, poolMinActive: '-3', driveAirport: '0' });
    expect(bad.ok).toBe(false);
    const fields = bad.ok ? [] : bad.issues.map((i) => i.field);
    expect(fields).toContain('poolMinActive');
    expect(fields).toContain('driveAirport');
  });

  it('accepts a valid form with the shared schema', () => {
    expect(validateNeedsForm({ ...EMPTY_NEEDS_FORM, surfaceMin: '5' }).ok).toBe(true);
  });

  it('flags the missing minimum surface as required', () => {
    const v = validateNeedsForm(EMPTY_NEEDS_FORM);
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.issues).toContainEqual(expect.objectContaining({ field: 'surfaceMin', kind: 'required' }));
  });

  it('maps schema errors to their fields: not a number, too big, unknown département', () => {
    const v = validateNeedsForm({
      ...EMPTY_NEEDS_FORM,
      surfaceMin: '20',
      powerMw: 'beaucoup',
      distPort: '5000',
      departments: ['999'],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const byField = Object.fromEntries(v.issues.map((i) => [i.field, i.kind]));
    expect(byField).toEqual({ powerMw: 'number', distPort: 'max', departments: 'other' });
  });

  it('reports a maximum surface below the minimum on the maximum field', () => {
    const v = validateNeedsForm({ ...EMPTY_NEEDS_FORM, surfaceMin: '20', surfaceMax: '10' });
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.issues).toEqual([expect.objectContaining({ field: 'surfaceMax', kind: 'maxBelowMin' })]);
  });

  it('sends the new risk exclusions and the relaxed knock-outs, and reads them back from a template', () => {
    const form = {
      ...EMPTY_NEEDS_FORM,
      surfaceMin: '5',
      availableBy: '2027-01-01',
      excludeRisks: ['ppri_blue', 'seveso_neighbour', 'soil_pollution'],
      relax: ['availableBy'],
    };
    const needs = formToNeeds(form);
    expect(needs).toMatchObject({
      excludeRisks: ['ppri_blue', 'seveso_neighbour', 'soil_pollution'],
      relax: ['availableBy'],
    });
    expect(validateNeedsForm(form).ok).toBe(true);
    expect(needsToForm(needs as Record<string, unknown>).relax).toEqual(['availableBy']);
  });

  it('refuses to relax a legal ban, as the API does', () => {
    const v = validateNeedsForm({ ...EMPTY_NEEDS_FORM, surfaceMin: '5', relax: ['ppri_red'] });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues[0].message).toMatch(/legal ban/);
  });

  it('offers to relax the knock-outs the needs turn on, whatever is already relaxed', () => {
    const form = { ...EMPTY_NEEDS_FORM, surfaceMin: '5', powerMw: '20', availableBy: '2027-01-01' };
    expect(knockoutsOfForm(form)).toEqual(['surfaceHa', 'powerMw', 'zoning', 'availableBy']);
    expect(knockoutsOfForm({ ...form, relax: ['powerMw'] })).toEqual(knockoutsOfForm(form));
    // Before the minimum surface is typed, the list is already there.
    expect(knockoutsOfForm({ ...form, surfaceMin: '' })).toEqual(knockoutsOfForm(form));
    // A template's own `hard` list wins over the defaults.
    expect(knockoutsOfForm({ ...form, extra: { hard: ['surfaceHa', 'powerMw'] } })).toEqual([
      'surfaceHa',
      'powerMw',
    ]);
  });
});
