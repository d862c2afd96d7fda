/**
 * One database API, two engines: a PostgreSQL/PostGIS server through `pg` (DATABASE_URL set) or
 * the embedded PostGIS (PGlite + pglite-postgis, persisted in DATA_DIR). Both are reached
 * through the same knex instance, run the same migrations and the same SQL. What differs
 * between them is probed once here and exposed as `capabilities`.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { assertUsableDataDir, DataDirError, lockDataDir } from './data-dir.ts';
import { embeddedExtensions, embeddedStartParams, releaseStartupBuffers } from './embedded-engine.ts';
import { FreezeWatch } from './freeze-watch.ts';

export type Engine = 'postgis' | 'embedded';

export interface Capabilities {
  /** `ST_AsMVT`/`ST_AsMVTGeom` usable (the embedded build lacks protobuf-c). */
  mvt: boolean;
  postgisVersion: string;
}

export interface Database {
  /** The primary: every write, and the reads that must see them. */
  knex: Knex;
  /**
   * Where read-only traffic may go (tiles, anonymous lists and sheets, OGC, anonymous match
   * candidates): a pool on the streaming replica named by READ_DATABASE_URL, else `knex` itself.
   */
  read: Knex;
  /** `read` is a separate replica pool (READ_DATABASE_URL set on the server engine). */
  replica: boolean;
  engine: Engine;
  capabilities: Capabilities;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /**
   * Server engine: a streaming replica (hot standby) for read-only traffic; its sessions are
   * read-only, so a misrouted write fails loudly. Ignored by the embedded engine (one process,
   * one connection): `onIgnoredReadUrl` says so.
   */
  readDatabaseUrl?: string;
  onIgnoredReadUrl?: (reason: string) => void;
  dataDir: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  /** Server engine: give up opening a TCP/startup handshake after this long (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Server engine: give up waiting for a pooled connection after this long (default 3000 ms). */
  acquireTimeoutMs?: number;
  /**
   * Server engine: called when a pooled connection dies (server restarted, backend terminated,
   * network cut). The connection is discarded and replaced on the next query; this is for logging.
   */
  onConnectionError?: (err: Error & { code?: string }) => void;
  /**
   * Server engine: where knex's own warnings go ("Acquire connection error: …", one per failed
   * query while the server is down). Default: knex prints them with console.log, which would
   * break a JSON log stream.
   */
  onDriverWarning?: (message: string) => void;
  /** Server engine: the database stopped answering; in-flight queries were cut (503s). */
  onFrozen?: (info: { queries: number; probeMs: number }) => void;
}

/**
 * Why these defaults: when the server is down a connection attempt is refused at once and the
 * pool hands that error to the waiting query (`propagateCreateError`), so requests fail in
 * milliseconds with a 503 instead of queueing; the connect timeout covers a server that does
 * not answer at all (a cut network), the acquire timeout a pool saturated by slow statements.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 3000;

// DATE stays a 'YYYY-MM-DD' string and int8 a number on both engines (the defaults differ).
const DATE_OID = 1082;
const INT8_OID = 20;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openServer(opts);
  if (opts.readDatabaseUrl)
    opts.onIgnoredReadUrl?.(
      'READ_DATABASE_URL is ignored: the embedded engine is one process with one connection (set DATABASE_URL to use a replica)',
    );
  return openEmbedded(opts.dataDir);
}

interface Pool {
  knex: Knex;
  close(): Promise<void>;
}

/** A warmed pg pool with the per-connection settings; `readOnly` for a replica's. */
async function openPool(url: string, opts: DatabaseOptions, readOnly: boolean): Promise<Pool> {
  const timeout = opts.statementTimeoutMs ?? 15000;
  const watch = new FreezeWatch({ connectionString: url, onFrozen: opts.onFrozen });
  const readOnlySql = readOnly ? '; SET default_transaction_read_only = on' : '';
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // Idle pooled sockets to a vanished host are noticed by the kernel instead of lingering.
      keepAlive: true,
      // Client-side backstop: no query outlives its statement timeout by more than 5 s, even
      // if the server never answers (FreezeWatch normally cuts a frozen server's in ~3 s).
      // `statementTimeoutMs: 0` means no timeout (as in PostgreSQL), so no backstop either.
      query_timeout: timeout > 0 ? timeout + 5000 : undefined,
    },
    pool: {
      min: 2,
      max: opts.poolMax ?? 10,
      propagateCreateError: true,
      // Parallel workers add ~15 ms to the small indexed queries this service runs on 2 cores.
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        // knex marks a connection that emitted 'error' as disposed and replaces it on the next
        // acquire; this listener only reports it (a restart emits one per pooled connection).
        if (opts.onConnectionError) conn.on('error', opts.onConnectionError);
        watch.attach(conn);
        conn.query(
          `SET statement_timeout = ${Number(timeout)}; SET max_parallel_workers_per_gather = 0; SET jit = off${readOnlySql}`,
          (err) => done(err ?? null, conn),
        );
      },
    },
    acquireConnectionTimeout: opts.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
    ...(opts.onDriverWarning ? { log: { warn: opts.onDriverWarning } } : {}),
  });
  try {
    // Warm the pool so the first requests do not pay for connection set-up.
    await Promise.all(Array.from({ length: Math.min(opts.poolMax ?? 10, 4) }, () => knex.raw('select 1')));
  } catch (err) {
    watch.stop();
    await knex.destroy();
    throw err;
  }
  return {
    knex,
    close: async () => {
      watch.stop();
      await knex.destroy();
    },
  };
}

async function openServer(opts: DatabaseOptions): Promise<Database> {
  const primary = await openPool(opts.databaseUrl!, opts, false);
  await ensurePostgis(primary.knex);
  const capabilities = await probe(primary.knex);
  let replica: Pool | undefined;
  if (opts.readDatabaseUrl) {
    try {
      replica = await openPool(opts.readDatabaseUrl, opts, true);
    } catch (err) {
      await primary.close();
      throw new Error(`READ_DATABASE_URL could not be reached: ${(err as Error).message}`);
    }
  }
  return {
    knex: primary.knex,
    read: replica?.knex ?? primary.knex,
    replica: replica !== undefined,
    engine: 'postgis',
    capabilities,
    close: async () => {
      await replica?.close();
      await primary.close();
    },
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.resolve(dataDir);
  let release = () => {};
  if (!inMemory) {
    // The lock first: its file sits beside the directory, and a second process must not even
    // create or probe the directory of a running one.
    release = lockDataDir(dir);
    try {
      assertUsableDataDir(dir);
    } catch (err) {
      release();
      throw err;
    }
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, {
      extensions: embeddedExtensions(),
      startParams: embeddedStartParams(),
      parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
    });
  } catch (err) {
    release();
    throw new DataDirError(
      `The embedded database in ${dir} could not be opened: ${(err as Error).message}. ` +
        'If the directory was copied from elsewhere or is damaged, restore a backup (npm run db:restore) or point DATA_DIR to an empty directory.',
    );
  }
  releaseStartupBuffers(pglite);
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const knex = knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
  });
  const capabilities = await probe(knex);
  return {
    knex,
    read: knex,
    replica: false,
    engine: 'embedded',
    capabilities,
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}

async function ensurePostgis(knex: Knex): Promise<void> {
  const has = await knex.raw("select 1 from pg_extension where extname = 'postgis'");
  if (has.rows.length > 0) return;
  try {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    await knex.destroy();
    throw new Error(
      `PostGIS is not enabled in this database and could not be created (${(err as Error).message}). ` +
        'Install it (Debian: postgresql-15-postgis-3) and run CREATE EXTENSION postgis as a superuser.',
    );
  }
}

async function probe(knex: Knex): Promise<Capabilities> {
  const version = await knex.raw('select postgis_lib_version() as v');
  let mvt = true;
  try {
    await knex.raw(
      'select ST_AsMVT(q) from (select ST_AsMVTGeom(ST_MakePoint(0, 0), ST_MakeEnvelope(-1, -1, 1, 1)) as g) q',
    );
  } catch {
    mvt = false;
  }
  return { mvt, postgisVersion: String(version.rows[0].v) };
}
