/**
 * `npm run db:backup -- <file>`: a backup of the configured database (server: pg_dump custom
 * format; embedded: PGlite's dump of DATA_DIR, with the server stopped). See README "Backups".
 */
import { loadConfig } from '../api/src/config.ts';
import { backupDatabase } from '../api/src/db/backup.ts';
import { run } from './lib/cli.ts';

run(async () => {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run db:backup -- <file>');
  const config = loadConfig();
  const t0 = Date.now();
  const bytes = await backupDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, file);
  console.log(
    `${config.DATABASE_URL ? 'server' : `embedded (${config.DATA_DIR})`}: backup written to ${file} (${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
});
