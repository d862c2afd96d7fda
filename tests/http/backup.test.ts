/**
 * Issue 14, operations: `npm run db:backup -- <file>` → the database dropped →
 * `npm run db:restore -- <file>` gives identical row counts and outlines, on the engine of the
 * run (server: its own test database; embedded: its own data directory); a backup with a
 * newer schema is refused and changes nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { createTestDatabase, engineName, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

function cli(script: string, file: string, env: Record<string, string>) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), file], {
      cwd: projectRoot,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('close', (code) => resolve({ code, output }));
  });
}

/** Row count of every table, and every site's outline fingerprint. */
async function snapshot(db: Database) {
  const tables = await db.knex.raw(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows as Array<{ name: string }>)
    counts[name] = Number((await db.knex(name).count({ n: '*' }).first())!.n);
  const outlines = await db.knex.raw('SELECT id::text, md5(ST_AsBinary(geom)) AS h FROM sites ORDER BY id');
  // Issue 12: site photos and documents are bytea rows, kept byte for byte.
  const documents = await db.knex.raw(
    'SELECT id::text, site_id::text, name, mime, md5(content) AS h FROM site_documents ORDER BY id',
  );
  return { counts, outlines: outlines.rows as Array<{ id: string; h: string }>, documents: documents.rows };
}

const dataDirOf = (db: Database) =>
  (db.knex.client.config.connection as () => { pglite: PGlite })().pglite.dataDir!;

describe(`db:backup and db:restore (${engineName})`, () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let reopen: () => Promise<Database>;
  let drop: () => Promise<void>;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-backup-'));

  beforeAll(async () => {
    db = await createTestDatabase('demo');
    if (serverUrl) {
      const name = (await db.knex.raw('select current_database() as n')).rows[0].n as string;
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      env = { DATABASE_URL: u.toString() };
      reopen = () => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: '', poolMax: 2 });
      drop = async () => {
        u.pathname = '/postgres';
        const c = new pg.Client({ connectionString: u.toString() });
        await c.connect();
        await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${name}`);
        await c.end();
      };
    } else {
      const dir = dataDirOf(db);
      env = { DATA_DIR: dir };
      reopen = () => openDatabase({ dataDir: dir });
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await db?.drop().catch(() => {});
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('backup → drop → restore gives identical row counts, outlines and documents', async () => {
    const site = await db.knex('sites').first('id');
    // A PNG signature then every byte value: a document the backup must keep exactly.
    const content = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ]);
    await db
      .knex('site_documents')
      .insert({ site_id: site.id, name: 'photo.png', mime: 'image/png', bytes: content.length, content });
    const before = await snapshot(db);
    expect(before.documents).toHaveLength(1);
    expect(before.counts.sites).toBeGreaterThan(5);
    expect(before.counts.users).toBeGreaterThan(0);
    await db.close();
    const file = path.join(scratch, 'landmatch.backup');
    const b = await cli('scripts/db-backup.ts', file, env);
    expect(b.code, b.output).toBe(0);
    expect(b.output).toMatch(/backup written/);
    await drop();
    const r = await cli('scripts/db-restore.ts', file, env);
    expect(r.code, r.output).toBe(0);
    const restored = await reopen();
    try {
      const after = await snapshot(restored);
      expect(after.counts).toEqual(before.counts);
      expect(after.outlines).toEqual(before.outlines);
      // For the next test: a schema this version does not know (saves an embedded reopen).
      await restored
        .knex('knex_migrations')
        .insert({ name: '9999_from_the_future', batch: 99, migration_time: new Date() });
    } finally {
      await restored.close();
    }
  }, 600_000);

  it('refuses a backup with a newer schema and changes nothing', async () => {
    const file = path.join(scratch, 'future.backup');
    expect((await cli('scripts/db-backup.ts', file, env)).code).toBe(0);
    const again = await reopen();
    await again.knex('knex_migrations').where('name', '9999_from_the_future').delete();
    const one = await again.knex('sites').first('id');
    await again.knex('sites').where('id', one.id).delete();
    const expected = await snapshot(again);
    await again.close();
    const r = await cli('scripts/db-restore.ts', file, env);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/newer than this version.*9999_from_the_future/);
    const after = await reopen();
    try {
      expect(await snapshot(after)).toEqual(expected);
    } finally {
      await after.close();
    }
  }, 600_000);
});
