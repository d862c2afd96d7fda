/**
 * `npm run db:seed`: loads the demo sites and infrastructure (both engines; idempotent).
 * Demo accounts (published passwords) are created only on the embedded engine, or with
 * --demo-users on a server reached through loopback or a Unix socket: never on a database
 * other machines can reach.
 */

import { parseArgs } from 'node:util';
import { loadConfig } from '../api/src/config.ts';
import { isLocalDatabaseUrl, seedDemoData } from '../api/src/db/seed.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: { 'demo-users': { type: 'boolean', default: false } },
    strict: true,
  });
  const url = loadConfig().DATABASE_URL;
  if (values['demo-users'] && url && !isLocalDatabaseUrl(url))
    throw new Error(
      `--demo-users refused: ${new URL(url).hostname} is reachable from other machines and the demo passwords are published. Create real accounts with npm run user:create.`,
    );
  const db = await openConfiguredDatabase();
  try {
    const report = await seedDemoData(db.knex, { users: db.engine === 'embedded' || values['demo-users'] });
    console.log(
      `${db.engine}: seeded ${report.sites} site(s), ${report.infrastructure} infrastructure point(s), ${report.communes} commune(s), ${report.users} user(s)`,
    );
  } finally {
    await db.close();
  }
});
