/**
 * Staff workflow (issue 13 item 8): a status change carries the day it happened as staff state
 * it (`effective_on`, default the recording day), distinct from when it was recorded
 * (`changed_at`): a visit held last Tuesday is entered today with last Tuesday's date. Existing
 * entries take their recording day.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE project_status_history ADD COLUMN effective_on date');
  await knex.raw("UPDATE project_status_history SET effective_on = (changed_at AT TIME ZONE 'UTC')::date");
  await knex.raw('ALTER TABLE project_status_history ALTER COLUMN effective_on SET NOT NULL');
  await knex.raw(
    "ALTER TABLE project_status_history ALTER COLUMN effective_on SET DEFAULT ((now() AT TIME ZONE 'UTC')::date)",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE project_status_history DROP COLUMN IF EXISTS effective_on');
}
