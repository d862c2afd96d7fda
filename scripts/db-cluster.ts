/**
 * `npm run db:cluster`: rewrites the sites table in spatial order (api/src/db/analyze.ts
 * `clusterSites`), after a national bulk load or in a maintenance window: it locks `sites`
 * while it runs (about 40 s per million plots on 2 cores).
 */

import { clusterSites } from '../api/src/db/cluster.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const db = await openConfiguredDatabase();
  try {
    const r = await clusterSites(db.knex);
    console.log(
      `${db.engine}: sites clustered on their outlines (${r.rows} rows) in ${(r.ms / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.close();
  }
});
