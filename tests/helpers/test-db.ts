/**
 * A fresh, isolated database per test file, on whichever engine the run uses:
 * - DATABASE_URL set → a PostgreSQL/PostGIS server: a template database is migrated (and
 *   seeded) once per content hash, then each test file gets `CREATE DATABASE … TEMPLATE …`.
 * - unset → the embedded PostGIS: a template data directory is built once per content hash
 *   (under .tmp/), then each test file opens its own copy (PGlite has one connection, and a
 *   copy opens in ~5 s instead of ~25 s for a fresh initdb).
 * The hash covers the migrations and seed files, so a schema change rebuilds the templates.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { migrateLatest } from '../../api/src/db/migrate.ts';

export type TemplateKind = 'empty' | 'demo';

export interface TestDatabase extends Database {
  /** Server engine: the test database's connection string (for processes of their own). */
  url?: string;
  /** Closes and deletes the database. */
  drop(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;
export const engineName = serverUrl ? 'postgis' : 'embedded';

function contentHash(kind: TemplateKind): string {
  const h = crypto.createHash('sha256');
  const dirs = [path.join(projectRoot, 'api/src/db')];
  if (kind === 'demo')
    dirs.push(path.join(projectRoot, 'geodata/seed'), path.join(projectRoot, 'api/src/modules'));
  for (const dir of dirs) {
    for (const file of listFiles(dir)) {
      if (file.endsWith('.test.ts')) continue;
      h.update(file);
      h.update(fs.readFileSync(file));
    }
  }
  h.update(kind);
  return h.digest('hex').slice(0, 12);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function prepare(db: Database, kind: TemplateKind): Promise<void> {
  await migrateLatest(db.knex);
  if (kind === 'demo') {
    const { seedDemoData } = await import('../../api/src/db/seed.ts');
    await seedDemoData(db.knex, { users: true });
  }
}

/** Opens a fresh database for one test file. */
export async function createTestDatabase(kind: TemplateKind = 'empty'): Promise<TestDatabase> {
  return serverUrl ? createServerDatabase(serverUrl, kind) : createEmbeddedDatabase(kind);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createServerDatabase(url: string, kind: TemplateKind): Promise<TestDatabase> {
  const template = `lm_tpl_${kind}_${contentHash(kind)}`;
  await adminQuery(url, async (c) => {
    // One builder per template across parallel test workers.
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build`;
        await c.query(`DROP DATABASE IF EXISTS ${building}`);
        await c.query(`CREATE DATABASE ${building}`);
        const db = await openDatabase({ databaseUrl: withDatabase(url, building), dataDir: '', poolMax: 2 });
        try {
          await prepare(db, kind);
        } finally {
          await db.close();
        }
        await c.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  const name = `lm_t_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const db = await openDatabase({ databaseUrl: withDatabase(url, name), dataDir: '', poolMax: 4 });
  return {
    ...db,
    url: withDatabase(url, name),
    async drop() {
      await db.close();
      await adminQuery(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

const tmpRoot = path.join(projectRoot, '.tmp');

async function buildEmbeddedTemplate(kind: TemplateKind): Promise<string> {
  const dir = path.join(tmpRoot, `pglite-tpl-${kind}-${contentHash(kind)}`);
  if (fs.existsSync(path.join(dir, '.ready'))) return dir;
  fs.mkdirSync(tmpRoot, { recursive: true });
  const lock = `${dir}.lock`;
  // mkdir is atomic: the first worker builds, the others wait for `.ready`.
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(path.join(dir, '.ready'))) return dir;
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (fs.existsSync(path.join(dir, '.ready'))) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    const building = `${dir}.build`;
    fs.rmSync(building, { recursive: true, force: true });
    const db = await openDatabase({ dataDir: building });
    try {
      await prepare(db, kind);
    } finally {
      await db.close();
    }
    fs.renameSync(building, dir);
    fs.writeFileSync(path.join(dir, '.ready'), new Date().toISOString());
    return dir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function createEmbeddedDatabase(kind: TemplateKind): Promise<TestDatabase> {
  const template = await buildEmbeddedTemplate(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-pglite-'));
  fs.cpSync(template, dir, { recursive: true });
  fs.rmSync(path.join(dir, '.ready'), { force: true });
  const db = await openDatabase({ dataDir: dir });
  return {
    ...db,
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
