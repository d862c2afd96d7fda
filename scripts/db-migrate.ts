/** `npm run db:migrate [-- --rollback]`: applies pending migrations (or rolls all back). */

import { parseArgs } from 'node:util';
import { migrateLatest, migrateRollbackAll } from '../api/src/db/migrate.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({ options: { rollback: { type: 'boolean', default: false } }, strict: true });
  const db = await openConfiguredDatabase({ migrate: false });
  try {
    const names = values.rollback ? await migrateRollbackAll(db.knex) : await migrateLatest(db.knex);
    console.log(
      `${db.engine}: ${values.rollback ? 'rolled back' : 'applied'} ${names.length} migration(s)${names.length ? `: ${names.join(', ')}` : ''}`,
    );
  } finally {
    await db.close();
  }
});
