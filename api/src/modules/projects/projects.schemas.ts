/**
 * The contract of the projects module (zod). Requests: project create/patch, list filters, the
 * shortlist PUT, compare and export queries; plus the vocabularies they use (sectors, the
 * status pipeline and its allowed moves, loss reasons). Responses (end of the file): the
 * project, the shortlist, the comparison and the observatory; the services return their
 * `z.output` types and the UI imports them. Requests refuse unknown fields (400 naming
 * them) everywhere except inside match-result blobs (criteria, near-miss failures, confidence
 * notes, flags), which are copied from `POST /api/match` and stripped to the keys we keep.
 */
import { z } from 'zod';
import { isCountryCode } from '../../shared/countries.ts';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import { isoDate, needsSchema } from '../matching/needs.schema.ts';
import type { ScoreKind } from '../matching/rank.ts';
import { component, described } from '../openapi/openapi.registry.ts';
import { accessEntrySchema, editorSchema } from '../sites/sites.schemas.ts';

export const SECTORS = [
  'battery_cells',
  'data_centre',
  'medical_devices',
  'food_processing',
  'electric_motors',
  'metallurgy',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Readonly<Record<Sector, { fr: string; en: string }>> = {
  battery_cells: { fr: 'Cellules de batteries', en: 'Battery cells' },
  data_centre: { fr: 'Centre de données', en: 'Data centre' },
  medical_devices: { fr: 'Dispositifs médicaux', en: 'Medical devices' },
  food_processing: { fr: 'Agroalimentaire', en: 'Food processing' },
  electric_motors: { fr: 'Moteurs électriques', en: 'Electric motors' },
  metallurgy: { fr: 'Métallurgie', en: 'Metallurgy' },
  other: { fr: 'Autre', en: 'Other' },
};

export const PROJECT_STATUSES = [
  'lead',
  'qualified',
  'sites_proposed',
  'visit',
  'decision',
  'landed',
  'lost',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const LOSS_REASONS = ['land', 'power', 'delay', 'price', 'workforce', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** The pipeline in order: a move to a later step is "forward", to an earlier one "back". */
export const PIPELINE_STATUSES: readonly ProjectStatus[] = PROJECT_STATUSES.filter((s) => s !== 'lost');

const stepOf = (s: ProjectStatus): number => (PIPELINE_STATUSES as readonly ProjectStatus[]).indexOf(s);

/**
 * Allowed status moves. Staff move a project to any later step directly (a lead met at a fair
 * can go straight to "visit"), and back to any earlier step with a reason (a visit cancelled,
 * a landing recorded by mistake); any open project can be lost; a lost project can be reopened
 * as a lead (its loss stays in the history and the observatory).
 */
export const STATUS_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  lead: pipelineMoves('lead'),
  qualified: pipelineMoves('qualified'),
  sites_proposed: pipelineMoves('sites_proposed'),
  visit: pipelineMoves('visit'),
  decision: pipelineMoves('decision'),
  landed: pipelineMoves('landed'),
  lost: ['lead'],
};

/** Every other pipeline step, and "lost" while the project is open. */
function pipelineMoves(from: ProjectStatus): ProjectStatus[] {
  const steps: ProjectStatus[] = PIPELINE_STATUSES.filter((to) => to !== from);
  return from === 'landed' ? steps : [...steps, 'lost'];
}

/** `canMove('lead', 'visit')` → true; `canMove('lost', 'visit')` → false. */
export function canMove(from: ProjectStatus, to: ProjectStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/**
 * A step back in the pipeline, which needs a reason in the history:
 * `isStepBack('visit', 'qualified')` → true; `isStepBack('lead', 'visit')` → false; moves to or
 * from "lost" are not steps back (a loss has its own reason; a reopening starts over).
 */
export function isStepBack(from: ProjectStatus, to: ProjectStatus): boolean {
  if (from === 'lost' || to === 'lost') return false;
  return stepOf(to) < stepOf(from);
}

export const MAX_SHORTLIST_ITEMS = 20;

export const uuidSchema = z.uuid({ message: 'expected a UUID' });
const siren = z.string().regex(/^\d{9}$/, 'expected a 9-digit SIREN');
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE);

/** ISO 3166-1 alpha-2 (shared/countries.ts): "XX", "YU", "UK", "EU" and pseudo-regions are refused. */
export const countrySchema = z.string().refine(isCountryCode, {
  message: 'expected an ISO 3166-1 alpha-2 country code in capitals, e.g. "DE"',
  params: { code: 'unknown_country' },
});

const contactSchema = z.strictObject({
  name: text(200).min(1, 'must not be empty'),
  email: z.email('expected an email address').max(200).nullish(),
  phone: text(40).nullish(),
  role: text(120).nullish(),
});
export type ProjectContact = z.infer<typeof contactSchema>;

const projectFields = {
  /** The code name ("Projet Volta"): the contract's `name`; the company may stay anonymous. */
  name: text(120).min(1, 'must not be empty'),
  company: text(200).nullish(),
  sector: z.enum(SECTORS, { error: `expected one of ${SECTORS.join(', ')}` }),
  originCountry: countrySchema.nullish(),
  jobs: z
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'must not be negative')
    .max(100_000, 'more than 100,000 jobs')
    .nullish(),
  investmentEur: z
    .number({ error: 'expected a number of euros' })
    .finite()
    .min(0, 'must not be negative')
    .max(1e12, 'more than €1,000 bn: check the unit (euros)')
    .nullish(),
  contact: contactSchema.nullish(),
  needs: needsSchema.nullish(),
  notes: text(10_000).nullish(),
  /** Owner territories (SIRENs); default: the creating user's territories. */
  territories: z.array(siren).max(50, 'at most 50 territories').optional(),
};

export const projectCreateSchema = z.strictObject(projectFields);
export type ProjectCreate = z.infer<typeof projectCreateSchema>;

export const projectPatchSchema = z
  .strictObject({
    ...projectFields,
    name: projectFields.name.optional(),
    sector: projectFields.sector.optional(),
    status: z.enum(PROJECT_STATUSES, { error: `expected one of ${PROJECT_STATUSES.join(', ')}` }).optional(),
    lossReason: z.enum(LOSS_REASONS, { error: `expected one of ${LOSS_REASONS.join(', ')}` }).optional(),
    /** Why the status changed (kept in the history); for a loss, details of the reason; required for a step back. */
    statusNote: text(2000).optional(),
    /** The day the change happened (YYYY-MM-DD, not in the future); default today. */
    statusDate: isoDate.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.status === 'lost' && !p.lossReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['lossReason'],
        message: `a lost project needs a reason: one of ${LOSS_REASONS.join(', ')}`,
      });
    }
    if (p.lossReason && p.status !== 'lost') {
      ctx.addIssue({
        code: 'custom',
        path: ['lossReason'],
        message: 'lossReason goes with status "lost" in the same request',
      });
    }
    if (p.statusNote !== undefined && p.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['statusNote'], message: 'statusNote goes with a status change' });
    }
    if (p.statusDate !== undefined && p.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['statusDate'], message: 'statusDate goes with a status change' });
    }
  });
export type ProjectPatch = z.infer<typeof projectPatchSchema>;

/** `a,b` or repeated `x=a&x=b` → ['a', 'b']. */
const csvList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

export const projectListQuerySchema = z.strictObject({
  status: csvList
    .pipe(z.array(z.enum(PROJECT_STATUSES, { error: `expected one of ${PROJECT_STATUSES.join(', ')}` })))
    .optional(),
  sector: csvList
    .pipe(z.array(z.enum(SECTORS, { error: `expected one of ${SECTORS.join(', ')}` })))
    .optional(),
  q: text(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Shortlist

const bilingual = z.union([text(2000), z.strictObject({ fr: text(2000), en: text(2000).optional() })]);
const share = z.number().finite().min(0, 'expected 0..1').max(1, 'expected 0..1');

/** One criterion of a match result (`POST /api/match` → results[].criteria[]), extra keys dropped. */
const criterionSchema = z.object({
  key: text(60).min(1),
  label: bilingual.nullish(),
  weight: z.number().finite().min(0, 'must not be negative'),
  score: share,
  value: z.unknown().optional(),
  unit: text(20).nullish(),
  known: z.boolean().optional(),
  reason: text(2000).nullish(),
  reason_fr: text(2000).nullish(),
  reason_en: text(2000).nullish(),
});
export type SnapshotCriterion = z.infer<typeof criterionSchema>;

/** One failed hard constraint of a near-miss (`nearMisses[].failed[]`), extra keys dropped. */
const failureSchema = z.object({
  key: text(60).min(1),
  required: z.unknown().optional(),
  actual: z.unknown().optional(),
  unit: text(20).nullish(),
  gap: z.number().finite().nullish(),
  unknown: z.boolean().optional(),
  reason: text(2000).nullish(),
  reason_fr: text(2000).nullish(),
  reason_en: text(2000).nullish(),
});
export type SnapshotFailure = z.infer<typeof failureSchema>;

/** A fact lowering a result's confidence (`results[].confidenceNotes[]`), both languages, extra keys dropped. */
const confidenceNoteSchema = z.object({
  criterion: text(60).min(1),
  loss: share,
  text_fr: text(2000),
  text_en: text(2000),
});
export type SnapshotNote = z.infer<typeof confidenceNoteSchema>;

/** A flag of a result (`results[].flags[]`: under option, power to confirm…), both languages, extra keys dropped. */
const flagSchema = z.object({
  code: text(60).min(1),
  text_fr: text(2000),
  text_en: text(2000),
});
export type SnapshotFlag = z.infer<typeof flagSchema>;

/** How a match score was computed (`results[].scoreKind`, rank.ts). */
export const SCORE_KINDS = ['weighted_sum', 'topsis_closeness'] as const satisfies readonly ScoreKind[];

export const shortlistItemSchema = z.strictObject({
  siteId: uuidSchema,
  note: text(2000).nullish(),
  score: share.nullish(),
  scoreKind: z.enum(SCORE_KINDS, { error: `expected one of ${SCORE_KINDS.join(', ')}` }).nullish(),
  confidence: share.nullish(),
  confidenceNotes: z.array(confidenceNoteSchema).max(10).nullish(),
  flags: z.array(flagSchema).max(20).nullish(),
  criteria: z.array(criterionSchema).max(40).nullish(),
  /** Near-miss constraints to confirm (from `nearMisses[].failed`). */
  failed: z.array(failureSchema).max(40).nullish(),
  algorithmVersion: text(60).nullish(),
  /** Retake the snapshot of a site already in the list (default: keep the one taken when added). */
  refreshSnapshot: z.boolean().optional(),
});
export type ShortlistItemInput = z.infer<typeof shortlistItemSchema>;

export const shortlistPutSchema = z
  .strictObject({
    items: z.array(shortlistItemSchema).max(MAX_SHORTLIST_ITEMS, `at most ${MAX_SHORTLIST_ITEMS} sites`),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.items.forEach((it, i) => {
      const first = seen.get(it.siteId);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'siteId'],
          message: `site ${it.siteId} is already item ${first}; each site appears once`,
        });
      } else seen.set(it.siteId, i);
    });
  });
export type ShortlistPut = z.infer<typeof shortlistPutSchema>;

export const compareQuerySchema = z.strictObject({
  siteIds: csvList
    .pipe(z.array(uuidSchema))
    .refine((a) => new Set(a).size === a.length, { message: 'each site once', params: { code: 'duplicate' } })
    .refine((a) => a.length >= 2 && a.length <= 6, {
      message: 'compare 2 to 6 sites',
      params: { code: 'count_out_of_range', min: 2, max: 6 },
    })
    .optional(),
});

export const exportQuerySchema = z.strictObject({
  lang: z.enum(['fr', 'en'], { error: 'expected "fr" or "en"' }).default('fr'),
  /**
   * The file name's subject: the code name (`named`, default), "confidentiel"/"confidential",
   * or the id's first 8 characters (`id`); see `exportFilename`.
   */
  filename: z
    .enum(['named', 'confidential', 'id'], { error: 'expected "named", "confidential" or "id"' })
    .default('named'),
});

// ---------------------------------------------------------------------------------------------
// Responses. `looseObject`s: the contract lets fields be added, so clients must not reject
// unknown ones. Named components of the OpenAPI document.

const fraction = z.number().min(0).max(1);

const statusChangeSchema = z.looseObject({
  from: z.enum(PROJECT_STATUSES).nullable(),
  to: z.enum(PROJECT_STATUSES),
  lossReason: z.string().nullable(),
  note: z.string().nullable(),
  /** When the change was recorded. */
  at: z.string(),
  /** The day the change happened, as staff stated it (YYYY-MM-DD; the recording day by default). */
  effectiveOn: z.string(),
  by: z.string().nullable(),
  byName: z.string().nullable(),
});
export type StatusChange = z.output<typeof statusChangeSchema>;

const projectShape = {
  id: z.uuid(),
  name: z.string(),
  company: z.string().nullable(),
  sector: z.enum(SECTORS),
  originCountry: z.string().nullable(),
  jobs: z.number().int().nullable(),
  investmentEur: z.number().nullable(),
  contact: contactSchema.nullable(),
  needs: needsSchema.nullable(),
  notes: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  lossReason: z.enum(LOSS_REASONS).nullable(),
  lossNote: z.string().nullable(),
  statusChangedAt: z.string(),
  ownerOrganisation: z.string().nullable(),
  territories: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  shortlistCount: z.number().int(),
  version: described(z.number().int().min(1), 'Grows at every project write; the ETag of GET/PATCH.'),
  shortlistVersion: described(
    z.number().int().min(1),
    'Grows at every shortlist change; the shortlist ETag.',
  ),
  updatedBy: editorSchema.nullable(),
  deletedAt: described(z.string().nullable(), 'Set while the project is deleted (restorable).').optional(),
};

export const projectSummarySchema = component('ProjectSummary', z.looseObject(projectShape));
/** A project as stored and listed (no history). */
export type Project = z.output<typeof projectSummarySchema>;

export const projectSchema = component(
  'Project',
  z.looseObject({ ...projectShape, statusHistory: z.array(statusChangeSchema) }),
  'An investor project (confidential) with its status history.',
);
/** One project with its status history (GET /api/projects/:id and the writes). */
export type ProjectWithHistory = z.output<typeof projectSchema>;

export const projectListSchema = component(
  'ProjectList',
  z.looseObject({ total: z.number().int(), projects: z.array(projectSummarySchema) }),
);
export type ProjectList = z.output<typeof projectListSchema>;

// The snapshot keeps the match blobs in the shape the shortlist PUT accepts.
const snapshotSchema = z.looseObject({
  takenAt: z.string(),
  source: z.enum(['match', 'computed', 'none']),
  algorithmVersion: z.string().nullable(),
  score: fraction.nullable(),
  scoreKind: described(
    z.enum(['weighted_sum', 'topsis_closeness']).nullable(),
    'How the score was computed; null for snapshots taken before the 2.0 engine.',
  ).optional(),
  confidence: fraction.nullable(),
  confidenceNotes: described(
    z.array(confidenceNoteSchema),
    'The facts that lowered the confidence.',
  ).optional(),
  flags: described(
    z.array(flagSchema),
    'What the reader must know: under option, power to confirm…',
  ).optional(),
  criteria: z.array(criterionSchema),
  failed: z.array(failureSchema),
  site: z.record(z.string(), z.unknown()),
  access: described(z.record(z.string(), z.number()), 'Access kind → distance in metres.'),
});
/**
 * What a shortlist item remembers of its site (shortlist.snapshot.ts takes it). `source`:
 * `match` = score sent by the client (from POST /api/match); `computed` = scored against the
 * project's needs when added; `none` = no needs, no score.
 */
export type ShortlistSnapshot = z.output<typeof snapshotSchema>;

const fieldChangeSchema =
  // biome-ignore lint/suspicious/noThenProperty: the API's field name (what the snapshot said then).
  z.looseObject({ field: z.string(), then: z.unknown(), now: z.unknown() });
/** One snapshot field the live site now states differently. */
export type FieldChange = z.output<typeof fieldChangeSchema>;

export const shortlistSchema = component(
  'Shortlist',
  z.looseObject({
    projectId: z.uuid(),
    version: described(z.number().int().min(1), 'The shortlist version (its ETag).').optional(),
    items: z.array(
      z.looseObject({
        rank: z.number().int().min(1),
        siteId: z.uuid(),
        note: z.string().nullable(),
        addedAt: z.string(),
        addedBy: z.string().nullable(),
        score: fraction.nullable(),
        confidence: fraction.nullable(),
        /** True when the site was deleted after it was shortlisted: only the snapshot remains. */
        siteDeleted: z.boolean(),
        snapshot: snapshotSchema,
        /** The site now (snapshot fields, access distances, a point inside the plot); null when deleted. */
        site: z
          .looseObject({
            facts: z.record(z.string(), z.unknown()),
            access: z.array(accessEntrySchema),
            location: z.tuple([z.number(), z.number()]).nullable(),
          })
          .nullable(),
        changedSince: z.array(fieldChangeSchema),
      }),
    ),
  }),
  'The shortlist: each item with the snapshot taken when it was added and what changed since.',
);
export type Shortlist = z.output<typeof shortlistSchema>;
export type ShortlistItem = Shortlist['items'][number];

export const compareSchema = component(
  'Comparison',
  z.looseObject({
    projectId: z.uuid(),
    sites: z.array(
      z.looseObject({
        siteId: z.uuid(),
        name: z.string(),
        rank: z.number().int().nullable(),
        inShortlist: z.boolean(),
        siteDeleted: z.boolean(),
      }),
    ),
    rows: z.array(
      z.looseObject({
        key: z.string(),
        group: z.enum(['summary', 'criterion', 'fact', 'access']),
        label: z.looseObject({ fr: z.string(), en: z.string() }),
        unit: z.string().nullable(),
        /** How the best value is chosen: `order` = a vocabulary ranked best first; null = none flagged. */
        better: z.enum(['higher', 'lower', 'earlier', 'order']).nullable(),
        values: z.array(z.looseObject({ siteId: z.uuid(), value: z.unknown(), best: z.boolean() })),
      }),
    ),
  }),
);
export type Comparison = z.output<typeof compareSchema>;
/** One compared quantity: a value per site, the best ones flagged (shortlist.compare.ts). */
export type CompareRow = Comparison['rows'][number];
export type CompareCell = CompareRow['values'][number];

export const observatorySchema = component(
  'Observatory',
  z.looseObject({
    generatedAt: z.string(),
    total: z.number().int(),
    bySector: z.array(
      z.looseObject({
        sector: z.enum(SECTORS),
        count: z.number().int(),
        open: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
    byStatus: z.array(z.looseObject({ status: z.enum(PROJECT_STATUSES), count: z.number().int() })),
    /** Owner territory (SIREN); null for projects without one. A project with two territories counts in both. */
    byTerritory: z.array(
      z.looseObject({
        territory: z.string().nullable(),
        count: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
    outcomes: z.looseObject({ open: z.number().int(), landed: z.number().int(), lost: z.number().int() }),
    lossReasons: z.array(z.looseObject({ reason: z.string(), count: z.number().int() })),
    /** Every month from the first event to `generatedAt`, zeros included (charts need the gaps). */
    byMonth: z.array(
      z.looseObject({
        month: z.string(),
        created: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
  }),
  'Aggregate counts of the projects the caller may see (no project names).',
);
export type ObservatorySummary = z.output<typeof observatorySchema>;
