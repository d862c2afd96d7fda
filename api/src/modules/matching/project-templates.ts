/**
 * Project templates (geodata/templates/project-templates.json): one ready-made set of needs per
 * relocation-prone sector, for the matching form and the demo. Validated with the needs schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../config.ts';
import { type ProjectTemplate, projectTemplateSchema } from './matching.schemas.ts';

export { type ProjectTemplate, projectTemplateSchema };

export const PROJECT_TEMPLATES_FILE = path.join(
  projectRoot,
  'geodata',
  'templates',
  'project-templates.json',
);

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
