/**
 * A streaming replica (hot standby) of an own cluster (own-cluster.ts), made the way an operator
 * would: `pg_createcluster` for the Debian layout (config in /etc, its own port), its data
 * directory replaced by `pg_basebackup -R -X stream` from the primary (which writes
 * `standby.signal` and `primary_conninfo`), then started. Never touches the shared 5432 cluster.
 * Used by tests/http/scale-out.test.ts and `npm run bench:scale-out`.
 * @example const s = await createStandby('lm_replica_ab12', primary, [5471, 5472]); await s.waitForReplay(lsn); s.drop();
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { freePort, type OwnCluster } from './own-cluster.ts';

export interface Standby {
  name: string;
  port: number;
  url(db?: string): string;
  /** Runs one query on a fresh connection to `db` of this standby. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * Polls `pg_last_wal_replay_lsn()` until it reaches `lsn` (at most `polls` tries, 50 ms apart);
   * returns how many polls it took. Throws when it never does.
   */
  waitForReplay(lsn: string, polls?: number): Promise<number>;
  drop(): void;
}

/** The primary's current WAL insert position (`pg_current_wal_lsn()`), e.g. `0/3000148`. */
export async function currentLsn(primaryUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: primaryUrl });
  await c.connect();
  try {
    return String((await c.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn);
  } finally {
    await c.end();
  }
}

export async function createStandby(
  name: string,
  primary: OwnCluster,
  ports: number[],
  db = 'landmatch',
): Promise<Standby> {
  const port = await freePort(ports, `standby ${name}`);
  try {
    execFileSync('pg_dropcluster', ['15', name, '--stop'], { stdio: 'ignore' });
  } catch {}
  execFileSync('pg_createcluster', ['15', name, '--port', String(port), '--', '--auth=trust'], {
    stdio: 'ignore',
  });
  const drop = () => execFileSync('pg_dropcluster', ['15', name, '--stop'], { stdio: 'ignore' });
  // The directory (owned by postgres) stays; what initdb put in it makes way for the backup.
  const dataDir = `/var/lib/postgresql/15/${name}`;
  try {
    for (const entry of fs.readdirSync(dataDir))
      fs.rmSync(`${dataDir}/${entry}`, { recursive: true, force: true });
    execFileSync(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        'pg_basebackup',
        ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
        ...['-D', dataDir, '-R', '-X', 'stream', '-c', 'fast'],
      ],
      { stdio: 'pipe' },
    );
    execFileSync('pg_ctlcluster', ['15', name, 'start'], { stdio: 'ignore' });
  } catch (err) {
    drop();
    throw err;
  }
  const url = (d = db) => `postgres://postgres@127.0.0.1:${port}/${d}`;
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    name,
    port,
    url,
    query,
    async waitForReplay(lsn, polls = 600) {
      for (let i = 1; i <= polls; i++) {
        const [r] = await query<{ done: boolean }>(
          'SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), $1::pg_lsn) >= 0 AS done',
          [lsn],
        );
        if (r.done) return i;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`standby ${name} did not replay up to ${lsn} in ${polls} polls`);
    },
    drop,
  };
}
