/**
 * `npm run db:restore -- <file>`: replaces the configured database with a backup made by
 * `npm run db:backup`; refuses one whose schema is newer than this version. See README "Backups".
 */
import { loadConfig } from '../api/src/config.ts';
import { restoreDatabase } from '../api/src/db/backup.ts';
import { run } from './lib/cli.ts';

run(async () => {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run db:restore -- <file>');
  const config = loadConfig();
  const { migrations } = await restoreDatabase(
    { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
    file,
  );
  console.log(
    `${config.DATABASE_URL ? 'server' : `embedded (${config.DATA_DIR})`}: restored ${file} (schema at ${migrations} migration(s)); pending migrations apply at the next start`,
  );
});
