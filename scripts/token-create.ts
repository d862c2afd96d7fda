/**
 * `npm run token:create -- --email E [--label L]` prints a new personal API token (shown once;
 * only its hash is stored). `--revoke ID` revokes one.
 */

import { parseArgs } from 'node:util';
import { loadConfig } from '../api/src/config.ts';
import { AuthService } from '../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../api/src/modules/auth/auth.store.pg.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, label: { type: 'string' }, revoke: { type: 'string' } },
    strict: true,
  });
  const db = await openConfiguredDatabase();
  try {
    const auth = new AuthService(new PgAuthStore(db.knex), loadConfig());
    if (values.revoke) {
      const ok = await auth.revokeToken(values.revoke);
      if (!ok) throw new Error(`no active token ${values.revoke}`);
      console.error(`revoked ${values.revoke}`);
      return;
    }
    if (!values.email) throw new Error('usage: token:create -- --email E [--label L]  |  --revoke TOKEN_ID');
    const { id, token } = await auth.createToken(values.email, values.label ?? null);
    console.error(`token ${id} for ${values.email} (store it now; it is not shown again):`);
    console.log(token);
  } finally {
    await db.close();
  }
});
