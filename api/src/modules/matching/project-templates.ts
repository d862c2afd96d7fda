/**
 * Project templates (geodata/templates/project-templates.json): one ready-made set of needs per
 * relocation-prone sector, for the matching form and the demo. Validated with the needs schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../config.ts';
import { needsSchema } from './needs.schema.ts';

export const PROJECT_TEMPLATES_FILE = path.join(
  projectRoot,
  'geodata',
  'templates',
  'project-templates.json',
);

const bilingual = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });

export const projectTemplateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/, 'template ids are kebab-case'),
  sector: z.enum(['food', 'health', 'machines', 'electronics', 'it', 'process']),
  name: bilingual,
  description: bilingual,
  needs: needsSchema,
});
export type ProjectTemplate = z.output<typeof projectTemplateSchema>;

export const projectTemplatesFileSchema = z
  .strictObject({ about: z.string(), templates: z.array(projectTemplateSchema).min(1) })
  .refine(
    (f) => new Set(f.templates.map((t) => t.id)).size === f.templates.length,
    'template ids must be unique',
  );

/**
 * Reads and validates the templates (throws on an invalid file):
 * `loadProjectTemplates()[0].id` → 'battery-cells'.
 */
export function loadProjectTemplates(file = PROJECT_TEMPLATES_FILE): ProjectTemplate[] {
  return projectTemplatesFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).templates;
}
