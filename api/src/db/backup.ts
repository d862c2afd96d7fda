/**
 * Backups of either engine, for `npm run db:backup -- <file>` and `npm run db:restore -- <file>`:
 * - server (DATABASE_URL): `pg_dump --format=custom` / `pg_restore --clean --if-exists
 *   --single-transaction` (everything: schema, sites, projects, users, tokens);
 * - embedded (DATA_DIR): PGlite's own dump of its data directory (a .tar.gz). A restore goes
 *   to a new directory first, is checked there, and only then takes the place of DATA_DIR (the
 *   previous one is kept as `<DATA_DIR>.before-restore-<time>`). The directory's lock is held
 *   throughout, so neither runs beside a server on the same directory.
 * A restore refuses a backup whose schema is newer than this version's migrations (it lists
 * what it does not know) and leaves the database as it was.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { lockDataDir } from './data-dir.ts';
import { knownMigrations } from './migrate.ts';

const run = promisify(execFile);

export interface BackupTarget {
  databaseUrl?: string;
  dataDir: string;
}

export class NewerSchemaError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `The backup's schema is newer than this version of landmatch (it has migration(s) ${unknown.join(', ')} that this version does not know). Upgrade landmatch, then restore; nothing was changed.`,
    );
    this.name = 'NewerSchemaError';
  }
}

function assertKnown(applied: string[]): void {
  const known = new Set(knownMigrations());
  const unknown = applied.filter((m) => !known.has(m));
  if (unknown.length) throw new NewerSchemaError(unknown);
}

/** Writes a backup of `target` to `file`; returns its size in bytes. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<number> {
  const out = path.resolve(file);
  if (target.databaseUrl) {
    await run(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, target.databaseUrl],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } else {
    const dir = path.resolve(target.dataDir);
    if (!fs.existsSync(path.join(dir, 'PG_VERSION')))
      throw new Error(`There is no embedded database in ${dir} to back up.`);
    const release = lockDataDir(dir, 'a backup');
    try {
      const pglite = await PGlite.create(dir, { extensions: { postgis, pg_trgm } });
      try {
        const dump = await pglite.dumpDataDir('gzip');
        fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
    } finally {
      release();
    }
  }
  return fs.statSync(out).size;
}

/** Migration names recorded in a pg_dump custom-format file. */
async function dumpMigrations(file: string): Promise<string[]> {
  const { stdout } = await run('pg_restore', ['--data-only', '--table=knex_migrations', '--file=-', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const names: string[] = [];
  let inCopy = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('COPY ') && line.includes('knex_migrations')) inCopy = true;
    else if (line === '\\.') inCopy = false;
    else if (inCopy && line) names.push(line.split('\t')[1]);
  }
  return names;
}

/** Replaces the database of `target` with the backup in `file`. */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<{ migrations: number }> {
  const src = path.resolve(file);
  if (!fs.existsSync(src)) throw new Error(`No backup file ${src}.`);
  if (target.databaseUrl) {
    const applied = await dumpMigrations(src);
    assertKnown(applied);
    await run(
      'pg_restore',
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        `--dbname=${target.databaseUrl}`,
        src,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return { migrations: applied.length };
  }
  const dir = path.resolve(target.dataDir);
  const release = lockDataDir(dir, 'a restore');
  const staging = `${dir}.restoring`;
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const blob = new Blob([fs.readFileSync(src)]);
    const pglite = await PGlite.create(staging, { loadDataDir: blob, extensions: { postgis, pg_trgm } });
    let applied: string[];
    try {
      const r = await pglite.query<{ name: string }>('select name from knex_migrations order by id');
      applied = r.rows.map((x) => x.name);
    } finally {
      await pglite.close();
    }
    try {
      assertKnown(applied);
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    if (fs.existsSync(dir))
      fs.renameSync(dir, `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.renameSync(staging, dir);
    return { migrations: applied.length };
  } finally {
    release();
  }
}
