/**
 * Migrations are listed here in order (not discovered on disk) so the same list runs from tsx,
 * from tests and from the bundled CLI, on both engines.
 */
import type { Knex } from 'knex';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_access_indexes.ts';
import * as m0003 from './migrations/0003_tile_geometry.ts';
import * as m0004 from './migrations/0004_projects.ts';
import * as m0005 from './migrations/0005_match_facts_tile_cells.ts';
import * as m0006 from './migrations/0006_sites_list_order.ts';
import * as m0007 from './migrations/0007_defensible_matching.ts';
import * as m0008 from './migrations/0008_safety.ts';
import * as m0009 from './migrations/0009_drive_times.ts';
import * as m0010 from './migrations/0010_drive_time_matching.ts';
import * as m0011 from './migrations/0011_versions_history.ts';
import * as m0012 from './migrations/0012_import_review.ts';
import * as m0013 from './migrations/0013_parcels_documents_freshness.ts';
import * as m0014 from './migrations/0014_shared_rate_limits.ts';
import * as m0015 from './migrations/0015_status_effective_date.ts';
import * as m0016 from './migrations/0016_leads.ts';
import * as m0017 from './migrations/0017_bulk_writes.ts';
import * as m0018 from './migrations/0018_recompute_set_based.ts';
import * as m0019 from './migrations/0019_import_speed.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_access_indexes': m0002,
  '0003_tile_geometry': m0003,
  '0004_projects': m0004,
  '0005_match_facts_tile_cells': m0005,
  '0006_sites_list_order': m0006,
  '0007_defensible_matching': m0007,
  '0008_safety': m0008,
  '0009_drive_times': m0009,
  '0010_drive_time_matching': m0010,
  '0011_versions_history': m0011,
  '0012_import_review': m0012,
  '0013_parcels_documents_freshness': m0013,
  '0014_shared_rate_limits': m0014,
  '0015_status_effective_date': m0015,
  '0016_leads': m0016,
  '0017_bulk_writes': m0017,
  '0018_recompute_set_based': m0018,
  '0019_import_speed': m0019,
};

/** Every migration this version knows, in order (a restore refuses a backup with others). */
export const knownMigrations = (): string[] => Object.keys(MIGRATIONS).sort();

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

const config: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' };

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest(config);
  return applied as string[];
}

/** Rolls back every migration (tests use it to prove each `down` works). */
export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, rolled] = await knex.migrate.rollback(config, true);
  return rolled as string[];
}

export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = await knex.migrate.list(config);
  return {
    applied: (applied as Array<{ name: string }>).map((m) => m.name),
    pending: (pending as string[]).map(String),
  };
}
