/**
 * `npm run token:list [-- --json]`: every personal API token (id, owner, label, created, last
 * used, expiry, state); the token values themselves are never stored, so never shown.
 */

import { parseArgs } from 'node:util';
import { loadConfig } from '../api/src/config.ts';
import { AuthService } from '../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../api/src/modules/auth/auth.store.pg.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } }, strict: true });
  const db = await openConfiguredDatabase();
  const auth = new AuthService(new PgAuthStore(db.knex), loadConfig());
  try {
    const now = Date.now();
    const rows = (await auth.listTokens()).map((t) => ({
      ...t,
      state: t.revokedAt ? 'revoked' : t.expiresAt.getTime() <= now ? 'expired' : 'active',
    }));
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '-');
    const lines = rows.map((t) =>
      [
        t.id,
        t.email,
        t.state,
        `created ${day(t.createdAt)}`,
        `used ${day(t.lastUsedAt)}`,
        `expires ${day(t.expiresAt)}`,
        t.label ?? '',
      ].join('  '),
    );
    console.log(lines.length ? lines.join('\n') : 'no tokens');
  } finally {
    await auth.close();
    await db.close();
  }
});
