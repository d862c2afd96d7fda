/**
 * Demo data: the sites and infrastructure of geodata/seed (public facts with their sources,
 * illustrative values tagged as such) and, on the embedded engine only, demo accounts.
 * Sites go through the same validation as `POST /api/sites`. Idempotent: rows already
 * present (same source and source id) are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { projectRoot } from '../config.ts';
import { AccessService } from '../modules/access/access.service.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { importCommunes } from '../modules/roads/communes.import.ts';
import { propertiesToColumns } from '../modules/sites/site.columns.ts';
import { recordCurrentAsBaseline } from '../modules/sites/sites.import-writer.ts';
import { siteCreateSchema } from '../modules/sites/sites.schemas.ts';
import { PgSitesStore } from '../modules/sites/sites.store.pg.ts';
import { parseInput } from '../shared/validation.ts';
import { analyzeTables, INFRASTRUCTURE_TABLES, SITE_TABLES } from './analyze.ts';
import { txOf } from './transaction.ts';

export const SEED_DIR = path.join(projectRoot, 'geodata', 'seed');

/** Demo accounts for the embedded engine; never created on a server deployment. */
export const DEMO_USERS = [
  {
    email: 'admin@landmatch.test',
    password: 'demo-admin-2026',
    role: 'admin',
    territories: [],
    name: 'Demo admin',
  },
  {
    email: 'staff@landmatch.test',
    password: 'demo-staff-2026',
    role: 'staff',
    territories: ['200059889'],
    name: 'Demo staff (GPS&O)',
  },
  {
    email: 'editor@landmatch.test',
    password: 'demo-editor-2026',
    role: 'editor',
    territories: ['200059889'],
    name: 'Demo editor (GPS&O)',
  },
] as const;

/** A DATABASE_URL on loopback or a Unix socket: no other machine reaches it through this URL. */
export function isLocalDatabaseUrl(url: string): boolean {
  const u = new URL(url);
  const host = (u.searchParams.get('host') ?? u.hostname).replace(/^\[|\]$/g, '');
  return host === '' || host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export interface SeedReport {
  sites: number;
  infrastructure: number;
  /** Communes written for the labour pools (geodata/seed/communes-demo.csv). */
  communes: number;
  users: number;
}

function readFeatures(file: string): Array<Record<string, unknown>> {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  return fc.features ?? [];
}

export function seedSiteFiles(): string[] {
  if (!fs.existsSync(SEED_DIR)) return [];
  return fs
    .readdirSync(SEED_DIR)
    .filter((f) => /^sites-.*\.geojson$/.test(f))
    .sort()
    .map((f) => path.join(SEED_DIR, f));
}

export async function seedDemoData(knex: Knex, opts: { users: boolean }): Promise<SeedReport> {
  const report: SeedReport = { sites: 0, infrastructure: 0, communes: 0, users: 0 };
  await knex.transaction(async (trx) => {
    const store = new PgSitesStore(trx);
    for (const file of seedSiteFiles()) {
      for (const [i, feature] of readFeatures(file).entries()) {
        const input = parseInput(siteCreateSchema, feature, `seed site #${i + 1} of ${path.basename(file)}`);
        const props = input.properties as Record<string, unknown>;
        const source = (props.source as string) ?? 'manual';
        if (props.sourceId) {
          const exists = await trx('sites').where({ source, source_id: props.sourceId }).first('id');
          if (exists) continue;
        }
        await store.insert(txOf(trx), propertiesToColumns(props), input.geometry);
        report.sites += 1;
      }
    }
    // The demo files are the sites' last import: their values become the import baseline.
    await recordCurrentAsBaseline(trx);
    report.infrastructure = await seedInfrastructure(trx);
    report.communes = await seedCommunes(trx);
    if (opts.users) report.users = await seedUsers(trx);
  });
  // Statistics of what was seeded, then access distances, drive times and labour pools of
  // every seeded site (which analyzes the tables it fills).
  await analyzeTables(knex, [...SITE_TABLES, ...INFRASTRUCTURE_TABLES, 'communes', 'users']);
  await new AccessService(knex).recomputeAll();
  return report;
}

async function seedInfrastructure(trx: Knex): Promise<number> {
  const file = path.join(SEED_DIR, 'infrastructure.geojson');
  if (!fs.existsSync(file)) return 0;
  let n = 0;
  for (const f of readFeatures(file)) {
    const p = f.properties as Record<string, unknown>;
    const r = await trx.raw(
      `INSERT INTO infrastructure (kind, name, source, source_id, source_url, voltage_kv, size_class, operator, attrs, geom)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))
       ON CONFLICT (source, source_id) DO NOTHING RETURNING id`,
      [
        p.kind as string,
        p.name,
        p.source,
        p.sourceId,
        p.sourceUrl ?? null,
        p.voltageKv ?? null,
        p.sizeClass ?? null,
        p.operator ?? null,
        JSON.stringify(p.attrs ?? {}),
        JSON.stringify(f.geometry),
      ] as Knex.Value[],
    );
    n += r.rows.length;
  }
  return n;
}

/**
 * The communes within reach of the demo sites (a derived subset of the INSEE file, see
 * geodata/seed/SOURCES-communes.md), through the `insee-communes` importer. Left alone when
 * communes are already there (a full import through `npm run import` is kept).
 */
async function seedCommunes(trx: Knex): Promise<number> {
  const file = path.join(SEED_DIR, 'communes-demo.csv');
  if (!fs.existsSync(file)) return 0;
  const any = await trx('communes').first('insee_com');
  if (any) return 0;
  const report = await importCommunes(trx, file);
  if (!report.ok)
    throw new Error(`seed communes: ${report.error ?? JSON.stringify(report.invalid.slice(0, 3))}`);
  return report.inserted;
}

async function seedUsers(trx: Knex): Promise<number> {
  let n = 0;
  for (const u of DEMO_USERS) {
    const exists = await trx('users').where('email', u.email).first('id');
    if (exists) continue;
    await trx('users').insert({
      email: u.email,
      role: u.role,
      name: u.name,
      organisation: 'Demo agency',
      territories: [...u.territories],
      password_hash: await hashPassword(u.password),
    });
    n += 1;
  }
  return n;
}
