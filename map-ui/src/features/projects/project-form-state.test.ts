import { describe, expect, it } from 'vitest';
import { countrySchema, type Project } from '../../api/projects.ts';
import { EMPTY_NEEDS_FORM } from '../match/needs-form-state.ts';
import {
  countryOptions,
  EMPTY_PROJECT_FORM,
  formToProject,
  needsStated,
  projectToForm,
  sectorOfTemplate,
} from './project-form-state.ts';

const valid = { ...EMPTY_PROJECT_FORM, name: 'Projet Volta', sector: 'battery_cells' as const };

describe('project form → request body', () => {
  it('needs a code name and a sector, nothing else', () => {
    const r = formToProject(EMPTY_PROJECT_FORM);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => [i.field, i.kind])).toEqual([
        ['name', 'required'],
        ['sector', 'required'],
      ]);
    const ok = formToProject(valid);
    expect(ok).toEqual({
      ok: true,
      body: {
        name: 'Projet Volta',
        company: null,
        sector: 'battery_cells',
        originCountry: null,
        jobs: null,
        investmentEur: null,
        contact: null,
        notes: null,
      },
    });
  });

  it('reads millions of euros with a French decimal comma and sends euros', () => {
    const r = formToProject({ ...valid, investmentMeur: '1,5', jobs: '1 200' });
    expect(r.ok && r.body.investmentEur).toBe(1_500_000);
    expect(r.ok && r.body.jobs).toBe(1200);
  });

  it('refuses fractional jobs, negative amounts, a bad email and a contact without a name', () => {
    const r = formToProject({
      ...valid,
      jobs: '12.5',
      investmentMeur: '-3',
      contactEmail: 'not-an-email',
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => `${i.field}:${i.kind}`).sort()).toEqual([
        'contactEmail:email',
        'contactName:contactName',
        'investmentMeur:negative',
        'jobs:wholeNumber',
      ]);
  });

  it('keeps the contact as one object with empty parts as null', () => {
    const r = formToProject({ ...valid, contactName: ' Anna Berg ', contactEmail: 'anna@volta.example' });
    expect(r.ok && r.body.contact).toEqual({
      name: 'Anna Berg',
      role: null,
      email: 'anna@volta.example',
      phone: null,
    });
  });

  it('round-trips a stored project through the form', () => {
    const p = {
      id: 'x',
      name: 'Volta',
      company: 'Voltacell',
      sector: 'battery_cells',
      originCountry: 'DE',
      jobs: 1200,
      investmentEur: 2_000_000_000,
      contact: { name: 'Anna', email: null, phone: '+49 30 1234', role: 'CFO' },
      needs: { surfaceHa: { min: 50, max: 150 }, powerMw: 150 },
      notes: 'n',
    } as unknown as Project;
    const f = projectToForm(p);
    expect(f.investmentMeur).toBe('2000');
    expect(f.needs.surfaceMin).toBe('50');
    const r = formToProject(f);
    expect(r.ok && r.body).toMatchObject({
      name: 'Volta',
      company: 'Voltacell',
      originCountry: 'DE',
      jobs: 1200,
      investmentEur: 2_000_000_000,
      contact: { name: 'Anna', phone: '+49 30 1234', role: 'CFO', email: null },
    });
  });
});

describe('project form helpers', () => {
  it('tells an untouched needs form from a stated one', () => {
    expect(needsStated(EMPTY_NEEDS_FORM)).toBe(false);
    expect(needsStated({ ...EMPTY_NEEDS_FORM, surfaceMin: '5' })).toBe(true);
  });

  it('maps matching templates to project sectors', () => {
    expect(sectorOfTemplate('battery-cells')).toBe('battery_cells');
    expect(sectorOfTemplate('metallurgy-refractories')).toBe('metallurgy');
    expect(sectorOfTemplate('health-products')).toBe('medical_devices');
    expect(sectorOfTemplate('space-rockets')).toBeNull();
  });

  it('lists only the countries the server accepts, once each, named and sorted in the UI language', () => {
    for (const lang of ['fr', 'en']) {
      const options = countryOptions(lang);
      const codes = options.map((c) => c.code);
      expect(codes.every((c) => countrySchema.safeParse(c).success)).toBe(true);
      for (const junk of ['UK', 'EU', 'YU', 'CS', 'DD', 'XA', 'XB', 'ZZ', 'FX', 'AN'])
        expect(codes).not.toContain(junk);
      const names = options.map((c) => c.name);
      // No two entries under one name (the old list showed "Allemagne" twice, "Serbie" three times).
      expect(new Set(names).size).toBe(names.length);
      expect([...names].sort((a, b) => a.localeCompare(b, lang))).toEqual(names);
      expect(options).toHaveLength(250);
    }
    const fr = countryOptions('fr');
    expect(fr.find((c) => c.code === 'DE')?.name).toBe('Allemagne');
    expect(fr.filter((c) => /^Serbie/.test(c.name)).map((c) => c.code)).toEqual(['RS']);
    expect(fr.map((c) => c.name)).not.toContain('pseudo-accents');
  });
});
