/**
 * The production build (scripts/build.mjs, `npm run build`): the API and the operational CLIs
 * bundled by esbuild run with plain `node`, without TypeScript loader, on this run's engine.
 * The build goes into a directory of its own under .tmp/, so the test checks the build script
 * and never a stale `dist/`.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type MainProcess, startMainProcess } from '../../bench/lib/main-process.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

const outdir = path.join(projectRoot, '.tmp', `build-${crypto.randomBytes(4).toString('hex')}`);
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}

/** `@scope/name/sub.js` → `@scope/name`, `name/sub.js` → `name`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

describe('production build', () => {
  let testDb: TestDatabase;
  let proc: MainProcess;
  const env: Record<string, string> = { SEED_DEMO: 'false' };

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [path.join(projectRoot, 'scripts/build.mjs'), '--api', '--outdir', outdir],
      {
        cwd: projectRoot,
        stdio: 'pipe',
      },
    );
    testDb = await createTestDatabase('demo');
    if (serverUrl) {
      const name = (await testDb.knex.raw('select current_database() as n')).rows[0].n as string;
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
    } else {
      // PGlite holds its directory exclusively: hand this file's copy over to the children.
      const conn = (testDb.knex.client.config.connection as () => { pglite: PGlite })();
      env.DATA_DIR = conn.pglite.dataDir!;
      await testDb.close();
    }
  });
  afterAll(async () => {
    proc?.kill();
    await proc?.exited;
    await testDb?.drop();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('imports no TypeScript loader and only production dependencies at run time', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(outdir, 'meta.json'), 'utf8')) as Metafile;
    const bundles = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
    expect(bundles.map((f) => path.relative(outdir, path.resolve(projectRoot, f)))).toEqual(
      expect.arrayContaining(['api/main.js', 'scripts/import.js', 'scripts/user-create.js']),
    );
    const allowed = new Set(Object.keys(pkg.dependencies));
    for (const file of bundles) {
      const imports = meta.outputs[file].imports;
      // Everything of the project is inside the bundle: no module left to load from source.
      expect(imports.filter((i) => !i.external)).toEqual([]);
      const packages = imports.map((i) => i.path).filter((p) => !p.startsWith('node:'));
      expect(packages.map(packageOf).filter((p) => !allowed.has(p))).toEqual([]);
      expect(packages.filter((p) => p.endsWith('.ts'))).toEqual([]);
      const text = fs.readFileSync(path.resolve(projectRoot, file), 'utf8');
      expect(text).not.toMatch(/["']tsx(\/[\w/.-]*)?["']/);
    }
    expect(pkg.dependencies.tsx).toBeUndefined();
  });

  it('runs a compiled CLI with node (migrations listed in the bundle)', () => {
    const out = execFileSync(process.execPath, [path.join(outdir, 'scripts/db-migrate.js')], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
      encoding: 'utf8',
    });
    expect(out).toMatch(/: applied 0 migration\(s\)/);
  });

  it('serves health, sites, tiles and the OpenAPI document from node dist/api/main.js', async () => {
    // debug: the PDF warm-up reports its success at that level.
    proc = await startMainProcess(
      { ...env, LOG_LEVEL: 'debug' },
      { nodeArgs: [path.join(outdir, 'api/main.js')] },
    );
    const health = await fetch(`${proc.base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: serverUrl ? 'postgis' : 'embedded' });

    const sites = await fetch(`${proc.base}/api/sites?limit=3`);
    expect(sites.status).toBe(200);
    const list = (await sites.json()) as { features: unknown[]; numberMatched: number };
    expect(list.features.length).toBe(3);
    expect(list.numberMatched).toBeGreaterThan(3);

    // The tile layer SQL files are read beside the bundle (copied by the build); z5 over Paris.
    const tile = await fetch(`${proc.base}/tiles/sites/5/16/11.mvt`);
    expect(tile.status).toBe(200);
    expect((await tile.arrayBuffer()).byteLength).toBeGreaterThan(0);

    // package.json is found from the bundle (the project root).
    const doc = (await (await fetch(`${proc.base}/api/openapi.json`)).json()) as {
      info: { version: string };
    };
    expect(doc.info.version).toBe((pkg as unknown as { version: string }).version);

    // The PDF renderer's warm-up (a second after start) draws a document with the DejaVu fonts
    // (resolved from node_modules) and the France outline (basemap.l93.json beside the bundle).
    await proc.waitForLog(
      (l) => l.msg === 'PDF renderer warmed up' || l.msg === 'PDF renderer warm-up failed',
    );
    expect(proc.logs.find((l) => l.msg === 'PDF renderer warm-up failed')).toBeUndefined();
    expect(proc.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
