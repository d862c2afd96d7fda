/** `npm run token:revoke -- ID`: revokes a personal API token (ids from `npm run token:list`). */

import { loadConfig } from '../api/src/config.ts';
import { AuthService } from '../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../api/src/modules/auth/auth.store.pg.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const id = process.argv[2];
  if (!id || !/^[0-9a-f-]{36}$/i.test(id))
    throw new Error('usage: token:revoke -- TOKEN_ID (see npm run token:list)');
  const db = await openConfiguredDatabase();
  const auth = new AuthService(new PgAuthStore(db.knex), loadConfig());
  try {
    if (!(await auth.revokeToken(id))) throw new Error(`no active token ${id}`);
    console.log(`revoked ${id}`);
  } finally {
    await auth.close();
    await db.close();
  }
});
