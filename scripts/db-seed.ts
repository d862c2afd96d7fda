/**
 * `npm run db:seed`: loads the demo sites and infrastructure (both engines; idempotent).
 * Demo accounts are created only on the embedded engine, or with --demo-users.
 */

import { parseArgs } from 'node:util';
import { seedDemoData } from '../api/src/db/seed.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: { 'demo-users': { type: 'boolean', default: false } },
    strict: true,
  });
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
