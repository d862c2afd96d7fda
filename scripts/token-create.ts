/**
 * `npm run token:create -- --email E [--label L] [--days N]` prints a new personal API token
 * (shown once; only its hash is stored). It expires after TOKEN_TTL_DAYS (365) or N days.
 * `npm run token:list` lists tokens, `npm run token:revoke -- ID` revokes one.
 */

import { parseArgs } from 'node:util';
import { loadConfig } from '../api/src/config.ts';
import { AuthService } from '../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../api/src/modules/auth/auth.store.pg.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      label: { type: 'string' },
      days: { type: 'string' },
      revoke: { type: 'string' },
    },
    strict: true,
  });
  const db = await openConfiguredDatabase();
  const auth = new AuthService(new PgAuthStore(db.knex), loadConfig());
  try {
    if (values.revoke) {
      const ok = await auth.revokeToken(values.revoke);
      if (!ok) throw new Error(`no active token ${values.revoke}`);
      console.error(`revoked ${values.revoke}`);
      return;
    }
    if (!values.email) throw new Error('usage: token:create -- --email E [--label L] [--days N]');
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650))
      throw new Error('--days must be a whole number of days between 1 and 3650');
    const { id, token, expiresAt } = await auth.createToken(values.email, values.label ?? null, days);
    console.error(
      `token ${id} for ${values.email}, expires ${expiresAt.toISOString().slice(0, 10)} (store it now; it is not shown again):`,
    );
    console.log(token);
  } finally {
    await auth.close();
    await db.close();
  }
});
