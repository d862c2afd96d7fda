/**
 * Contract of a site's photos and documents (issue 12): the upload's query, the listed
 * document, and the allowed types. Plain zod: the map UI imports it.
 */
import { z } from 'zod';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../../shared/csv.ts';
import { component, described } from '../../openapi/openapi.registry.ts';

export const DOCUMENT_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type DocumentMime = (typeof DOCUMENT_MIMES)[number];
/** Largest document accepted (the API's upload limit and the table's CHECK). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const label = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine(
      (t) => ![...t].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      'must not contain control characters',
    )
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE);

export const documentUploadQuerySchema = z.strictObject({
  // A browser sends the file's own name; any folder part is dropped.
  name: label(200)
    .transform((n) => n.split(/[\\/]/).pop() ?? n)
    .pipe(z.string().min(1, 'must name a file, not a folder'))
    .optional(),
  title: label(200).optional(),
});

export const siteDocumentSchema = component(
  'SiteDocument',
  z.looseObject({
    id: z.uuid(),
    name: described(z.string(), 'File name, as uploaded.'),
    title: z.string().nullable(),
    mime: z.enum(DOCUMENT_MIMES),
    bytes: z.number().int(),
    createdAt: z.string(),
  }),
  'A photo or document of a site; its bytes are at /api/sites/{id}/documents/{docId}.',
);
export type SiteDocument = z.output<typeof siteDocumentSchema>;

export const siteDocumentListSchema = component(
  'SiteDocumentList',
  z.looseObject({ documents: z.array(siteDocumentSchema) }),
);
