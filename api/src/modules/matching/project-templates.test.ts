import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { levelsFor } from './electrical.ts';
import { effectiveHardKeys, needsSchema } from './needs.schema.ts';
import { loadProjectTemplates, PROJECT_TEMPLATES_FILE } from './project-templates.ts';

describe('project templates', () => {
  const raw = JSON.parse(fs.readFileSync(PROJECT_TEMPLATES_FILE, 'utf8')) as {
    templates: { id: string; needs: unknown }[];
  };

  it('covers the six seed sectors', () => {
    expect(loadProjectTemplates().map((t) => t.id)).toEqual([
      'battery-cells',
      'data-centre',
      'health-products',
      'food-processing',
      'electric-motors',
      'metallurgy-refractories',
    ]);
  });

  for (const t of raw.templates) {
    it(`${t.id}: needs parse under the needs schema`, () => {
      const r = needsSchema.safeParse(t.needs);
      expect(r.error?.issues ?? []).toEqual([]);
    });
  }

  it('gives the data centre and the gigafactory a power need beyond HTA (the 1994 decree: HTA ≤ 40 MW)', () => {
    const byId = new Map(loadProjectTemplates().map((t) => [t.id, t]));
    expect(levelsFor(byId.get('data-centre')!.needs.powerMw!)[0]).toBe('HTB1');
    expect(levelsFor(byId.get('battery-cells')!.needs.powerMw!)[0]).toBe('HTB2');
    expect(byId.get('data-centre')!.needs.fibre).toBe('required');
    expect(effectiveHardKeys(byId.get('metallurgy-refractories')!.needs)).toContain('railSiding');
  });
});
