/**
 * A throw-away PostgreSQL 15 cluster (pg_createcluster) for fault runs that freeze or stop a
 * server: never the shared one. Used by tests/http/frozen-database.test.ts and
 * `npm run bench:faults` (scenario f).
 * @example const c = await createOwnCluster('h14_frozen', 5441); await c.freeze(); …; await c.drop();
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';

export interface OwnCluster {
  name: string;
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url(db?: string): string;
  /** SIGSTOP to the postmaster and every backend: the server keeps its sockets but never answers. */
  freeze(): void;
  thaw(): void;
  drop(): void;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** The first port of `ports` nobody listens on. */
export async function freePort(ports: number[], what: string): Promise<number> {
  for (const p of ports) if (await portFree(p)) return p;
  throw new Error(`no free port among ${ports.join(', ')} for ${what}`);
}

export interface OwnClusterOptions {
  /** Server settings (`pg_createcluster -o key=value`), e.g. `{ wal_level: 'replica' }`. */
  settings?: Record<string, string>;
  /** Lines appended to the cluster's pg_hba.conf before it starts (e.g. a replication entry). */
  hba?: string[];
}

/** Creates and starts cluster `name` on the first free port of `ports`, with a database `db` (PostGIS). */
export async function createOwnCluster(
  name: string,
  ports: number[],
  db = 'landmatch',
  opts: OwnClusterOptions = {},
): Promise<OwnCluster> {
  const port = await freePort(ports, `cluster ${name}`);
  // A cluster of that name left by a crashed run goes first.
  try {
    execFileSync('pg_dropcluster', ['15', name, '--stop'], { stdio: 'ignore' });
  } catch {}
  const settings = Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
  execFileSync('pg_createcluster', ['15', name, '--port', String(port), ...settings, '--', '--auth=trust'], {
    stdio: 'ignore',
  });
  if (opts.hba?.length)
    fs.appendFileSync(`/etc/postgresql/15/${name}/pg_hba.conf`, `\n${opts.hba.join('\n')}\n`);
  execFileSync('pg_ctlcluster', ['15', name, 'start'], { stdio: 'ignore' });
  const url = (d = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${d}`;
  const admin = new pg.Client({ connectionString: url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const c = new pg.Client({ connectionString: url(db) });
  await c.connect();
  await c.query('CREATE EXTENSION postgis');
  await c.query('CREATE EXTENSION pg_trgm');
  await c.end();

  const pids = (): number[] => {
    const main = Number(
      fs.readFileSync(`/var/lib/postgresql/15/${name}/postmaster.pid`, 'utf8').split('\n')[0],
    );
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(main)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {}
    return [main, ...children];
  };
  let frozen: number[] = [];
  const thaw = () => {
    for (const pid of frozen)
      try {
        process.kill(pid, 'SIGCONT');
      } catch {}
    frozen = [];
  };
  return {
    name,
    port,
    url: (d = db) => url(d),
    freeze() {
      frozen = pids();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    drop() {
      thaw();
      execFileSync('pg_dropcluster', ['15', name, '--stop'], { stdio: 'ignore' });
    },
  };
}
