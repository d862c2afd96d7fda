/**
 * The contract of the import review (issue 12): `POST /api/imports/:format/preview` answers an
 * `ImportPreview` (what the file would do, row by row, and the conflicts with hand edits),
 * `POST /api/imports/previews/:id/commit` takes the conflicts' resolutions and answers the
 * `ImportReport`, `DELETE /api/imports/previews/:id` drops the preview. Responses are
 * `looseObject`s: fields may be added.
 */
import { z } from 'zod';
import { polygonalGeometrySchema } from '../../shared/geo.ts';
import { component, described } from '../openapi/openapi.registry.ts';

/** Formats a preview accepts: the site formats (infrastructure imports keep the direct route). */
export const REVIEW_FORMATS = ['sites-geojson', 'sites-csv', 'site-eco'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export const PREVIEW_ROW_STATUSES = ['new', 'changed', 'unchanged', 'invalid'] as const;
export type PreviewRowStatus = (typeof PREVIEW_ROW_STATUSES)[number];

export const RESOLUTIONS = ['keep', 'incoming'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** How long an uncommitted preview is kept. */
export const PREVIEW_TTL_HOURS = 24;
/** Records a file may have to be reviewed (larger files go through `POST /api/import/:format`). */
export const MAX_REVIEW_ROWS = 5000;

export const previewQuerySchema = z.strictObject({
  name: z.string().max(200).optional(),
});

const fieldChangeSchema = z.looseObject({
  field: described(z.string(), "A site field (JSON name), or 'geometry' (values are areas in ha)."),
  before: z.unknown(),
  after: z.unknown(),
});

const userRefSchema = z.looseObject({ id: z.string(), name: z.string().nullable() });

const fieldConflictSchema = z.looseObject({
  field: z.string(),
  current: described(z.unknown(), 'The hand-edited value the site holds now.'),
  incoming: described(z.unknown(), "The file's value."),
  editedAt: described(z.string().nullable(), 'When the field was last edited by hand (audit log), if known.'),
  editedBy: userRefSchema.nullable(),
});
export type FieldConflict = z.output<typeof fieldConflictSchema>;

export const previewRowSchema = z.looseObject({
  line: described(z.number().int(), 'CSV line, or 1-based feature index of a GeoJSON file.'),
  status: z.enum(PREVIEW_ROW_STATUSES),
  siteId: z.string().optional(),
  sourceId: z.string().optional(),
  name: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  changes: described(
    z.array(fieldChangeSchema).optional(),
    'Fields the commit changes (conflicting fields are listed in `conflicts` instead).',
  ),
  conflicts: described(
    z.array(fieldConflictSchema).optional(),
    'Fields edited by hand since the last import whose file value differs: the commit needs a resolution.',
  ),
});
export type PreviewRow = z.output<typeof previewRowSchema>;

const previewFeatureSchema = z.looseObject({
  type: z.literal('Feature'),
  geometry: polygonalGeometrySchema,
  properties: z.looseObject({
    status: z.enum(['new', 'changed']),
    line: z.number().int(),
    name: z.string().optional(),
    siteId: z.string().nullable(),
    conflict: z.boolean(),
  }),
});

export const importPreviewSchema = component(
  'ImportPreview',
  z.looseObject({
    id: z.string(),
    format: z.enum(REVIEW_FORMATS),
    file: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    counts: z.looseObject({
      new: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      invalid: z.number().int(),
      conflicts: described(z.number().int(), 'Conflicting fields over all rows.'),
    }),
    rows: z.array(previewRowSchema),
    geojson: described(
      z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(previewFeatureSchema) }),
      "The outlines of the new and changed rows (the file's), with properties.status.",
    ),
  }),
  'A dry run of an import, kept 24 hours for its commit or cancellation.',
);
export type ImportPreview = z.output<typeof importPreviewSchema>;

export const commitBodySchema = z.strictObject({
  resolutions: described(
    z.record(z.uuid({ message: 'expected a site id' }), z.record(z.string(), z.enum(RESOLUTIONS))).optional(),
    "Per site id and field: 'keep' the hand-edited value or take the file's ('incoming').",
  ),
});
export type CommitBody = z.output<typeof commitBodySchema>;
