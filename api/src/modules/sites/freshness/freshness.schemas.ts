/** Contract of the "to refresh" list (issue 12): sites whose decisive facts are old or undated. */
import { z } from 'zod';
import { component, described } from '../../openapi/openapi.registry.ts';
import { FACT_GROUPS } from '../site.freshness.ts';

export const toRefreshQuerySchema = z.strictObject({
  months: z.coerce
    .number({ error: 'expected a number of months' })
    .int('expected whole months')
    .min(1, 'at least 1 month')
    .max(240, 'at most 240 months')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const toRefreshSchema = component(
  'SitesToRefresh',
  z.looseObject({
    months: described(z.number().int(), 'The threshold: facts older than this many months are listed.'),
    features: z.array(
      z.looseObject({
        id: z.uuid(),
        name: z.string(),
        communeInsee: z.string().nullable(),
        territorySiren: z.string().nullable(),
        stale: z.array(
          z.looseObject({
            group: z.enum(FACT_GROUPS),
            asOf: described(
              z.string().nullable(),
              "The group's date (its own, else its source's); null: unknown.",
            ),
            ageMonths: z.number().int().nullable(),
          }),
        ),
        matchCount: described(
          z.number().int(),
          'Shortlist items that came from a match result (the API keeps no log of match requests).',
        ),
        shortlistCount: described(z.number().int(), 'Project shortlists holding the site.'),
      }),
    ),
  }),
  'Sites with facts older than the threshold or undated, most matched and shortlisted first.',
);
export type SitesToRefresh = z.output<typeof toRefreshSchema>;
