/**
 * The contract of the leads module (zod): the public request form a visitor sends from a
 * published site ("Je suis intéressé"), and what staff read back in "Nouvelles demandes".
 * Requests refuse unknown fields (400 naming them); texts that could run as spreadsheet
 * formulas are refused like the projects module's.
 */
import { z } from 'zod';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import { LIMITS } from '../matching/needs.schema.ts';
import { PROJECT_STATUSES, SECTORS } from '../projects/projects.schemas.ts';

export const uuidSchema = z.uuid({ message: 'expected a UUID' });

const text = (max: number) =>
  z
    .string({ error: 'expected text' })
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE);
const required = (max: number) => text(max).min(1, 'must not be empty');

/** The visitor's form (`POST /api/leads`). `website` is the honeypot: people leave it empty. */
export const leadCreateSchema = z.strictObject({
  siteId: uuidSchema,
  company: required(200),
  contactName: required(200),
  email: z.email('expected an email address').max(200, 'at most 200 characters'),
  phone: text(40).nullish(),
  summary: required(2000),
  sector: z.enum(SECTORS, { error: `expected one of ${SECTORS.join(', ')}` }).nullish(),
  surfaceHa: z
    .number({ error: 'expected a number of hectares' })
    .finite()
    .positive('must be more than 0')
    .max(LIMITS.surfaceHa, `more than ${LIMITS.surfaceHa} ha: check the unit (hectares, not m²)`),
  powerMw: z
    .number({ error: 'expected a number of MW' })
    .finite()
    .min(0, 'must not be negative')
    .max(LIMITS.powerMw, `more than ${LIMITS.powerMw} MW: check the unit (MW, not kW)`),
  jobs: z
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'must not be negative')
    .max(100_000, 'more than 100,000 jobs')
    .nullish(),
  availableBy: z.iso.date('expected a date YYYY-MM-DD').nullish(),
  consent: z.literal(true, { error: 'tick the box to agree to be contacted about this request' }),
  website: z.string().max(500).optional(),
  formToken: z.string({ error: 'expected the form token of GET /api/leads/form-token' }).min(1).max(200),
});
export type LeadCreate = z.infer<typeof leadCreateSchema>;

export const formTokenSchema = z.object({
  token: z.string(),
  minSeconds: z.number().describe('The form is accepted this many seconds after the token was issued.'),
});

/** What the visitor gets back: the same answer whether the request was kept or dropped as spam. */
export const leadReceivedSchema = z.object({ status: z.literal('received') });

export const leadListQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export const leadSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  company: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  siteId: z.uuid(),
  siteName: z.string().nullable(),
  territory: z.string().nullable(),
  source: z.literal('public_map'),
  createdAt: z.string(),
  read: z.boolean(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadListSchema = z.object({ unread: z.number().int(), leads: z.array(leadSchema) });
export type LeadList = z.infer<typeof leadListSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() });
