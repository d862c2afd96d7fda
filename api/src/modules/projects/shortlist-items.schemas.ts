/**
 * Item-level shortlist operations (issue 12): add, move / re-note, remove one site, so two
 * staff members can work on one shortlist at once without sending the whole list (and without
 * If-Match). Positions are 1-based ranks.
 */
import { z } from 'zod';
import { MAX_SHORTLIST_ITEMS, shortlistItemSchema } from './projects.schemas.ts';

const position = z
  .number()
  .int()
  .min(1, 'positions start at 1')
  .max(MAX_SHORTLIST_ITEMS, `at most ${MAX_SHORTLIST_ITEMS}`);

/** POST /api/projects/:id/shortlist/items: a site (with its match result, optional) and where. */
export const shortlistItemAddSchema = shortlistItemSchema.omit({ refreshSnapshot: true }).extend({
  position: position.optional(),
});
export type ShortlistItemAdd = z.infer<typeof shortlistItemAddSchema>;

/** PATCH /api/projects/:id/shortlist/items/:siteId: a new rank and/or note (null clears it). */
export const shortlistItemPatchSchema = z.strictObject({
  position: position.optional(),
  note: shortlistItemSchema.shape.note,
});
export type ShortlistItemPatch = z.infer<typeof shortlistItemPatchSchema>;
