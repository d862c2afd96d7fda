/** Shared by the CLI scripts: open the configured database (same rules as the server). */
import { loadConfig } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { migrateLatest } from '../../api/src/db/migrate.ts';

export async function openConfiguredDatabase(opts: { migrate?: boolean } = {}): Promise<Database> {
  const config = loadConfig();
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: 4,
    // CLI work (imports, recomputation) may legitimately run long.
    statementTimeoutMs: 3_600_000,
  });
  if (opts.migrate !== false) await migrateLatest(db.knex);
  return db;
}

/** Runs a CLI body, printing a one-line error and exiting 1 on failure. */
export function run(body: () => Promise<void>): void {
  body().then(
    () => process.exit(0),
    (err) => {
      const details = (err as { details?: unknown }).details;
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      if (Array.isArray(details)) for (const d of details) console.error(`  ${d.field}: ${d.message}`);
      process.exit(1);
    },
  );
}
